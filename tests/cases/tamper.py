#!/usr/bin/python3
"""tamper.py IN.zip OUT.zip OP...: make a damaged copy of an archive for
validate's golden cases, with Python's zipfile (not libzip).

OPs, applied in order:
  edit MEMBER LINE OLD NEW   replace OLD by NEW in line LINE (from 1)
  add MEMBER TEXT            add a member (TEXT may hold \\n)
  drop MEMBER                remove a member
  refresh                    recompute every listed member's sha256 and
                             bytes in the manifest (counts unchanged)
  set PATH JSON              set a manifest value: files.2.records 99
  raw-manifest TEXT          replace manifest.json with TEXT
"""
import hashlib, json, sys, zipfile

src, dst, ops = sys.argv[1], sys.argv[2], sys.argv[3:]
members = {}
order = []
with zipfile.ZipFile(src) as z:
    for i in z.infolist():
        members[i.filename] = z.read(i.filename)
        order.append(i.filename)
manifest_raw = None
i = 0
while i < len(ops):
    op = ops[i]
    if op == "edit":
        name, line, old, new = ops[i + 1:i + 5]
        lines = members[name].decode().split("\n")
        k = int(line) - 1
        assert old in lines[k], (old, lines[k][:200])
        lines[k] = lines[k].replace(old, new, 1)
        members[name] = "\n".join(lines).encode()
        i += 5
    elif op == "add":
        members[ops[i + 1]] = ops[i + 2].replace("\\n", "\n").encode()
        order.append(ops[i + 1])
        i += 3
    elif op == "drop":
        del members[ops[i + 1]]
        order.remove(ops[i + 1])
        i += 2
    elif op == "refresh":
        m = json.loads(members["manifest.json"])
        for f in m["files"]:
            if f["path"] in members:
                f["sha256"] = hashlib.sha256(members[f["path"]]).hexdigest()
                f["bytes"] = len(members[f["path"]])
        members["manifest.json"] = json.dumps(m, indent=2).encode()
        i += 1
    elif op == "set":
        m = json.loads(members["manifest.json"])
        *path, last = ops[i + 1].split(".")
        o = m
        for p in path:
            o = o[int(p)] if isinstance(o, list) else o[p]
        o[int(last) if isinstance(o, list) else last] = json.loads(ops[i + 2])
        members["manifest.json"] = json.dumps(m, indent=2).encode()
        i += 3
    elif op == "raw-manifest":
        members["manifest.json"] = ops[i + 1].encode()
        i += 2
    else:
        sys.exit("tamper.py: unknown op " + op)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for name in order:
        z.writestr(name, members[name])
