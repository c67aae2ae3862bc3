#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# round_trips.sh: for every format voxport both reads and writes, a round
# trip through archives.  Prints TAP.
#
#   demo source files -> export -> archive A -> import --to FORMAT -> files
#   -> export (the same reader, reading those files) -> archive B
#
# and archive B's records must equal A's field by field (round_trip.py
# compare), except the fields A's import report names as lost and the
# records' provenance ("source": file and line differ by nature).  So a
# field a target drops without saying so fails here, and so does a value
# it makes up, except the few a format requires (--made: SMS Backup &
# Restore's locked and seen, which the app needs on every message).
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
demo=$top/examples/demo-provider
py=/usr/bin/python3
rt=$top/tests/suites/round_trip.py
here=$(pwd)
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - round trip: $name"
	else
		echo "not ok $n - round trip: $name"
		sed 's/^/#   /' out.$n | head -30
	fi
}

# round NAME CATEGORIES "A-SOURCES" TARGET "IMPORT-OPTIONS" "B-SOURCES"
#       [--made KEY=VALUE,...]
# B-SOURCES name the imported files under $here/NAME/1001/.
round() {
	name=$1 cats=$2 asrc=$3 target=$4 iopts=$5 bsrc=$6
	shift 6
	mkdir -p "$name/1001"
	# shellcheck disable=SC2086
	"$py" "$rt" provider "$demo/provider.json" "$name/a.json" $asrc &&
	"$vp" export -c "$name/a.json" -s 1001 -o "$name/a.zip" \
		--created 2024-11-01T09:00:00Z --categories "$cats" \
		--with-attachments >/dev/null 2>"$name/a.err" &&
	"$vp" import "$name/a.zip" --to "$target" $iopts -o "$name/1001" \
		--created 2024-11-02T00:00:00Z 2>"$name/import.err" &&
	"$py" "$rt" provider "$demo/provider.json" "$name/b.json" $bsrc &&
	"$vp" export -c "$name/b.json" -s 1001 -o "$name/b.zip" \
		--created 2024-11-01T09:00:00Z --categories "$cats" \
		--with-attachments >/dev/null 2>"$name/b.err" ||
		{ cat "$name"/*.err; return 1; }
	# shellcheck disable=SC2086
	"$py" "$rt" compare "$name/a.zip" "$name/b.zip" \
		"$name/1001/import-report.json" "$@" $(echo "$cats" | tr , ' ')
}

cdr="$demo/cdr/Master.csv"
for cols in 16 18 21; do
	t "asterisk-cdr-csv, $cols columns" round "cdr$cols" subject,calls \
		"calls=asterisk-cdr-csv:$cdr:usegmtime=false" \
		asterisk-cdr-csv "-O columns=$cols -z Europe/London" \
		"calls=asterisk-cdr-csv:$here/cdr$cols/{subject}/Master.csv:usegmtime=false"
done
t "asterisk-cdr-csv, usegmtime" round cdrgmt subject,calls \
	"calls=asterisk-cdr-csv:$cdr:usegmtime=false" \
	asterisk-cdr-csv "-O columns=18 -O usegmtime=yes" \
	"calls=asterisk-cdr-csv:$here/cdrgmt/{subject}/Master.csv:usegmtime=true"

phones="$demo/phones/{subject}"
t "sbr-xml, calls and messages with their attachments" round sbr \
	subject,calls,messages \
	"calls=sbr-xml:$phones/calls.xml messages=sbr-xml:$phones/sms.xml" \
	sbr-xml "--categories calls,messages" \
	"calls=sbr-xml:$here/sbr/{subject}/calls.xml messages=sbr-xml:$here/sbr/{subject}/sms.xml" \
	--made locked=0,seen=1

for v in 4.0 3.0 2.1; do
	t "vcard $v" round "vcard$v" subject,contacts \
		"contacts=vcard:$demo/contacts/{subject}.vcf" \
		vcard "-O version=$v" \
		"contacts=vcard:$here/vcard$v/{subject}/contacts.vcf"
done

# One file per leg in a folder, read back as a folder (the legs joined by
# call_uuid); the target names its own switch and core uuid.
t "freeswitch-cdr-xml" round fsxml subject,calls \
	"calls=asterisk-cdr-csv:$cdr:usegmtime=false" \
	freeswitch-cdr-xml "-z Europe/London" \
	"calls=freeswitch-cdr-xml:$here/fsxml/1001" \
	--made switchname=voxport,core_uuid=00000000-0000-0000-0000-000000000000
contacts="contacts=vcard:$demo/contacts/{subject}.vcf"
t "google-contacts-csv" round google subject,contacts "$contacts" \
	google-contacts-csv "" \
	"contacts=google-contacts-csv:$here/google/{subject}/contacts.csv"
for enc in windows-1252 utf-8; do
	t "outlook-contacts-csv, $enc" round "outlook-$enc" subject,contacts \
		"$contacts" outlook-contacts-csv "-O encoding=$enc" \
		"contacts=outlook-contacts-csv:$here/outlook-$enc/{subject}/contacts.csv"
done
