# SPDX-License-Identifier: Apache-2.0
"""cdrlib.py: what the Python peers of bench/ share, written as a competent
engineer would write a one-off export from Asterisk's Master.csv: the csv
module over the file decoded line by line (UTF-8, Latin-1 when a line is
not), zoneinfo for the local times, a small E.164 rule for GB numbers,
json, zipfile and hashlib for the archive.  No voxport code, only the
matching rule voxport documents: a row is the subscriber's when the caller
or the called side is one of their numbers, extensions, SIP usernames
(channel endpoints) or account codes; legs sharing a linkedid are one call.
"""
import csv
import hashlib
import io
import json
import re
import zipfile
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

COUNTRY_CODE = "44"
ZONE = ZoneInfo("Europe/London")
ENDPOINT = re.compile(r"^[^/]+/([^@;]+?)(?:-[0-9a-fA-F]+)?(?:[@;].*)?$")
NONDIGIT = re.compile(r"[^0-9]")
STATUS = {"ANSWERED": "answered", "NO ANSWER": "no-answer",
          "NOANSWER": "no-answer", "BUSY": "busy", "FAILED": "failed",
          "CONGESTION": "congestion", "CANCEL": "cancelled"}


def e164(raw):
    """+CC... for what looks like a phone number, else None (extensions,
    feature codes, SIP names)."""
    if not raw:
        return None
    d = NONDIGIT.sub("", raw)
    if raw.startswith("+"):
        n = d
    elif d.startswith("00"):
        n = d[2:]
    elif d.startswith("0") and 10 <= len(d) <= 11:
        n = COUNTRY_CODE + d[1:]
    elif d.startswith(COUNTRY_CODE) and len(d) == 12:
        n = d
    else:
        return None
    return "+" + n if 8 <= len(n) <= 15 else None


def endpoint(channel):
    m = ENDPOINT.match(channel) if channel else None
    return m.group(1) if m else None


def items(field):
    """"work:020...|mobile:077..." -> ["020...", "077..."]"""
    return [x.split(":", 1)[-1] for x in field.split("|") if x]


class Subscriber:
    def __init__(self, row):
        self.id = row["id"]
        self.row = row
        phones = items(row["phones"])
        self.names = set(phones + items(row["extensions"])
                         + items(row["sip_usernames"]))
        self.numbers = {n for n in map(e164, phones) if n}
        self.accounts = set(items(row["account_codes"]))


def read_subscribers(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [Subscriber(r) for r in csv.DictReader(f)]


def decoded_lines(path):
    with open(path, "rb") as f:
        for raw in f:
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                yield raw.decode("latin-1")


def utc(local):
    if not local:
        return None
    t = datetime.strptime(local, "%Y-%m-%d %H:%M:%S").replace(tzinfo=ZONE)
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def clid_name(clid):
    if clid.startswith('"'):
        end = clid.rfind('" <')
        if end > 0:
            return clid[1:end].replace('\\"', '"').replace("\\\\", "\\")
    return None


def rows(path):
    """(line, row, uniqueid, linkedid) of every CDR row; the layout (16 to
    21 columns) is decided per row, as cdr.conf may change mid-file."""
    reader = csv.reader(decoded_lines(path))
    for row in reader:
        n = len(row)
        if n < 16:
            continue
        uid = row[16] if n >= 17 else None
        linked = row[19] if n >= 20 else uid
        yield reader.line_num, row, uid, linked


def sides(row):
    """The raw values that may name a party on each side of a row."""
    n = len(row)
    src, dst = row[1], row[2]
    return ((src, e164(src), endpoint(row[5]), row[0]),
            (dst, e164(dst), endpoint(row[6]), row[18] if n >= 21 else ""))


def side_is(s, side):
    raw, num, ep, acct = side
    return (raw in s.names or (num is not None and num in s.numbers)
            or (ep is not None and ep in s.names)
            or (acct != "" and acct in s.accounts))


def party(raw, name=None):
    p = {"number": e164(raw) or raw, "raw": raw}
    if name:
        p["name"] = name
    return p


def leg(line, row, uid, direction, source):
    status = STATUS.get(row[14], "unknown")
    return {"id": uid or "line-%d" % line, "start": utc(row[9]),
            "answer": utc(row[10]), "end": utc(row[11]),
            "duration": int(row[12] or 0), "billsec": int(row[13] or 0),
            "direction": direction, "status": status,
            "disposition": row[14],
            "from": party(row[1], clid_name(row[4])), "to": party(row[2]),
            "channel": row[5], "peer_channel": row[6],
            "context": row[3], "application": row[7],
            "application_data": row[8],
            "source": {"format": "asterisk-cdr-csv", "file": source,
                       "line": line, "id": uid}}


def call(cid, legs):
    first, last = legs[0], legs[-1]
    dirs = {lg["direction"] for lg in legs}
    answered = [lg for lg in legs if lg["status"] == "answered"]
    return {"id": cid, "start": first["start"],
            "answer": answered[0]["answer"] if answered else None,
            "end": max(lg["end"] for lg in legs),
            "duration": sum(lg["duration"] for lg in legs),
            "billsec": sum(lg["billsec"] for lg in legs),
            "direction": dirs.pop() if len(dirs) == 1 else "internal",
            "status": "answered" if answered else first["status"],
            "from": first["from"], "to": last["to"], "legs": legs,
            "source": first["source"]}


CSV_COLUMNS = ["id", "start", "answer", "end", "duration", "billsec",
               "direction", "status", "from", "from_name", "to", "legs"]


def csv_row(c):
    return [c["id"], c["start"], c["answer"] or "", c["end"], c["duration"],
            c["billsec"], c["direction"], c["status"], c["from"]["number"],
            c["from"].get("name", ""), c["to"]["number"], len(c["legs"])]


def write_archive(path, subject, calls, created, counts):
    """calls.jsonl, calls.csv and manifest.json (sizes, sha256, record
    counts, the rows read and kept) in a zip."""
    jsonl = "".join(json.dumps(c, ensure_ascii=False, separators=(",", ":"))
                    + "\n" for c in calls).encode("utf-8")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for c in calls:
        w.writerow(csv_row(c))
    csvb = buf.getvalue().encode("utf-8")
    files = []
    for name, data, media in (("calls.jsonl", jsonl, "application/jsonl"),
                              ("calls.csv", csvb, "text/csv")):
        files.append({"path": name, "category": "calls", "media_type": media,
                      "records": len(calls), "bytes": len(data),
                      "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {"format": "voxport-archive", "version": "1.0",
                "created": created, "subject": {"id": subject.id},
                "files": files, "sources": [dict(counts)]}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, indent=2) + "\n")
        z.writestr("calls.jsonl", jsonl)
        z.writestr("calls.csv", csvb)
