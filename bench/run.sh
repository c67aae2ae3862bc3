#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/run.sh [VOXPORT]: what `make bench` runs (issue 9): voxport side by
# side with what users would use instead, on generated data, and the
# generated part of bench/RESULTS.md rewritten with the machine, every
# command, the medians, peak RSS and the targets' ratios.  Not part of
# `make check` (tests/suites/bench_smoke.sh runs it on toy sizes).
#
# Without VOXPORT it builds the optimised binary (`make all`) and uses
# build/voxport.  Comparisons:
#   single  voxport export -s SUBJECT --categories calls; peers: Python 3
#           (baseline/py_single.py), Miller filtering the subject's rows to
#           JSON lines; floors: grep -F of the subject's identifiers, cat
#   bulk    voxport bulk --all -j 1 and -j 2; peer: the single-pass Python
#           script (baseline/py_bulk.py); skipped, with a note, when this
#           voxport has no bulk command
#   validate  bench/validate/run.sh VOXPORT, when present: its Markdown
#           table goes in as it is
# Each comparison is REPS rounds; a round runs every command once, in
# turn (hyperfine --runs 1), so that load on the machine falls on all of
# them alike; each run is under `/usr/bin/time -v` for its peak RSS.
#
# Environment (defaults are the issue's sizes):
#   SINGLE_ROWS  Master.csv rows, single export   "200000 1000000 2000000"
#   SINGLE_SUBS  subscribers of those providers   1000
#   BULK_ROWS    Master.csv rows, bulk            the largest SINGLE_ROWS
#   BULK_SUBS    subscribers, bulk                "1000 10000"
#   REPS         rounds of single comparisons     5
#   BULK_REPS    rounds of bulk comparisons       3
#   SUBJECT      the single export's subscriber   1001
#   SEED, TRANSFERS  gen-provider.py's            7, 0.1
#   VALIDATE     0 skips bench/validate/run.sh    1
#   DATA         generated providers (kept)       bench/data
#   OUT          raw figures of this run          bench/out/run
#   RESULTS      the file whose generated part is rewritten  bench/RESULTS.md
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
here=$top/bench
py=/usr/bin/python3
if [ $# -ge 1 ]; then
	vp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
	echo "run.sh: building the optimised binary (make all)" >&2
	make -C "$top" -s all >&2
	vp=$top/build/voxport
fi
single_rows=${SINGLE_ROWS:-200000 1000000 2000000}
single_subs=${SINGLE_SUBS:-1000}
largest=$(for n in $single_rows; do echo "$n"; done | sort -n | tail -1)
bulk_rows=${BULK_ROWS:-$largest}
bulk_subs=${BULK_SUBS:-1000 10000}
reps=${REPS:-5}
bulk_reps=${BULK_REPS:-3}
subject=${SUBJECT:-1001}
seed=${SEED:-7}
transfers=${TRANSFERS:-0.1}
data=${DATA:-$here/data}
out=${OUT:-$here/out/run}
mkdir -p "$data"
data=$(cd "$data" && pwd)
results=${RESULTS:-$here/RESULTS.md}

for tool in hyperfine mlr /usr/bin/time; do
	if ! command -v "$tool" >/dev/null; then
		echo "run.sh: $tool is missing: sh scripts/deps.sh installs it" >&2
		exit 1
	fi
done
rm -rf "$out"
w=$out/work
mkdir -p "$out" "$w"

# provider ROWS SUBS: the folder of a generated provider, made once (a
# stamp records the command and the generator's checksum).
provider() {
	dir=$data/provider-$1-$2-s$seed-t$transfers
	gen="bench/gen-provider.py --rows $1 --subscribers $2 --seed $seed"
	gen="$gen --transfers $transfers --provider-json"
	stamp="$gen $(sha256sum <"$here/gen-provider.py" | cut -c1-16)"
	if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
		echo "run.sh: $gen" >&2
		rm -rf "$dir"
		# shellcheck disable=SC2086
		(cd "$top" && $py $gen --out "$dir")
		echo "$stamp" >"$dir/.stamp"
	fi
	echo "$gen --out DIR" >"$dir/.command"
}

# compare NAME ROUNDS LABEL CMD [LABEL CMD...]: ROUNDS rounds of every CMD
# in turn.  Writes OUT/NAME/spec (label TAB command), and per round rN.json
# (hyperfine) and LABEL.rN.time (/usr/bin/time -v).  Before each run of a
# command its folder OUT/work/LABEL is emptied: what it wrote is there
# after the last round.
compare() {
	name=$1 rounds=$2
	shift 2
	d=$out/$name
	mkdir -p "$d"
	: >"$d/spec"
	while [ $# -ge 2 ]; do
		printf '%s\t%s\n' "$1" "$2" >>"$d/spec"
		shift 2
	done
	r=1
	while [ "$r" -le "$rounds" ]; do
		set --
		preps=
		while IFS='	' read -r label cmd; do
			set -- "$@" "/usr/bin/time -v -o $d/$label.r$r.time $cmd"
			preps="$preps --prepare 'rm -rf $w/$label && mkdir $w/$label'"
		done <"$d/spec"
		echo "run.sh: $name, round $r of $rounds" >&2
		if ! eval "hyperfine --runs 1 --style basic $preps" \
			'--export-json "$d/r$r.json" "$@"' \
			'>>"$out/hyperfine.log" 2>&1'
		then
			tail -20 "$out/hyperfine.log" >&2
			echo "run.sh: $name: a command failed (above)" >&2
			exit 1
		fi
		r=$((r + 1))
	done
}

# call_ids ZIP: the ids of calls.jsonl in ZIP, one a line
call_ids() {
	unzip -p "$1" calls.jsonl | $py -c 'import json, sys
for line in sys.stdin:
    print(json.loads(line)["id"])'
}

# --- single export --------------------------------------------------------
for rows in $single_rows; do
	provider "$rows" "$single_subs"
	p=$dir
	ids=$out/ids-$rows
	$py "$here/baseline/ids.py" "$p" "$subject" --grep >"$ids"
	expr=$($py "$here/baseline/ids.py" "$p" "$subject" --mlr)
	cat "$p/cdr/Master.csv" >/dev/null # into the page cache
	wc -l <"$p/cdr/Master.csv" >"$out/single-$rows.lines"
	du -k "$p/cdr/Master.csv" | cut -f1 >"$out/single-$rows.kib"
	cp "$p/.command" "$out/single-$rows.gen"
	compare "single-$rows" "$reps" \
		voxport "$vp export -c $p/provider.json -s $subject \
--categories calls -o $w/voxport/calls.zip --created @0" \
		python "$py $here/baseline/py_single.py $p $subject \
$w/python/calls.zip" \
		miller "mlr -S --icsv --ojsonl --implicit-csv-header \
--allow-ragged-csv-input filter '$expr' $p/cdr/Master.csv \
>$w/miller/calls.jsonl" \
		grep "grep -F -f $ids $p/cdr/Master.csv >$w/grep/rows.csv" \
		cat "cat $p/cdr/Master.csv >/dev/null"
	# Does the Python peer do the same work?  The same calls, by id.
	call_ids "$w/voxport/calls.zip" >"$out/single-$rows.vp-ids"
	call_ids "$w/python/calls.zip" >"$out/single-$rows.py-ids"
	wc -l <"$out/single-$rows.vp-ids" >"$out/single-$rows.calls"
	if cmp -s "$out/single-$rows.vp-ids" "$out/single-$rows.py-ids"; then
		echo same >"$out/single-$rows.same"
	else
		echo "run.sh: $rows rows: the Python peer's calls differ" >&2
		echo different >"$out/single-$rows.same"
	fi
done

# --- bulk -----------------------------------------------------------------
if "$vp" bulk --help >/dev/null 2>&1; then
	for subs in $bulk_subs; do
		provider "$bulk_rows" "$subs"
		p=$dir
		cat "$p/cdr/Master.csv" >/dev/null
		wc -l <"$p/cdr/Master.csv" >"$out/bulk-$subs.lines"
		du -k "$p/cdr/Master.csv" | cut -f1 >"$out/bulk-$subs.kib"
		cp "$p/.command" "$out/bulk-$subs.gen"
		compare "bulk-$subs" "$bulk_reps" \
			voxport-j1 "$vp bulk -c $p/provider.json --all \
-d $w/voxport-j1 -j 1 --created @0" \
			voxport-j2 "$vp bulk -c $p/provider.json --all \
-d $w/voxport-j2 -j 2 --created @0" \
			python "$py $here/baseline/py_bulk.py $p $w/python"
		for label in voxport-j1 voxport-j2 python; do
			find "$w/$label" -name '*.zip' | wc -l
		done | tr '\n' ' ' >"$out/bulk-$subs.archives"
		# The same calls as the Python script's, for the first subscriber.
		call_ids "$w/voxport-j2/$subject.zip" >"$out/bulk-$subs.vp-ids" ||
			:
		call_ids "$w/python/$subject.zip" >"$out/bulk-$subs.py-ids"
		if [ -s "$out/bulk-$subs.vp-ids" ] &&
			cmp -s "$out/bulk-$subs.vp-ids" "$out/bulk-$subs.py-ids"
		then
			echo same >"$out/bulk-$subs.same"
		else
			echo different >"$out/bulk-$subs.same"
		fi
	done
else
	echo "run.sh: $vp has no bulk command: bulk comparisons skipped" >&2
	echo "$vp has no \`bulk\` command (\`voxport bulk --help\` failed)" \
		>"$out/bulk.skipped"
fi
rm -rf "$out/work"

# --- validate -------------------------------------------------------------
if [ "${VALIDATE:-1}" = 0 ]; then
	echo "skipped (VALIDATE=0)" >"$out/validate.skipped"
elif [ -f "$here/validate/run.sh" ]; then
	echo "run.sh: sh bench/validate/run.sh $vp" >&2
	if ! sh "$here/validate/run.sh" "$vp" >"$out/validate.md"; then
		echo "bench/validate/run.sh failed" >"$out/validate.skipped"
	fi
else
	echo "bench/validate/run.sh is not in this tree" >"$out/validate.skipped"
fi

$py "$here/report.py" --top "$top" --voxport "$vp" --out "$out" \
	--data "$data" --results "$results" --single "$single_rows" --bulk "$bulk_subs" \
	--subject "$subject"
echo "run.sh: $results rewritten (raw figures in $out)" >&2
