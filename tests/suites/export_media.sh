#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# export_media.sh: messages and recordings through the export pipeline, on
# the demo provider and copies of it:
#  - a phone backup (sms.xml, calls.xml) is all its subscriber's;
#  - recordings in a shared folder tree are linked to the subject's calls
#    by the unique id in their names, or by time and the other party's
#    number; theirs without a call are kept unlinked; others' are filtered;
#  - a voicemail spool per subscriber;
#  - --with-audio stores each audio file, byte for byte;
#  - --since/--until and the manifest's counts;
#  - a source of the wrong kind, or a folder for a format that reads
#    files, is an error naming it.
# Expected values are computed here from the demo's files, not copied from
# voxport's output.
set -u
top=${VOXPORT_TOP:?}
demo=$top/examples/demo-provider
py=/usr/bin/python3
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - export-media: $2"
	else
		echo "not ok $n - export-media: $2"
	fi
}

created=--created=2024-11-01T00:00:00Z

# ---- 1. subscriber 1001 of the demo, with audio -----------------------
voxport export -c "$demo/provider.json" -s 1001 -o a.zip $created \
	--with-audio 2>a.err
t $? "export 1001 with --with-audio"
voxport validate a.zip >/dev/null 2>&1
t $? "the archive validates"

# check NAME PYTHON: run a check on a.zip (z: the ZipFile, demo: the demo
# folder, jl(name): the records of a JSONL member, src(file): its source
# counts); the last line of PYTHON raises AssertionError on failure.
check() {
	name=$1
	shift
	$py - "$demo" "$@" >check.out 2>&1 <<EOF
import hashlib, json, os, re, sys, xml.etree.ElementTree as ET, zipfile
demo = sys.argv[1]
arc = sys.argv[2] if len(sys.argv) > 2 else "a.zip"
z = zipfile.ZipFile(arc)
man = json.loads(z.read("manifest.json"))
def jl(name):
    return [json.loads(l) for l in z.read(name).decode().splitlines() if l]
def src(name):
    return [s for s in man["sources"] if s["name"] == name][0]
$CHECK
EOF
	st=$?
	[ $st = 0 ] || sed 's/^/# /' check.out
	t $st "$name"
}

CHECK='
# The app writes emoji as surrogate-pair references, which the Python XML
# parser refuses too: count the elements by their tags.
text = open(os.path.join(demo, "phones/1001/sms.xml"), encoding="utf-8").read()
tags = re.findall(r"<(sms|mms)[ >]", text)
boxes = re.findall(r"<sms [^>]*?type=\"(\d)\"|<mms [^>]*?msg_box=\"(\d)\"", text)
m = jl("messages.jsonl")
assert len(m) == len(tags), (len(m), len(tags))
assert src("sms.xml")["read"] == len(tags) == src("sms.xml")["exported"]
assert sorted(x["type"] for x in m) == sorted(tags), m
# A received message (1) is inbound, any other outbound: the phone is theirs.
want = sorted("inbound" if (a or b) == "1" else "outbound" for a, b in boxes)
assert sorted(x["direction"] for x in m) == want, (want, m)
'
check "every message of the phone backup, in both directions"

CHECK='
calls = ET.parse(os.path.join(demo, "phones/1001/calls.xml")).getroot()
s = src("calls.xml")
assert s["read"] == len(list(calls)) == s["exported"], s
ids = [c["id"] for c in jl("calls.jsonl")]
assert len(ids) == len(set(ids)), "call ids repeat"
'
check "the phone's call log joins the CDR calls, every call once"

# The demo's recordings, and which row of Master.csv each names.
CHECK='
import csv
rows = list(csv.reader(open(os.path.join(demo, "cdr/Master.csv"),
                            encoding="latin-1")))
uniq = {r[16] for r in rows}
calls = {c["id"]: c for c in jl("calls.jsonl")}
legs = {l["id"]: c["id"] for c in calls.values() for l in c["legs"]
        if "id" in l}
recs = {r["id"]: r for r in jl("recordings.jsonl")}
mon = []
for d, _, fs in os.walk(os.path.join(demo, "monitor")):
    mon += [f for f in fs if f.lower().endswith(".wav")]
s = src("monitor")
assert s["read"] == len(mon), (s, mon)
assert s["read"] == s["exported"] + s["filtered"] + s["rejected"], s
for f in mon:
    stem = f[:-4]
    uid = stem.split("-")[-1]
    if uid in uniq and uid in legs:
        # Named after one of 1001s calls: linked to it.
        assert recs[stem]["call_id"] == legs[uid], (stem, recs.get(stem))
    elif "-1001-" in f or f.startswith("in-1001-"):
        # 1001 in the name, no such call: kept, unlinked.
        assert stem in recs and "call_id" not in recs[stem], stem
    else:
        assert stem not in recs, stem
