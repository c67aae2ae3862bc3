#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/sbr/run.sh VOXPORT [MEGABYTES...]: peak memory and time of
# `voxport convert` on generated sms.xml files (default 10 and 200 MB).
# The files are made in a scratch folder and removed.
set -eu
vp=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for mb in ${*:-10 200}; do
	/usr/bin/python3 "$here/gen-sms-xml.py" "$tmp/sms.xml" "$mb"
	size=$(wc -c <"$tmp/sms.xml")
	/usr/bin/time -o "$tmp/time" -f '%e s %M KiB' "$vp" convert \
		"$tmp/sms.xml" >"$tmp/out"
	echo "$mb MB ($size bytes, $(wc -l <"$tmp/out") records):" \
		"$(cat "$tmp/time")"
	rm -f "$tmp/sms.xml"
done
