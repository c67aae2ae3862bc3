#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/hostile/run.sh VOXPORT [OLD_VOXPORT]: time and peak memory of
# `voxport validate` / `inspect` on each hostile archive of gen.py (the
# cases of tests/suites/hostile_archives.sh), with an older binary beside
# it when one is given.  Prints a Markdown table: per case and binary the
# exit status, seconds, peak RSS (/usr/bin/time -f '%e %M') and the bytes
# written on stderr.  TIMEOUT (default 60) stops a run; "timeout" in the
# table means it was stopped; NOISE_MB (default 8) is the size of the
# large members (gen.py).  Use plain builds: ASan's figures say little.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
new=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
old=
if [ $# -gt 1 ]; then
	old=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/voxport-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

"$new" export -c "$top/examples/demo-provider/provider.json" -s 1001 \
	-o "$work/base.zip" --created 2024-11-01T00:00:00Z
/usr/bin/python3 "$here/gen.py" "$work/base.zip" "$work/cases"

# measure BINARY COMMAND ARCHIVE: "exit | seconds | MB | stderr bytes"
measure() {
	bytes=$(cd "$work/cases" && {
		st=0
		/usr/bin/time -f '%e %M' -o "$work/time" \
			timeout "${TIMEOUT:-60}" "$1" "$2" "$3" 2>&1 \
			>/dev/null || st=$?
		echo $st >"$work/status"
	} | wc -c)
	st=$(cat "$work/status")
	set -- $(tail -1 "$work/time")
	if [ "$st" = 124 ]; then
		st=timeout
	fi
	echo "$st | $1 | $(awk "BEGIN { printf \"%.1f\", $2 / 1024 }") | $bytes"
}

sizes() {	# the archive's size in KB
	echo $(($(wc -c <"$work/cases/$1") / 1024))
}

if [ -n "$old" ]; then
	echo "| case | KB | old exit | old s | old MB | old stderr B |" \
		"new exit | new s | new MB | new stderr B |"
	echo "|---|---:|---|---:|---:|---:|---|---:|---:|---:|"
else
	echo "| case | KB | exit | s | MB | stderr B |"
	echo "|---|---:|---|---:|---:|---:|"
fi
tab=$(printf '\t')
while IFS=$tab read -r id cmd archive want text not; do
	row="| $id | $(sizes "$archive") |"
	if [ -n "$old" ]; then
		row="$row $(measure "$old" "$cmd" "$archive") |"
	fi
	echo "$row $(measure "$new" "$cmd" "$archive") |"
done <"$work/cases/cases.tsv"
