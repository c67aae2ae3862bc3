#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# differential.sh: voxport's own implementations against independent ones
# (tests/tools/diffcheck.c drives ours).  Prints TAP.
#  - time zones: the UTC offset at every hour of 1970-2037, and the UTC
#    instant of every local hour (folds and gaps resolved as timeconv.h
#    says: fold=0 in Python's terms), in 12 zones of both hemispheres,
#    with half- and quarter-hour offsets and changed rules, against
#    Python's zoneinfo (the same tzdata, read by another implementation);
#  - RFC 3339: formatting random instants of years 1-9999 against
#    Python's datetime, and parsing random texts (offsets, fractions of 1
#    to 9 digits, lower-case t and z, invalid dates) against datetime;
#  - CSV: random values (quotes, commas, CR, LF, formula triggers, UTF-8)
#    written by vox_csv_put() and vox_csv_put_plain() read back by Python's
#    csv module: the plain one gives the value, the guarded one the value
#    once the documented guard is undone;
#  - SHA-256: every member of an export against sha256sum(1).
set -u
top=${VOXPORT_TOP:?}
build=${VOXPORT_BUILD:?}
dc=$build/tests/diffcheck
vp=$build/voxport
py=/usr/bin/python3
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - differential: $name"
	else
		echo "not ok $n - differential: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}

end=2145916800		# 2038-01-01T00:00:00Z
for zone in Europe/London America/New_York Australia/Sydney Asia/Kolkata \
	Asia/Kathmandu Australia/Lord_Howe America/Sao_Paulo Africa/Casablanca \
	Pacific/Auckland America/St_Johns Asia/Tehran Europe/Moscow; do
	t "$zone: offsets and local times, every hour 1970-2037" "$py" - \
		"$dc" "$zone" "$end" <<'PY'
import datetime, subprocess, sys
from zoneinfo import ZoneInfo
dc, zone, end = sys.argv[1], sys.argv[2], int(sys.argv[3])
tz = ZoneInfo(zone)
def ours(mode):
    out = subprocess.run([dc, mode, zone, "0", str(end), "3600"],
                         capture_output=True, text=True, check=True).stdout
    return [tuple(map(int, l.split())) for l in out.splitlines()]
def runs(f):
    r, prev = [], None
    for t in range(0, end, 3600):
        v = f(t)
        if v != prev:
            r.append((t, v))
            prev = v
    return r
fromts = datetime.datetime.fromtimestamp
utc = datetime.timezone.utc
want = runs(lambda t: int(fromts(t, tz).utcoffset().total_seconds()))
def to_utc(w):
    d = fromts(w, utc).replace(tzinfo=tz, fold=0)
    return int(d.timestamp()) - w
want_w = runs(to_utc)
bad = 0
for name, a, b in (("offsets", ours("offsets"), want),
                   ("toutc", ours("toutc"), want_w)):
    if a != b:
        bad += 1
        for x, y in zip(a, b):
            if x != y:
                print(name, "voxport", x, "zoneinfo", y)
                break
        else:
            print(name, len(a), "changes, zoneinfo", len(b))
print(zone, len(want), "offset changes")
sys.exit(bad)
PY
done

t "RFC 3339: format and parse against datetime" "$py" - "$dc" <<'PY'
import datetime, random, subprocess, sys
dc = sys.argv[1]
rnd = random.Random(20261203)
utc = datetime.timezone.utc
epoch = datetime.datetime(1970, 1, 1, tzinfo=utc)
lo = int((datetime.datetime(1, 1, 1, tzinfo=utc) - epoch).total_seconds() * 1000)
hi = int((datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=utc) - epoch).total_seconds() * 1000)
ms = [rnd.randint(lo, hi) for _ in range(20000)] + [0, -1, 1, 999, -1000]
out = subprocess.run([dc, "format"], input="\n".join(map(str, ms)) + "\n",
                     capture_output=True, text=True, check=True).stdout.split()
