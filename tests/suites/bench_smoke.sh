#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench_smoke.sh: bench/ works, on toy sizes (no timing is checked here).
#  - gen-provider.py's default output is still the demo provider's, and
#    its options (transfers, vCards, sms.xml) are deterministic and make a
#    provider voxport reads and validates;
#  - the Python peers find the same calls as `voxport export` (so that the
#    benchmark compares the same work), the single-pass bulk script the
#    same as the single one, Miller the same rows;
#  - bench/run.sh (what `make bench` runs) goes through on tiny sizes and
#    rewrites only the generated part of a copy of bench/RESULTS.md.
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
py=/usr/bin/python3
gen=$top/bench/gen-provider.py
base=$top/bench/baseline
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - bench: $2"
	else
		echo "not ok $n - bench: $2"
	fi
}
skip() {
	n=$((n + 1))
	echo "ok $n - bench: $1 # SKIP $2"
}
# ids ZIP: the call ids of calls.jsonl in ZIP
ids() {
	unzip -p "$1" calls.jsonl | $py -c 'import json, sys
for line in sys.stdin:
    print(json.loads(line)["id"])'
}

$py "$gen" --out demo >/dev/null 2>&1 &&
	cmp -s demo/cdr/Master.csv "$top/examples/demo-provider/cdr/Master.csv" &&
	cmp -s demo/subscribers.csv "$top/examples/demo-provider/subscribers.csv"
t $? "gen-provider.py's default output is the demo provider's"

opts="--rows 1500 --subscribers 30 --seed 3 --transfers 0.3 --vcards"
opts="$opts --messages 4 --provider-json"
# shellcheck disable=SC2086
$py "$gen" $opts --out p1 && $py "$gen" $opts --out p2 &&
	diff -r p1 p2 >/dev/null
t $? "gen-provider.py is deterministic with every option"

rc=1
if "$vp" export -c p1/provider.json -s 1007 -o all.zip --created @0 \
	>/dev/null && "$vp" validate all.zip >/dev/null; then
	unzip -l all.zip >members.txt
	grep -q contacts.vcf members.txt && grep -q messages.jsonl members.txt &&
		rc=0
fi
t $rc "the generated vCards, sms.xml and CDRs export and validate"

# A transferred call: legs sharing a linkedid, across three subscribers.
unzip -p all.zip calls.jsonl | $py -c 'import json, sys
sys.exit(not any(len(json.loads(l)["legs"]) >= 2 for l in sys.stdin))'
t $? "transfers make calls of several legs"

# 1001 plain, 1003 an account code, 1004 a SIP username (gen-provider.py)
same=0
for s in 1001 1003 1004; do
	"$vp" export -c p1/provider.json -s $s --categories calls \
		-o vp-$s.zip --created @0 >/dev/null &&
		$py "$base/py_single.py" p1 $s py-$s.zip &&
		ids vp-$s.zip >vp-$s.ids && ids py-$s.zip >py-$s.ids &&
		[ -s vp-$s.ids ] && cmp -s vp-$s.ids py-$s.ids || same=1
done
t $same "py_single.py finds the calls voxport export finds (same ids)"

rc=1
if SPILL=100 $py "$base/py_bulk.py" p1 bulk; then
	rc=0
	[ "$(ls bulk | grep -c '\.zip$')" = 30 ] || rc=1
	for s in 1001 1003 1004; do
		unzip -p bulk/$s.zip calls.jsonl >b.jsonl &&
			unzip -p py-$s.zip calls.jsonl | cmp -s - b.jsonl || rc=1
	done
fi
t $rc "py_bulk.py writes every subscriber's archive, as py_single.py does"

if command -v mlr >/dev/null; then
	rc=1
	expr=$($py "$base/ids.py" p1 1003 --mlr) &&
		mlr -S --icsv --ojsonl --implicit-csv-header \
			--allow-ragged-csv-input filter "$expr" \
			p1/cdr/Master.csv >mlr.jsonl &&
		unzip -p py-1003.zip manifest.json | $py -c '
import json, sys
m = json.load(sys.stdin)
sys.exit(m["sources"][0]["exported"] != int(sys.argv[1]))' \
			"$(wc -l <mlr.jsonl)" && rc=0
	t $rc "the Miller filter keeps the rows the Python script keeps"
else
	skip "the Miller filter keeps the rows the Python script keeps" \
		"no mlr (scripts/deps.sh)"
fi

if command -v hyperfine >/dev/null && command -v mlr >/dev/null; then
	cp "$top/bench/RESULTS.md" results.md
	SINGLE_ROWS="1000 2000" SINGLE_SUBS=20 BULK_ROWS=1000 BULK_SUBS=5 \
		REPS=1 BULK_REPS=1 VALIDATE=0 DATA="$PWD/data" OUT="$PWD/out" \
		RESULTS="$PWD/results.md" sh "$top/bench/run.sh" "$vp" \
		>run.out 2>&1
	t $? "bench/run.sh goes through on tiny sizes"
	rc=1
	begin='generated part begins'
	# The hand-written text, blank lines aside, is what it was.
	strip='/generated part begins/,/generated part ends/d; /^$/d'
	sed "$strip" results.md >hand.md
	sed "$strip" "$top/bench/RESULTS.md" >hand.orig
	if cmp -s hand.md hand.orig &&
		[ "$(grep -c "$begin" results.md)" = 1 ] &&
		grep -q '^### Single export, 2000 rows' results.md &&
		grep -q '^| single export, 2000 rows | Python' results.md &&
		grep -q 'has the same call ids' results.md; then
		rc=0
	fi
	t $rc "run.sh appends its generated part, hand-written text kept"
	rc=1
	if "$vp" bulk --help >/dev/null 2>&1; then
		grep -q '^### Bulk, 5 subscribers' results.md && rc=0
	else
		grep -q '^| bulk | .*not run: .*no `bulk` command' results.md &&
			rc=0
	fi
	t $rc "bulk rows are filled, or say why not"
	# A second report rewrites the part in place.
	echo "a note after the generated part" >>results.md
	$py "$top/bench/report.py" --top "$top" --voxport "$vp" \
		--out "$PWD/out" --data "$PWD/data" --results results.md \
		--single "1000 2000" --bulk 5 --subject 1001 &&
		[ "$(grep -c "$begin" results.md)" = 1 ] &&
		[ "$(tail -1 results.md)" = "a note after the generated part" ]
	t $? "a second report replaces the generated part, text around it kept"
else
	for what in "bench/run.sh goes through on tiny sizes" \
		"run.sh appends its generated part" "bulk rows are filled" \
		"a second report replaces the generated part"; do
		skip "$what" "no hyperfine or mlr (scripts/deps.sh)"
	done
fi
