#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# import_reports.sh: what `voxport import` writes, checked by tools voxport
# did not write.  Prints TAP.
#  - for every target of `voxport formats`: the demo archive imports, its
#    import-report.json passes python3-jsonschema against
#    schemas/v1/import-report.schema.json, each category's records_in is
#    the manifest's count for it and equals records_out + not_written, and
#    every file the report lists is in the folder with its size and SHA-256;
#  - --to csv-bundle: Python's csv module reads calls.csv, messages.csv,
#    contacts.csv and subject.csv, and every cell equals the archive's
#    record (calls.jsonl, messages.jsonl, ...) once the documented formula
#    guard is undone;
#  - an invalid archive (one byte of calls.jsonl changed) is refused, exit
#    1, and the output folder is not made.
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
demo=$top/examples/demo-provider
py=/usr/bin/python3
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - interop: $name"
	else
		echo "not ok $n - interop: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}

t "export 1001" "$vp" export -c "$demo/provider.json" -s 1001 -o a.zip \
	--created 2024-11-01T09:00:00Z --with-attachments
mkdir x
t "unzip" unzip -q a.zip -d x

# A database target writes no folder: tests/suites/pgsql.sh checks its
# report (printed with --json).
targets=$("$vp" formats --json | "$py" -c '
import json, sys
for t in json.load(sys.stdin)["targets"]:
    if not t.get("database"): print(t["name"])')
for target in $targets; do
	t "import --to $target" "$vp" import a.zip --to "$target" \
		-o "out-$target" --created 2024-11-02T00:00:00Z
	t "$target: the report (jsonschema, counts, files)" "$py" - \
		"out-$target" x "$top/schemas/v1" <<'PY'
import glob, hashlib, json, os, sys
import jsonschema
out, arch, schemas = sys.argv[1:4]
store = {}
for f in glob.glob(os.path.join(schemas, "*.json")):
    d = json.load(open(f))
    store[d["$id"]] = d
s = store["https://voxport.example/schemas/v1/import-report.schema.json"]
v = jsonschema.Draft7Validator(s, resolver=jsonschema.RefResolver.from_schema(
    s, store=store), format_checker=jsonschema.FormatChecker())
r = json.load(open(os.path.join(out, "import-report.json")))
bad = [e.message for e in v.iter_errors(r)]
m = json.load(open(os.path.join(arch, "manifest.json")))
want = {}
for f in m["files"]:
    if f["path"].endswith((".jsonl", ".json")) and "records" in f and \
            f["category"] in ("subject", "contacts", "calls", "messages",
                              "recordings"):
        want[f["category"]] = f["records"]
got = {c["category"]: c for c in r["categories"]}
for cat, count in want.items():
    if count == 0:
        continue
    c = got.get(cat)
    if c is None:
        bad.append("%s: not in the report" % cat)
        continue
    if c["records_in"] != count:
        bad.append("%s: %d in, the manifest says %d" % (cat, c["records_in"], count))
    if c["records_in"] != c["records_out"] + c["not_written"]:
        bad.append("%s: in != out + not written" % cat)
    if not c["held"] and c["records_out"]:
        bad.append("%s: not held but written" % cat)
listed = set()
for f in r["files"]:
    p = os.path.join(out, f["path"])
    data = open(p, "rb").read()
    listed.add(f["path"])
    if len(data) != f["bytes"] or hashlib.sha256(data).hexdigest() != f["sha256"]:
        bad.append("%s: size or sha256 differs" % f["path"])
extra = set(os.listdir(out)) - listed - {"import-report.json"}
if extra:
    bad.append("files not in the report: %s" % sorted(extra))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
done

t "csv-bundle: every cell equals the archive's record" "$py" - \
	out-csv-bundle x <<'PY'
import csv, json, os, re, sys
out, arch = sys.argv[1:3]
TRIG = "=+-@\t\r\n\"'"
def unguard(s):
    # csv_write.h: a "'" was put before a trigger at the start or after
    # ";", TAB, CR or LF.
    return re.sub(r"(^|(?<=[;\t\r\n]))'(?=[%s])" % re.escape(TRIG), "", s)
def rows(name):
    with open(os.path.join(out, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
def lines(name):
    return [json.loads(l) for l in open(os.path.join(arch, name), encoding="utf-8")]
bad = []
def same(where, got, want):
    if unguard(got) != want:
        bad.append("%s: %r != %r" % (where, got, want))
def num(p):
    return p.get("number") or p.get("raw") or ""
calls = lines("calls.jsonl")
cr = rows("calls.csv")
if len(cr) != len(calls):
    bad.append("calls: %d rows, %d records" % (len(cr), len(calls)))
for i, (row, c) in enumerate(zip(cr, calls)):
    w = "calls.csv:%d" % (i + 2)
    for k in ("id", "start", "answer", "end", "direction", "status", "account_code"):
        same(w + " " + k, row[k], str(c.get(k, "")))
    for k in ("duration", "billsec"):
        same(w + " " + k, row[k], str(c[k]) if k in c else "")
    same(w + " from_number", row["from_number"], num(c["from"]))
    same(w + " to_raw", row["to_raw"], c["to"].get("raw", ""))
    same(w + " from_name", row["from_name"], c["from"].get("name", ""))
    same(w + " legs", row["legs"], str(len(c["legs"])))
msgs = lines("messages.jsonl")
mr = rows("messages.csv")
if len(mr) != len(msgs):
    bad.append("messages: %d rows, %d records" % (len(mr), len(msgs)))
for i, (row, g) in enumerate(zip(mr, msgs)):
    w = "messages.csv:%d" % (i + 2)
    for k in ("id", "date", "type", "box", "direction", "body", "subject", "thread"):
        same(w + " " + k, row[k], str(g.get(k, "")))
    same(w + " to_numbers", row["to_numbers"], "; ".join(num(p) for p in g.get("to", [])))
    same(w + " parts", row["parts"], str(len(g.get("parts", []))))
cards = json.load(open(os.path.join(arch, "contacts.json"), encoding="utf-8"))
kr = rows("contacts.csv")
if len(kr) != len(cards):
    bad.append("contacts: %d rows, %d cards" % (len(kr), len(cards)))
for i, (row, c) in enumerate(zip(kr, cards)):
    w = "contacts.csv:%d" % (i + 2)
    same(w + " uid", row["uid"], c["uid"])
    same(w + " full_name", row["full_name"], c.get("name", {}).get("full", ""))
    phones = [p["number"].replace("tel:", "") for p in c.get("phones", {}).values()]
    same(w + " phones", row["phones"], "; ".join(phones))
    emails = [e["address"] for e in c.get("emails", {}).values()]
    same(w + " emails", row["emails"], "; ".join(emails))
subj = json.load(open(os.path.join(arch, "subject.json"), encoding="utf-8"))
sr = rows("subject.csv")
same("subject.csv id", sr[0]["id"], subj["id"])
same("subject.csv emails", sr[0]["emails"], "; ".join(e["address"] for e in subj.get("emails", [])))
for b in bad:
    print(b)
print("checked", len(cr), "calls,", len(mr), "messages,", len(kr), "contacts")
sys.exit(1 if bad else 0)
PY

# An archive that does not validate: nothing written, not even the folder.
"$py" - a.zip bad.zip <<'PY'
import sys, zipfile
src, dst = sys.argv[1:3]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w") as b:
    for i in a.infolist():
        data = a.read(i)
        if i.filename == "calls.jsonl":
            data = data.replace(b"outbound", b"outbounD", 1)
        b.writestr(i, data)
PY
"$vp" import bad.zip --to csv-bundle -o refused >refused.out 2>&1
t "an invalid archive is refused, exit 1" test $? = 1
t "... with its problem named" grep -q "calls.jsonl" refused.out
t "... and nothing made" test ! -e refused
