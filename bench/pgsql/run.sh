#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/pgsql/run.sh VOXPORT ROWS...: one subscriber's export from a
# PostgreSQL cdr table of ROWS rows against the same export from the
# equivalent Master.csv (bench/gen-provider.py, 1000 subscribers, seed 7;
# the Master.csv is loaded into the table by COPY, so the same calls are in
# both).  The table has the start/answer/end shape and indexes on src and
# dst.  Timed, each REPEAT times (default 3), medians of wall time and max
# RSS:
#   indexed    voxport export -s 1001 from the table, channels=no: the
#              query is src/dst only, answered from the indexes
#   scan       the same with channels=yes (the default): the channel
#              patterns make the server read the whole table
#   psql-copy  psql \copy of the rows the indexed query returns, to
#              /dev/null (the floor: the server's work and the transfer)
#   csv        voxport export -s 1001 from Master.csv
# and the export sizes, which must be the same calls.  The cluster is a
# throwaway one (tests/tools/pg_cluster.sh), removed at the end.
set -eu
vp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
data=$top/bench/data
repeat=${REPEAT:-3}
py=/usr/bin/python3
mkdir -p "$data"
export LC_ALL=C.UTF-8 TZ=UTC

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

. "$top/tests/tools/pg_cluster.sh"
pg_cluster_start

calls() {
	$py -c 'import sys, zipfile
print(len(zipfile.ZipFile(sys.argv[1]).read("calls.jsonl").splitlines()))' "$1"
}

printf '%-9s %-10s %9s %12s %8s %7s\n' rows tool seconds "max RSS KiB" \
	"x csv" calls
for n in "$@"; do
	dir=$data/provider-$n
	if [ ! -f "$dir/cdr/Master.csv" ]; then
		$py "$top/bench/gen-provider.py" --rows "$n" --subscribers 1000 \
			--seed 7 --out "$dir" --provider-json
	fi
	$py "$top/tests/tools/pg_load_cdr.py" "$dir/cdr/Master.csv" \
		Europe/London >"$data/stage.copy"
	pg_sql "SET client_min_messages = warning;
	DROP TABLE IF EXISTS stage, cdr;
	CREATE TABLE stage (accountcode text, src text, dst text,
	dcontext text, clid text, channel text, dstchannel text,
	lastapp text, lastdata text, start text, answer text, \"end\" text,
	duration int, billsec int, disposition text, amaflags text,
	uniqueid text, userfield text, peeraccount text, linkedid text,
	sequence int, line int, start_utc timestamptz,
	answer_utc timestamptz, end_utc timestamptz)" >/dev/null
	load=$( { /usr/bin/time -f '%e' "$pg_bin/psql" -X -q \
		-c "\\copy stage FROM '$data/stage.copy'" ; } 2>&1 )
	pg_sql "CREATE TABLE cdr AS SELECT accountcode, src, dst, dcontext,
	clid, channel, dstchannel, lastapp, lastdata,
	start::timestamp AS start, answer::timestamp AS answer,
	\"end\"::timestamp AS \"end\", duration, billsec, disposition,
	amaflags, uniqueid, userfield, peeraccount, linkedid, sequence
	FROM stage ORDER BY line; DROP TABLE stage;
	CREATE INDEX ON cdr (src); CREATE INDEX ON cdr (dst)" >/dev/null
	pg_sql "VACUUM ANALYZE cdr" >/dev/null
	rm -f "$data/stage.copy"
	for c in yes no; do
		$py - "$dir/provider.json" "$data/pg-$c.json" "$c" <<'PY'
import json, os, sys
p = json.load(open(sys.argv[1]))
d = os.path.dirname(sys.argv[1])
p["subscribers"]["path"] = os.path.join(d, p["subscribers"]["path"])
p["sources"] = {"calls": [{"format": "asterisk-cdr-pgsql", "options":
    {"table": "cdr", "channels": sys.argv[3] == "yes"}}]}
json.dump(p, open(sys.argv[2], "w"))
PY
	done
	# the rows the indexed query asks for (1001's names and forms)
	ids="'1001','02079460100','+442079460100','442079460100',
	'00442079460100','011442079460100','07700900100','+447700900100',
	'447700900100','00447700900100','011447700900100'"
	ex="--categories calls --created @0"
	measure indexed sh -c "rm -f '$data/o.zip' && '$vp' export \
		-c '$data/pg-no.json' -s 1001 -o '$data/o.zip' $ex" >"$data/r.ix"
	ix_calls=$(calls "$data/o.zip")
	measure scan sh -c "rm -f '$data/o.zip' && '$vp' export \
		-c '$data/pg-yes.json' -s 1001 -o '$data/o.zip' $ex" >"$data/r.sc"
	sc_calls=$(calls "$data/o.zip")
	measure psql-copy "$pg_bin/psql" -X -q -c "\\copy (SELECT * FROM cdr
		WHERE src IN ($ids) OR dst IN ($ids)) TO '/dev/null'" \
		>"$data/r.pc"
	measure csv sh -c "rm -f '$data/o.zip' && '$vp' export \
		-c '$dir/provider.json' -s 1001 -o '$data/o.zip' $ex" \
		>"$data/r.csv"
	csv_calls=$(calls "$data/o.zip")
	base=$(cut -d' ' -f2 "$data/r.csv")
	for r in ix sc pc csv; do
		set -- $(cat "$data/r.$r")
		case $r in ix) k=$ix_calls ;; sc) k=$sc_calls ;;
		csv) k=$csv_calls ;; *) k=- ;; esac
		printf '%-9s %-10s %9s %12s %8s %7s\n' "$n" "$1" "$2" "$3" \
			"$(awk -v a="$2" -v b="$base" \
			'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')" "$k"
	done
	echo "# $n rows: COPY into the staging table took ${load}s"
	"$pg_bin/psql" -X -At -c "EXPLAIN SELECT * FROM cdr WHERE src =
		ANY('{$(echo "$ids" | tr -d "'\n\t ")}') OR dst =
		ANY('{$(echo "$ids" | tr -d "'\n\t ")}')" | sed 's/^/# plan: /'
done
pg_cluster_stop
rm -f "$data/o.zip" "$data"/pg-*.json "$data"/t.* "$data"/r.*
