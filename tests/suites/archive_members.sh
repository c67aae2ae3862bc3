#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# archive_members.sh: an archive with messages, recordings and their audio
# (tests/tools/media_archive), checked by tools voxport did not write.
# Prints TAP.
#  - unzip -t and 7z t accept the zip;
#  - python3-jsonschema checks every member the manifest gives a schema
#    against the archive's own schemas/ copies: a .json member as a whole,
#    each line of a .jsonl member;
#  - every listed member has the manifest's size and SHA-256, and nothing
#    is unlisted;
#  - the audio is stored (zip method 0) and is the WAV the tool wrote;
#  - messages.csv has a row per message of messages.jsonl, with the same
#    values once the formula guard's apostrophes are taken away;
#  - the member names made from hostile ids stay inside recordings/;
#  - voxport validate accepts the archive with and without the audio.
set -u
tool=${VOXPORT_BUILD:?}/tests/media_archive
vp=${VOXPORT_BUILD:?}/voxport
py=/usr/bin/python3
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - archive members: $name"
	else
		echo "not ok $n - archive members: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}

t "write an archive with audio" "$tool" --with-audio a.zip
t "write one without" "$tool" n.zip
t "unzip -t" unzip -t a.zip
t "7z t" 7z t a.zip
mkdir x
t "unzip" unzip -q a.zip -d x

t "jsonschema: every member with a schema, by the archive's schemas" \
	"$py" - x <<'PY'
import glob, json, os, sys
import jsonschema
root = sys.argv[1]
store = {}
for f in glob.glob(os.path.join(root, "schemas", "*.json")):
    d = json.load(open(f))
    store[d["$id"]] = d
def validator(path):
    s = json.load(open(os.path.join(root, path)))
    return jsonschema.Draft7Validator(
        s, resolver=jsonschema.RefResolver.from_schema(s, store=store),
        format_checker=jsonschema.FormatChecker())
bad = 0
def check(v, inst, where):
    global bad
    for e in v.iter_errors(inst):
        print(where, list(e.absolute_path), e.message)
        bad += 1
m = json.load(open(os.path.join(root, "manifest.json")))
check(validator("schemas/manifest.schema.json"), m, "manifest.json")
seen = {}
for f in m["files"]:
    if "schema" not in f:
        continue
    v = validator(f["schema"])
    p = os.path.join(root, f["path"])
    if p.endswith(".jsonl"):
        lines = open(p, encoding="utf-8").read().splitlines()
        for i, line in enumerate(lines):
            check(v, json.loads(line), "%s:%d" % (f["path"], i + 1))
        seen[f["path"]] = len(lines)
    else:
        check(v, json.load(open(p, encoding="utf-8")), f["path"])
assert seen == {"calls.jsonl": 0, "messages.jsonl": 4,
                "recordings.jsonl": 5}, seen
sys.exit(1 if bad else 0)
PY

t "manifest sizes and checksums; nothing unlisted" "$py" - x <<'PY'
import hashlib, json, os, sys
root = sys.argv[1]
m = json.load(open(os.path.join(root, "manifest.json")))
listed = set()
for f in m["files"]:
    data = open(os.path.join(root, f["path"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]
    assert len(data) == f["bytes"], f["path"]
    listed.add(f["path"])
on_disk = set()
for d, _, fs in os.walk(root):
    for x in fs:
        on_disk.add(os.path.relpath(os.path.join(d, x), root))
assert on_disk - {"manifest.json"} == listed, on_disk ^ listed
PY

t "audio is stored, named safely, and is the WAV" "$py" - a.zip <<'PY'
import hashlib, json, sys, wave, zipfile
z = zipfile.ZipFile(sys.argv[1])
wav = open("call.WAV", "rb").read()
recs = [json.loads(l) for l in z.read("recordings.jsonl").splitlines()]
members = sorted(r["member"] for r in recs if "member" in r)
assert members == sorted(["recordings/1700000000.42.wav",
                          "recordings/r.._.._etc_passwd.wav",
                          "recordings/call_1.wav",
                          "recordings/call_1-2.wav"]), members
audio = [i for i in z.infolist() if i.filename.startswith("recordings/")]
assert sorted(i.filename for i in audio) == members
for i in audio:
    assert i.compress_type == zipfile.ZIP_STORED, i.filename
    assert z.read(i) == wav, i.filename
    name = i.filename.split("/", 1)[1]
    assert "/" not in name and not name.startswith(".")
    w = wave.open(z.open(i))
    assert (w.getnchannels(), w.getframerate(), w.getnframes()) == \
        (1, 8000, 800)
for r in recs:
    if "member" in r:
        assert r["sha256"] == hashlib.sha256(wav).hexdigest()
        assert r["bytes"] == len(wav)
assert all(m == m.lower() for m in members), members
PY

t "messages.csv is messages.jsonl, guard undone" "$py" - a.zip <<'PY'
import csv, io, json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
msgs = [json.loads(l) for l in z.read("messages.jsonl").splitlines()]
text = z.read("messages.csv").decode("utf-8")
assert "\r\n" in text
rows = list(csv.DictReader(io.StringIO(text, newline="")))
assert len(rows) == len(msgs) == 4
def unguard(v):
    return re.sub(r"(^|(?<=[;\t\r\n]))'", "", v)
guarded = 0
for m, r in zip(msgs, rows):
    for k in r:
        if r[k].startswith(("=", "+", "-", "@")) and \
                not re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", r[k]):
            raise AssertionError("unguarded formula: %r" % r[k])
        guarded += r[k] != unguard(r[k])
    r = {k: unguard(v) for k, v in r.items()}
    assert r["id"] == m["id"] and r["date"] == m["date"]
    assert r["type"] == m["type"] and r["box"] == m["box"]
    assert r["direction"] == m["direction"]
    assert r["from_number"] == m["from"]["number"]
    assert r["from_name"] == m["from"].get("name", "")
    assert r["to_numbers"] == "; ".join(p["number"] for p in m["to"])
    assert r["body"] == m.get("body", ""), (r["body"], m.get("body"))
    assert r["subject"] == m.get("subject", "")
    assert r["read"] == {True: "yes", False: "no", None: ""}[m.get("read")]
    assert r["parts"] == str(len(m.get("parts", [])))
    assert r["thread"] == m.get("thread", "")
assert guarded >= 3, guarded
PY

t "voxport validate accepts both" "$vp" validate a.zip n.zip
