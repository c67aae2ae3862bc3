#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""peer_csv.py PROVIDER_DIR ID: what an ad-hoc script does for the same job,
the peer in bench/cdr/run.sh: read subscribers.csv for the subscriber's
identifiers, read Master.csv with the csv module (UTF-8, Latin-1
fallback), keep the rows on either side of which an identifier appears,
and write them as JSON lines.  No time zones, no grouping, no archive."""
import csv, io, json, os, re, sys

root, sid = sys.argv[1], sys.argv[2]
subs = {r["id"]: r for r in csv.DictReader(
    open(os.path.join(root, "subscribers.csv"), encoding="utf-8"))}
me = subs[sid]
items = lambda c: [x.split(":", 1)[-1] for x in c.split("|") if x]
names = set(items(me["extensions"]) + items(me["sip_usernames"]))
nsns = {re.sub(r"\D", "", p)[-10:] for p in items(me["phones"])}
ep = re.compile(r"[^/]+/(.+?)-[0-9a-f]+$")

def endpoint(ch):
    m = ep.match(ch)
    return m.group(1) if m else None

out = sys.stdout
with open(os.path.join(root, "cdr", "Master.csv"), "rb") as f:
    for n, raw in enumerate(f, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("latin-1")
        row = next(csv.reader(io.StringIO(line)))
        src, dst = row[1], row[2]
        if (src in names or dst in names or endpoint(row[5]) in names
                or endpoint(row[6]) in names
                or re.sub(r"\D", "", src)[-10:] in nsns
                or re.sub(r"\D", "", dst)[-10:] in nsns):
            out.write(json.dumps({"line": n, "row": row}) + "\n")