bad = 0
for m, got in zip(ms, out):
    d = epoch + datetime.timedelta(milliseconds=m)
    # strftime's %Y does not pad years before 1000 on glibc: by hand.
    want = "%04d-%02d-%02dT%02d:%02d:%02d" % (d.year, d.month, d.day,
                                              d.hour, d.minute, d.second)
    if d.microsecond:
        want += ".%03d" % (d.microsecond // 1000)
    want += "Z"
    if got != want:
        bad += 1
        if bad < 5: print("format", m, got, want)
texts, wants = [], []
for _ in range(20000):
    y, mo, da = rnd.randint(1, 9999), rnd.randint(1, 12), rnd.randint(1, 31)
    h, mi, s = rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59)
    frac = "" if rnd.random() < 0.3 else "." + "".join(
        rnd.choice("0123456789") for _ in range(rnd.randint(1, 9)))
    off = rnd.choice(["Z", "z", "+00:00", "+05:30", "-08:00", "+14:00", "-12:00"])
    sep = rnd.choice("Tt")
    txt = "%04d-%02d-%02d%s%02d:%02d:%02d%s%s" % (y, mo, da, sep, h, mi, s, frac, off)
    sign = -1 if off[0] == "-" else 1
    hours, mins = (0, 0) if off in "Zz" else (int(off[1:3]), int(off[4:6]))
    zone = datetime.timezone(sign * datetime.timedelta(hours=hours,
                                                       minutes=mins))
    try:
        # Fractions are truncated to milliseconds (timeconv.h).
        milli = int(frac[1:4].ljust(3, "0")) if frac else 0
        d = datetime.datetime(y, mo, da, h, mi, s, milli * 1000, tzinfo=zone)
        delta = d - epoch
        want = (delta.days * 86400 + delta.seconds) * 1000 + \
            delta.microseconds // 1000
    except (ValueError, OverflowError):
        want = "ERR"
    texts.append(txt)
    wants.append(str(want))
out = subprocess.run([dc, "parse"], input="\n".join(texts) + "\n",
                     capture_output=True, text=True, check=True).stdout.split()
for txt, got, want in zip(texts, out, wants):
    if got != want:
        bad += 1
        if bad < 10: print("parse", txt, got, want)
print(len(ms), "formatted,", len(texts), "parsed,", wants.count("ERR"), "invalid")
sys.exit(1 if bad else 0)
PY

t "CSV: random values through Python's csv reader" "$py" - "$dc" <<'PY'
import csv, io, random, re, subprocess, sys
dc = sys.argv[1]
rnd = random.Random(42)
alphabet = list('abc ,;"\'=+-@\t\r\n012.é€😀')
vals = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        for _ in range(5000)] + ["", " x", "x ", "+447700900123", "-2", "1.5"]
inp = "\n".join(v.encode().hex() for v in vals) + "\n"
out = subprocess.run([dc, "csv"], input=inp.encode(), capture_output=True,
                     check=True).stdout.decode()
rows = list(csv.reader(io.StringIO(out, newline="")))
TRIG = "=+-@\t\r\n\"'"
def unguard(s):
    return re.sub(r"(^|(?<=[;\t\r\n]))'(?=[%s])" % re.escape(TRIG), "", s)
bad = 0
if len(rows) != len(vals):
    print(len(rows), "rows for", len(vals), "values"); bad += 1
for v, r in zip(vals, rows):
    if len(r) != 2 or r[1] != v or unguard(r[0]) != v:
        bad += 1
        if bad < 10: print(repr(v), r)
print(len(vals), "values")
sys.exit(1 if bad else 0)
PY

t "SHA-256 of every member against sha256sum" sh -c "
	'$vp' export -c '$top/examples/demo-provider/provider.json' -s 1001 \
		-o a.zip --created 2024-11-01T00:00:00Z --with-attachments &&
	mkdir x && unzip -q a.zip -d x && cd x &&
	'$py' -c 'import json; m = json.load(open(\"manifest.json\"))
for f in m[\"files\"]: print(f[\"sha256\"] + \"  \" + f[\"path\"])' >../sums &&
	test \$(wc -l <../sums) -gt 10 && sha256sum -c --quiet ../sums"
