package dev.deskpilot.agent.control;

import static dev.deskpilot.agent.control.SafetyPolicy.DELETE_FILES;
import static dev.deskpilot.agent.control.SafetyPolicy.DESTRUCTIVE_SHELL;
import static dev.deskpilot.agent.control.SafetyPolicy.PRIVILEGE;
import static dev.deskpilot.agent.control.SafetyPolicy.PROMPT_INJECTION;
import static dev.deskpilot.agent.control.SafetyPolicy.PURCHASE;
import static dev.deskpilot.agent.control.SafetyPolicy.SECRET_ENTRY;
import static dev.deskpilot.agent.control.SafetyPolicy.SEND_MESSAGE;
import static dev.deskpilot.agent.control.SafetyPolicy.UNLISTED_APP;
import static dev.deskpilot.agent.control.SafetyPolicy.UNLISTED_DOMAIN;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.ScreenText;
import dev.deskpilot.agent.Step;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule-based safety gate: every proposed action is checked against the rules of {@link
 * SafetyPolicy} and gets the most severe verdict of the rules it trips (deny over ask over allow),
 * naming the rule and the reason. What each rule looks at:
 *
 * <ul>
 *   <li>typed text: shell commands that destroy data ({@code rm -r}, {@code mkfs}, {@code dd
 *       of=/dev/...}, {@code shutdown}, {@code curl ... | sh}, a fork bomb, {@code chmod -R 777 /},
 *       ...) or gain privileges ({@code sudo}, {@code su}, {@code pkexec}, {@code doas}, setuid,
 *       sudoers), plain {@code rm}; payment card numbers (13-19 digits passing the Luhn check);
 *       text typed into a field whose label next to the last click reads password, passphrase,
 *       PIN or passcode; URLs whose host is not on the allowed domains; at a shell prompt, a
 *       command line whose program is not on the allowed apps;
 *   <li>clicks: the text under the click point (OCR) naming a send, purchase or delete button;
 *   <li>keys: shift+Delete (deletes past the trash), ctrl+Enter on a screen with a Send button;
 *   <li>the screen: text that tries to instruct the agent (prompt injection) makes every action on
 *       it ask.
 * </ul>
 *
 * Waits are always allowed. Stateless apart from its policy; thread-safe.
 */
public final class RuleSafetyGate implements SafetyGate {
  private static final int F = Pattern.CASE_INSENSITIVE | Pattern.MULTILINE;
  /** A command position: line start, after ; & | ( or a backtick, optionally behind sudo/env. */
  private static final String CMD = "(?:^|[;&|(`]|\\$\\()\\s*";

  private record Rule(String id, Pattern pattern, String reason) {}

