#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh FUZZ_BUILD: a fuzz pass over every harness there, seeded with the
# fixtures of its format (tests/data/<format>/ok and bad).  FUZZ_SECONDS
# each (default 10), FUZZ_JOBS at once (default 1).  One TAP line per
# harness, with the runs it made and its peak RSS.
set -u
build=${1:?}
top=${VOXPORT_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
secs=${FUZZ_SECONDS:-10}
# seeds FORMAT DIR: starting inputs for a harness.
seeds() {
	case $1 in
	schema)	# the shipped schemas as instances, and as schema + NUL + instance
		for f in "$top"/schemas/v1/*.json; do
			cp "$f" "$2/$(basename "$f")"
			{ cat "$f"; printf '\000{}'; } >"$2/$(basename "$f").pair"
		done ;;
	json-load) # JSON documents and records, with each of the flag bytes
		for f in "$top"/schemas/v1/*.json "$top"/tests/data/*/ok/*.json \
			"$top"/tests/data/*/ok/*.jsonl; do
			[ -f "$f" ] || continue
			for b in 1 3 5; do
				{ printf "\\$b"; cat "$f"; } \
					>"$2/$(basename "$f").$b"
			done
		done ;;
	archive) # a real archive of the demo provider, when voxport is built
		if [ -x "${VOXPORT_BUILD:-}/voxport" ]; then
			"$VOXPORT_BUILD/voxport" export -s 1002 -o "$2/demo.zip" \
				-c "$top/examples/demo-provider/provider.json" \
				--created @0 >/dev/null 2>&1
		fi
		printf 'PK\005\006' >"$2/empty" ;;
	*)	# the fixtures; the harness reads the first byte as option bits
		for f in "$top/tests/data/$1"/ok/* "$top/tests/data/$1"/bad/*; do
			[ -f "$f" ] || continue
			for b in 0 1 2 3; do
				{ printf "\\$b"; cat "$f"; } \
					>"$2/$(basename "$f").$b"
			done
		done ;;
	esac
}

# one HARNESS N: fuzz one harness, its TAP line in $out/N.
one() {
	h=$1 n=$2
	name=$(basename "$h")
	format=$(echo "${name#fuzz_}" | tr _ -)
	corpus=$(mktemp -d)
	seeds "$format" "$corpus"
	log=$(mktemp)
	if "$h" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
		-artifact_prefix="$artifacts/$format-" \
		-print_final_stats=1 "$corpus" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
		echo "ok $n - fuzz: $format ($runs runs in ${secs}s, peak RSS ${rss} MB)"
	else
		echo "not ok $n - fuzz: $format"
		grep -E 'ERROR|SUMMARY|#0|#1|#2|#3' "$log" | head -20 | sed 's/^/#   /'
	fi >"$out/$n"
	rm -rf "$corpus" "$log"
}

# FUZZ_JOBS harnesses run at once (default 1), in lanes: harness i goes to
# lane i mod FUZZ_JOBS; the TAP lines come out in harness order at the end.
jobs=${FUZZ_JOBS:-1}
# A crashing input is kept here, named after its harness.
artifacts=${FUZZ_ARTIFACTS:-$build/artifacts}
mkdir -p "$artifacts"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0
for h in "$build"/fuzz_*; do
	[ -x "$h" ] || continue
	n=$((n + 1))
	echo "$n $h" >>"$out/lane$((n % jobs))"
done
for lane in "$out"/lane*; do
	[ -f "$lane" ] || continue
	(while read -r i h; do one "$h" "$i"; done <"$lane") &
done
wait
i=0
while [ $i -lt $n ]; do
	i=$((i + 1))
	cat "$out/$i"
done
[ $n -gt 0 ] || echo "not ok 1 - fuzz: no harness built"
