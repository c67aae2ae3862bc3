#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/cdr/compare.sh OLD NEW [ROWS] [DIR]: the export of bench/cdr/run.sh
# (voxport export -s 1001 --categories calls of a generated Master.csv,
# default 1000000 rows) timed with two binaries, runs alternating
# (old, new, old, new...) so that load on the machine falls on both alike.
# Prints each binary's median wall time and median CPU time (user + system,
# steadier than wall time on a shared machine) of REPEAT runs (default 7),
# and new/old.  Uses hyperfine when present, else /usr/bin/time.
set -eu
old=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
new=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
rows=${3:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
data=${4:-$top/bench/data}
repeat=${REPEAT:-7}
dir=$data/provider-$rows
mkdir -p "$data"
if [ ! -f "$dir/cdr/Master.csv" ]; then
	/usr/bin/python3 "$top/bench/gen-provider.py" --rows "$rows" \
		--subscribers 1000 --seed 7 --out "$dir" --provider-json
fi
run() { # run BINARY: one export; "wall cpu" seconds on stdout
	rm -f "$data/cmp.zip"
	/usr/bin/time -f '%e %U %S' -o "$data/cmp.t" "$1" export \
		-c "$dir/provider.json" -s 1001 --categories calls \
		-o "$data/cmp.zip" --created @0 >/dev/null
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$data/cmp.t"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

if command -v hyperfine >/dev/null; then
	hyperfine -N -w 1 -r "$repeat" --prepare "rm -f $data/cmp.zip" \
		"$old export -c $dir/provider.json -s 1001 --categories calls -o $data/cmp.zip --created @0" \
		"$new export -c $dir/provider.json -s 1001 --categories calls -o $data/cmp.zip --created @0"
	exit
fi
: >"$data/cmp.old"
: >"$data/cmp.new"
run "$old" >/dev/null # warm the page cache
i=0
while [ $i -lt "$repeat" ]; do
	run "$old" >>"$data/cmp.old"
	run "$new" >>"$data/cmp.new"
	i=$((i + 1))
done
for v in old new; do
	cut -d' ' -f1 "$data/cmp.$v" | median >"$data/cmp.$v.wall"
	cut -d' ' -f2 "$data/cmp.$v" | median >"$data/cmp.$v.cpu"
done
echo "rows $rows, $repeat runs each, alternating old and new"
for v in old new; do
	echo "$v: median wall $(cat "$data/cmp.$v.wall") s, cpu" \
		"$(cat "$data/cmp.$v.cpu") s (wall cpu of each run:" \
		"$(tr '\n' ',' <"$data/cmp.$v" | sed 's/,$//; s/,/, /g'))"
done
awk -v nw="$(cat "$data/cmp.new.wall")" -v ow="$(cat "$data/cmp.old.wall")" \
	-v nc="$(cat "$data/cmp.new.cpu")" -v oc="$(cat "$data/cmp.old.cpu")" \
	'BEGIN { printf "new/old: wall %.3f, cpu %.3f\n", nw / ow, nc / oc }'
rm -f "$data"/cmp.*
