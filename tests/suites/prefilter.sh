#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# prefilter.sh: a single export parses only the Master.csv rows that may be
# the subject's (issue 9, src/rowscan.h), and exports exactly what parsing
# every row exports.  Each subscriber is exported twice, with the prefilter
# and with VOXPORT_NO_PREFILTER=1 (every row parsed), from:
#  - every tests/data/asterisk-cdr-csv/ok fixture, each its own file of a
#    pattern source, the demo Master.csv, and a file made here of the hard
#    cases: quoted fields over several lines, Latin-1 rows, numbers written
#    nationally, internationally, in E.164, with separators, as tel: and
#    sip: URIs and only in clid, extensions and SIP usernames only in
#    channel names, account codes, a header, blank and space-only lines,
#    CRLF and lone-CR line ends;
#  - a provider from bench/gen-provider.py (small).
# calls.jsonl and calls.csv must be byte for byte the same, and the
# manifest's sources[] the same (counts included: the rows the prefilter
# skips are counted read and filtered, as parsed rows of others are), with
# read = exported + filtered + rejected.  Then what differs by design: a
# malformed row of another subscriber stops a full parse, and a single
# export with the prefilter never inspects it (counted filtered).
set -u
top=${VOXPORT_TOP:?}
cp -R "$top/examples/demo-provider" prov || exit 1
/usr/bin/python3 "$top/bench/gen-provider.py" --rows 2000 --subscribers 8 \
	--seed 5 --out gen --provider-json >/dev/null || exit 1

exec /usr/bin/python3 - "$top" <<'EOF'
import csv, glob, io, json, os, shutil, subprocess, sys, zipfile

top = sys.argv[1]
n = 0


def t(ok, what):
    global n
    n += 1
    print("%s %d - prefilter: %s" % ("ok" if ok else "not ok", n, what))
    sys.stdout.flush()