assert s["filtered"] == 1, s
vm = [r for r in recs.values() if r["kind"] == "voicemail"]
assert len(vm) == 1 and vm[0]["extra"]["origmailbox"] == "1001", vm
'
check "recordings: linked by the id in their names, unlinked kept, others filtered"

CHECK='
recs = jl("recordings.jsonl")
assert recs and all("member" in r for r in recs)
for r in recs:
    info = z.getinfo(r["member"])
    assert info.compress_type == zipfile.ZIP_STORED, r["member"]
    data = z.read(r["member"])
    assert hashlib.sha256(data).hexdigest() == r["sha256"], r["member"]
    assert len(data) == r["bytes"], r["member"]
    # The same bytes as the file on disk.
    name = r["source"]["file"]
    if r["kind"] == "voicemail":
        name = r["extra"]["audio"]
    found = [os.path.join(d, name) for d, _, fs in os.walk(demo) if name in fs]
    assert found and open(found[0], "rb").read() == data, name
'
check "--with-audio: each audio file stored, byte for byte"

# ---- 2. another subscriber gets only their own ------------------------
voxport export -c "$demo/provider.json" -s 1008 -o b.zip $created 2>b.err
t $? "export 1008"
CHECK='
recs = jl("recordings.jsonl")
assert [r["id"] for r in recs] == ["1711699866.18"], recs
assert "member" not in recs[0]
assert [s for s in man["sources"] if s["name"] == "sms.xml"][0]["present"] is False
assert "messages.jsonl" in z.namelist() and not jl("messages.jsonl")
'
check "1008: the recording of their call with 1001, no phone backup" b.zip

# ---- 3. --since/--until -------------------------------------------------
voxport export -c "$demo/provider.json" -s 1001 -o c.zip $created \
	--since 2024-03-31 --until 2024-03-31 2>c.err
t $? "export 1001 for 31 March 2024"
CHECK='
import datetime
lo = datetime.datetime(2024, 3, 31, 0, 0, tzinfo=datetime.timezone.utc)
hi = datetime.datetime(2024, 3, 31, 23, 0, tzinfo=datetime.timezone.utc)
def t(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
m, r = jl("messages.jsonl"), jl("recordings.jsonl")
assert m and all(lo <= t(x["date"]) < hi for x in m), m
assert r and all(lo <= t(x["start"]) < hi for x in r), r
for s in man["sources"]:
    assert s["read"] == s["exported"] + s["filtered"] + s["rejected"], s
'
check "messages and recordings kept only in the range; counts add up" c.zip

# ---- 4. linking by time and number -------------------------------------
rm -rf p && cp -r "$demo" p
# Row 25 of Master.csv: 1001 to +447700900258 at 22:47:03 (GMT).  A name
# whose unique id is no call's, two seconds into that call.
cp p/monitor/2024/03/30/1711699866.18.wav \
	p/monitor/2024/03/30/out-07700900258-1001-20240330-224705-9.9.wav
voxport export -c p/provider.json -s 1001 -o d.zip $created 2>d.err
t $? "export with a recording named by time and number"
CHECK='
recs = {r["id"]: r for r in jl("recordings.jsonl")}
r = recs["out-07700900258-1001-20240330-224705-9.9"]
assert r["call_id"] == "1711700125.25", r
'
check "a recording without a known id is linked by time and number" d.zip

# ---- 5. misconfigured sources ------------------------------------------
rm -rf q && cp -r "$demo" q
sed -i 's#"phones/{subject}/calls.xml"#"phones/{subject}/sms.xml"#' \
	q/provider.json
voxport export -c q/provider.json -s 1001 -o e.zip $created 2>e.err
rc=$?
[ $rc = 1 ] && [ ! -e e.zip ] && grep -q "sms.xml: holds messages" e.err
t $? "an sms.xml named as a calls source is an error naming it"

rm -rf r && cp -r "$demo" r
sed -i 's#"cdr/Master.csv"#"cdr"#' r/provider.json
voxport export -c r/provider.json -s 1001 -o f.zip $created 2>f.err
rc=$?
[ $rc = 1 ] && [ ! -e f.zip ] && grep -q "cdr: is a folder" f.err
t $? "a folder for a format that reads files is an error naming it"

# ---- 6. recordings without calls in scope --------------------------------
voxport export -c "$demo/provider.json" -s 1001 -o g.zip $created \
	--categories recordings 2>g.err
t $? "export 1001 --categories recordings"
CHECK='
names = z.namelist()
assert "calls.jsonl" not in names, names
assert not [s for s in man["sources"] if s["format"] == "asterisk-cdr-csv"]
recs = {r["id"]: r for r in jl("recordings.jsonl")}
# Still found through the calls, read but not written.
assert recs["1711699866.18"]["call_id"] == "1711699866.18", recs
assert len(recs) == 4, sorted(recs)
'
check "recordings are linked through the calls even when calls are not exported" g.zip
