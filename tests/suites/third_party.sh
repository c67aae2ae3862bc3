#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# third_party.sh: export --third-party mask and hash leave no other
# party's number or name anywhere in the archive.  Prints TAP.
#
# The other parties are found independently of voxport's matcher: every
# party, FreePBX number and caller ID in the unmasked (keep) archive whose
# digits are none of subscriber 1001's numbers or extensions in the demo's
# subscribers.csv (compared by their last 9 digits).  Their numbers (as
# written and as digits alone) and names must then appear in no member of
# the mask and hash archives (JSONL, CSV twins, legs, raw fields, extra,
# README.txt, index.html, the manifest; not the subject's own address
# book, nor its table in index.html), as a
# whole token; the subject's own numbers
# must still be there; the manifest says the mode; a pseudonym is the same
# for one number throughout an archive, the same across two exports with
# one --third-party-key-file, and different without.
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
		echo "ok $n - third party: $name"
	else
		echo "not ok $n - third party: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}

ex() {	# ex OUT MODE [OPTIONS]
	out=$1 mode=$2
	shift 2
	"$vp" export -c "$demo/provider.json" -s 1001 -o "$out" \
		--created 2024-11-01T09:00:00Z --third-party "$mode" "$@"
}
t "export --third-party keep" ex keep.zip keep
t "export --third-party mask" ex mask.zip mask
t "export --third-party hash" ex hash.zip hash
head -c 32 /dev/urandom >key
t "export --third-party hash with a key, twice" sh -c \
	"'$vp' export -c '$demo/provider.json' -s 1001 -o k1.zip \
	  --third-party hash --third-party-key-file key && \
	 '$vp' export -c '$demo/provider.json' -s 1001 -o k2.zip \
	  --third-party hash --third-party-key-file key"
t "validate accepts them" "$vp" validate mask.zip hash.zip k1.zip

t "no other party's number or name survives" "$py" - "$demo/subscribers.csv" \
	keep.zip mask.zip hash.zip <<'PY'
import csv, json, re, sys, zipfile
subs, keep, *masked = sys.argv[1:]
row = next(r for r in csv.DictReader(open(subs, encoding="utf-8"))
           if r["id"] == "1001")
mine = set()
for f in ("phones", "extensions"):
    for v in row[f].split("|"):
        d = re.sub(r"\D", "", v.split(":")[-1])
        if d:
            mine.add(d[-9:])
def is_mine(s):
    d = re.sub(r"\D", "", s or "")
    return bool(d) and d[-9:] in mine
numbers, names = set(), set()
def party(p):
    if not p or is_mine(p.get("number")) or is_mine(p.get("raw")):
        return
    for k in ("number", "raw"):
        d = re.sub(r"\D", "", p.get(k, ""))
        if len(d) >= 4:
            numbers.add(p[k])
            numbers.add(d)
    if len(p.get("name", "")) >= 2:
        names.add(p["name"])
z = zipfile.ZipFile(keep)
for line in z.read("calls.jsonl").decode().splitlines():
    c = json.loads(line)
    party(c["from"]); party(c["to"])
    for l in c["legs"]:
        party(l["from"]); party(l["to"])
for line in z.read("messages.jsonl").decode().splitlines():
    m = json.loads(line)
    party(m.get("from"))
    for p in m.get("to", []):
        party(p)
for line in z.read("recordings.jsonl").decode().splitlines():
    x = json.loads(line).get("extra", {})
    for k in ("from", "dest"):
        if k in x:
            party({"raw": x[k]})
    cid = x.get("callerid", "")
    m = re.match(r'"?([^"<]*)"?\s*<([^>]*)>', cid)
    if m:
        party({"name": m.group(1).strip(), "raw": m.group(2)})
print(len(numbers), "third-party number spellings,", len(names), "names")
assert len(numbers) > 20 and len(names) > 3, "the demo has others to mask"
bad = 0
for path in masked:
    a = zipfile.ZipFile(path)
    for member in a.namelist():
        # The address book is the subject's own (they made it); the rule is
        # about the other parties of calls, messages and recordings.
        if member.startswith("schemas/") or member.startswith("contacts."):
            continue
        text = a.read(member).decode("utf-8", "replace")
        if member == "index.html":
            # the page's table of that address book
            text = re.sub(r'<section id="contacts">.*?</section>', "", text,
                          flags=re.S)
        for num in numbers:
            if re.search(r"(?<!\d)%s(?!\d)" % re.escape(num), text):
                print(path, member, "holds", num); bad += 1
        for name in names:
            if name in text:
                print(path, member, "holds", name); bad += 1
    calls = a.read("calls.jsonl").decode()
    if "+442079460100" not in calls or '"1001"' not in calls:
        print(path, "lost the subject's own numbers"); bad += 1
sys.exit(1 if bad else 0)
PY

t "the manifest says the mode" "$py" -c '
import json, sys, zipfile
for path, want in (("keep.zip", "include"), ("mask.zip", "mask"),
                   ("hash.zip", "hash")):
    m = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    assert m["scope"]["third_party"] == want, (path, m["scope"])'

t "mask keeps the last 3 digits" sh -c \
	"unzip -p mask.zip calls.jsonl | grep -q '\"+XXXXXXXXX574\"'"

t "a pseudonym is stable within an archive, and across one key" "$py" - \
	keep.zip hash.zip k1.zip k2.zip <<'PY'
import json, sys, zipfile
keep, h, k1, k2 = sys.argv[1:]
def calls(p):
    return [json.loads(l) for l in
            zipfile.ZipFile(p).read("calls.jsonl").decode().splitlines()]
pairs = {}
for a, b in zip(calls(keep), calls(h)):
    for side in ("from", "to"):
        orig, ps = a[side].get("number", ""), b[side].get("number", "")
        if ps.startswith("tp-"):
            pairs.setdefault(orig, set()).add(ps)
assert pairs and all(len(v) == 1 for v in pairs.values()), pairs
assert len(set().union(*pairs.values())) == len(pairs)
assert calls(k1) == calls(k2), "one key, two exports: not the same"
assert calls(h) != calls(k1), "a random key and a given one gave the same"
print(len(pairs), "numbers, one pseudonym each")
PY

t "audio or attachments with mask: refused" sh -c \
	"! '$vp' export -c '$demo/provider.json' -s 1001 -o x.zip \
	   --third-party mask --with-audio 2>e && grep -q 'cannot mask' e && \
	 test ! -e x.zip"
t "a bad mode: usage error" sh -c \
	"'$vp' export -c '$demo/provider.json' -s 1001 -o x.zip \
	   --third-party blur 2>/dev/null; test \$? = 2"
