import json, os, collections

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = 'deskpilot desktop-basics'
tasks = collections.OrderedDict()


def ex(cmd):
    return {"type": "execute", "parameters": {"command": cmd, "shell": True}}


def launch(cmd):
    return {"type": "launch", "parameters": {"command": cmd, "shell": True}}


def download(url, path):
    return {"type": "download", "parameters": {"files": [{"url": url, "path": path}]}}


def open_(path):
    return {"type": "open", "parameters": {"path": path}}


XTERM = {"type": "launch", "parameters": {"command": [
    "env", "PS1=term-ready> ", "xterm", "-fa", "DejaVu Sans Mono", "-fs", "14", "-geometry",
    "100x30+100+100", "-e", "bash", "--norc", "--noprofile"]}}


def cmdline(cmd):
    return {"type": "vm_command_line", "command": cmd, "shell": True}


def rule(**rules):
    return {"type": "rule", "rules": rules}


def vm_file(path, dest):
    return {"type": "vm_file", "path": path, "dest": dest}


def cloud(path, dest):
    return {"type": "cloud_file", "path": path, "dest": dest}


def task(domain, id, instruction, config, evaluator, script, apps, max_steps=60):
    t = collections.OrderedDict()
    t["id"] = id
    t["snapshot"] = "sandbox"
    t["instruction"] = instruction
    t["source"] = SRC
    t["config"] = config
    t["related_apps"] = apps
    t["evaluator"] = evaluator
    t["deskpilot"] = {"max_steps": max_steps, "script": script}
    tasks.setdefault(domain, []).append(t)


def single(func, result, expected, options=None):
    e = {"func": func, "result": result, "expected": expected}
    if options:
        e["options"] = options
    return e


def multi(funcs, results, expecteds, options=None):
    e = {"func": funcs, "conj": "and", "result": results, "expected": expecteds}
    if options:
        e["options"] = options
    return e


exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'tasks.py')).read())

for domain, ts in tasks.items():
    d = os.path.join(ROOT, 'examples', domain)
    os.makedirs(d, exist_ok=True)
    for t in ts:
        with open(os.path.join(d, t['id'] + '.json'), 'w') as f:
            json.dump(t, f, indent=2)
            f.write('\n')
index = collections.OrderedDict((d, [t['id'] for t in ts]) for d, ts in tasks.items())
with open(os.path.join(ROOT, 'test_all.json'), 'w') as f:
    json.dump(index, f, indent=2)
    f.write('\n')
print(sum(len(v) for v in index.values()), 'tasks', {k: len(v) for k, v in index.items()})
