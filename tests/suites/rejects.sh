#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# rejects.sh: export --on-error=skip on a dirty Master.csv (made here from
# the demo's: a quote left open mid-row, a bad duration, a line that is one
# stray quote, which swallows the line after it).  Prints TAP.
#  - the archive is written; NAME.rejects.jsonl beside it lists each skipped
#    record with file, line and reason, and the swallowed line is named
#    ("lines 21-22 are one bad row"), never merged silently;
#  - the manifest's counts reconcile for every source: read = exported +
#    filtered + rejected, and the rejected add up to the lines of
#    rejects.jsonl; an independent count of Master.csv's physical lines
#    equals read plus the lines swallowed;
#  - without --on-error=skip the export fails (exit 1) and leaves neither
#    the archive nor a rejects file;
#  - --keep-rejected-raw adds each record's bytes, exactly as in the file
#    (base64 when they are not UTF-8), and is only for --on-error=skip.
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
py=/usr/bin/python3
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - rejects: $name"
	else
		echo "not ok $n - rejects: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}

cp -r "$top/examples/demo-provider" dirty
$py - dirty/cdr/Master.csv <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="latin-1").read().split("\n")
lines[3] = lines[3].replace('"from-internal"', '"from-internal', 1)
lines[13] = lines[13].replace(",24,0,", ",x24,0,", 1)
lines.insert(20, '"garbage')
open(p, "w", encoding="latin-1").write("\n".join(lines))
PY

"$vp" export -c dirty/provider.json -s 1001 -o fail.zip >/dev/null 2>err
st=$?
t "without --on-error=skip: exit 1, no archive, no rejects" sh -c \
	"test $st = 1 && test ! -e fail.zip && test ! -e fail.rejects.jsonl &&
	 test -z \"\$(ls -A | grep '^\.fail')\""

t "with --on-error=skip: the archive" "$vp" export -c dirty/provider.json \
	-s 1001 -o d.zip --on-error skip
t "rejects.jsonl: the three, with file, line and reason" $py - <<'PY'
import json
r = [json.loads(l) for l in open("d.rejects.jsonl")]
assert [(x["file"], x["line"]) for x in r] == [
    ("Master.csv", 4), ("Master.csv", 14), ("Master.csv", 21)], r
assert 'bad duration "x24"' in r[1]["reason"], r[1]
assert "lines 21-22 are one bad row" in r[2]["reason"], r[2]
PY
t "the manifest's counts reconcile" $py - dirty/cdr/Master.csv <<'PY'
import json, sys, zipfile
m = json.loads(zipfile.ZipFile("d.zip").read("manifest.json"))
rejected = 0
for s in m["sources"]:
    assert s["read"] == s["exported"] + s["filtered"] + s["rejected"], s
    rejected += s["rejected"]
lines = sum(1 for _ in open("d.rejects.jsonl"))
assert rejected == lines == 3, (rejected, lines)
cdr = next(s for s in m["sources"] if s["name"] == "Master.csv")
data = open(sys.argv[1], "rb").read()
physical = data.count(b"\n") + (not data.endswith(b"\n"))
# Lines 21 and 22 are one record: one fewer than the file's lines.
assert cdr["read"] == physical - 1, (cdr["read"], physical)
PY
t "rejects.jsonl is private (0600)" sh -c \
	"[ \"\$(stat -c %a d.rejects.jsonl)\" = 600 ]"
t "validate accepts the archive" "$vp" validate d.zip

# --keep-rejected-raw: each record's bytes as in the file; the bad-duration
# row gets a Latin-1 byte, so its bytes are not UTF-8: base64.
cp -r dirty raw
$py - raw/cdr/Master.csv <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="latin-1").read().split("\n")
lines[13] = lines[13].replace('"', '"\u00e9', 1)
open(p, "w", encoding="latin-1").write("\n".join(lines))
PY
t "no raw bytes without --keep-rejected-raw" sh -c \
	"! grep -q '\"raw' d.rejects.jsonl"
t "--keep-rejected-raw: the archive" "$vp" export -c raw/provider.json \
	-s 1001 -o r.zip --on-error skip --keep-rejected-raw
t "--keep-rejected-raw: each record's bytes, exactly" $py - \
	raw/cdr/Master.csv <<'PY'
import base64, json, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
r = [json.loads(l) for l in open("r.rejects.jsonl")]
assert [x["line"] for x in r] == [4, 14, 21], r
raw = [x["raw"].encode() if "raw" in x else base64.b64decode(x["raw_base64"])
       for x in r]
assert raw[0] == lines[3] + b"\n", raw[0]
assert "raw_base64" in r[1] and raw[1] == lines[13] + b"\n", r[1]
assert b"\xe9" in raw[1]
# the swallowed line goes with the line whose quote swallowed it
assert raw[2] == lines[20] + b"\n" + lines[21] + b"\n", raw[2]
assert not any("raw_truncated" in x for x in r)
PY
"$vp" export -c raw/provider.json -s 1001 -o x.zip --keep-rejected-raw \
	>/dev/null 2>err
st=$?
t "--keep-rejected-raw without --on-error=skip: usage error" sh -c \
	"test $st = 2 && grep -q 'is for --on-error=skip' err && test ! -e x.zip"
