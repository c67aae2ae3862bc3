#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""pg_load_cdr.py MASTER.CSV ZONE: COPY data for a staging table of cdr_csv rows.

Reads an Asterisk Master.csv (16 to 21 columns, as cdr_csv writes it; 18
here means uniqueid and userfield) and prints the rows as PostgreSQL COPY
text for

    stage(accountcode, src, dst, dcontext, clid, channel, dstchannel,
          lastapp, lastdata, start, answer, "end", duration, billsec,
          disposition, amaflags, uniqueid, userfield, peeraccount,
          linkedid, sequence, line, start_utc, answer_utc, end_utc)

the *_utc columns the local times as instants in ZONE (an ambiguous or
skipped local time with the offset in force before the transition, as
voxport reads it, where PostgreSQL's AT TIME ZONE takes the other), an
empty time as NULL, a value that is not UTF-8 read as Windows-1252 (as
voxport reads it).  tests/suites/pgsql.sh and bench/pgsql/run.sh make the
table shapes of provider-formats.md 1.3 from it, so that the same calls
are in the file and in the database.
"""
import csv
import datetime
import io
import sys
import zoneinfo

NAMES = ("accountcode src dst dcontext clid channel dstchannel lastapp "
         "lastdata start answer end duration billsec disposition amaflags "
         "uniqueid userfield peeraccount linkedid sequence").split()


def text(b):
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("cp1252")


def copy_value(v):
    if v is None:
        return "\\N"
    return (v.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def instant(v, zone):
    if not v:
        return None
    t = datetime.datetime.strptime(v, "%Y-%m-%d %H:%M:%S")
    t = t.replace(tzinfo=zone, fold=0)
    # fold=0 in a gap is the later offset in zoneinfo: take the earlier.
    if t.astimezone(datetime.timezone.utc).astimezone(zone).replace(
            tzinfo=None) != t.replace(tzinfo=None):
        t = t.replace(fold=1)
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00")


def main():
    zone = zoneinfo.ZoneInfo(sys.argv[2])
    data = open(sys.argv[1], "rb").read().decode("latin-1")
    out = sys.stdout
    for line, row in enumerate(csv.reader(io.StringIO(data, newline="")), 1):
        row = [text(f.encode("latin-1")) for f in row]
        v = dict(zip(NAMES[:16], row[:16]))
        rest = row[16:]
        if len(rest) in (2, 5):
            v["uniqueid"], v["userfield"] = rest[0], rest[1]
            rest = rest[2:]
        elif len(rest) in (1, 4):
            v["uniqueid"] = rest[0]
            rest = rest[1:]
        if len(rest) == 3:
            v["peeraccount"], v["linkedid"], v["sequence"] = rest
        vals = [v.get(n) for n in NAMES]
        for i, n in enumerate(NAMES):
            if n in ("start", "answer", "end", "sequence") and vals[i] == "":
                vals[i] = None
        vals.append(str(line))
        vals += [instant(v.get(n), zone) for n in ("start", "answer", "end")]
        out.write("\t".join(copy_value(x) for x in vals) + "\n")


main()
