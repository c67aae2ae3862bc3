#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# demo_archive.sh: the demo provider's archive, checked by tools voxport
# did not write.  Prints TAP.
#  - unzip -t and 7z t accept the zip;
#  - python3-jsonschema validates every JSON member as a whole and every
#    line of every JSONL member against the schema the manifest names, from
#    schemas/v1 (and the archive's own copies of them);
#  - python3-vobject parses contacts.vcf and finds every contact;
#  - the calls are exactly subscriber 1001's rows of Master.csv, counted by
#    an independent reading of the CSV in Python;
#  - the manifest's checksums and counts match the members;
#  - two exports with the same --created are byte-identical, and a third
#    one a second later is not;
#  - no password hash or PIN from subscribers.csv is anywhere in the zip;
#  - with --with-attachments, the MMS parts' members (checked by
#    jsonschema with the rest) are in the zip, holding the part's bytes.
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

export_demo() {
	"$vp" export -c "$demo/provider.json" -s 1001 -o "$1" \
		--created 2024-11-01T09:00:00Z --reference DSAR-42 \
		--with-attachments
}

t "export 1001" export_demo a.zip
t "export 1001 again" export_demo b.zip
t "unzip -t" unzip -t a.zip
t "7z t" 7z t a.zip
t "two exports are byte-identical" cmp a.zip b.zip
t "another --created changes the bytes" sh -c \
	"'$vp' export -c '$demo/provider.json' -s 1001 -o c.zip \
	 --created 2024-11-01T09:00:01Z --with-attachments && \
	 ! cmp -s a.zip c.zip"
mkdir x
t "unzip" unzip -q a.zip -d x

t "jsonschema: every JSON and JSONL member" "$py" - x "$top/schemas/v1" <<'PY'
import glob, json, os, sys
import jsonschema
root, ours = sys.argv[1], sys.argv[2]
def store_of(folder):
    store = {}
    for f in glob.glob(os.path.join(folder, "*.json")):
        d = json.load(open(f))
        store[d["$id"]] = d
    return store
bad = 0
for folder in (ours, os.path.join(root, "schemas")):
    store = store_of(folder)
    def check(name, inst, where):
        global bad
        s = store["https://voxport.example/schemas/v1/" + name]
        r = jsonschema.RefResolver.from_schema(s, store=store)
        v = jsonschema.Draft7Validator(s, resolver=r,
                format_checker=jsonschema.FormatChecker())
        for e in v.iter_errors(inst):
            print(where, list(e.absolute_path), e.message)
            bad += 1
    m = json.load(open(os.path.join(root, "manifest.json")))
    check("manifest.schema.json", m, "manifest.json")
    n = 0
    for f in m["files"]:
        if "schema" not in f:
            continue
        name = os.path.basename(f["schema"])
        p = os.path.join(root, f["path"])
        if p.endswith(".jsonl"):
            for i, line in enumerate(open(p, encoding="utf-8")):
                check(name, json.loads(line), "%s:%d" % (f["path"], i + 1))
                n += 1
        else:
            # A .json member's schema is of the whole file.
            d = json.load(open(p, encoding="utf-8"))
            check(name, d, f["path"])
            n += len(d) if isinstance(d, list) else 1
    assert n > 30, n
sys.exit(1 if bad else 0)
PY

t "messages.jsonl: parts with a member, whose bytes match" "$py" - x <<'PY'
import hashlib, json, os, sys
root = sys.argv[1]
n = 0
for line in open(os.path.join(root, "messages.jsonl"), encoding="utf-8"):
    for p in json.loads(line).get("parts", []):
        if "member" not in p:
            continue
        b = open(os.path.join(root, p["member"]), "rb").read()
        assert len(b) == p["bytes"], p
        assert hashlib.sha256(b).hexdigest() == p["sha256"], p
        n += 1
assert n == 1, n
PY

t "vobject: contacts.vcf has every contact" "$py" - x <<'PY'
import json, os, sys
import vobject
root = sys.argv[1]
cards = list(vobject.readComponents(open(os.path.join(root, "contacts.vcf"),
                                         encoding="utf-8").read()))
