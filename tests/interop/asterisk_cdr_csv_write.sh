#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# asterisk_cdr_csv_write.sh: what the asterisk-cdr-csv target writes, read
# by Python's csv module.  Each cdr_csv fixture in its own layout (16 to 21
# columns) goes through `voxport convert --to asterisk-cdr-csv -O
# columns=N`; then Master.csv must:
#   - parse into exactly N fields per row, the same fields as the source's
#     rows, value for value (so the reader and the writer agree with a
#     third party, not only with each other);
#   - be quoted as cdr_csv's build_csv_record() quotes: every string field
#     in double quotes, duration, billsec and sequence bare integers, an
#     unset time an empty unquoted field, LF line ends.
# Speaks TAP.  Environment: VOXPORT_TOP (voxport on PATH); run from a
# scratch folder.
set -u
top=${VOXPORT_TOP:?VOXPORT_TOP is not set}
data=$top/tests/data/asterisk-cdr-csv/ok
n=0
for spec in default-16:16 sample-18:18 uniqueid-17:17 newcols-19:19 \
	    uniqueid-20:20 linked-21:21 clid-forms:16 latin1:16 crlf:18 \
	    header:16; do
	b=${spec%:*}
	cols=${spec#*:}
	voxport convert --from asterisk-cdr-csv "$data/$b.csv" \
		--to asterisk-cdr-csv -o "$b" -O "columns=$cols" \
		>"$b.out" 2>"$b.err"
	rc=$?
	n=$((n + 1))
	if [ $rc -eq 0 ] && [ -f "$b/Master.csv" ]; then
		echo "ok $n - asterisk-cdr-csv write: $b.csv to $cols columns"
	else
		echo "not ok $n - asterisk-cdr-csv write: $b.csv to $cols columns"
		sed 's/^/# /' "$b.err"
	fi
	echo "$b $cols" >>written
done
/usr/bin/python3 -W ignore - "$data" "$n" <<'PY'
import csv, io, re, sys
data, n = sys.argv[1], int(sys.argv[2])
STR = r'"(?:[^"]|"")*"'
TIME = r'(?:"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"|)'
def shape(cols):
    # build_csv_record(): 9 strings, 3 times, 2 ints, 2 strings, extras
    parts = [STR] * 9 + [TIME] * 3 + [r"\d+"] * 2 + [STR] * 2
    parts += [STR] * (cols - 16)
    if cols >= 19:
        parts[-1] = r"\d+"          # sequence
    return re.compile(",".join(parts))
def field(x):
    # as the reader takes a field: UTF-8 when valid, else Windows-1252
    b = x.encode("latin-1")
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("cp1252")
def src_rows(path):
    raw = open(path, "rb").read().decode("latin-1")
    rows = [[field(x) for x in r]
            for r in csv.reader(io.StringIO(raw, newline=""))]
    if rows and rows[0] and rows[0][0] == "accountcode":
        rows = rows[1:]             # a GUI's header: not cdr_csv's
    return rows
for line in open("written"):
    b, cols = line.split()
    cols = int(cols)
    try:
        text = open(b + "/Master.csv", "rb").read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        n += 1
        print("not ok %d - %s: Master.csv unreadable: %s" % (n, b, e))
        continue
    got = list(csv.reader(io.StringIO(text, newline="")))
    bad = [i + 1 for i, r in enumerate(got) if len(r) != cols]
    n += 1
    print("%s %d - %s: %d rows of %d fields%s" % (
        "not ok" if bad or not got else "ok", n, b, len(got), cols,
        "".join("\n# row %d has another count" % i for i in bad[:5])))
    src = src_rows(data + "/" + b + ".csv")
    diffs = []
    for i, (s, g) in enumerate(zip(src, got)):
        for j, (x, y) in enumerate(zip(s, g)):
            # the clid forms cdr_csv's writer never makes are rebuilt
            if b == "clid-forms" and j == 4:
                continue
            # no src: the reader took the caller's number from clid
            m = re.search(r"<([^<>]*)>$", s[4])
            if j == 1 and x == "" and m:
                x = m.group(1)
            if x != y:
                diffs.append("row %d field %d: %r != %r" % (i + 1, j + 1, x, y))
    n += 1
    print("%s %d - %s: the source's values%s" % (
        "not ok" if diffs or len(src) != len(got) else "ok", n, b,
        "".join("\n# " + d for d in diffs[:5])))
    pat = shape(cols)
    lines = text.split("\n")
    misquoted = [i + 1 for i, l in enumerate(lines[:-1]) if not pat.fullmatch(l)]
    n += 1
    print("%s %d - %s: quoted as cdr_csv quotes, LF line ends%s" % (
        "not ok" if misquoted or lines[-1] != "" else "ok", n, b,
        "".join("\n# line %d: %s" % (i, lines[i - 1][:120])
                for i in misquoted[:3])))
PY
