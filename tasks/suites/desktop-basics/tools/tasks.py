# ---------------------------------------------------------------- mousepad
def mousepad_file(path, content):
    return [ex("mkdir -p ~/Documents && printf '" + content + "' > " + path), launch("mousepad " + path)]


def quit_mousepad(text):
    # gone once the window is: a "save changes?" question would keep the text on screen
    return ["press ctrl+q", "expect_gone \"" + text + "\" within 15", "done"]

task("mousepad", "fix-typos-with-replace",
     "The note walk.txt open in Mousepad misspells 'the' as 'teh' several times. Use Find and Replace to fix every one, save the file and close Mousepad.",
     mousepad_file("~/Documents/walk.txt", "We walked to teh market.\\nThen teh rain started.\\nWe ran home with teh bags.\\n"),
     single("compare_text_file", vm_file("~/Documents/walk.txt", "walk.txt"), cloud("expected/walk.txt", "walk_gold.txt")),
     ["expect \"teh market\" within 60",
      "click \"Search\"",
      "click \"Find and Replace\"",
      "expect \"Replace with\"",
      "type \"teh\"",
      "click \"Replace with\" offset 160,0",
      "type \"the\"",
      "click \"Replace all in\"",
      "click \"Replace\" nth 4",
      "click \"Close\"",
      "expect_gone \"Replace with\"",
      "expect_gone \"teh\"",
      "press ctrl+s"] + quit_mousepad("market"), ["mousepad"])

task("mousepad", "save-under-new-name",
     "Save the plan open in Mousepad under the new name final.txt in the same folder, then close Mousepad.",
     mousepad_file("~/Documents/draft.txt", "Draft of the plan:\\n1. collect ideas\\n2. pick one\\n"),
     multi(["compare_text_file", "exact_match"],
           [vm_file("~/Documents/final.txt", "final.txt"), cmdline("ls ~/Documents")],
           [cloud("expected/final.txt", "final_gold.txt"), rule(expected="draft.txt\nfinal.txt\n")]),
     ["expect \"collect ideas\" within 60",
      "click \"File\"",
      "click \"Save As\"",
      "expect \"Name\"",
      "press ctrl+a",
      "type \"final.txt\"",
      "click \"Save\" nth 2",
      "expect_gone \"Cancel\""] + quit_mousepad("collect ideas"), ["mousepad"])

task("mousepad", "append-to-list",
     "Add 'bread' as a new last line of the shopping list open in Mousepad, save it and close Mousepad.",
     mousepad_file("~/Documents/shopping.txt", "milk\\neggs\\nbutter\\n"),
     single("compare_text_file", vm_file("~/Documents/shopping.txt", "shopping.txt"), cloud("expected/shopping.txt", "shopping_gold.txt")),
     ["expect \"butter\" within 60",
      "press ctrl+End",
      "type \"bread\\n\"",
      "expect \"bread\"",
      "press ctrl+s"] + quit_mousepad("butter"), ["mousepad"])

task("mousepad", "new-memo",
     "In Mousepad, write a new document containing the line 'Meeting moved to 3 pm.' and save it as memo.txt in the Documents folder, then close Mousepad.",
     [ex("mkdir -p ~/Documents && rm -f ~/Documents/memo.txt"), launch("cd ~/Documents && mousepad")],
     single("compare_text_file", vm_file("~/Documents/memo.txt", "memo.txt"), cloud("expected/memo.txt", "memo_gold.txt")),
     ["expect \"Mousepad\" within 60",
      "type \"Meeting moved to 3 pm.\\n\"",
      "press ctrl+s",
      "expect \"Name\"",
      "type \"memo.txt\"",
      "click \"Save\" nth 2",
      "expect_gone \"Cancel\""] + quit_mousepad("Meeting moved"), ["mousepad"])

# ---------------------------------------------------------------- xterm
OK = "echo ok-$((40+2))\\n\""

