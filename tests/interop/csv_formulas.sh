#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# csv_formulas.sh: calls.csv opened in a spreadsheet runs no formula.
# A copy of the demo provider gets Master.csv rows for subscriber 1001
# whose caller-ID name, caller number (src) and account code are OWASP
# "CSV injection" payloads; the export's calls.csv must then
#   - follow the guard of man/voxport-archive.5 (checked with Python's csv
#     module: no place where a cell may start holds = + - @ TAB CR LF or ",
#     and undoing the guard gives calls.jsonl's values back);
#   - open in LibreOffice Calc (soffice --headless, to flat ODS) with no
#     cell a formula, the payloads shown as text and +447700900123 as the
#     number it is.  Two imports, both with formulas evaluated: the usual
#     one (comma), and one split at ";" and TAB, as Excel opens a CSV where
#     the list separator is ";" (quotes that do not open a cell are text,
#     so a ";", TAB or line break inside a value starts a cell).
# The LibreOffice part is skipped only when soffice is not installed
# (scripts/deps.sh installs libreoffice-calc-nogui).  Speaks TAP.
# Environment: VOXPORT_TOP (source tree); voxport on PATH; run from a
# scratch folder.
set -u

top=${VOXPORT_TOP:?VOXPORT_TOP is not set}
py=/usr/bin/python3
n=0

tap() {
	n=$((n + 1))
	# printf, not echo: dash's echo would expand the \t in a payload.
	if [ "$1" -eq 0 ]; then
		printf 'ok %d - csv_formulas: %s\n' "$n" "$2"
	else
		printf 'not ok %d - csv_formulas: %s\n' "$n" "$2"
	fi
}

# checks FILE: turn "<0|1> what" lines into TAP, pass "# ..." through.
checks() {
	while IFS= read -r line; do
		case $line in
		"#"*) printf '%s\n' "$line" ;;
		*) tap "${line%% *}" "${line#* }" ;;
		esac
	done <"$1"
}

# The payloads and the rule of man/voxport-archive.5, for the checks below.
cat >rule.py <<'EOF'
import re

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1+cmd|' /C calc'!A0",
    "\r=1+1+cmd|' /C calc'!A0",
    # A cell starts inside these where a reader splits at ";" or TAB.
    "x;=HYPERLINK(\"http://x\",\"y\");",
    "y\t@SUM(1+1)*cmd|' /C calc'!A0",
    "z;\"=2+2;",
]
# (name, src, accountcode): each payload as all three, then real values
# that must stay as they are.
ROWS = [(h, h, h) for h in HOSTILE] + [
    ("Normal Caller", "+447700900123", "acct47"),
    ("a\n=1+6", "1001", "'quoted"),
]
NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?\Z")
BOUNDARY = ";\t\r\n"
TRIGGER = "=+-@\t\r\n\"'"

def starts(v):
    """Where a cell may start in v."""
    return [i for i in range(len(v)) if i == 0 or v[i - 1] in BOUNDARY]

def guard(v):
    if NUMBER.match(v):
        return v
    at = [i for i in starts(v) if v[i] in TRIGGER]
    return "".join(("'" if i in at else "") + c for i, c in enumerate(v))

def unguard(v):
    return "".join(c for i, c in enumerate(v)
                   if c != "'" or (i > 0 and v[i - 1] not in BOUNDARY))
EOF

cp -R "$top/examples/demo-provider" prov
# The rows in cdr_csv's 18 columns (accountcode, src, dst, dcontext, clid,
# channel, dstchannel, lastapp, lastdata, start, answer, end, duration,
# billsec, disposition, amaflags, uniqueid, userfield).
"$py" - <<'EOF'
from rule import ROWS

def q(s):
    return '"' + s.replace('"', '""') + '"'

with open("prov/cdr/Master.csv", "a", encoding="utf-8", newline="") as f:
    for i, (name, src, acct) in enumerate(ROWS):
        f.write(",".join([
            q(acct), q(src), q("02079460807"), q("from-internal"),
            q('"%s" <%s>' % (name, src)), q("PJSIP/1001-%08d" % i), q(""),
            q("Dial"), q("PJSIP/02079460807@trunk,60,tT"),
            q("2024-11-01 10:%02d:00" % i), "",
            q("2024-11-01 10:%02d:30" % i), "30", "0", q("NO ANSWER"),
            q("DOCUMENTATION"), q("evil-%d" % i), q("")]) + "\n")
EOF

voxport export -c prov/provider.json -s 1001 -o out.zip \
	--created 2026-01-01T00:00:00Z 2>export.err
rc=$?
tap $rc "export of the hostile rows"
[ $rc -eq 0 ] || sed 's/^/# /' export.err
voxport validate out.zip >validate.out 2>&1
rc=$?
tap $rc "the archive validates"
[ $rc -eq 0 ] || sed 's/^/# /' validate.out

# The bytes voxport wrote, read as CSV.
"$py" - <<'EOF' >checks.out 2>checks.err
import csv, io, json, zipfile
from rule import NUMBER, ROWS, TRIGGER, guard, starts, unguard

z = zipfile.ZipFile("out.zip")
z.extract("calls.csv")
text = z.read("calls.csv").decode("utf-8")
rows = list(csv.reader(io.StringIO(text, newline="")))
calls = [json.loads(l) for l in z.read("calls.jsonl").decode().splitlines()]
head, body = rows[0], rows[1:]

bad = sorted({(r[0], c) for r in body for c in r
              if guard(unguard(c)) != c or
              (not NUMBER.match(c) and
               any(c[i] in TRIGGER[:-1] for i in starts(c)))})
print("%d no place where a cell may start holds a formula "
      "(%d cells do)" % (1 if bad else 0, len(bad)))
for b in bad[:10]:
    print("# %r" % (b,))

