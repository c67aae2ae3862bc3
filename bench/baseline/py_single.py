#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""py_single.py PROVIDER_DIR ID OUT.zip: one subscriber's calls out of the
provider's Asterisk Master.csv into OUT.zip (calls.jsonl, calls.csv,
manifest.json with sha256 and counts), the way a competent engineer would
script it in Python 3 (see cdrlib.py).  The peer of `voxport export -s ID
--categories calls` in bench/run.sh."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdrlib  # noqa: E402


def main():
    root, sid, out = sys.argv[1:4]
    created = sys.argv[4] if len(sys.argv) > 4 else "1970-01-01T00:00:00Z"
    with open(os.path.join(root, "provider.json"), encoding="utf-8") as f:
        prov = json.load(f)
    cdr = next(s["path"] for s in prov["sources"]["calls"]
               if s["format"] == "asterisk-cdr-csv")
    subs = cdrlib.read_subscribers(
        os.path.join(root, prov["subscribers"]["path"]))
    me = next((s for s in subs if s.id == sid), None)
    if me is None:
        sys.exit("py_single.py: %s: no such subscriber" % sid)
    calls = {}  # linkedid -> legs, in the order calls first appear
    read = kept = 0
    name = os.path.basename(cdr)
    for line, row, uid, linked in cdrlib.rows(os.path.join(root, cdr)):
        read += 1
        a, b = cdrlib.sides(row)
        fr, to = cdrlib.side_is(me, a), cdrlib.side_is(me, b)
        if not fr and not to:
            continue
        kept += 1
        d = "internal" if fr and to else "outbound" if fr else "inbound"
        calls.setdefault(linked or "line-%d" % line, []).append(
            cdrlib.leg(line, row, uid, d, name))
    records = [cdrlib.call(cid, legs) for cid, legs in calls.items()]
    cdrlib.write_archive(out, me, records, created,
                         {"file": cdr, "read": read, "exported": kept,
                          "filtered": read - kept})


if __name__ == "__main__":
    main()