task("xterm", "count-log-files",
     "In the terminal, count the .log files in the logs folder of your home directory and write just that number into count.txt in your home directory.",
     [ex("mkdir -p ~/logs && cd ~/logs && touch app.log db.log web.log notes.txt old.log.gz"), XTERM],
     single("exact_match", cmdline("cat ~/count.txt"), rule(expected="3\n")),
     ["expect \"term-ready\" within 60",
      "type \"ls ~/logs/*.log | wc -l > ~/count.txt; " + OK,
      "expect \"ok-42\"",
      "done"], ["xterm"])

task("xterm", "rename-jpeg-files",
     "Using the terminal, rename every .jpeg file in the photos folder of your home directory so that it ends in .jpg instead. Leave other files alone.",
     [ex("mkdir -p ~/photos && cd ~/photos && touch beach.jpeg cat.jpeg map.png"), XTERM],
     single("exact_match", cmdline("ls ~/photos"), rule(expected="beach.jpg\ncat.jpg\nmap.png\n")),
     ["expect \"term-ready\" within 60",
      "type \"cd ~/photos && for f in *.jpeg; do mv -- \\\"$f\\\" \\\"${f%.jpeg}.jpg\\\"; done; ls; " + OK,
      "expect \"ok-42\"",
      "done"], ["xterm"])

task("xterm", "archive-report-folder",
     "In the terminal, pack the report folder of your home directory into a gzip-compressed tar archive named report.tar.gz in your home directory.",
     [ex("mkdir -p ~/report && printf 'total 42\\n' > ~/report/summary.txt && printf 'a,b\\n1,2\\n' > ~/report/data.csv"), XTERM],
     single("check_include_exclude", cmdline("tar tzf ~/report.tar.gz | sort"),
            rule(include=["report/data.csv", "report/summary.txt"], exclude=["report.tar.gz"])),
     ["expect \"term-ready\" within 60",
      "type \"cd ~ && tar czf report.tar.gz report && tar tzf report.tar.gz; " + OK,
      "expect \"ok-42\"",
      "done"], ["xterm"])

task("xterm", "unique-sorted-names",
     "names.txt in your home directory lists people, some more than once. Using the terminal, write the names sorted alphabetically, each only once, into unique.txt in your home directory.",
     [ex("printf 'Linus\\nAda\\nKen\\nAda\\nGrace\\nLinus\\n' > ~/names.txt"), XTERM],
     single("compare_text_file", vm_file("~/unique.txt", "unique.txt"), cloud("expected/unique.txt", "unique_gold.txt")),
     ["expect \"term-ready\" within 60",
      "type \"sort -u ~/names.txt > ~/unique.txt && cat ~/unique.txt; " + OK,
      "expect \"ok-42\"",
      "expect \"Grace\"",
      "done"], ["xterm"])

# ---------------------------------------------------------------- galculator
GALC = [ex("mkdir -p ~/.config && rm -rf ~/.config/galculator"), launch("galculator")]
GALC_CONF = cmdline("cat ~/.config/galculator/galculator.conf")
QUIT_GALC = ["press ctrl+q", "expect_gone \"sqrt\" within 15", "done"]

task("galculator", "switch-to-scientific",
     "Switch the calculator to scientific mode, then close it so that it starts in that mode next time.",
     GALC,
     single("check_include_exclude", GALC_CONF, rule(include=["\nmode=1\n"], exclude=[])),
     ["expect \"sqrt\" within 60",
      "click \"View\"",
      "click \"Scientific mode\"",
      "expect \"cos\""] + QUIT_GALC, ["galculator"])

task("galculator", "square-root",
     "Use the calculator's square root button to compute the square root of 1764, then close the calculator with the result still on its display.",
     GALC,
     single("check_include_exclude", GALC_CONF, rule(include=["remembered_valuex=\"42\""], exclude=[])),
     ["expect \"sqrt\" within 60",
      "click \"AC\"",
      "type \"1764\"",
      "expect \"1764\"",
      "click \"sqrt\"",
      "expect \"42\""] + QUIT_GALC, ["galculator"])