fields = {
    "from_number": lambda o: o["from"].get("number", o["from"].get("raw")),
    "from_raw": lambda o: o["from"].get("raw"),
    "from_name": lambda o: o["from"].get("name"),
    "to_number": lambda o: o["to"].get("number", o["to"].get("raw")),
    "to_raw": lambda o: o["to"].get("raw"),
    "account_code": lambda o: o.get("account_code"),
}
diff = []
for r, o in zip(body, calls):
    for k, get in fields.items():
        want = get(o) or ""
        if unguard(r[head.index(k)]) != want:
            diff.append((o["id"], k, r[head.index(k)], want))
ok = len(body) == len(calls) and not diff
print("%d undoing the guard gives calls.jsonl's values back" %
      (0 if ok else 1))
for d in diff[:10]:
    print("# %r" % (d,))
evil = sum(1 for r in body if r[0].startswith("evil-"))
print("%d calls.csv holds the %d hostile rows" %
      (0 if evil == len(ROWS) else 1, len(ROWS)))
EOF
rc=$?
checks checks.out
[ $rc -eq 0 ] || { tap 1 "csv checks ran (status $rc)"; sed 's/^/# /' checks.err; }

if ! command -v soffice >/dev/null 2>&1; then
	echo "ok $((n + 1)) - csv_formulas: LibreOffice # SKIP soffice not installed"
	echo "1..$((n + 1))"
	exit 0
fi

# convert NAME SEPARATORS: calls.csv to NAME/calls.fods.  The options:
# separators (ASCII codes), '"', UTF-8, from line 1, en-US, quoted fields
# parsed like the rest, special numbers detected, formulas evaluated.  A
# private profile (HOME and UserInstallation) lets soffice run as root and
# beside other runs.
mkdir -p home lo
convert() {
	HOME=$PWD/home timeout 300 soffice \
		-env:UserInstallation="file://$PWD/lo" --headless --norestore \
		--infilter="CSV:$2,34,76,1,,1033,false,true,false,false,false,-1,true" \
		--convert-to fods --outdir "$1" calls.csv >"$1.out" 2>&1
	[ -s "$1/calls.fods" ]
	rc=$?
	tap $rc "soffice imports calls.csv split at $1 into flat ODS"
	[ $rc -eq 0 ] || sed 's/^/# /' "$1.out"
}
convert comma 44
convert semicolon-tab 59/9

"$py" - <<'EOF' >checks.out 2>checks.err
import xml.etree.ElementTree as ET
from rule import HOSTILE, guard

T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
X = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"

def para(p):
    """The text of one text:p, with its spaces, tabs and line breaks."""
    out = [p.text or ""]
    for e in p:
        if e.tag == X + "s":
            out.append(" " * int(e.get(X + "c", "1")))
        elif e.tag == X + "tab":
            out.append("\t")
        elif e.tag == X + "line-break":
            out.append("\n")
        else:
            out.append(para(e))
        out.append(e.tail or "")
    return "".join(out)

def load(path):
    """The rows with text, and the formulas, of a flat ODS file."""
    rows, formulas = [], []
    for r in ET.parse(path).getroot().iter(T + "table-row"):
        cells = []
        for c in r.findall(T + "table-cell"):
            cell = (c.get(O + "value-type"), c.get(O + "value"),
                    "\n".join(para(p) for p in c.findall(X + "p")))
            if c.get(T + "formula"):
                formulas.append((c.get(T + "formula"), cell))
            cells += [cell] * min(
                int(c.get(T + "number-columns-repeated", "1")), 64)
        if any(x[2] for x in cells):
            rows.append(cells)
    return rows, formulas

for name in ("comma", "semicolon-tab"):
    try:
        rows, formulas = load(name + "/calls.fods")
    except Exception as e:
        print("1 %s: %s" % (name, e))
        continue
    print("%d split at %s: no cell is a formula in LibreOffice "
          "(%d found)" % (1 if formulas else 0, name, len(formulas)))
    for f in formulas[:10]:
        print("# %r" % (f,))

rows, _ = load("comma/calls.fods")
head = [c[2] for c in rows[0]]
evil = {r[0][2]: dict(zip(head, r)) for r in rows[1:]
        if r[0][2].startswith("evil-")}
for i, h in enumerate(HOSTILE):
    row = evil.get("evil-%d" % i, {})
    # Calc shows the ' (a CSV has no input prefix) and a CR as a break.
    want = guard(h).replace("\r", "\n")
    got = [row.get(k) for k in ("from_name", "from_raw", "account_code")]
    ok = all(g and g[0] == "string" and g[2] == want for g in got)
    print("%d payload %d is the text %r in LibreOffice" % (0 if ok else 1,
          i + 1, want))
    if not ok:
        print("# got %r" % (got,))

row = evil.get("evil-%d" % len(HOSTILE), {})
got = [row.get(k) for k in ("from_number", "from_raw")]
ok = all(g and ((g[0] == "float" and g[1] == "447700900123") or
                (g[0] == "string" and g[2] == "+447700900123")) for g in got)
print("%d +447700900123 stays the number it is in LibreOffice" %
      (0 if ok else 1))
if not ok:
    print("# got %r" % (got,))
row = evil.get("evil-%d" % (len(HOSTILE) + 1), {})
got = [row.get(k) for k in ("from_name", "account_code")]
ok = got == [("string", None, "a\n'=1+6"), ("string", None, "''quoted")]
print("%d a line inside a cell and a leading ' stay text" % (0 if ok else 1))
if not ok:
    print("# got %r" % (got,))
EOF
rc=$?
checks checks.out
[ $rc -eq 0 ] || { tap 1 "LibreOffice checks ran (status $rc)"; sed 's/^/# /' checks.err; }
echo "1..$n"
