#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# processing_info.sh: the access-request information of an archive.
#  - processing.json passes processing.schema.json with python3-jsonschema
#    (the archive's own schemas/ resolving its references);
#  - README.txt says what processing.json says: the controller, the DPO,
#    the regulator's contact, each right, purpose and retention text;
#  - a provider.json without retention (or without it for one category)
#    gives a README.txt and processing.json that say it was not stated;
#  - the demo's README.txt keeps internal words to their places: billsec
#    and legs only in the glossary, sha256sum only for technical readers;
#  - index.html has a Your rights section with the regulator's phone;
#  - `voxport init`'s provider.json loads: export gets to the subscriber
#    list; the completion offers init and its --force.
# Prints TAP.
set -u
top=${VOXPORT_TOP:?}
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - processing: $name"
	else
		echo "not ok $n - processing: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}
py=/usr/bin/python3
demo=$top/examples/demo-provider

voxport export -c "$demo/provider.json" -s 1001 -o demo.zip \
	--created @1730000000 2>export.err
t "the demo exports" test -s demo.zip

# A provider.json with no retention at all, and one with no sources entry
# for messages.
$py - "$demo/provider.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
for s in [p["subscribers"]] + sum(p["sources"].values(), []):
    s["path"] = sys.argv[1].rsplit("/", 1)[0] + "/" + s["path"]
del p["processing"]["retention"]
json.dump(p, open("no-retention.json", "w"))
p["processing"]["retention"] = [{"category": "calls", "text": "a year"}]
json.dump(p, open("calls-retention.json", "w"))
EOF
voxport export -c no-retention.json -s 1001 -o none.zip \
	--created @1730000000 2>>export.err
voxport export -c calls-retention.json -s 1001 -o calls.zip \
	--created @1730000000 2>>export.err
t "the providers without retention export" test -s none.zip -a -s calls.zip

schema_check() {	# schema_check ZIP: processing.json against its schema
	$py - "$1" <<'EOF'
import json, sys, zipfile
import jsonschema
z = zipfile.ZipFile(sys.argv[1])
store = {}
for name in z.namelist():
    if name.startswith("schemas/"):
        d = json.loads(z.read(name))
        store[d["$id"]] = d
man = json.loads(z.read("manifest.json"))
entry = [f for f in man["files"] if f["path"] == "processing.json"][0]
assert entry["schema"] == "schemas/processing.schema.json", entry
assert entry["category"] == "documentation" and "records" not in entry
s = json.loads(z.read(entry["schema"]))
jsonschema.Draft7Validator(s, resolver=jsonschema.RefResolver.from_schema(
    s, store=store)).validate(json.loads(z.read("processing.json")))
EOF
}
t "demo: processing.json passes its schema (python3-jsonschema)" \
	schema_check demo.zip
t "no retention: processing.json passes its schema" schema_check none.zip

# README.txt, its lines joined, holds every text of processing.json.
cat >same.py <<'EOF'
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
p = json.loads(z.read("processing.json"))
readme = re.sub(r"\s+", " ", z.read("README.txt").decode())
c = p["controller"]
want = [c["name"], c["address"], c["email"], c["phone"],
        c["dpo"]["name"], c["dpo"]["email"]]
sa = p["supervisory_authority"]
want += [sa["name"], sa["address"], sa["phone"], sa["website"]]
want += [r["text"] for r in p["subject_rights"]]
for key in ("purposes", "retention", "recipients", "sources"):
    want += [i["text"][1:] for i in p[key]]
missing = [w for w in want if re.sub(r"\s+", " ", w) not in readme]
print("missing from README.txt:", missing)
assert not missing
assert sa == {"name": "Information Commissioner's Office",
              "address": "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF",
              "phone": "0303 123 1113",
              "website": "https://ico.org.uk/make-a-complaint/"}, sa
assert p["not_stated"] == [], p["not_stated"]
EOF
t "README.txt says what processing.json says (controller, DPO, ICO)" \
	$py same.py demo.zip

unzip -p none.zip README.txt >none.txt
unzip -p none.zip processing.json >none.json
t "no retention: README.txt says it was not stated" \
	grep -q "Demo Telecom Ltd did not state how long it keeps your data" \
	none.txt
t "no retention: processing.json's not_stated holds retention" \
	$py -c 'import json, sys; assert "retention" in json.load(open("none.json"))["not_stated"]'
unzip -p calls.zip README.txt | tr -s ' \n' '  ' >calls.txt
t "retention for calls only: the other categories are not stated" \
	grep -q "Your messages: not stated by Demo Telecom Ltd" calls.txt

# Internal words in their places only.
unzip -p demo.zip README.txt >demo.txt
t "README.txt: billsec and legs only in the glossary" sh -c '
	sed "/^What the columns mean/,/^How your data is used/d" demo.txt |
		grep -n -w -e billsec -e legs && exit 1
	grep -q -w billsec demo.txt && grep -q -w legs demo.txt'
t "README.txt: sha256sum only for technical readers" sh -c '
	sed "/^For technical readers/,\$d" demo.txt | grep -n sha256sum &&
		exit 1
	grep -q sha256sum demo.txt'
t "README.txt: opens with what it is and how to open it" sh -c '
	head -1 demo.txt | grep -qx "Your data from Demo Telecom Ltd" &&
	grep -q "index.html: open it in your web browser" demo.txt &&
	grep -q "open them in a spreadsheet" demo.txt'

unzip -p demo.zip index.html >index.html
t "index.html: Your rights, with the regulator's phone" sh -c '
	grep -q "<section id=\"rights\"><h2>Your rights</h2>" index.html &&
	sed -n "/id=\"rights\"/,/<\/section>/p" index.html | grep -q "0303 123 1113"'

voxport init cfg >/dev/null
voxport export -c cfg/provider.json -s 1001 -o init.zip >init.out 2>&1
t "voxport init's provider.json loads: export gets to the subscriber list" \
	grep -qx "voxport: export: cfg/subscribers.csv: No such file or directory" \
	init.out

complete_words() {	# complete_words WORD... : what TAB offers for the last
	bash -c '
		. "$0"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_voxport
		printf "%s\n" "${COMPREPLY[@]}"' \
		"$top/scripts/voxport-completion.bash" "$@"
}
complete_words voxport ini >words 2>&1
t "completion: 'voxport ini' gives init" grep -qx init words
complete_words voxport init --f >words 2>&1
t "completion: 'voxport init --f' gives --force" grep -qx -- --force words
