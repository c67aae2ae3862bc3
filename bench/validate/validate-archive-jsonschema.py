#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""validate-archive-jsonschema.py: `voxport validate A.zip` in Python.

    validate-archive-jsonschema.py SCHEMA_DIR ARCHIVE.zip

The peer of the end-to-end benchmark, as a Python engineer would write it
with the standard library and Debian's python3-jsonschema: zipfile streams
each member, Draft7Validator (with a FormatChecker; Debian has no
rfc3339-validator, so an RFC 3339 "date-time" checker is registered, as in
bench/schema/) checks the manifest and every JSONL line and JSON member
against the schema the manifest names; each listed member's size, SHA-256
and record count are checked against the manifest (CSV rows with the csv
module, vCards by BEGIN:VCARD), shipped schemas against SCHEMA_DIR's,
unlisted members reported.  Prints, as voxport does,
    NAME: valid (N members, R records)
or each problem and "NAME: invalid (N problems)", exit 0 or 3.
"""
import csv
import hashlib
import io
import json
import os
import re
import sys
import zipfile
from datetime import date

from jsonschema import Draft7Validator, FormatChecker, RefResolver

BASE = "https://voxport.example/schemas/v1/"
RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})"
                     r"(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$")
CHUNK = 1 << 16


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


class Hashed(io.RawIOBase):
    """A member's stream that hashes and counts what is read through it."""

    def __init__(self, raw):
        self.raw, self.sha, self.bytes = raw, hashlib.sha256(), 0

    def readable(self):
        return True

    def readinto(self, b):
        data = self.raw.read(len(b))
        n = len(data)
        b[:n] = data
        self.sha.update(data)
        self.bytes += n
        return n


class Checker:
    def __init__(self, folder):
        self.shipped = {}
        store = {}
        for f in os.listdir(folder):
            if f.endswith(".schema.json"):
                with open(os.path.join(folder, f), encoding="utf-8") as fh:
                    doc = json.load(fh)
                self.shipped[f] = doc
                store[doc["$id"]] = doc
        self.store = store
        self.formats = FormatChecker()
        self.formats.checks("date-time")(date_time)
        self.validators = {}
        self.problems = 0

    def validator(self, name):
        if name not in self.validators:
            schema = self.store.get(BASE + name)
            self.validators[name] = schema and Draft7Validator(
                schema, format_checker=self.formats,
                resolver=RefResolver.from_schema(schema, store=self.store))
        return self.validators[name]

    def problem(self, msg):
        self.problems += 1
        print(msg, file=sys.stderr)

    def check_doc(self, v, doc, where):
        if v is not None and not v.is_valid(doc):
            for e in v.iter_errors(doc):
                self.problem("%s: /%s: %s" % (
                    where, "/".join(str(p) for p in e.path), e.message))

    def check_file(self, zf, names, f):
        path = f.get("path")
        if path not in names:
            self.problem("%s: listed in the manifest but not in the archive"
                         % path)
            return None
        schema = f.get("schema", "")
        v = self.validator(schema[8:]) if schema.startswith("schemas/") \
            else None
        records = -1
        with zf.open(path) as raw:
            h = Hashed(raw)
            stream = io.BufferedReader(h, CHUNK)
            if path.endswith(".jsonl"):
                records = 0
                for n, line in enumerate(stream, 1):
                    records += 1
                    try:
                        rec = json.loads(line)
                    except ValueError as e:
                        self.problem("%s:%d: not JSON: %s" % (path, n, e))
                        continue
                    self.check_doc(v, rec, "%s:%d" % (path, n))
            elif path.endswith(".json"):
                try:
                    doc = json.loads(stream.read())
                except ValueError as e:
                    self.problem("%s: not JSON: %s" % (path, e))
                    doc = None
                if doc is not None and path.startswith("schemas/"):
                    if self.shipped.get(path[8:]) != doc:
                        self.problem("%s: differs from the schema of "
                                     "format v1" % path)
                elif doc is not None:
                    records = len(doc) if isinstance(doc, list) else 1
                    self.check_doc(v, doc, path)
            elif path.endswith(".csv"):
                text = io.TextIOWrapper(stream, encoding="utf-8",
                                        newline="")
                rows = sum(1 for _ in csv.reader(text))
                records = rows - 1 if rows else 0
            elif path.endswith(".vcf"):
                records = sum(1 for line in stream
                              if line[:11].upper() == b"BEGIN:VCARD")
            else:
                while stream.read(CHUNK):
                    pass
            while stream.read(CHUNK):
                pass
        if h.bytes != f.get("bytes"):
            self.problem("%s: %d bytes, the manifest says %s"
                         % (path, h.bytes, f.get("bytes")))
        if h.sha.hexdigest() != f.get("sha256"):
            self.problem("%s: SHA-256 differs from the manifest's" % path)
        if records >= 0 and "records" in f and f["records"] != records:
            self.problem("%s: %d records, the manifest says %d"
                         % (path, records, f["records"]))
        # Data records only: not the CSV and vCard twins, nor a
        # documentation member such as processing.json (as voxport does).
        counted = (path.endswith(".csv") or path.endswith(".vcf") or
                   f.get("category") == "documentation")
        return 0 if counted else max(records, 0)

    def run(self, archive):
        name = os.path.basename(archive)
        with zipfile.ZipFile(archive) as zf:
            names = set(zf.namelist())
            if "manifest.json" not in names:
                self.problem("%s: manifest.json: missing" % name)
            else:
                manifest = json.loads(zf.read("manifest.json"))
                self.check_doc(self.validator("manifest.schema.json"),
                               manifest, "manifest.json")
                files = manifest.get("files")
                files = files if isinstance(files, list) else []
                listed = {f.get("path") for f in files}
                for n in sorted(names):
                    if n != "manifest.json" and not n.endswith("/") and \
                            n not in listed:
                        self.problem("%s: in the archive but not listed in "
                                     "the manifest" % n)
                members = records = 0
                for f in files:
                    r = self.check_file(zf, names, f)
                    if r is not None:
                        members += 1
                        records += r
                if not self.problems:
                    print("%s: valid (%d members, %d records)"
                          % (name, members, records))
                    return 0
        print("%s: invalid (%d problems)" % (name, self.problems))
        return 3


def main():
    if len(sys.argv) != 3:
        print("usage: validate-archive-jsonschema.py SCHEMA_DIR ARCHIVE.zip",
              file=sys.stderr)
        return 2
    return Checker(sys.argv[1]).run(sys.argv[2])


if __name__ == "__main__":
    sys.exit(main())
