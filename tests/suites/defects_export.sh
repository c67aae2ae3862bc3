#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# defects_export.sh: regressions from "Defects found by hostile testing",
# the source-reading side of export, on generated inputs:
#  - a subscriber list without a usable header ends the export at once
#    (it used to loop for ever; every run here is under timeout 20);
#  - --on-error=skip skips rows over 4 MiB or 4096 fields and keeps a
#    contact whose PHOTO line is over 16 MiB, without it;
#  - CR-only line ends (old Mac files) give the right lines;
#  - sources[] of the manifest: read = exported + filtered + rejected,
#    with read every row of the file, malformed rows of others included.
set -u
top=${VOXPORT_TOP:?}
demo=$top/examples/demo-provider
py=/usr/bin/python3
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - defects-export: $2"
	else
		echo "not ok $n - defects-export: $2"
	fi
}

# run NAME COMMAND...: run under timeout 20, stdout to NAME.out, stderr to
# NAME.err, the status to $rc (124: it hung).
run() {
	name=$1
	shift
	timeout 20 "$@" >"$name.out" 2>"$name.err"
	rc=$?
}

# A fresh copy of the demo provider in folder $1.
provider() {
	rm -rf "$1"
	cp -r "$demo" "$1"
}

# ---- 1. a subscriber list whose header is unusable --------------------

# hdr NAME DESCRIPTION EXPECTED-MESSAGE: export and convert the list in
# hdr-NAME/subscribers.csv, with and without --on-error=skip.
hdr() {
	for mode in fail skip; do
		run "hdr-$1-$mode" voxport export -q -c "hdr-$1/provider.json" \
			-s 1001 -o "hdr-$1-$mode.zip" --on-error "$mode"
		ok=1
		[ $rc = 1 ] && [ ! -e "hdr-$1-$mode.zip" ] &&
			[ "$(cat "hdr-$1-$mode.err")" = "voxport: export: $3" ] &&
			ok=0
		t $ok "export, $2, --on-error=$mode: fails at once (status $rc)"
	done
	run "hdr-$1-convert" voxport convert -F subscribers-csv \
		--on-error skip "hdr-$1/subscribers.csv"
	[ $rc = 1 ] && grep -q "^voxport: convert: subscribers-csv: $3\$" \
		"hdr-$1-convert.err"
	t $? "convert --on-error=skip, $2: fails at once (status $rc)"
}

provider hdr-idcol
sed '1s/^id,/subscriber_id,/' "$demo/subscribers.csv" \
	>hdr-idcol/subscribers.csv
hdr idcol "no id column" \
	'subscribers.csv:1: no "id" column in the header'

provider hdr-quote
sed '1s/^id,title,/id,"title,/' "$demo/subscribers.csv" \
	>hdr-quote/subscribers.csv
hdr quote "a malformed header line" \
	'subscribers.csv:1: malformed CSV (error parsing data while strict checking enabled); a quote opened on line 1 was still open, so lines 1-2 are one bad row'

provider hdr-cdr
cp "$demo/cdr/Master.csv" hdr-cdr/subscribers.csv
hdr cdr "a CDR file as subscriber list" \
	'subscribers.csv:1: no "id" column in the header'

# ---- 10. --on-error=skip and rows over the limits --------------------

cdr_row() {	# cdr_row SRC DST UNIQUEID [LASTDATA]
	printf '"","%s","%s","from-internal","","PJSIP/%s-1","","Dial","%s",' \
		"$1" "$2" "$1" "${4:-}"
	printf '"2024-04-01 10:00:00",,"2024-04-01 10:00:09",9,0,'
	printf '"NO ANSWER","DOCUMENTATION","%s",""\n' "$3"
}

provider big
{
	cdr_row 1001 02079460999 1712000000.1
	cdr_row 1001 02079460998 1712000000.2 \
		"$($py -c 'print("x" * (5 << 20))')"
	cdr_row 1001 02079460997 1712000000.3
	$py -c 'print(",".join(["f"] * 5000))'
	cdr_row 1001 02079460996 1712000000.5
} >>big/cdr/Master.csv
lines=$(wc -l <"$demo/cdr/Master.csv")
run big-fail voxport export -q -c big/provider.json -s 1001 -o big-fail.zip \
	--created 2024-11-01T00:00:00Z
