#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""gen-calls.py: N call records as JSON lines, for the schema benchmark.

    gen-calls.py --records 1000000 --out bench/data/calls.jsonl

Each line is one record of schemas/v1/call.schema.json, as `voxport
export` writes calls.jsonl: one to three legs (Asterisk CDR rows sharing a
linkedid), E.164 and raw numbers, RFC 3339 UTC times, source references,
and `extra` fields.  One record in --bad-every (default 1000) breaks the
schema in one of five ways (impossible date, missing party, unknown
property, negative duration, unknown status) so that every validator also
takes its failure path and the benchmark can check that all three agree
on the count.

Deterministic for a given --seed.  Numbers are from Ofcom's drama ranges
(020 7946 0xxx, 07700 900xxx), so none is a real subscriber's.
"""
import argparse
import json
import random
from datetime import datetime, timedelta, timezone

STATUSES = ["answered", "answered", "answered", "no-answer", "busy",
            "failed", "cancelled"]
DISPOSITIONS = {"answered": "ANSWERED", "no-answer": "NO ANSWER",
                "busy": "BUSY", "failed": "FAILED", "cancelled": "NO ANSWER"}
DIRECTIONS = ["inbound", "outbound", "outbound", "internal"]
NAMES = ["Alice Smith", "Bob Jones", "Carol Okafor", "Dev Patel",
         "Eilidh MacLeod", "J\u00fcrgen M\u00fcller", "Kasia Nowak"]


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def party(rng):
    kind = rng.randrange(3)
    if kind == 0:
        n = "%03d" % rng.randrange(1000)
        p = {"number": "+4420794600" + n[1:], "raw": "020 7946 0" + n}
    elif kind == 1:
        n = "%03d" % rng.randrange(1000)
        p = {"number": "+447700900" + n, "raw": "07700900" + n}
    else:
        ext = str(1001 + rng.randrange(200))
        p = {"number": ext, "raw": ext}
    if rng.random() < 0.4:
        p["name"] = rng.choice(NAMES)
    return p


def leg(rng, i, n, start, status, direction, src, dst):
    answer = start + timedelta(seconds=rng.randrange(1, 20))
    end = answer + timedelta(seconds=rng.randrange(0, 900))
    rec = {
        "id": "%d.%d" % (1709600000 + i, n),
        "start": stamp(start),
        "end": stamp(end),
        "duration": int((end - start).total_seconds()),
        "billsec": 0,
        "direction": direction,
        "status": status,
        "disposition": DISPOSITIONS[status],
        "from": src,
        "to": dst,
        "channel": "SIP/%s-%08x" % (src["raw"][-4:], i * 3 + n),
        "peer_channel": "SIP/trunk-%08x" % (i * 3 + n + 1),
        "context": "from-internal",
        "application": "Dial",
        "application_data": "SIP/trunk/%s,60,tT" % dst["raw"],
        "source": {"format": "asterisk-cdr-csv", "file": "Master.csv",
                   "line": i * 3 + n + 1},
    }
    if status == "answered":
        rec["answer"] = stamp(answer)
        rec["billsec"] = int((end - answer).total_seconds())
    if rng.random() < 0.3:
        rec["account_code"] = "acct%d" % rng.randrange(40, 60)
    if rng.random() < 0.5:
        rec["extra"] = {"userfield": "q%d" % rng.randrange(10),
                        "uniqueid": "%d.%d" % (1709600000 + i, n)}
    return rec


def call(rng, i, t0):
    start = t0 + timedelta(seconds=i * 37 + rng.randrange(30))
    status = rng.choice(STATUSES)
    direction = rng.choice(DIRECTIONS)
    src, dst = party(rng), party(rng)
    legs = [leg(rng, i, n, start, status, direction, src, dst)
            for n in range(1 + rng.randrange(3))]
    first = legs[0]
    rec = {
        "id": first["id"],
        "start": first["start"],
        "end": max(g["end"] for g in legs),
        "duration": max(g["duration"] for g in legs),
        "billsec": max(g["billsec"] for g in legs),
        "direction": direction,
        "status": status,
        "from": src,
        "to": dst,
        "legs": legs,
        "source": dict(first["source"]),
    }
    if "answer" in first:
        rec["answer"] = first["answer"]
    if "account_code" in first:
        rec["account_code"] = first["account_code"]
    return rec


def spoil(rng, rec):
    how = rng.randrange(5)
    if how == 0:
        rec["start"] = rec["start"][:5] + "13" + rec["start"][7:]
    elif how == 1:
        del rec["to"]
    elif how == 2:
        rec["legs"][0]["colour"] = "blue"
    elif how == 3:
        rec["duration"] = -1
    else:
        rec["status"] = "on-hold"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1000000)
    ap.add_argument("--bad-every", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    with open(args.out, "w", encoding="utf-8") as f:
        for i in range(args.records):
            rec = call(rng, i, t0)
            if args.bad_every and i % args.bad_every == args.bad_every - 1:
                spoil(rng, rec)
            f.write(json.dumps(rec, ensure_ascii=False,
                               separators=(",", ":")))
            f.write("\n")


if __name__ == "__main__":
    main()
