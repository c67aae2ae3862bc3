#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# vcard_fixtures.sh: the vcard fixtures kept as bytes (UTF-16, CR CR LF)
# are what tests/data/vcard/make-fixtures.py writes, byte for byte, so
# that a change to one is a change to the script (reviewable) and not a
# blob; and voxport reads each as its README says.  Speaks TAP.
set -u
top=${VOXPORT_TOP:?}
py=/usr/bin/python3
data=$top/tests/data/vcard
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - vcard_fixtures: $2"
	else
		echo "not ok $n - vcard_fixtures: $2"
	fi
}

$py "$data/make-fixtures.py" gen
t $? "make-fixtures.py runs"
files=$(cd gen && find . -type f | sort)
[ -n "$files" ]
t $? "make-fixtures.py writes files"
for f in $files; do
	cmp -s "gen/$f" "$data/$f"
	t $? "tests/data/vcard/${f#./} is what the script writes"
done

# The four UTF-16 forms read as the same two cards, chosen by bidding.
for f in utf16le-bom utf16be-bom utf16le utf16be; do
	voxport convert "$data/ok/$f.vcf" 2>"$f.err" |
		sed 's/"file":"[^"]*"//' >"$f.jsonl"
	[ -s "$f.jsonl" ] && ! [ -s "$f.err" ] &&
		cmp -s "$f.jsonl" utf16le-bom.jsonl
	t $? "$f.vcf is auto-detected and reads as utf16le-bom.vcf does"
done
# iOS 5's CR CR LF reads as the same file with CRLF.
tr -s '\r' <"$data/ok/crcrlf-ios5.vcf" >crlf.vcf
voxport convert -F vcard crlf.vcf | sed 's/"file":"[^"]*"//' >crlf.jsonl
voxport convert "$data/ok/crcrlf-ios5.vcf" |
	sed 's/"file":"[^"]*"//' >crcrlf.jsonl
[ -s crlf.jsonl ] && cmp -s crlf.jsonl crcrlf.jsonl
t $? "crcrlf-ios5.vcf reads as its CRLF form"
echo "1..$n"