  private static final List<Rule> SHELL = List.of(
      new Rule(DESTRUCTIVE_SHELL, Pattern.compile("\\brm\\s+(?:-{1,2}[\\w-]+\\s+)*?(?:-[a-z]*r[a-z]*\\b|--recursive\\b)", F),
          "typing a recursive rm, which deletes whole directory trees"),
      new Rule(DESTRUCTIVE_SHELL, Pattern.compile("\\bmkfs(?:\\.\\w+)?\\b|\\bwipefs\\b|\\bshred\\b", F),
          "typing a command that wipes a filesystem or file (mkfs, wipefs, shred)"),
      new Rule(DESTRUCTIVE_SHELL, Pattern.compile("\\bdd\\b[^\\n]*\\bof=/dev/", F),
          "typing dd onto a device (dd of=/dev/...)"),
      new Rule(DESTRUCTIVE_SHELL, Pattern.compile(">\\s*/dev/(?:sd|hd|vd|nvme|mmcblk)", F),
          "typing a redirection onto a disk device"),
      new Rule(DESTRUCTIVE_SHELL, Pattern.compile(CMD + "(?:sudo\\s+)?(?:shutdown|reboot|poweroff|halt|init\\s+[06])\\b", F),
          "typing a command that shuts down or reboots the machine"),
      new Rule(DESTRUCTIVE_SHELL, Pattern.compile(":\\s*\\(\\s*\\)\\s*\\{\\s*:\\s*\\|\\s*:\\s*&\\s*\\}\\s*;\\s*:", F),
          "typing a fork bomb"),
      new Rule(DESTRUCTIVE_SHELL, Pattern.compile("\\bchmod\\s+(?:-\\w+\\s+)*-\\w*R\\w*\\s+(?:-\\w+\\s+)*[0-7]*777\\s+/(?:\\s|$)", F),
          "typing chmod -R 777 / (opens every file of the system)"),
      new Rule(DESTRUCTIVE_SHELL, Pattern.compile("\\b(?:curl|wget)\\b[^\\n|]*\\|\\s*(?:sudo\\s+)?(?:ba|z|da|k|fi)?sh\\b", F),
          "typing a download piped into a shell (curl | sh)"),
      new Rule(DESTRUCTIVE_SHELL, Pattern.compile("\\bgit\\s+clean\\s+-\\w*f|\\bfind\\b[^\\n]*\\s-delete\\b|\\bdrop\\s+(?:table|database)\\b", F),
          "typing a command that deletes many files or a database"),
      new Rule(PRIVILEGE, Pattern.compile("(?:^|[\\s;&|(`])(?:sudo|pkexec|doas)(?:\\s|$)|" + CMD + "su(?:\\s+-)?(?:\\s|$)", F),
          "typing a command that runs as root (sudo, su, pkexec, doas)"),
      new Rule(PRIVILEGE, Pattern.compile("\\bchmod\\s+(?:-\\w+\\s+)*[ugoa]*\\+[rwx]*s|\\bchmod\\s+[4-7][0-7]{3}\\b|/etc/sudoers|\\bvisudo\\b|\\busermod\\b[^\\n]*\\s-a?G\\s*\\w*(?:sudo|wheel|root)", F),
          "typing a command that grants privileges (setuid, sudoers, admin groups)"),
      new Rule(DELETE_FILES, Pattern.compile(CMD + "(?:sudo\\s+)?(?:rm|rmdir|unlink|trash-put|gio\\s+(?:trash|remove))\\s", F),
          "typing a command that deletes files"));

  private static final List<Rule> INJECTION = List.of(
      new Rule(PROMPT_INJECTION, Pattern.compile("\\b(?:ignore|disregard|forget|override)\\s+(?:all\\s+|any\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|my\\s+)?(?:previous|prior|above|earlier|preceding|original|system)\\s+(?:instructions|prompts?|directions|rules|messages)", F), ""),
      new Rule(PROMPT_INJECTION, Pattern.compile("\\byou\\s+are\\s+now\\b", F), ""),
      new Rule(PROMPT_INJECTION, Pattern.compile("^\\s*(?:assistant|system|user)\\s*:", F), ""),
      new Rule(PROMPT_INJECTION, Pattern.compile("\\bnew\\s+instructions\\s*:|\\b(?:do\\s+not|don't)\\s+tell\\s+the\\s+user\\b|\\bsystem\\s+prompt\\b", F), ""));

  private static final Pattern SEND = Pattern.compile("^(?:send|send now|send message|send email|send mail|reply|reply all|post|post reply|tweet|submit comment)$", F);
  private static final Pattern BUY = Pattern.compile("\\b(?:buy|buy now|pay|pay now|place (?:your )?order|checkout|check out|complete (?:purchase|order)|confirm (?:purchase|payment|order)|purchase|subscribe)\\b", F);
  private static final Pattern DELETE = Pattern.compile("\\b(?:delete|move to trash|empty trash|delete permanently|erase|remove file|remove files)\\b", F);
  private static final Pattern SECRET_LABEL = Pattern.compile("^(?:pass(?:word|phrase|code)?|pin|passwort|kennwort|contrase\u00f1a)\\W*$", F);
  private static final Pattern CARD = Pattern.compile("(?<![\\d])(?:\\d[ -]?){12,18}\\d(?![\\d])");
  private static final Pattern URL = Pattern.compile("\\b(?:https?|ftp)://([^/\\s:?#]+)", F);
  /** A bare host typed alone (into an address bar): www.x.y or a name under a common TLD. */
  private static final Pattern BARE_HOST = Pattern.compile(
      "(www\\.(?:[a-z0-9-]+\\.)+[a-z]{2,}|(?:[a-z0-9-]+\\.)+(?:com|org|net|io|dev|edu|gov|co|uk|de|fr|info|app|ai|me|us"
          + "|ca|eu|ru|cn|jp|in|br|au|nl|se|ch|it|es))(?:[/:?#]\\S*)?", F);
  private static final Pattern PROMPT = Pattern.compile("(?:[\\w.-]+@[\\w.-]+[^\\n]*[$#]|^[$#>])\\s*$", F);

