#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# workbook.sh: data.xlsx read back with openpyxl (workbook_check.py), for
# the demo subscribers 1001 and 1002 and for a generated provider whose
# CDRs cross both 2024 clock changes and whose records carry hostile
# values: a contact and a caller named =HYPERLINK("http://x") and
# +cmd|' /C calc'!A0, numbers 007 and 0044...  Every value must equal the
# JSON record's, ids and numbers must be text, times dates in the
# provider's zone beside the UTC text.  Nothing here runs LibreOffice:
# soffice and libreoffice are stubs on PATH that leave a mark if called.
# Prints TAP.
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
py=/usr/bin/python3
check=$top/tests/suites/workbook_check.py
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - workbook: $name"
	else
		echo "not ok $n - workbook: $name"
		sed 's/^/#   /' out.$n | head -30
	fi
}

mkdir -p stub
for s in soffice libreoffice localc; do
	printf '#!/bin/sh\ntouch "%s/office-was-run"\nexit 1\n' "$(pwd)" \
		>stub/$s
	chmod +x stub/$s
done
PATH=$(pwd)/stub:$PATH
export PATH

# The generated provider: gen-provider.py's CDRs, two hostile calls to
# 1001 put first (18 columns, as its first rows), and an address book.
$py "$top/bench/gen-provider.py" --subscribers 3 --rows 300 \
	--provider-json --out gen >/dev/null
{
	printf '%s\n' '"","007","1001","from-internal","""=HYPERLINK(""http://x"")"" <007>","PJSIP/trunk-1","PJSIP/1001-2","Dial","PJSIP/1001","2024-10-27 01:30:00","2024-10-27 01:30:05","2024-10-27 01:31:00",60,55,"ANSWERED","DOCUMENTATION","1730000000.1",""' \
		'"","00447700900574","1001","from-internal","""+cmd|'"'"' /C calc'"'"'!A0"" <00447700900574>","PJSIP/trunk-3","PJSIP/1001-4","Dial","PJSIP/1001","2024-03-31 01:30:00","2024-03-31 01:30:05","2024-03-31 03:31:00",3660,3655,"ANSWERED","DOCUMENTATION","1711848600.2",""'
	cat gen/cdr/Master.csv
} >gen/cdr/Master.new && mv gen/cdr/Master.new gen/cdr/Master.csv
mkdir -p gen/contacts
printf '%s\r\n' BEGIN:VCARD VERSION:4.0 'FN:=HYPERLINK("http://x")' \
	'TEL:007' 'TEL:0044 7700 900574' "NOTE:+cmd|' /C calc'!A0" \
	END:VCARD BEGIN:VCARD VERSION:4.0 "FN:+cmd|' /C calc'!A0" \
	'TEL:+447700900574' 'EMAIL:@x.example' END:VCARD >gen/contacts/1001.vcf
$py - gen/provider.json <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"]["contacts"] = [{"format": "vcard",
                             "path": "contacts/{subject}.vcf"}]
json.dump(p, open(sys.argv[1], "w"), indent=2)
EOF

# export NAME PROVIDER SUBJECT: NAME.zip, and NAME/ from csv-bundle
export_one() {
	"$vp" export -c "$2" -s "$3" --created 2024-12-01T00:00:00Z \
		-o "$1.zip" &&
		"$vp" import "$1.zip" --to csv-bundle -o "$1/" 2>/dev/null
}

for a in demo-1001 demo-1002 gen-1001; do
	case $a in
	demo-*) prov=$top/examples/demo-provider/provider.json ;;
	*) prov=gen/provider.json ;;
	esac
	t "$a: exported" export_one "$a" "$prov" "${a#*-}"
	for c in values types times layout; do
		t "$a: $c" $py "$check" "$a.zip" Europe/London "$a" "$c"
	done
done
t "gen-1001: hostile names, 007 and 0044... are exact text cells" \
	$py "$check" gen-1001.zip Europe/London gen-1001 hostile \
	'=HYPERLINK("http://x")' "+cmd|' /C calc'!A0" 007 00447700900574 \
	+447700900574 '@x.example'
t "demo-1001: +447700900574, 0015555550008, 02079460336 are text cells" \
	$py "$check" demo-1001.zip Europe/London demo-1001 hostile \
	+447700900574 0015555550008 02079460336

# Categories out of scope have no sheet; --no-workbook leaves it out.
t "calls only: one sheet" sh -c "
	'$vp' export -c gen/provider.json -s 1001 --categories calls \
		-o calls.zip && '$py' '$check' calls.zip Europe/London - layout"
t "--no-workbook: no data.xlsx, still valid" sh -c "
	'$vp' export -c gen/provider.json -s 1001 --no-workbook -o no.zip &&
	! unzip -l no.zip | grep -q xlsx && '$vp' validate no.zip"
# Encrypted with the rest: unzip without the passphrase cannot read it.
t "--encrypt: data.xlsx encrypted, readable with the passphrase" sh -c "
	echo secret >pass &&
	'$vp' export -c gen/provider.json -s 1001 --encrypt \
		--passphrase-file pass -o enc.zip &&
	! unzip -p -P wrong enc.zip data.xlsx >/dev/null 2>&1 &&
	7z x -psecret -oenc enc.zip data.xlsx >/dev/null &&
	'$py' -c 'import openpyxl; openpyxl.load_workbook(\"enc/data.xlsx\")'"
t "the same data and --created give the same data.xlsx" sh -c "
	'$vp' export -c gen/provider.json -s 1001 \
		--created 2024-12-01T00:00:00Z -o again.zip &&
	cmp gen-1001.zip again.zip"
# libxlsxwriter takes a time of 0 for "now": --created @0 must not.
t "--created @0: the same data.xlsx a second later" sh -c "
	'$vp' export -c gen/provider.json -s 1001 --created @0 -o e1.zip &&
	sleep 1.1 &&
	'$vp' export -c gen/provider.json -s 1001 --created @0 -o e2.zip &&
	cmp e1.zip e2.zip"
t "LibreOffice was never run" test ! -e office-was-run
