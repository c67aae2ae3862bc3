#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh: `voxport validate` of a real archive end to end, against what
# users would run instead, in one run:
#
#	sh bench/validate/run.sh VOXPORT [CALLS]
#
#   voxport       VOXPORT validate A.zip
#   Ajv           node validate-archive-ajv.js (yauzl + Ajv 8, pinned in
#                 package-lock.json)
#   jsonschema    validate-archive-jsonschema.py (zipfile + Debian's
#                 python3-jsonschema Draft7Validator)
#   unzip -p      unzip -p A.zip >/dev/null: decompressing, the floor
#
# A.zip is a real archive: bench/gen-provider.py writes a provider whose
# subscriber 1001 has about CALLS calls (default 100000; 13 Master.csv
# rows make about 8 calls) and VOXPORT exports them (calls.jsonl,
# calls.csv, index.html, the schemas).  It is kept in bench/data/.  All
# four must agree on it (same verdict, members and records) before
# anything is timed.
#
# Commands alternate: each round runs each once (through hyperfine when
# installed, else /usr/bin/time), REPS rounds (default 5), PY_REPS of them
# with jsonschema (default REPS; a minute or more a run).  OLD_VOXPORT, if
# set, is timed too, for a before/after in the same run.  Each run is
# wrapped in /usr/bin/time -v for its peak RSS.  Prints a Markdown table
# of medians on stdout: wall and CPU (user+sys) time, peak RSS, and each
# tool's time over voxport's; raw figures go to bench/out/validate/.
set -eu

[ $# -ge 1 ] || {
	echo "usage: run.sh VOXPORT [CALLS]" >&2
	exit 2
}
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/bench/validate
case $1 in
*/*) voxport=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") ;;
*) voxport=$(command -v "$1") ;;	# a name on PATH
esac
calls=${2:-100000}
reps=${REPS:-5}
py_reps=${PY_REPS:-$reps}
data=$top/bench/data/validate-$calls
out=$top/bench/out/validate
archive=$data/A.zip
schemas=$top/schemas/v1

mkdir -p "$data" "$out"
if [ ! -s "$archive" ]; then
	echo "run.sh: generating a provider with about $calls calls" >&2
	rm -rf "$data/provider"
	/usr/bin/python3 "$top/bench/gen-provider.py" \
		--rows $((calls * 13 / 8)) --subscribers 2 --seed 1 \
		--out "$data/provider" --provider-json
	echo "run.sh: exporting subscriber 1001 into $archive" >&2
	(cd "$data/provider" && "$voxport" export -c provider.json -s 1001 \
		--categories calls --created 2026-01-01T00:00:00Z \
		-o "$archive.tmp")
	mv "$archive.tmp" "$archive"
fi
if [ ! -d "$here/node_modules/yauzl" ]; then
	echo "run.sh: npm ci (ajv, ajv-formats, yauzl)" >&2
	(cd "$here" && npm ci --no-audit --no-fund --silent) >&2
fi

# name|command, in the order of a round.
tools="voxport|$voxport validate $archive"
[ -n "${OLD_VOXPORT:-}" ] &&
	tools="$tools
voxport (before)|$OLD_VOXPORT validate $archive"
tools="$tools
Ajv|node $here/validate-archive-ajv.js $schemas $archive
jsonschema|/usr/bin/python3 $here/validate-archive-jsonschema.py $schemas $archive
unzip -p|unzip -p $archive"

# Same results first: the verdict line, less the archive's name.
verdict=
echo "$tools" | while IFS='|' read -r name cmd; do
	[ "$name" = "unzip -p" ] && continue
	[ "$name" = jsonschema ] && [ "$py_reps" -eq 0 ] && continue
	echo "run.sh: checking $name's verdict" >&2
	# shellcheck disable=SC2086
	v=$($cmd | sed 's/^[^:]*: //')
	echo "$name: $v" >&2
	if [ -z "$verdict" ]; then
		verdict=$v
	elif [ "$v" != "$verdict" ]; then
		echo "run.sh: $name says \"$v\", voxport \"$verdict\"" >&2
		exit 1
	fi
done

raw=$out/raw.txt
: >"$raw"
i=1
while [ "$i" -le "$reps" ]; do
	echo "run.sh: round $i of $reps" >&2
	echo "$tools" | while IFS='|' read -r name cmd; do
		[ "$name" = jsonschema ] && [ "$i" -gt "$py_reps" ] && continue
		rss=$out/rss.txt
		if command -v hyperfine >/dev/null 2>&1; then
			hyperfine -N --runs 1 --style none --export-json \
				"$out/run.json" "/usr/bin/time -v -o $rss $cmd" \
				>/dev/null
			t=$(/usr/bin/python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.4f %.4f" % (r["mean"], r["user"] + r["system"]))' "$out/run.json")
		else
			# shellcheck disable=SC2086
			/usr/bin/time -v -o "$rss" $cmd >/dev/null
			t=$(awk -F': ' '/Elapsed \(wall/ {
				n = split($2, p, ":"); s = 0
				for (k = 1; k <= n; k++) s = s * 60 + p[k]
				w = s }
				/User time/ { c += $2 } /System time/ { c += $2 }
				END { printf "%.4f %.4f\n", w, c }' "$rss")
		fi
		kb=$(awk -F': ' '/Maximum resident/ { print $2 }' "$rss")
		printf '%s|%s %s\n' "$name" "$t" "$kb" >>"$raw"
	done
	i=$((i + 1))
done

/usr/bin/python3 - "$raw" "$calls" <<'EOF'
import statistics, sys
runs = {}
order = []
for line in open(sys.argv[1]):
    name, figs = line.rstrip("\n").split("|")
    wall, cpu, kb = figs.split()
    if name not in runs:
        order.append(name)
        runs[name] = []
    runs[name].append((float(wall), float(cpu), int(kb)))
med = {n: [statistics.median(r[k] for r in runs[n]) for k in range(3)]
       for n in order}
base = med["voxport"]
print("`voxport validate` of a %s-call archive, end to end; medians of "
      "the runs shown:\n" % sys.argv[2])
print("| tool | runs | wall s | CPU s | peak RSS MB | wall / voxport's |"
      " CPU / voxport's |")
print("|---|---:|---:|---:|---:|---:|---:|")
for n in order:
    w, c, kb = med[n]
    print("| %s | %d | %.2f | %.2f | %.1f | %.2fx | %.2fx |"
          % (n, len(runs[n]), w, c, kb / 1024, w / base[0], c / base[1]))
EOF