  private final SafetyPolicy policy;

  public RuleSafetyGate(SafetyPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The gate with the default rules. */
  public static RuleSafetyGate defaults() {
    return new RuleSafetyGate(SafetyPolicy.defaults());
  }

  public SafetyPolicy policy() {
    return policy;
  }

  @Override
  public Verdict check(Action action, Observation observation, List<Step> history) {
    return check(action, List.of(), observation, history);
  }

  @Override
  public Verdict check(Action action, List<Action> earlier, Observation observation, List<Step> history) {
    if (action instanceof Action.Wait || action.isTerminal()) {
      return Verdict.ALLOW;
    }
    List<Verdict> found = new ArrayList<>();
    switch (action) {
      case Action.TypeText t -> typed(t.text(), earlier, observation, history, found);
      case Action.Click c -> clicked(c, observation, found);
      case Action.KeyChord k -> keys(k, observation, found);
      default -> {
        // moves, drags and scrolls change nothing by themselves
      }
    }
    injection(observation, found);
    Verdict worst = Verdict.ALLOW;
    for (Verdict v : found) {
      if (v.kind().ordinal() > worst.kind().ordinal()) {
        worst = v;
      }
    }
    return worst;
  }

  private void add(List<Verdict> found, String rule, String reason) {
    Verdict.Kind kind = policy.kindOf(rule);
    found.add(switch (kind) {
      case ALLOW -> new Verdict(Verdict.Kind.ALLOW, rule, reason);
      case ASK -> Verdict.ask(rule, reason);
      case DENY -> Verdict.deny(rule, reason);
    });
  }

  private void typed(String text, List<Action> earlier, Observation obs, List<Step> history, List<Verdict> found) {
    for (Rule r : SHELL) {
      Matcher m = r.pattern().matcher(text);
      if (m.find()) {
        add(found, r.id(), r.reason() + ": '" + excerpt(text, m.start(), m.end()) + "'");
      }
    }
    Matcher card = CARD.matcher(text);
    while (card.find()) {
      String digits = card.group().replaceAll("[ -]", "");
      if (digits.length() >= 13 && luhn(digits)) {
        add(found, SECRET_ENTRY, "typing what looks like a payment card number (ending " + digits.substring(digits.length() - 4) + ")");
        break;
      }
    }
    focus(earlier, history).flatMap(p -> secretLabel(obs, p)).ifPresent(label ->
        add(found, SECRET_ENTRY, "typing into a field labelled '" + label + "'"));
    if (!policy.allowedDomains().isEmpty()) {
      List<String> hosts = new ArrayList<>();
      Matcher u = URL.matcher(text);
      while (u.find()) {
        hosts.add(u.group(1).toLowerCase(Locale.ROOT));
      }
      Matcher bare = BARE_HOST.matcher(text.strip());
      if (hosts.isEmpty() && bare.matches()) {
        hosts.add(bare.group(1).toLowerCase(Locale.ROOT));
      }
      for (String host : hosts) {
        if (!domainAllowed(host)) {
          add(found, UNLISTED_DOMAIN, "going to " + host + ", which is not on the allowed domains " + policy.allowedDomains());
          break;
        }
      }
    }
    if (!policy.allowedApps().isEmpty() && text.endsWith("\n") && PROMPT.matcher(obs.text()).find()) {
      String program = program(text);
      if (!program.isEmpty() && !policy.allowedApps().contains(program)) {
        add(found, UNLISTED_APP, "starting '" + program + "' at a shell prompt, which is not on the allowed apps " + policy.allowedApps());
      }
    }
  }

  private void clicked(Action.Click c, Observation obs, List<Verdict> found) {
    Optional<ScreenText.Label> label = ScreenText.labelAt(obs, c.at());
    if (label.isEmpty()) {
      return;
    }
    String text = label.get().text().replaceAll("[^\\p{L}\\p{N} ]", " ").replaceAll("\\s+", " ").strip();
    if (SEND.matcher(text).matches()) {
      add(found, SEND_MESSAGE, "clicking '" + label.get().text() + "', which sends a message");
    }
    if (BUY.matcher(text).find()) {
      add(found, PURCHASE, "clicking '" + label.get().text() + "', which may buy or pay");
    }
    if (DELETE.matcher(text).find()) {
      add(found, DELETE_FILES, "clicking '" + label.get().text() + "', which deletes");
    }
  }

  private void keys(Action.KeyChord k, Observation obs, List<Verdict> found) {
    List<String> keys = k.keys().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    if (keys.contains("shift") && (keys.contains("delete") || keys.contains("del"))) {
      add(found, DELETE_FILES, "pressing shift+Delete, which deletes files without the trash");
    }
    boolean ctrlEnter = (keys.contains("ctrl") || keys.contains("control"))
        && (keys.contains("return") || keys.contains("enter"));
    if (ctrlEnter && obs.words().stream().anyMatch(w -> w.text().replaceAll("\\W", "").equalsIgnoreCase("send"))) {
      add(found, SEND_MESSAGE, "pressing ctrl+Enter on a screen with a Send button, which sends the message");
    }
  }

  private void injection(Observation obs, List<Verdict> found) {
    String text = obs.text();
    for (Rule r : INJECTION) {
      Matcher m = r.pattern().matcher(text);
      if (m.find()) {
        add(found, PROMPT_INJECTION, "the screen holds text that tries to instruct the agent: '"
            + excerpt(text, m.start(), m.end()) + "'");
        return;
      }
    }
  }

  /** Where the text will go: the last click of this decision, else of the previous step. */
  private static Optional<Point> focus(List<Action> earlier, List<Step> history) {
    for (int i = earlier.size() - 1; i >= 0; i--) {
      if (earlier.get(i) instanceof Action.Click c) {
        return Optional.of(c.at());
      }
    }
    if (!history.isEmpty() && history.getLast().decision() != null) {
      List<Action> last = history.getLast().decision().actions();
      for (int i = last.size() - 1; i >= 0; i--) {
        if (last.get(i) instanceof Action.Click c) {
          return Optional.of(c.at());
        }
      }
    }
    return Optional.empty();
  }

  /** A password-like label left of the point on its row (within 400 px) or just above it. */
  private static Optional<String> secretLabel(Observation obs, Point screenPoint) {
    Point p = obs.screenshot().mapping().toImage(screenPoint);
    for (Word w : obs.words()) {
      if (!SECRET_LABEL.matcher(w.text()).matches()) {
        continue;
      }
      Rect b = w.box();
      boolean sameRow = p.y() >= b.y() - 15 && p.y() <= b.bottom() + 15 && p.x() >= b.x() - 40 && p.x() - b.right() <= 400;
      boolean above = p.y() > b.bottom() && p.y() - b.bottom() <= 60 && p.x() >= b.x() - 60 && p.x() - b.x() <= 400;
      if (sameRow || above || b.contains(p)) {
        return Optional.of(w.text());
      }
    }
    return Optional.empty();
  }

  private boolean domainAllowed(String host) {
    for (String d : policy.allowedDomains()) {
      if (host.equals(d) || host.endsWith("." + d)) {
        return true;
      }
    }
    return false;
  }

  /** The program a command line starts: its first word after sudo/env/VAR=..., without a path. */
  static String program(String line) {
    String[] words = line.strip().split("\\s+");
    for (String w : words) {
      if (w.equals("sudo") || w.equals("env") || w.equals("nohup") || w.equals("exec") || w.contains("=")) {
        continue;
      }
      int slash = w.lastIndexOf('/');
      return slash >= 0 ? w.substring(slash + 1) : w;
    }
    return "";
  }

  /** The Luhn checksum of a card number's digits. */
  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  private static String excerpt(String text, int start, int end) {
    String s = text.substring(Math.max(0, start), Math.min(text.length(), Math.max(end, start + 1)));
    s = s.replaceAll("\\s+", " ").strip();
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
