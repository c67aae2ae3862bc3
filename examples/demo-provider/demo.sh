#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# demo.sh VOXPORT: what `make demo` runs.  Exports subscriber 1001 of the
# demo provider into demo-out/, validates and inspects the archive, imports
# it into other providers' formats as a receiving carrier and the
# customer's phone would, and says where everything is.
set -eu
voxport=$1
here=$(cd "$(dirname "$0")" && pwd)
out=demo-out
mkdir -p "$out"
archive=$out/1001.zip
# A receiving carrier's Asterisk, the customer's Android phone and address
# book, and a spreadsheet user.
IMPORT_TARGETS="asterisk-cdr-csv sbr-xml vcard csv-bundle"

echo "== voxport export -c $here/provider.json -s 1001 -o $archive --with-audio --with-attachments"
"$voxport" export -c "$here/provider.json" -s 1001 -o "$archive" --force \
	--with-audio --with-attachments \
	--request access --reference DEMO-0001
echo "== voxport validate $archive"
"$voxport" validate "$archive"
echo "== voxport inspect $archive"
"$voxport" inspect "$archive"
# Subscriber 1002's records also come from FreeSWITCH CDRs, Twilio's API
# pages and a Google Contacts CSV: every source family is read once.
echo "== voxport export -c $here/provider.json -s 1002 -o $out/1002.zip"
"$voxport" export -c "$here/provider.json" -s 1002 -o "$out/1002.zip" --force
"$voxport" validate "$out/1002.zip"

# Import: each target into its own folder, replacing an earlier run's.
for target in $IMPORT_TARGETS; do
	echo "== voxport import $archive --to $target -o $out/$target"
	"$voxport" import "$archive" --to "$target" -o "$out/$target" --force \
		-z Europe/London
done
echo
echo "The archive is $(cd "$out" && pwd)/1001.zip (and 1002.zip)"
for target in $IMPORT_TARGETS; do
	echo "Imported as $target: $(cd "$out/$target" && pwd)/" \
		"($(cd "$out/$target" && ls | tr '\n' ' '))"
done
