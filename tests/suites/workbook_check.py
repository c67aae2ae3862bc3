#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""workbook_check.py: data.xlsx of an archive read back with openpyxl.

    workbook_check.py ARCHIVE ZONE BUNDLE CHECK

ARCHIVE is a voxport archive, ZONE the provider's time zone, BUNDLE a
folder that `voxport import ARCHIVE --to csv-bundle` wrote (a second,
independent way to the flat rows: the archive's JSON read back).  CHECK is
one of:

  values    every cell of every sheet equals the JSON record's value:
            for calls, messages, recordings, subject and contacts field by
            field from the JSON members, and every cell against the
            csv-bundle row too (its formula guard undone)
  types     ids and numbers are text cells, counts number cells, local
            times date cells; no cell anywhere is a formula
  times     each local date cell is the UTC column's instant in ZONE, and
            the UTC column is the JSONL member's string
  layout    a sheet per category in scope, in order; header frozen, an
            autofilter over the whole table, widths set
  hostile   TEXT... (further arguments) are text cells somewhere, exactly

Prints what differs and exits 1, or exits 0.
"""
import csv
import io
import json
import re
import sys
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl

ORDER = ["subject", "contacts", "calls", "messages", "recordings"]
problems = []


def bad(msg):
    problems.append(msg)


def load(archive):
    z = zipfile.ZipFile(archive)
    data = z.read("data.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return z, wb, data


def jsonl(z, name):
    return [json.loads(x) for x in z.read(name).decode().splitlines()]


def header(ws):
    return [c.value for c in ws[1]]


def rows(ws):
    """Each data row as {header: cell}."""
    h = header(ws)
    for r in ws.iter_rows(min_row=2):
        yield {h[i]: r[i] for i in range(len(h))}


def unguard(s):
    """Undo the CSV formula guard (man/voxport-archive.5, CSV)."""
    return re.sub(r"(^|[;\t\r\n])'", r"\1", s)


def party(p):
    if not p:
        return None
    return p.get("number", p.get("raw"))


def joined(items):
    s = "; ".join(x for x in items if x is not None)
    return s if s else None


def tel(n):
    return n[4:] if n.startswith("tel:") else n


def expected(kind, r):
    """Column -> the JSON record's value, for the columns we map."""
    if kind == "calls":
        return {
            "id": r["id"], "start_utc": r.get("start"),
            "answer_utc": r.get("answer"), "end_utc": r.get("end"),
            "duration": r.get("duration"), "billsec": r.get("billsec"),
            "direction": r.get("direction"), "status": r.get("status"),
            "from_number": party(r.get("from")),
            "from_raw": r.get("from", {}).get("raw"),
            "from_name": r.get("from", {}).get("name"),
            "to_number": party(r.get("to")),
            "to_raw": r.get("to", {}).get("raw"),
            "to_name": r.get("to", {}).get("name"),
            "account_code": r.get("account_code"),
            "legs": len(r.get("legs", [])),
            "source_file": r["source"].get("file"),
            "source_line": r["source"].get("line"),
        }
    if kind == "messages":
        read = r.get("read")
        return {
            "id": r["id"], "date_utc": r.get("date"),
            "date_sent_utc": r.get("date_sent"), "type": r.get("type"),
            "box": r.get("box"), "direction": r.get("direction"),
            "from_number": party(r.get("from")),
            "from_raw": r.get("from", {}).get("raw"),
            "from_name": r.get("from", {}).get("name"),
            "to_numbers": joined(party(t) or "" for t in r.get("to", [])),
            "subject": r.get("subject"), "body": r.get("body"),
            "read": None if read is None else "yes" if read else "no",
            "parts": len(r.get("parts", [])), "thread": r.get("thread"),
        }
    if kind == "recordings":
        return {
            "id": r["id"], "kind": r.get("kind"),
            "call_id": r.get("call_id"), "start_utc": r.get("start"),
            "duration_ms": r.get("duration_ms"),
            "media_type": r.get("media_type"), "codec": r.get("codec"),
            "sample_rate": r.get("sample_rate"),
            "channels": r.get("channels"),
            "bits_per_sample": r.get("bits_per_sample"),
            "bytes": r.get("bytes"), "sha256": r.get("sha256"),
            "member": r.get("member"),
            "source_file": r["source"].get("file"),
        }
    if kind == "subject":
        n = r.get("name", {})
        return {
            "id": r["id"], "title": n.get("title"), "given": n.get("given"),
            "family": n.get("family"), "full_name": n.get("full"),
            "organization": r.get("organization"),
            "job_title": r.get("job_title"),
            "phones": joined(p.get("number", p.get("raw"))
                             for p in r.get("phones", [])),
            "emails": joined(e.get("address") for e in r.get("emails", [])),
            "extensions": joined(r.get("extensions", [])),
            "account_codes": joined(r.get("account_codes", [])),
            "sip_usernames": joined(r.get("sip_usernames", [])),
            "language": r.get("language"), "created": r.get("created"),
        }
    if kind == "contacts":
        notes = list(r.get("notes", {}).values())
        return {
            "uid": r["uid"], "full_name": r.get("name", {}).get("full"),
            "phones": joined(tel(p["number"])
                             for p in r.get("phones", {}).values()),
            "emails": joined(e.get("address")
                             for e in r.get("emails", {}).values()),
            "note": notes[0]["note"] if notes else None,
        }
    return {}


def records(z, kind):
    if kind == "subject":
        return [json.loads(z.read("subject.json"))]
    if kind == "contacts":
        return json.loads(z.read("contacts.json"))
    return jsonl(z, kind + ".jsonl")


def bundle_rows(bundle, kind):
    """csv-bundle's rows of a kind; it writes no file for no records."""
    try:
        with open("%s/%s.csv" % (bundle, kind), newline="") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        return []


def cell_text(v):
    """A cell as the CSV writes it: numbers as integers, absent empty."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, int):
        return str(v)
    return v


def check_values(z, wb, bundle):
    for kind in ORDER:
        if kind not in wb.sheetnames:
            continue
        recs = records(z, kind)
        got = list(rows(wb[kind]))
        if len(got) != len(recs):
            bad("%s: %d rows, %d records" % (kind, len(got), len(recs)))
            continue
        csvrows = bundle_rows(bundle, kind)
        if len(csvrows) != len(recs):
            bad("%s: %d csv-bundle rows, %d records"
                % (kind, len(csvrows), len(recs)))
            continue
        for i, (row, rec) in enumerate(zip(got, recs)):
            for col, want in expected(kind, rec).items():
                v = row[col].value
                if v != want:
                    bad("%s row %d %s: %r, JSON has %r"
                        % (kind, i + 2, col, v, want))
            for col, cell in row.items():
                if col.endswith(")"):	# the local time, checked by times
                    continue
                csv_col = col[:-4] if col.endswith("_utc") else col
                want = unguard(csvrows[i][csv_col])
                if cell_text(cell.value) != want:
                    bad("%s row %d %s: %r, csv-bundle has %r"
                        % (kind, i + 2, col, cell.value, want))


def check_types(wb, data):
    with zipfile.ZipFile(io.BytesIO(data)) as x:
        for n in x.namelist():
            if n.startswith("xl/worksheets/") and b"<f>" in x.read(n):
                bad("%s holds a formula" % n)
    for ws in wb.worksheets:
        h = header(ws)
        for r in ws.iter_rows(min_row=2):
            for i, c in enumerate(r):
                if c.value is None:
                    continue
                col = h[i]
                if col.endswith(")"):
                    want = "d"
                elif col in ("duration", "billsec", "legs", "source_line",
                             "parts", "duration_ms", "sample_rate",
                             "channels", "bits_per_sample", "bytes"):
                    want = "n"
                else:
                    want = "s"
                if c.data_type != want:
                    bad("%s!%s (%s): type %s, not %s: %r"
                        % (ws.title, c.coordinate, col, c.data_type, want,
                           c.value))


def check_times(z, wb, zone):
    tz = ZoneInfo(zone)
    n = 0
    for ws in wb.worksheets:
        h = header(ws)
        for i, name in enumerate(h):
            if not name.endswith("(%s)" % zone):
                continue
            utc_col = name.split(" (")[0] + "_utc"
            if h[i + 1] != utc_col:
                bad("%s: %s not followed by %s" % (ws.title, name, utc_col))
            for r in ws.iter_rows(min_row=2):
                local, utc = r[i].value, r[i + 1].value
                if utc is None:
                    if local is not None:
                        bad("%s!%s: a date without UTC text"
                            % (ws.title, r[i].coordinate))
                    continue
                t = datetime.fromisoformat(utc)
                want = t.astimezone(tz).replace(tzinfo=None)
                if local != want:
                    bad("%s!%s: %r, %s in %s is %r"
                        % (ws.title, r[i].coordinate, local, utc, zone,
                           want))
                n += 1
    if n == 0:
        bad("no times checked")
    # The UTC column is the JSONL string itself.
    for kind, col, key in (("calls", "start_utc", "start"),
                           ("messages", "date_utc", "date"),
                           ("recordings", "start_utc", "start")):
        if kind in wb.sheetnames:
            got = [r[col].value for r in rows(wb[kind])]
            want = [r.get(key) for r in records(z, kind)]
            if got != want:
                bad("%s %s differs from %s.jsonl" % (kind, col, kind))


def check_layout(z, wb):
    scope = json.loads(z.read("manifest.json"))["scope"]["categories"]
    if wb.sheetnames != [c for c in ORDER if c in scope]:
        bad("sheets %s, scope %s" % (wb.sheetnames, scope))
    for ws in wb.worksheets:
        if ws.freeze_panes != "A2":
            bad("%s: frozen at %s" % (ws.title, ws.freeze_panes))
        last = openpyxl.utils.get_column_letter(ws.max_column)
        want = "A1:%s%d" % (last, ws.max_row)
        if ws.auto_filter.ref != want:
            bad("%s: autofilter %s, not %s"
                % (ws.title, ws.auto_filter.ref, want))
        for i in range(1, ws.max_column + 1):
            d = ws.column_dimensions[openpyxl.utils.get_column_letter(i)]
            if not d.width or d.width < 3:
                bad("%s: column %d has no width" % (ws.title, i))
        if any(c.font is None or not c.font.b for c in ws[1]):
            bad("%s: header not bold" % ws.title)


def check_hostile(wb, texts):
    found = {}
    for ws in wb.worksheets:
        for r in ws.iter_rows():
            for c in r:
                if isinstance(c.value, str):
                    found.setdefault(c.value, c.data_type)
    for t in texts:
        if found.get(t) != "s":
            bad("%r: %s" % (t, "type " + found[t] if t in found
                             else "in no cell"))


def main():
    archive, zone, bundle, check = sys.argv[1:5]
    z, wb, data = load(archive)
    if check == "values":
        check_values(z, wb, bundle)
    elif check == "types":
        check_types(wb, data)
    elif check == "times":
        check_times(z, wb, zone)
    elif check == "layout":
        check_layout(z, wb)
    elif check == "hostile":
        check_hostile(wb, sys.argv[5:])
    else:
        sys.exit("workbook_check.py: unknown check " + check)
    for p in problems[:30]:
        print(p)
    sys.exit(1 if problems else 0)


main()