js = json.load(open(os.path.join(root, "contacts.json")))
assert len(cards) == len(js) == 4, (len(cards), len(js))
names = sorted(c.fn.value for c in cards)
want = sorted(c["name"]["full"] for c in js)
assert names == want, (names, want)
assert all(c.version.value == "4.0" for c in cards)
assert "Jürgen Müller" in names, names
# The two forms carry the same uid, card by card.
assert [c.uid.value for c in cards] == [c["uid"] for c in js]
PY

t "calls are exactly 1001's rows of Master.csv" "$py" - x "$demo" <<'PY'
# An independent reading: Python's csv module, the subscriber's
# identifiers from subscribers.csv, numbers compared on their last ten
# digits (UK national significant numbers), extensions and SIP usernames
# on the channel names, account codes on accountcode/peeraccount.
import csv, io, json, os, re, sys
root, demo = sys.argv[1], sys.argv[2]
subs = {r["id"]: r for r in csv.DictReader(open(os.path.join(demo,
        "subscribers.csv"), encoding="utf-8"))}
me = subs["1001"]
def items(cell):
    return [x.split(":", 1)[-1] for x in cell.split("|") if x]
names = set(items(me["extensions"]) + items(me["sip_usernames"]))
accounts = set(items(me["account_codes"]))
nsns = {re.sub(r"\D", "", p)[-10:] for p in items(me["phones"])}
def number(x):
    d = re.sub(r"\D", "", x)
    return len(d) >= 10 and d[-10:] in nsns
def endpoint(ch):
    m = re.match(r"[^/]+/(.+?)-[0-9a-f]+$", ch)
    return m.group(1) if m else None
want = {}
raw = open(os.path.join(demo, "cdr", "Master.csv"), "rb").read()
for lineno, line in enumerate(raw.split(b"\n"), 1):
    if not line:
        continue
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text = line.decode("latin-1")
    row = next(csv.reader(io.StringIO(text)))
    src, dst, chan, dchan, acct = row[1], row[2], row[5], row[6], row[0]
    peer = row[18] if len(row) == 21 else ""
    mine = (src in names or dst in names or number(src) or number(dst)
            or endpoint(chan) in names or endpoint(dchan) in names
            or acct in accounts or peer in accounts)
    if mine:
        call = row[19] if len(row) == 21 else row[16]
        want[lineno] = call
got = {}
calls = 0
# The phone backup's calls (calls.xml) are the subscriber's whole file.
for line in open(os.path.join(root, "calls.jsonl"), encoding="utf-8"):
    c = json.loads(line)
    files = {leg["source"]["file"] for leg in c["legs"]}
    assert files in ({"Master.csv"}, {"calls.xml"}), files
    if files == {"calls.xml"}:
        continue
    calls += 1
    for leg in c["legs"]:
        got[leg["source"]["line"]] = c["id"]
print("rows", len(want), "legs", len(got), "calls", calls,
      "distinct call ids", len(set(want.values())))
assert set(got) == set(want), sorted(set(got) ^ set(want))
assert calls == len(set(want.values())), calls
assert len(want) > 20
PY

t "manifest checksums and counts" "$py" - x <<'PY'
import hashlib, json, os, sys
root = sys.argv[1]
m = json.load(open(os.path.join(root, "manifest.json")))
listed = set()
for f in m["files"]:
    p = os.path.join(root, f["path"])
    data = open(p, "rb").read()
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]
    assert len(data) == f["bytes"], f["path"]
    listed.add(f["path"])
on_disk = set()
for d, _, fs in os.walk(root):
    for x in fs:
        on_disk.add(os.path.relpath(os.path.join(d, x), root))
assert on_disk - {"manifest.json"} == listed, on_disk ^ listed
for s in m["sources"]:
    assert s["read"] == s["exported"] + s["filtered"] + s["rejected"], s
PY

t "no credentials in the archive" sh -c \
	"! unzip -p a.zip | grep -a -e 'abcdefghijklmnopqrstuv' -e '\"1234\"' \
	 -e voicemail_pin -e password_hash"
t "voxport validate accepts it" "$vp" validate a.zip