task("galculator", "paper-mode",
     "Switch the calculator to paper mode and close it, so that it opens in paper mode next time.",
     GALC,
     single("check_include_exclude", GALC_CONF, rule(include=["\nmode=2\n"], exclude=[])),
     ["expect \"sqrt\" within 60",
      "click \"View\"",
      "click \"Paper mode\"",
      "expect_gone \"sqrt\"",
      "press ctrl+q",
      "expect_gone \"galculator\" within 15",
      "done"], ["galculator"])

# ---------------------------------------------------------------- calc
def calc_open(name, folder="files"):
    return [download(folder + "/" + name, "~/Documents/" + name), open_("~/Documents/" + name)]


def table(name, gold, rules):
    return single("compare_table", vm_file("~/Documents/" + name, name), cloud("expected/" + gold, gold), {"rules": rules})


SHEET_DATA = [{"type": "sheet_data", "sheet_idx0": 0, "sheet_idx1": "EI0"}]


def quit_office(title):
    return ["press ctrl+s", "wait 0.5", "press ctrl+q", "expect_gone \"" + title + "\" within 20", "done"]


task("calc", "sum-expenses",
     "In the expenses spreadsheet, write 'Total' in cell A6 and the sum of the amounts above it in cell B6 (use a formula). Save the file in its format and close LibreOffice.",
     calc_open("expenses.xlsx"),
     table("expenses.xlsx", "expenses-total.xlsx", SHEET_DATA),
     ["expect \"Phone\" within 60",
      "click \"Phone\"",
      "press down",
      "type \"Total\\t=SUM(B2:B5)\\n\"",
      "expect \"1200\""] + quit_office("expenses.xlsx"), ["libreoffice_calc"])

task("calc", "sort-scores-descending",
     "Sort the rows of the scores spreadsheet by Score, highest first, keeping each name with its score. Save the file and close LibreOffice.",
     calc_open("scores.xlsx"),
     table("scores.xlsx", "scores-sorted.xlsx", SHEET_DATA),
     ["expect \"Cleo\" within 60",
      "click \"Ben\"",
      "press right",
      "click \"Data\"",
      "click \"Sort Descending\"",
      "expect_gone \"Sort Descending\""] + quit_office("scores.xlsx"), ["libreoffice_calc"])

task("calc", "rename-sheet",
     "Rename the only sheet of monthly.xlsx to Budget, save the file and close LibreOffice.",
     calc_open("monthly.xlsx"),
     table("monthly.xlsx", "Budget.xlsx", [{"type": "sheet_name"}] + SHEET_DATA),
     ["expect \"February\" within 60",
      "click \"Sheet\" nth 1",
      "click \"Rename Sheet\"",
      "expect \"Rename\"",
      "press ctrl+a",
      "type \"Budget\\n\"",
      "expect \"Budget\""] + quit_office("monthly.xlsx"), ["libreoffice_calc"])

task("calc", "order-totals",
     "In the order spreadsheet, add a column D headed 'Total' holding quantity times price for each product (formulas filled down). Save the file and close LibreOffice.",
     calc_open("order.xlsx"),
     table("order.xlsx", "order-total.xlsx", SHEET_DATA),
     ["expect \"Paper\" within 60",
      "click \"Price\"",
      "press right",
      "type \"Total\\n=B2*C2\\n\"",
      "press up",
      "press shift+down",
      "press shift+down",
      "press ctrl+d",
      "expect \"36\""] + quit_office("order.xlsx"), ["libreoffice_calc"])

# ---------------------------------------------------------------- writer
def writer_open(name):
    return [download("files/" + name, "~/Documents/" + name), open_("~/Documents/" + name)]


def docx(name, gold, func="compare_docx_files"):
    return single(func, vm_file("~/Documents/" + name, name), cloud("expected/" + gold, gold))


