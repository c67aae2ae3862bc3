#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# freeswitch_cdr_xml_write.sh: what the freeswitch-cdr-xml target writes,
# checked by others.  The Asterisk cdr_csv fixtures go through `voxport
# convert --to freeswitch-cdr-xml`; then
#   - xmllint --noout accepts every file written;
#   - Python (xml.etree, urllib.parse.unquote) reads each file and its
#     URL-decoded variables match exactly one row of the source, read with
#     Python's csv module: numbers, channels, context, application, times
#     (stamps and epochs), duration, billsec, the hangup cause of the
#     disposition, the uniqueid; one file per row, named [a_]<uuid>.cdr.xml.
# Speaks TAP.  Environment: VOXPORT_TOP (voxport on PATH); run from a
# scratch folder.
set -u
top=${VOXPORT_TOP:?VOXPORT_TOP is not set}
data=$top/tests/data/asterisk-cdr-csv/ok
n=0
for spec in default-16:16 sample-18:18 uniqueid-17:17 newcols-19:19 \
	    uniqueid-20:20 linked-21:21 clid-forms:16; do
	b=${spec%:*}
	voxport convert --from asterisk-cdr-csv "$data/$b.csv" \
		--to freeswitch-cdr-xml -o "$b" >"$b.out" 2>"$b.err"
	rc=$?
	n=$((n + 1))
	if [ $rc -eq 0 ] && ls "$b"/*.cdr.xml >/dev/null 2>&1; then
		echo "ok $n - freeswitch-cdr-xml write: $b.csv"
	else
		echo "not ok $n - freeswitch-cdr-xml write: $b.csv"
		sed 's/^/# /' "$b.err"
	fi
	xmllint --noout "$b"/*.cdr.xml 2>"$b.lint"
	rc=$?
	n=$((n + 1))
	if [ $rc -eq 0 ] && [ ! -s "$b.lint" ]; then
		echo "ok $n - freeswitch-cdr-xml: xmllint $b/*.cdr.xml"
	else
		echo "not ok $n - freeswitch-cdr-xml: xmllint $b/*.cdr.xml"
		sed 's/^/# /' "$b.lint" | head -5
	fi
	echo "$spec" >>written
done
/usr/bin/python3 -W ignore - "$data" "$n" <<'PY'
import calendar, csv, glob, os, re, sys, time
import xml.etree.ElementTree as ET
from urllib.parse import unquote
data, n = sys.argv[1], int(sys.argv[2])
CAUSE = {"ANSWERED": "NORMAL_CLEARING", "NO ANSWER": "NO_ANSWER",
         "BUSY": "USER_BUSY", "FAILED": "NORMAL_TEMPORARY_FAILURE",
         "CONGESTION": "NORMAL_CIRCUIT_CONGESTION",
         "CANCEL": "ORIGINATOR_CANCEL"}
def epoch(stamp):
    return str(calendar.timegm(time.strptime(stamp, "%Y-%m-%d %H:%M:%S")))
def expect(row, cols):
    """The variables a row must give (None: must be absent)."""
    acct, src, dst, ctx, clid, chan, dchan, app, arg, st, an, en, \
        dur, bill, disp, ama = row[:16]
    if not src:
        m = re.search(r"<([^<>]*)>$", clid)
        src = m.group(1) if m and clid.startswith('"') else ""
    v = {"caller_id_number": src, "destination_number": dst,
         "context": ctx, "channel_name": chan, "bridge_channel": dchan,
         "last_app": app, "last_arg": arg, "accountcode": acct,
         "start_stamp": st, "answer_stamp": an, "end_stamp": en,
         "start_epoch": epoch(st), "answer_epoch": epoch(an) if an else "0",
         "end_epoch": epoch(en), "duration": dur, "billsec": bill,
         "hangup_cause": CAUSE.get(disp, ""), "amaflags": ama}
    if cols in (17, 18, 20, 21):
        v["uuid"] = row[16]
    m = re.fullmatch(r'"((?:[^"\\]|\\.)*)" <(.*)>', clid)
    if m and m.group(1):
        v["caller_id_name"] = re.sub(r"\\(.)", r"\1", m.group(1))
    return {k: (x or None) for k, x in v.items()}
for spec in open("written"):
    b, cols = spec.strip().split(":")
    rows = list(csv.reader(open(os.path.join(data, b + ".csv"),
                                newline="", encoding="utf-8")))
    want = [expect(r, int(cols)) for r in rows]
    files = sorted(glob.glob(os.path.join(b, "*.cdr.xml")))
    problems = []
    calls = []
    for f in files:
        try:
            root = ET.parse(f).getroot()
        except ET.ParseError as e:
            problems.append("%s: %s" % (f, e))
            continue
        if root.tag != "cdr" or root.find("callflow/caller_profile") is None:
            problems.append("%s: not a mod_xml_cdr document" % f)
            continue
        got = {e.tag: unquote(e.text or "") for e in root.find("variables")}
        name = os.path.basename(f)
        uuid = got.get("uuid", "")
        if not re.fullmatch(r"(a_)?" + re.escape(re.sub(
                r"[^A-Za-z0-9._-]", "_", uuid)) + r"(-\d+)?\.cdr\.xml", name):
            problems.append("%s: not named after uuid %r" % (name, uuid))
        # one A-leg (a_, channel_data inbound) per call
        a_leg = root.findtext("channel_data/direction") == "inbound"
        if a_leg != name.startswith("a_"):
            problems.append("%s: a_ but not the A-leg, or back" % name)
        if a_leg:
            calls.append(got.get("call_uuid"))
        match = [i for i, w in enumerate(want) if w is not None and all(
            got.get(k) == x for k, x in w.items())]
        if not match:
            problems.append("%s: matches no row; got %r" % (name, got))
        else:
            want[match[0]] = None
    if len(set(calls)) != len(calls):
        problems.append("a call with two A-legs: %r" % calls)
    left = [i + 1 for i, w in enumerate(want) if w is not None]
    if left:
        problems.append("rows without a file: %r" % left)
    n += 1
    print("%s %d - freeswitch-cdr-xml: %s: %d files, %d rows, variables "
          "decode to the rows' values%s" % (
              "not ok" if problems else "ok", n, b, len(files), len(rows),
              "".join("\n# " + p[:300] for p in problems[:5])))
PY