def export(prov, subject, out, full, extra=()):
    env = dict(os.environ)
    env.pop("VOXPORT_NO_PREFILTER", None)
    if full:
        env["VOXPORT_NO_PREFILTER"] = "1"
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run(["voxport", "export", "-c", prov + "/provider.json",
                        "-s", subject, "--categories", "calls", "-o", out,
                        "--created", "@0"] + list(extra), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def members(path):
    with zipfile.ZipFile(path) as z:
        m = json.loads(z.read("manifest.json"))
        return (z.read("calls.jsonl"), z.read("calls.csv"), m["sources"])


def compare(prov, subjects, what):
    bad = []
    for s in subjects:
        a, ea = export(prov, s, "a.zip", False)
        b, eb = export(prov, s, "b.zip", True)
        if a != 0 or b != 0:
            bad.append("%s: exit %d/%d %s %s" % (s, a, b, ea, eb))
            continue
        ja, ca, sa = members("a.zip")
        jb, cb, sb = members("b.zip")
        if ja != jb or ca != cb:
            bad.append("%s: calls differ" % s)
        if sa != sb:
            bad.append("%s: sources differ: %s" % (s, [
                (x, y) for x, y in zip(sa, sb) if x != y]))
        for src in sa:
            if src["read"] != src["exported"] + src["filtered"] + \
                    src["rejected"]:
                bad.append("%s: %s counts do not add up" % (s, src))
    t(not bad, "%s: %d subscribers, both ways the same calls and counts%s"
      % (what, len(subjects), "".join("\n# " + b for b in bad)))


def subscriber_ids(prov):
    with open(prov + "/subscribers.csv", newline="", encoding="utf-8") as f:
        return [r["id"] for r in csv.DictReader(f)]


def set_calls(prov, path):
    with open(prov + "/provider.json") as f:
        p = json.load(f)
    p["sources"]["calls"] = [{"format": "asterisk-cdr-csv", "path": path}]
    p["sources"].pop("messages", None)
    p["sources"].pop("recordings", None)
    with open(prov + "/provider.json", "w") as f:
        json.dump(p, f)


# Subscribers found only by what the hard cases exercise.
with open("prov/subscribers.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
head = rows[0]
extra = [
    # id, phones, extensions, account codes, SIP usernames
    ("2001", "work:+44 20 7946 0199", "", "", ""),
    ("2002", "mobile:07700 900 188", "", "acct-2002", ""),
    ("2003", "", "3003", "", "carol.sip"),
    ("2004", "home:+1 (555) 555-0142", "", "", ""),
]
for sid, phones, ext, acct, sip in extra:
    r = list(rows[1])
    r[head.index("id")] = sid
    r[head.index("phones")] = phones
    r[head.index("extensions")] = ext
    r[head.index("account_codes")] = acct
    r[head.index("sip_usernames")] = sip
    rows.append(r)
with open("prov/subscribers.csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)


def row(acct="", src="", dst="", clid="", chan="", dchan="", data="",
        disp="ANSWERED", dur="10"):
    q = lambda v: '"' + v.replace('"', '""') + '"'
    return ",".join([q(acct), q(src), q(dst), q("from-internal"), q(clid),
                     q(chan), q(dchan), q("Dial"), q(data),
                     q("2024-03-01 10:00:00"), q("2024-03-01 10:00:02"),
                     q("2024-03-01 10:00:12"), dur, "8", q(disp),
                     q("DOCUMENTATION")])


hard = [
    'accountcode,src,dst,dcontext,clid,channel,dstchannel,lastapp,lastdata,'
    'start,answer,end,duration,billsec,disposition,amaflags',
    # numbers of 2001 (+442079460199) in every form the matcher reads
    row(src="02079460199", dst="1002"),
    row(src="+442079460199", dst="1003"),
    row(src="00442079460199", dst="1003"),
    row(src="442079460199", dst="1003"),
    row(src="020 7946 0199", dst="1003"),
    row(src="(020) 7946-0199", dst="1003"),
    row(src="020.7946.0199", dst="1003"),
    row(src="1002", dst="tel:+44-20-7946-0199;ext=12"),
    row(src="1002", dst="sip:02079460199@pbx.example"),
    row(src="1002", dst="+44 20 7946 0199"),
    row(src="", dst="1002", clid='"Caller" <020 7946 0199>'),
    row(src="", dst="1002", clid='"Caller" <+442079460199>'),
    row(src=" ", dst="1002", clid='"Caller" <020-7946-0199>'),
    # 2002's mobile, 2004's US number
    row(src="07700900188", dst="1001"),
    row(src="+447700 900188", dst="1001"),
    row(acct="acct-2002", src="1001", dst="1009"),
    row(src="+15555550142", dst="1001"),
    row(src="1 (555) 555-0142", dst="1001"),
    # extensions and SIP usernames only in channel names
    row(src="", dst="s", chan="PJSIP/3003-0000abcd", dchan="PJSIP/1009-01"),
    row(src="", dst="s", chan="PJSIP/trunk-01",
        dchan="SIP/carol.sip-00000001"),
    row(src="", dst="s", chan="Local/3003@from-internal-0000;1"),
    row(src="", dst="s", chan="PJSIP/hiroshi-000000ff"),
    row(acct="acct42", src="5551", dst="5552"),
    # quoted fields over several lines, of the subject and of others
    row(src="1001", dst="1002", data="first line\nsecond, \"quoted\"\nthird"),
    row(src="1007", dst="1009", data="a\nb"),
    row(src="1009", dst="1007", data="\n\n"),
    # blank and space-only lines
    "",
    "   \t ",
    # Latin-1 names, the subject's and others'
    row(src="1002", dst="1005", clid='"J\xfcrgen M\xfcller" <1002>'),
    row(src="1009", dst="1007", clid='"Ren\xe9e" <1009>'),
    # a number that only holds the last digits of 1002's, and others
    row(src="0207946010", dst="1009"),
    row(src="1005", dst="07700900999"),
]
body = "\n".join(hard) + "\n"
# CRLF rows, and rows ended by a CR alone (csvrows.h: both end lines)
body += row(src="1001", dst="1009") + "\r\n" + row(src="1009", dst="1007")
body += "\r\n" + row(src="1007", dst="1009") + "\r"
body += row(src="1003", dst="1001") + "\r" + row(src="1009", dst="1006")
body += "\n" + row(src="1009", dst="1006") + "\n"
os.makedirs("prov/cdr-all")
with open("prov/cdr-all/hard.csv", "wb") as f:
    f.write(body.encode("latin-1"))
for p in glob.glob(top + "/tests/data/asterisk-cdr-csv/ok/*.csv"):
    shutil.copy(p, "prov/cdr-all/" + os.path.basename(p))
shutil.copy("prov/cdr/Master.csv", "prov/cdr-all/Master.csv")
set_calls("prov", "cdr-all/*.csv")
compare("prov", subscriber_ids("prov"),
        "every ok fixture, the demo Master.csv and the hard cases")

set_calls("gen", "cdr/Master.csv")
compare("gen", subscriber_ids("gen"), "a generated provider")

# The prefilter is on: the rows of others are counted, never parsed.
a, _ = export("prov", "2001", "a.zip", False)
src = [s for s in members("a.zip")[2] if s.get("name") == "Master.csv"]
t(a == 0 and src and src[0]["filtered"] == src[0]["read"] and
  src[0]["exported"] == 0, "Master.csv has none of 2001's rows: all filtered")

# What differs by design: another subscriber's malformed rows (a bad
# duration; a quote left open, then more rows) stop a full parse, and a
# single export does not inspect them; a quote left open in another's row
# leaves the subject's later rows found as a full parse finds them.
shutil.copytree("prov", "bad")
ok_rows = [row(src="1001", dst="1002"), row(src="1009", dst="1006")]
with open("bad/cdr-all/hard.csv", "w", encoding="utf-8") as f:
    f.write(ok_rows[0] + "\n" + row(src="1009", dst="1006", dur="x1") + "\n"
            + ok_rows[1] + "\n" + row(src="1009", dst="1006") + "\n")
for p in glob.glob("bad/cdr-all/*.csv"):
    if not p.endswith("hard.csv"):
        os.remove(p)
a, ea = export("bad", "1001", "a.zip", False)
b, eb = export("bad", "1001", "b.zip", True)
src = members("a.zip")[2] if a == 0 else []
t(a == 0 and b == 1 and "hard.csv:2: bad duration" in eb and
  any(s.get("read") == 4 and s.get("exported") == 1 and
      s.get("filtered") == 3 and s.get("rejected") == 0 for s in src),
  "another subscriber's bad row: not inspected, counted filtered "
  "(a full parse stops: exit %d, %s)" % (b, eb.strip()))
a, ea = export("bad", "1009", "a.zip", False)
t(a == 1 and "hard.csv:2: bad duration" in ea,
  "the subject's own bad row still stops the export")
with open("bad/cdr-all/hard.csv", "w", encoding="utf-8") as f:
    f.write(ok_rows[0] + "\n" + ok_rows[1][:40] + "\n" + ok_rows[1] + "\n"
            + row(src="1001", dst="1003") + "\n")
a, ea = export("bad", "1001", "a.zip", False, ["--on-error=skip"])
b, eb = export("bad", "1001", "b.zip", True, ["--on-error=skip"])
t(a == 0 and b == 0 and members("a.zip")[0] == members("b.zip")[0],
  "a quote left open in another's row: the subject's rows after it are "
  "still found, as a full parse finds them")
EOF