task("writer", "finish-letter",
     "Finish the letter open in LibreOffice Writer: below 'Dear Sam,' add the paragraph 'Thank you for the lovely dinner on Friday.', then 'Best wishes,' and 'Alex' on lines of their own. Save it in its format and close LibreOffice.",
     writer_open("letter.docx"),
     docx("letter.docx", "letter-done.docx"),
     ["expect \"Dear Sam\" within 60",
      "press ctrl+End",
      "type \"\\nThank you for the lovely dinner on Friday.\\nBest wishes,\\nAlex\"",
      "expect \"Best wishes\""] + quit_office("letter.docx"), ["libreoffice_writer"])

task("writer", "american-spelling",
     "The document walls.docx uses the British spelling 'colour'. Replace every occurrence with 'color' using Find and Replace, save the document and close LibreOffice.",
     writer_open("walls.docx"),
     docx("walls.docx", "walls-us.docx"),
     ["expect \"walls is white\" within 60",
      "press ctrl+h",
      "expect \"Replace All\"",
      "type \"colour\"",
      "click \"Replace:\" nth 1 offset 200,0",
      "type \"color\"",
      "click \"Replace All\"",
      "wait 0.5",
      "click \"Close\"",
      "expect_gone \"Replace All\"",
      "expect \"the color\""] + quit_office("walls.docx"), ["libreoffice_writer"])

task("writer", "inventory-table",
     "Below the heading of inventory.docx, insert a table with two columns: a header row 'Item' and 'Count', then 'Chairs' with 12 and 'Desks' with 4. Save the document in its format and close LibreOffice.",
     writer_open("inventory.docx"),
     docx("inventory.docx", "inventory-table.docx", "compare_docx_tables"),
     ["expect \"Office inventory\" within 60",
      "press ctrl+End",
      "press Return",
      "click \"Table\"",
      "click \"Insert Table\"",
      "expect \"Columns\"",
      "press Return",
      "expect_gone \"Columns\"",
      "type \"Item\\tCount\\tChairs\\t12\\tDesks\\t4\"",
      "expect \"Desks\""] + quit_office("inventory.docx"), ["libreoffice_writer"])

task("writer", "export-pdf",
     "Export the document summary.docx as a PDF named summary.pdf in the same folder, then close LibreOffice.",
     writer_open("summary.docx"),
     single("compare_pdfs", vm_file("~/Documents/summary.pdf", "summary.pdf"), cloud("expected/summary.pdf", "summary_gold.pdf")),
     ["expect \"Quarterly summary\" within 60",
      "click \"File\"",
      "click \"Export As\"",
      "click \"Export as PDF\"",
      "expect \"PDF Options\"",
      "press Return",
      "expect \"File name\"",
      "expect_gone \"PDF Options\"",
      "press Return",
      "expect_gone \"File name\"",
      "expect_gone \"PDF Options\"",
      "wait 1",
      "press ctrl+q",
      "expect_gone \"summary.docx\" within 20",
      "done"], ["libreoffice_writer"])

# ---------------------------------------------------------------- file manager
def pcmanfm(setup):
    return [ex("mkdir -p ~/Documents && cd ~/Documents && " + setup), launch("pcmanfm ~/Documents")]


task("file_manager", "new-folder",
     "In the file manager showing your Documents folder, create a new folder named Invoices.",
     pcmanfm("touch budget.txt"),
     single("exact_match", cmdline("ls -F ~/Documents"), rule(expected="Invoices/\nbudget.txt\n")),
     ["expect \"budget.txt\" within 60",
      "click \"File\"",
      "click \"Create New\"",
      "expect \"Empty File\"",
      "press right",
      "press Return",
      "expect \"newly created\"",
      "press ctrl+a",
      "type \"Invoices\\n\"",
      "expect \"Invoices\"",
      "done"], ["pcmanfm"])

