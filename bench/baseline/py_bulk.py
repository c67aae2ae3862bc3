#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""py_bulk.py PROVIDER_DIR OUTDIR: every subscriber's calls out of the
provider's Asterisk Master.csv in ONE pass, one OUTDIR/ID.zip each (the
archive of py_single.py), the way a competent engineer would script a bulk
job in Python 3: index every subscriber's identifiers, route each row to
the subscribers it names, keep their legs in memory up to a bound (SPILL
legs, default 200000) and append them to one spool file per subscriber
beyond it, then group and write each archive.  The peer of `voxport bulk
--all` in bench/run.sh."""
import collections
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdrlib  # noqa: E402

SPILL = int(os.environ.get("SPILL", "200000"))


def index(subs):
    names, numbers, accounts = (collections.defaultdict(list)
                                for _ in range(3))
    for s in subs:
        for n in s.names:
            names[n].append(s)
        for n in s.numbers:
            numbers[n].append(s)
        for a in s.accounts:
            accounts[a].append(s)
    return names, numbers, accounts


def who(side, names, numbers, accounts):
    raw, num, ep, acct = side
    found = set(names.get(raw, ()))
    if num is not None:
        found.update(numbers.get(num, ()))
    if ep is not None:
        found.update(names.get(ep, ()))
    if acct:
        found.update(accounts.get(acct, ()))
    return found


def main():
    root, outdir = sys.argv[1:3]
    created = sys.argv[3] if len(sys.argv) > 3 else "1970-01-01T00:00:00Z"
    with open(os.path.join(root, "provider.json"), encoding="utf-8") as f:
        prov = json.load(f)
    cdr = next(s["path"] for s in prov["sources"]["calls"]
               if s["format"] == "asterisk-cdr-csv")
    subs = cdrlib.read_subscribers(
        os.path.join(root, prov["subscribers"]["path"]))
    names, numbers, accounts = index(subs)
    os.makedirs(outdir, exist_ok=True)
    spool = tempfile.mkdtemp(prefix="py_bulk.", dir=outdir)
    held = collections.defaultdict(list)  # id -> JSON lines of its legs
    nheld = read = 0
    kept = collections.Counter()
    name = os.path.basename(cdr)

    def spill():
        for sid, lines in held.items():
            with open(os.path.join(spool, sid), "a", encoding="utf-8") as f:
                f.writelines(lines)
        held.clear()

    for line, row, uid, linked in cdrlib.rows(os.path.join(root, cdr)):
        read += 1
        a, b = cdrlib.sides(row)
        fr = who(a, names, numbers, accounts)
        to = who(b, names, numbers, accounts)
        for s in fr | to:
            d = ("internal" if s in fr and s in to
                 else "outbound" if s in fr else "inbound")
            held[s.id].append(json.dumps(
                [linked or "line-%d" % line,
                 cdrlib.leg(line, row, uid, d, name)],
                ensure_ascii=False) + "\n")
            kept[s.id] += 1
            nheld += 1
        if nheld >= SPILL:
            spill()
            nheld = 0

    for s in subs:
        lines = []
        path = os.path.join(spool, s.id)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                lines = f.readlines()
        lines += held.pop(s.id, [])
        calls = {}
        for text in lines:
            cid, lg = json.loads(text)
            calls.setdefault(cid, []).append(lg)
        records = [cdrlib.call(cid, legs) for cid, legs in calls.items()]
        cdrlib.write_archive(os.path.join(outdir, s.id + ".zip"), s,
                             records, created,
                             {"file": cdr, "read": read,
                              "exported": kept[s.id],
                              "filtered": read - kept[s.id]})
    shutil.rmtree(spool)


if __name__ == "__main__":
    main()