[ $rc = 1 ] && [ "$(cat big-fail.err)" = "voxport: export: \
asterisk-cdr-csv: Master.csv:$((lines + 2)): row longer than 4194304 bytes" ]
t $? "a row over 4 MiB fails the export by default, naming its line"
run big-skip voxport export -q -c big/provider.json -s 1001 -o big-skip.zip \
	--created 2024-11-01T00:00:00Z --on-error skip --json
[ $rc = 0 ] && [ "$(cat big-skip.err)" = "\
voxport: export: warning: Master.csv:$((lines + 2)): row longer than \
4194304 bytes (skipped)
voxport: export: warning: Master.csv:$((lines + 4)): row of more than \
4096 fields (skipped)
voxport: export: warning: 2 records skipped, listed in \
big-skip.rejects.jsonl" ]
t $? "--on-error=skip: rows over 4 MiB and over 4096 fields are skipped"
unzip -p big-skip.zip calls.jsonl 2>/dev/null | $py -c '
import json, sys
ids = [l["source"].get("id") for c in map(json.loads, sys.stdin)
       for l in c["legs"]]
want = ["1712000000.1", "1712000000.3", "1712000000.5"]
sys.exit(0 if all(i in ids for i in want) and "1712000000.2" not in ids
         else 1)'
t $? "--on-error=skip: the rows after an over-long one are read"
grep -qE '"rejected":2[,}]' big-skip.out
t $? "--on-error=skip: the two rows are counted as rejected"

provider bigsub
printf '2004,"%s"\n' "$($py -c 'print("x" * (5 << 20))')" \
	>>bigsub/subscribers.csv
run bigsub voxport export -q -c bigsub/provider.json -s 1001 -o bigsub.zip
[ $rc = 0 ] && [ ! -s bigsub.err ] && unzip -p bigsub.zip manifest.json |
	$py -c '
import json, sys
s = json.load(sys.stdin)["sources"][0]
sys.exit(0 if (s["read"], s["rejected"]) == (11, 1) else 1)'
t $? "another subscriber's row over 4 MiB does not stop an export"

provider photo
{
	printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Photo Person\r\n'
	printf 'PHOTO;ENCODING=b;TYPE=JPEG:'
	$py -c 'import sys; sys.stdout.write("QUFB" * (5 << 20))'
	printf '\r\nTEL:+441632960001\r\nEND:VCARD\r\n'
} >>photo/contacts/1001.vcf
plines=$(wc -l <"$demo/contacts/1001.vcf")
run photo-fail voxport export -q -c photo/provider.json -s 1001 \
	-o photo-fail.zip
[ $rc = 1 ] && [ ! -e photo-fail.zip ] && [ "$(cat photo-fail.err)" = \
"voxport: export: vcard: 1001.vcf:$((plines + 4)): PHOTO: line longer \
than 16 MiB" ]
t $? "a PHOTO line over 16 MiB fails the export by default, naming it"
run photo-skip voxport export -q -c photo/provider.json -s 1001 \
	-o photo-skip.zip --on-error skip
[ $rc = 0 ] && [ "$(cat photo-skip.err)" = "voxport: export: warning: \
1001.vcf:$((plines + 4)): PHOTO: line longer than 16 MiB (skipped)
voxport: export: warning: 1 record skipped, listed in \
photo-skip.rejects.jsonl" ]
t $? "--on-error=skip: the PHOTO line is reported and skipped"
unzip -p photo-skip.zip contacts.json 2>/dev/null | $py -c '
import json, sys
cards = [c for c in json.load(sys.stdin)
         if c.get("name", {}).get("full") == "Photo Person"]
sys.exit(0 if len(cards) == 1 and "media" not in cards[0] and
         cards[0].get("phones") else 1)'
t $? "--on-error=skip: the contact is kept, without the photo"

# ---- 12. CR-only line ends ---------------------------------------------

# Master.csv over 4 MiB: the demo's rows, then other subscribers' calls.
provider lf
$py - "$demo/cdr/Master.csv" >lf/cdr/Master.csv <<'EOF'
import sys
sys.stdout.write(open(sys.argv[1], encoding="latin-1").read())
for i in range(30000):
    print('"","5550%04d","5551%04d","from-internal","","PJSIP/t-%d",'
          '"","Dial","PJSIP/5551@trunk,60,tT","2024-04-02 10:00:00",,'
          '"2024-04-02 10:00:09",9,0,"NO ANSWER","DOCUMENTATION",'
          '"1712100000.%d",""' % (i % 10000, i % 10000, i, i))
EOF
provider cr
tr '\n' '\r' <lf/cdr/Master.csv >cr/cdr/Master.csv
provider crlf
sed 's/$/\r/' lf/cdr/Master.csv >crlf/cdr/Master.csv
[ "$(wc -c <cr/cdr/Master.csv)" -gt 4194304 ]
t $? "the CR-only Master.csv is over 4 MiB"
for e in lf cr crlf; do
	run "$e" voxport export -q -c "$e/provider.json" -s 1001 -o "$e.zip" \
		--created 2024-11-01T00:00:00Z
	[ $rc = 0 ] && [ ! -s "$e.err" ] && unzip -p "$e.zip" calls.jsonl \
		>"$e.jsonl"
	t $? "export with $e line ends"
done
[ -s lf.jsonl ] && cmp -s lf.jsonl cr.jsonl && cmp -s lf.jsonl crlf.jsonl
t $? "CR and CRLF line ends give the calls and lines that LF gives"

# ---- 15. read = exported + filtered + rejected, for every row ----------

provider count
{
	cat "$demo/subscribers.csv"
	printf '2001,,Carol,Bad,,,1990-13-45'
	$py -c 'print("," * 17)'
	printf '2002,,Dave,Bad,,,,not-an-email'
	$py -c 'print("," * 16)'
	printf '2003,short,row\n'
} >count/subscribers.csv
{
	printf 'x,y\n'
	cdr_row 1001 02079460995 1712000000.9 | sed 's/,9,0,/,x9,0,/'
} >>count/cdr/Master.csv

# check NAME PROVIDER: every source of NAME.zip's manifest holds read =
# exported + filtered + rejected, and read is every row of its CSV file.
check() {
	unzip -p "$1.zip" manifest.json 2>/dev/null | $py -c '
import csv, json, sys
csv.field_size_limit(1 << 30)
m = json.load(sys.stdin)
files = {"subscribers.csv": ("subscribers.csv", 1),
         "Master.csv": ("cdr/Master.csv", 0)}
bad = []
for s in m["sources"]:
    if s["read"] != s["exported"] + s["filtered"] + s["rejected"]:
        bad.append(s)
    if s["name"] in files:
        path, header = files[s["name"]]
        with open(sys.argv[1] + "/" + path, newline="",
                  encoding="latin-1") as f:
            n = sum(1 for row in csv.reader(f) if row) - header
        if s["read"] != n:
            bad.append((s, n))
for b in bad:
    print("#", b)
sys.exit(1 if bad or len(m["sources"]) < 3 else 0)' "$2"
}
provider count-fail
cp count/subscribers.csv count-fail/subscribers.csv
run count-fail voxport export -q -c count-fail/provider.json -s 1001 \
	-o count-fail.zip --json
[ $rc = 0 ] && [ ! -s count-fail.err ] && grep -qE '"rejected":3[,}]' \
	count-fail.out
t $? "others' malformed subscriber rows do not stop an export, are counted"
check count-fail count-fail
t $? "without --on-error=skip: every source counts every row"
run count-skip voxport export -q -c count/provider.json -s 1001 \
	-o count-skip.zip --on-error skip --json
[ $rc = 0 ] && grep -qE '"rejected":5[,}]' count-skip.out &&
	[ "$(grep -c '(skipped)$' count-skip.err)" = 5 ]
t $? "--on-error=skip: five rows rejected and reported"
check count-skip count
t $? "--on-error=skip: every source counts every row"

# The subject's own row malformed: the error points at the skipped rows.
provider own
sed 's/^\(1001,.*,Manager,\)1990-03-01,/\11990-13-01,/' \
	"$demo/subscribers.csv" >own/subscribers.csv
run own voxport export -q -c own/provider.json -s 1001 -o own.zip
[ $rc = 1 ] && [ "$(cat own.err)" = "voxport: export: subscriber 1001 is \
not in subscribers.csv, or on a malformed row (1 skipped; the first: \
subscribers.csv:2: birthday: not a date (YYYY-MM-DD or --MM-DD) \
\"1990-13-01\")" ]
t $? "the subject's own malformed row is named when it is not found"