task("file_manager", "rename-file",
     "In the file manager, rename the file draft.txt in Documents to final.txt.",
     pcmanfm("printf 'plan\\n' > draft.txt && touch notes.txt"),
     single("exact_match", cmdline("ls ~/Documents; cat ~/Documents/final.txt"), rule(expected="final.txt\nnotes.txt\nplan\n")),
     ["expect \"draft.txt\" within 60",
      "click \"draft.txt\"",
      "press F2",
      "expect \"new name\"",
      "press ctrl+a",
      "type \"final.txt\\n\"",
      "expect \"final.txt\"",
      "done"], ["pcmanfm"])

task("file_manager", "move-into-folder",
     "Using the file manager, move report.txt from Documents into the Archive folder.",
     pcmanfm("mkdir -p Archive && printf 'q3\\n' > report.txt && touch old.txt"),
     single("exact_match", cmdline("cd ~/Documents && ls && echo -- && ls Archive"),
            rule(expected="Archive\nold.txt\n--\nreport.txt\n")),
     ["expect \"report.txt\" within 60",
      "click \"report.txt\"",
      "press ctrl+x",
      "double_click \"Archive\"",
      "expect_gone \"old.txt\"",
      "press ctrl+v",
      "expect \"report.txt\"",
      "done"], ["pcmanfm"])

# ---------------------------------------------------------------- multi-app
task("multi_apps", "open-note-from-file-manager",
     "Open todo.txt from the file manager showing Documents, add the line 'call the plumber' at the end, save it and close the editor.",
     [ex("mkdir -p ~/Documents ~/.config && printf 'water the plants\\n' > ~/Documents/todo.txt && printf '[Default Applications]\\ntext/plain=org.xfce.mousepad.desktop\\n' > ~/.config/mimeapps.list"),
      launch("pcmanfm ~/Documents")],
     single("exact_match", cmdline("cat ~/Documents/todo.txt"), rule(expected="water the plants\ncall the plumber\n")),
     ["expect \"todo.txt\" within 60",
      "double_click \"todo.txt\"",
      "expect \"water the plants\" within 20",
      "press ctrl+End",
      "type \"call the plumber\\n\"",
      "press ctrl+s",
      "press ctrl+q",
      "expect_gone \"water the plants\" within 15",
      "done"], ["pcmanfm", "mousepad"])

task("multi_apps", "ticket-from-terminal",
     "The terminal shows the ticket number of a print job. Write that ticket number as the only line of ticket.txt, which is open in Mousepad, then save it.",
     [ex("mkdir -p ~/Documents && : > ~/Documents/ticket.txt"),
      launch("mousepad ~/Documents/ticket.txt"),
      {"type": "launch", "parameters": {"command": ["xterm", "-fa", "DejaVu Sans Mono", "-fs", "14", "-geometry", "60x10+900+600",
                                                    "-e", "bash", "--norc", "--noprofile", "-c", "echo \"Print job ticket: PJ$((7000+315))\"; exec bash --norc --noprofile"]}}],
     single("exact_match", cmdline("cat ~/Documents/ticket.txt"), rule(expected="PJ7315\n")),
     ["expect \"PJ7315\" within 60",
      "expect \"Mousepad\" within 30",
      "click \"Mousepad\"",
      "type \"PJ7315\\n\"",
      "press ctrl+s",
      "press ctrl+q",
      "expect_gone \"Mousepad\" within 15",
      "done"], ["xterm", "mousepad"])

task("multi_apps", "calculator-into-spreadsheet",
     "Compute 1234 times 56 with the calculator, put the result into cell B2 of the open spreadsheet tally.xlsx, save it in its format and close LibreOffice.",
     calc_open("tally.xlsx") + [launch("galculator")],
     table("tally.xlsx", "tally-done.xlsx", SHEET_DATA),
     ["expect \"sqrt\" within 60",
      "click \"AC\"",
      "wait 0.5",
      "type \"1234*56=\"",
      "expect \"69104\"",
      "press ctrl+c",
      "click \"tally.xlsx\"",
      "expect \"Product\"",
      "click \"Product\"",
      "press right",
      "press ctrl+v",
      "press Return",
      "expect \"69104\" within 5"] + quit_office("tally.xlsx"), ["galculator", "libreoffice_calc"])
