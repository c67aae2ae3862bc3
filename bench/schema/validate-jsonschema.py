#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""validate-jsonschema.py: the python3-jsonschema side of the benchmark.

    validate-jsonschema.py SCHEMA_DIR SCHEMA_FILE DATA.jsonl

Debian's python3-jsonschema (Draft7Validator) with its FormatChecker.
Debian has no rfc3339-validator, without which jsonschema skips
"date-time"; a checker with the same RFC 3339 grammar is registered here so
that all three validators do the same work.  Reads DATA.jsonl in batches
of BATCH lines: json.loads the batch, then validate it, timing the two
phases apart, as validate_bench.c does.  Prints one line:
    records=N invalid=N parse_s=S validate_s=S total_s=S
"""
import json
import os
import re
import sys
import time
from datetime import date

from jsonschema import Draft7Validator, FormatChecker, RefResolver

BATCH = 10
BASE = "https://voxport.example/schemas/v1/"
RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})"
                     r"(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$")


def date_time(value):
    if not isinstance(value, str):
        return True
    m = RFC3339.match(value)
    if not m:
        return False
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    try:
        date(y, mo, d)
    except ValueError:
        return False
    if m.group(9) and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return False
    return h <= 23 and mi <= 59 and s <= 60


def main():
    folder, name, data = sys.argv[1:4]
    store = {}
    for f in os.listdir(folder):
        if f.endswith(".schema.json"):
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                doc = json.load(fh)
            store[doc["$id"]] = doc
    schema = store[BASE + name]
    checker = FormatChecker()
    checker.checks("date-time")(date_time)
    validator = Draft7Validator(schema, format_checker=checker,
                                resolver=RefResolver.from_schema(
                                    schema, store=store))
    records = invalid = 0
    parse = check = 0.0
    t0 = time.monotonic()
    with open(data, encoding="utf-8") as fh:
        while True:
            t = time.monotonic()
            batch = []
            for line in fh:
                batch.append(json.loads(line))
                if len(batch) == BATCH:
                    break
            parse += time.monotonic() - t
            if not batch:
                break
            t = time.monotonic()
            for rec in batch:
                if not validator.is_valid(rec):
                    invalid += 1
            check += time.monotonic() - t
            records += len(batch)
    print("records=%d invalid=%d parse_s=%.3f validate_s=%.3f total_s=%.3f"
          % (records, invalid, parse, check, time.monotonic() - t0))


if __name__ == "__main__":
    main()
