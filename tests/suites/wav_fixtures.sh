#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# wav_fixtures.sh: the committed binary fixtures are what
# tests/data/wav/make-fixtures.py writes, byte for byte, so that a change
# to a fixture is a change to the script (reviewable) and not a blob.
# Covers tests/data/wav/{ok,bad} and the audio of
# tests/data/asterisk-voicemail/ok.  Speaks TAP.
set -u
top=${VOXPORT_TOP:?}
py=/usr/bin/python3
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - wav_fixtures: $2"
	else
		echo "not ok $n - wav_fixtures: $2"
	fi
}

$py "$top/tests/data/wav/make-fixtures.py" wav &&
	$py "$top/tests/data/wav/make-fixtures.py" --voicemail vm
t $? "make-fixtures.py runs"
for d in ok bad; do
	diff -r "$top/tests/data/wav/$d" "wav/$d" >"$d.diff" 2>&1 &&
		[ -n "$(ls "wav/$d")" ]
	t $? "tests/data/wav/$d is what the script writes"
	sed 's/^/#   /' "$d.diff" | head -5
done
# The voicemail ok/ folders also hold the .txt files, written by hand.
bad=
for f in $(cd vm && find . -type f); do
	cmp -s "vm/$f" "$top/tests/data/asterisk-voicemail/ok/$f" ||
		bad="$bad $f"
done
[ -z "$bad" ] && [ -n "$(ls vm)" ]
t $? "asterisk-voicemail audio is what the script writes${bad:+ (differs:$bad)}"

# What the two readers make of their ok/ fixtures is a valid recording.
for f in "$top"/tests/data/wav/ok/* "$top"/tests/data/asterisk-voicemail/ok/*/*.txt; do
	voxport convert "$f" || echo "voxport failed on $f" >&2
done >recs.jsonl 2>recs.err
$py - "$top" recs.jsonl >schema.out 2>&1 <<'EOF_PY'
import glob, json, sys
import jsonschema
top, recs = sys.argv[1], sys.argv[2]
store = {}
for p in glob.glob(top + "/schemas/v1/*.json"):
    d = json.load(open(p))
    store[d["$id"]] = d
s = store["https://voxport.example/schemas/v1/recording.schema.json"]
v = jsonschema.Draft7Validator(s, resolver=jsonschema.RefResolver.from_schema(s, store=store))
n = bad = 0
for line in open(recs):
    n += 1
    for e in v.iter_errors(json.loads(line)):
        bad += 1
        print("%s: %s" % (json.loads(line)["id"], e.message))
sys.exit(1 if bad or n < 17 else 0)
EOF_PY
[ $? = 0 ] && ! [ -s recs.err ]
t $? "wav and asterisk-voicemail records validate against recording.schema.json"
sed 's/^/#   /' schema.out recs.err | head -5
