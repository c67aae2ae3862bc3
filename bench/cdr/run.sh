#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/cdr/run.sh VOXPORT [ROWS...]: export one subscriber from generated
# Asterisk Master.csv files (default 100000 and 1000000 rows, 1000
# subscribers) and measure wall time and peak memory (max RSS), next to
# peers on the same file in the same run:
#   wc -l          reading the file, nothing else (the floor)
#   python-csv     an ad-hoc script: Python's csv module, the subscriber's
#                  identifiers, rows written out as JSON lines
#   voxport        voxport export -s 1001 --categories calls
# Each is run REPEAT times (default 3); the median is printed.
set -eu
vp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
data=$top/bench/data
repeat=${REPEAT:-3}
rows=${*:-100000 1000000}
py=/usr/bin/python3
mkdir -p "$data"

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure NAME CMD...: prints "NAME seconds maxrss_kib" (medians)
measure() {
	name=$1
	shift
	: >"$data/t.times"
	: >"$data/t.rss"
	i=0
	while [ $i -lt "$repeat" ]; do
		/usr/bin/time -f '%e %M' -o "$data/t.one" "$@" >/dev/null
		cut -d' ' -f1 "$data/t.one" >>"$data/t.times"
		cut -d' ' -f2 "$data/t.one" >>"$data/t.rss"
		i=$((i + 1))
	done
	echo "$name $(median <"$data/t.times") $(median <"$data/t.rss")"
}

printf '%-10s %-12s %10s %12s %10s\n' rows tool seconds "max RSS KiB" "x wc"
for n in $rows; do
	dir=$data/provider-$n
	if [ ! -f "$dir/cdr/Master.csv" ]; then
		$py "$top/bench/gen-provider.py" --rows "$n" --subscribers 1000 \
			--seed 7 --out "$dir" --provider-json
	fi
	csv=$dir/cdr/Master.csv
	rm -f "$data/out.zip"
	measure wc wc -l "$csv" >"$data/r.wc"
	measure python-csv $py "$here/peer_csv.py" "$dir" 1001 >"$data/r.py"
	measure voxport sh -c "rm -f '$data/out.zip' && '$vp' export \
		-c '$dir/provider.json' -s 1001 --categories calls \
		-o '$data/out.zip' --created @0" >"$data/r.vp"
	base=$(cut -d' ' -f2 "$data/r.wc")
	for r in wc py vp; do
		set -- $(cat "$data/r.$r")
		printf '%-10s %-12s %10s %12s %10s\n' "$n" "$1" "$2" "$3" \
			"$(awk -v a="$2" -v b="$base" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')"
	done
	calls=$(unzip -p "$data/out.zip" calls.jsonl | wc -l)
	echo "# $n rows: $(du -h "$csv" | cut -f1), subscriber 1001 has $calls calls"
done
rm -f "$data"/t.* "$data"/r.*
