#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# pgsql.sh: the PostgreSQL source and target against a real server (a
# throwaway cluster, tests/tools/pg_cluster.sh).  Prints TAP.
#
# The demo's Master.csv is loaded into cdr tables of each shape of
# provider-formats.md 1.3 (classic calldate with integer amaflags; Alembic
# start/answer/end with text codes; timestamptz with integer codes); an
# export of subscribers 1001 and 1004 (who is found by a channel endpoint)
# from each must give the calls the Master.csv export gives, source refs
# aside (the classic shape has no answer and end times: those aside too).
# Then bad input: each error names the table and column, exits 1, and
# leaves no archive.
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
demo=$top/examples/demo-provider
py=/usr/bin/python3
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - pgsql: $name"
	else
		echo "not ok $n - pgsql: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}

# fails NAME PATTERN COMMAND...: exits 1, stderr matches PATTERN.
fails() {
	name=$1 pat=$2
	shift 2
	n=$((n + 1))
	"$@" >fail.out 2>fail.err
	rc=$?
	if [ $rc = 1 ] && grep -q -- "$pat" fail.err; then
		echo "ok $n - pgsql: $name"
	else
		echo "not ok $n - pgsql: $name (exit $rc)"
		sed 's/^/#   /' fail.err | head -10
	fi
}

. "$top/tests/tools/pg_cluster.sh"
if ! pg_cluster_start 2>cluster.err; then
	echo "not ok 1 - pgsql: a throwaway cluster starts"
	sed 's/^/#   /' cluster.err
	exit 0
fi

# provider NAME CALLS-SOURCE-JSON [SUBSCRIBERS-JSON]: NAME.json, the demo's
# controller and processing, the demo's subscriber list.
provider() {
	"$py" - "$demo/provider.json" "$1.json" "$2" \
		"${3:-{\"format\": \"subscribers-csv\", \"path\": \"$demo/subscribers.csv\"\}}" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["subscribers"] = json.loads(sys.argv[4])
p["sources"] = {"calls": [json.loads(sys.argv[3])]}
json.dump(p, open(sys.argv[2], "w"), indent=1)
PY
}

pg_sql "CREATE TABLE stage (accountcode text, src text, dst text,
	dcontext text, clid text, channel text, dstchannel text, lastapp text,
	lastdata text, start text, answer text, \"end\" text, duration int,
	billsec int, disposition text, amaflags text, uniqueid text,
	userfield text, peeraccount text, linkedid text, sequence int,
	line int, start_utc timestamptz, answer_utc timestamptz,
	end_utc timestamptz)" >/dev/null
"$py" "$top/tests/tools/pg_load_cdr.py" "$demo/cdr/Master.csv" \
	Europe/London >stage.copy
t "the demo's Master.csv loads into a staging table" \
	"$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 \
	-c "\\copy stage FROM 'stage.copy'"
codes="CASE disposition WHEN 'ANSWERED' THEN 8 WHEN 'NO ANSWER' THEN 0
	WHEN 'BUSY' THEN 4 WHEN 'FAILED' THEN 2 WHEN 'CONGESTION' THEN 16
	WHEN 'CANCEL' THEN 32 END"
ama="CASE amaflags WHEN 'OMIT' THEN 1 WHEN 'BILLING' THEN 2
	WHEN 'DOCUMENTATION' THEN 3 ELSE 0 END"
common="clid, src, dst, dcontext, channel, dstchannel, lastapp, lastdata,
	duration, billsec"
t "tables of the three shapes" pg_sql "
CREATE TABLE cdr AS SELECT start::timestamp AS calldate, $common,
	disposition::varchar(45) AS disposition, ($ama)::int AS amaflags,
	accountcode::varchar(20) AS accountcode,
	uniqueid::varchar(150) AS uniqueid,
	coalesce(userfield, '')::varchar(255) AS userfield, peeraccount,
	linkedid, sequence FROM stage ORDER BY line;
CREATE TABLE cdr_alembic AS SELECT accountcode, src, dst, dcontext, clid,
	channel, dstchannel, lastapp, lastdata, start::timestamp AS start,
	answer::timestamp AS answer, \"end\"::timestamp AS \"end\", duration,
	billsec, disposition, amaflags, uniqueid, userfield, peeraccount,
	linkedid, sequence FROM stage ORDER BY line;
CREATE TABLE cdr_tz AS SELECT $common,
	start_utc AS start, answer_utc AS answer, end_utc AS \"end\",
	($codes)::int AS disposition, amaflags, accountcode, uniqueid,
	userfield, peeraccount, linkedid, sequence FROM stage ORDER BY line;
CREATE INDEX ON cdr (src); CREATE INDEX ON cdr (dst);
ANALYZE"

provider csv "{\"format\": \"asterisk-cdr-csv\",
	\"path\": \"$demo/cdr/Master.csv\", \"options\": {\"usegmtime\": false}}"
for tb in cdr cdr_alembic cdr_tz; do
	provider "$tb" "{\"format\": \"asterisk-cdr-pgsql\",
		\"options\": {\"table\": \"$tb\"}}"
done

# calls.jsonl of two archives, sorted by id, without source refs (and
# without the times named after the archives).
same_calls() {
	"$py" - "$@" <<'PY'
import json, sys, zipfile
a, b, *drop = sys.argv[1:]
drop = set(drop) | {"source"}
def clean(v):
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items() if k not in drop}
    if isinstance(v, list):
        return [clean(x) for x in v]
    return v
def calls(z):
    lines = zipfile.ZipFile(z).read("calls.jsonl").decode().splitlines()
    return sorted((clean(json.loads(l)) for l in lines),
                  key=lambda c: json.dumps(c, sort_keys=True))
ca, cb = calls(a), calls(b)
if not ca:
    sys.exit("no calls in " + a)
if ca != cb:
    for x, y in zip(ca, cb):
        if x != y:
            print(json.dumps(x, sort_keys=True))
            print(json.dumps(y, sort_keys=True))
            break
    sys.exit("%s: %d calls, %s: %d, not the same" % (a, len(ca), b, len(cb)))
PY
}

for s in 1001 1004; do
	ex="--created 2024-11-01T09:00:00Z --categories subject,calls"
	t "$s: export from Master.csv" "$vp" export -c csv.json -s $s \
		-o csv-$s.zip $ex
	# 1004 is found by a channel endpoint: one shape is enough
	tables="cdr cdr_alembic cdr_tz"
	[ $s = 1004 ] && tables=cdr_alembic
	for tb in $tables; do
		t "$s: export from table $tb" "$vp" export -c $tb.json -s $s \
			-o $tb-$s.zip $ex
	done
	t "$s: start/answer/end table: the calls of Master.csv" \
		same_calls csv-$s.zip cdr_alembic-$s.zip
	[ $s = 1004 ] && continue
	t "$s: timestamptz table, integer codes: the calls of Master.csv" \
		same_calls csv-$s.zip cdr_tz-$s.zip
	t "$s: classic calldate table: the calls of Master.csv" \
		same_calls csv-$s.zip cdr-$s.zip answer end
done
# A call found only by its channel endpoint ("dev", 1004's SIP user):
# the query's endpoint condition finds it, channels=no does not.
pg_sql "CREATE TABLE cdr_chan AS SELECT * FROM cdr_alembic LIMIT 1;
	UPDATE cdr_chan SET src = '5550000', dst = '5550001', clid = '',
	accountcode = '', peeraccount = '', channel = 'PJSIP/dev-000000ab',
	dstchannel = 'PJSIP/trunk-000000ac'" >/dev/null
for c in true false; do
	provider chan-$c "{\"format\": \"asterisk-cdr-pgsql\",
		\"options\": {\"table\": \"cdr_chan\", \"channels\": $c}}"
done
t "a call found by its channel endpoint alone" sh -c "
	'$vp' export -c chan-true.json -s 1004 -o chan-true.zip &&
	unzip -p chan-true.zip calls.jsonl | grep -q 'PJSIP/dev-000000ab'"
t "channels=no: not asked for" sh -c "
	'$vp' export -c chan-false.json -s 1004 -o chan-false.zip &&
	! unzip -p chan-false.zip calls.jsonl 2>/dev/null | grep -q dev-000000ab"
t "the archives validate" "$vp" validate cdr-1001.zip cdr_alembic-1004.zip

# bulk reads the whole table once (a cursor, no subject in the query) and
# routes its rows: each subscriber gets the calls its own export got.  The
# archives are not the same bytes: an export's manifest counts the rows
# its query returned, bulk's every row of the table.
printf '1001\n1004\n' >bulk-subjects
t "bulk over a table: one archive each" "$vp" bulk -c cdr_alembic.json \
	--subjects bulk-subjects -d bulkpg -q \
	--created 2024-11-01T09:00:00Z --categories subject,calls
for s in 1001 1004; do
	t "$s: bulk over a table: the calls of the single export" \
		same_calls cdr_alembic-$s.zip bulkpg/$s.zip
done

# FreePBX's columns (did, recordingfile, ...) go to the leg's extra.
pg_sql "CREATE TABLE cdr_freepbx AS SELECT calldate, clid, src, dst, dcontext,
	channel, dstchannel, lastapp, lastdata, duration, billsec,
	disposition, amaflags, accountcode, uniqueid, userfield,
	'442079460100'::varchar(80) AS did,
	'out-' || uniqueid || '.wav' AS recordingfile, ''::varchar(80) AS cnum,
	linkedid, peeraccount, sequence FROM cdr" >/dev/null
provider cdr_freepbx "{\"format\": \"asterisk-cdr-pgsql\",
	\"options\": {\"table\": \"cdr_freepbx\"}}"
t "FreePBX table: did and recordingfile in extra, empty cnum dropped" sh -c "
	'$vp' export -c cdr_freepbx.json -s 1001 -o freepbx.zip \
		--categories subject,calls &&
	unzip -p freepbx.zip calls.jsonl | head -1 |
	grep '\"did\":\"442079460100\"' | grep '\"recordingfile\":\"out-' |
	grep -v cnum"

# ---- fixtures: tests/data/<format>/ok|bad/*.sql -------------------------
# A database source has no input file: its fixtures are SQL that makes a
# table fx_<name> (and, for subscribers-sql, a "-- query:" line).  Every
# ok/ one exports subscriber 1001 with "-- expect-calls:" calls; every bad/
# one fails with the "-- expect:" text (tests/suites/meta.sh checks that
# each bad/ fixture has one).
hdr() {	# hdr FILE KEY: the value of a "-- KEY: " line
	sed -n "s/^-- $2: //p" "$1" | head -1
}
ncalls() {
	"$py" -c 'import sys, zipfile
print(len(zipfile.ZipFile(sys.argv[1]).read("calls.jsonl").splitlines()))' "$1"
}
fixture() {	# fixture FORMAT FILE
	f=$2 b=$(basename "$2" .sql)
	tb=fx_$(echo "$b" | tr - _)
	n=$((n + 1))
	if ! pg_sql "$(cat "$f")" >fx.out 2>&1; then
		echo "not ok $n - pgsql: $1/$b.sql loads"
		sed 's/^/#   /' fx.out
		return
	fi
	echo "ok $n - pgsql: $1/$b.sql loads"
	if [ "$1" = asterisk-cdr-pgsql ]; then
		provider "fx-$b" "{\"format\": \"asterisk-cdr-pgsql\",
			\"options\": {\"table\": \"$tb\"}}"
	else
		q=$(hdr "$f" query | "$py" -c 'import json, sys
print(json.dumps(sys.stdin.read().strip()))')
		provider "fx-$b" "{\"format\": \"asterisk-cdr-pgsql\",
			\"options\": {\"table\": \"fx_classic\"}}" \
			"{\"format\": \"subscribers-sql\",
			\"options\": {\"query\": $q}}"
	fi
	"$vp" export -c "fx-$b.json" -s 1001 -o "fx-$b.zip" >fx.out 2>fx.err
	rc=$?
	n=$((n + 1))
	case $f in
	*/ok/*)
		want=$(hdr "$f" expect-calls)
		if [ $rc = 0 ] && [ "$(ncalls "fx-$b.zip")" = "$want" ]; then
			echo "ok $n - pgsql: $1/$b.sql: $want calls of 1001"
		else
			echo "not ok $n - pgsql: $1/$b.sql: $want calls of 1001"
			sed 's/^/#   /' fx.err
		fi ;;
	*)
		if [ $rc = 1 ] && grep -qF -- "$(hdr "$f" expect)" fx.err &&
			[ ! -e "fx-$b.zip" ]; then
			echo "ok $n - pgsql: $1/$b.sql: refused, no archive"
		else
			echo "not ok $n - pgsql: $1/$b.sql: refused (exit $rc)"
			sed 's/^/#   /' fx.err
		fi ;;
	esac
}
for fmt in asterisk-cdr-pgsql subscribers-sql; do
	for f in "$top/tests/data/$fmt"/ok/*.sql "$top/tests/data/$fmt"/bad/*.sql
	do
		fixture "$fmt" "$f"
	done
done
t "FreePBX fixture: recordingfile in extra" sh -c "
	unzip -p fx-freepbx.zip calls.jsonl |
	grep -q '\"recordingfile\":\"out-15555550123-1001'"

# ---- bad input: clear errors naming table and column, no archive ------

noarch() {	# noarch NAME PATTERN PROVIDER: export fails, leaves no archive
	fails "$1" "$2" "$vp" export -c "$3.json" -s 1001 -o "bad-$3.zip"
	n=$((n + 1))
	if [ ! -e "bad-$3.zip" ] && ! ls | grep -q "^bad-$3.zip."; then
		echo "ok $n - pgsql: $1: no archive left"
	else
		echo "not ok $n - pgsql: $1: an archive was left"
	fi
}

free_port=$(pg_free_port)
provider unreachable "{\"format\": \"asterisk-cdr-pgsql\",
	\"options\": {\"conninfo\": \"host=127.0.0.1 port=$free_port\"}}"
noarch "unreachable server" \
	"asterisk-cdr-pgsql: cannot connect: .*127.0.0.1.*$free_port" \
	unreachable

pg_sql "CREATE ROLE reader LOGIN PASSWORD 'right-pw-7Qx';
	GRANT SELECT ON cdr TO reader" >/dev/null
provider tcp "{\"format\": \"asterisk-cdr-pgsql\", \"options\":
	{\"conninfo\": \"host=localhost port=$PGPORT user=reader dbname=postgres\"}}"
PGPASSWORD=wrong-pw-3Zk noarch "wrong password" \
	"cannot connect: .*password authentication failed for user \"reader\"" tcp
n=$((n + 1))
if grep -q "wrong-pw-3Zk" fail.err fail.out; then
	echo "not ok $n - pgsql: wrong password: the password is not shown"
else
	echo "ok $n - pgsql: wrong password: the password is not shown"
fi
t "PGPASSWORD: a read-only role exports" env PGPASSWORD=right-pw-7Qx \
	"$vp" export -c tcp.json -s 1001 -o tcp.zip
echo 'right-pw-7Qx' >pw.txt
provider pwfile "{\"format\": \"asterisk-cdr-pgsql\", \"options\":
	{\"conninfo\": \"host=localhost port=$PGPORT user=reader dbname=postgres\",
	 \"password_file\": \"pw.txt\"}}"
t "password_file: a read-only role exports" \
	"$vp" export -c pwfile.json -s 1001 -o pwfile.zip
provider inline "{\"format\": \"asterisk-cdr-pgsql\", \"options\":
	{\"conninfo\": \"host=localhost user=reader password=inline-pw-9Yt\"}}"
noarch "a password in conninfo is refused" \
	"conninfo holds a password: give it in PGPASSWORD" inline
n=$((n + 1))
if grep -q "inline-pw-9Yt" fail.err fail.out; then
	echo "not ok $n - pgsql: password in conninfo: not shown"
else
	echo "ok $n - pgsql: password in conninfo: not shown"
fi

provider notable "{\"format\": \"asterisk-cdr-pgsql\",
	\"options\": {\"table\": \"nosuch\"}}"
noarch "missing table" "table nosuch does not exist" notable
pg_sql "CREATE TABLE cdr_nodst AS SELECT calldate, src, clid FROM cdr;
	CREATE TABLE cdr_badtype AS SELECT calldate, src, dst,
	duration > 10 AS duration FROM cdr" >/dev/null
provider nodst "{\"format\": \"asterisk-cdr-pgsql\",
	\"options\": {\"table\": \"cdr_nodst\"}}"
noarch "missing column" "table cdr_nodst has no column dst" nodst
provider badtype "{\"format\": \"asterisk-cdr-pgsql\",
	\"options\": {\"table\": \"cdr_badtype\"}}"
noarch "a column of an unexpected type" \
	"table cdr_badtype: column duration is of type boolean" badtype

# A backend that ends itself at the 1500th row: the connection drops in
# the middle of the read, after a first batch of rows came in (in a
# database whose planner reads the rows in index order, one at a time).
pg_sql "CREATE DATABASE dying" >/dev/null
PGDATABASE=dying pg_sql "ALTER DATABASE dying SET enable_sort = off;
	ALTER DATABASE dying SET enable_seqscan = off;
	CREATE TABLE cdr_big AS SELECT
	'2024-01-01'::timestamp + i * interval '1 minute' AS calldate,
	'1001'::text AS src, '2000'::text AS dst, i FROM generate_series(1, 3000) i;
	CREATE INDEX ON cdr_big (calldate);
	CREATE FUNCTION drop_at(i int) RETURNS text STABLE LANGUAGE plpgsql AS \$\$
	BEGIN IF i = 1500 THEN PERFORM pg_terminate_backend(pg_backend_pid());
	PERFORM pg_sleep(5); END IF; RETURN ''; END \$\$;
	CREATE VIEW cdr_dying AS SELECT calldate, src, dst, drop_at(i) AS x
	FROM cdr_big; ANALYZE cdr_big" >/dev/null
provider dying "{\"format\": \"asterisk-cdr-pgsql\",
	\"options\": {\"table\": \"cdr_dying\", \"conninfo\": \"dbname=dying\"}}"
noarch "connection dropped mid-read" \
	"reading cdr_dying after row 1000: .*terminat" dying

# ---- subscribers-sql: the demo's subscribers.csv as a customer table ----
# with other column names, mapped back by the query's AS; the subject
# must be the one subscribers-csv gives, source refs aside.
"$py" - "$demo/subscribers.csv" crm.copy crm.sql crm.query <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
head = rows[0]
def esc(v):
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
with open(sys.argv[2], "w") as f:
    for r in rows[1:]:
        f.write("\t".join(esc(v) if v else "\\N" for v in r) + "\n")
cols = ", ".join('"crm_%s" text' % h for h in head)
open(sys.argv[3], "w").write("CREATE TABLE crm (%s)" % cols)
sel = ", ".join('"crm_%s" AS "%s"' % (h, h) for h in head)
open(sys.argv[4], "w").write("SELECT %s FROM crm WHERE crm_id = $1" % sel)
PY
pg_sql "$(cat crm.sql)" >/dev/null
t "a customer table loads" "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 \
	-c "\\copy crm FROM 'crm.copy'"
q=$("$py" -c 'import json,sys; print(json.dumps(open("crm.query").read()))')
provider sql "{\"format\": \"asterisk-cdr-pgsql\"}" \
	"{\"format\": \"subscribers-sql\", \"options\": {\"query\": $q}}"
same_subject() {
	"$py" - "$@" <<'PY'
import json, sys, zipfile
def subject(z):
    s = json.loads(zipfile.ZipFile(z).read("subject.json"))
    s.pop("source", None)
    return s
a, b = subject(sys.argv[1]), subject(sys.argv[2])
if a != b:
    sys.exit("%s\n%s" % (json.dumps(a, sort_keys=True), json.dumps(b, sort_keys=True)))
PY
}
for s in 1001; do
	t "$s: subscribers-sql export" "$vp" export -c sql.json -s $s \
		-o sql-$s.zip --created 2024-11-01T09:00:00Z
	t "$s: subscribers-sql: the subject of subscribers.csv" \
		same_subject csv-$s.zip sql-$s.zip
	t "$s: subscribers-sql and asterisk-cdr-pgsql: the calls of the CSVs" \
		same_calls csv-$s.zip sql-$s.zip answer end
done
fails "subscribers-sql: a subject not in the query's result" \
	"subscriber 9999 is not in subscribers-sql" \
	"$vp" export -c sql.json -s 9999 -o none.zip
pg_sql "CREATE FUNCTION wipe() RETURNS text LANGUAGE sql AS
	'DELETE FROM crm RETURNING crm_id'" >/dev/null
provider sqlwrite "{\"format\": \"asterisk-cdr-pgsql\"}" \
	"{\"format\": \"subscribers-sql\", \"options\": {\"query\":
	\"SELECT wipe() AS id\"}}"
fails "subscribers-sql: a query cannot write" \
	"read-only transaction" "$vp" export -c sqlwrite.json -s 1001 -o none.zip
t "subscribers-sql: the table is untouched" sh -c \
	"[ \$('$pg_bin/psql' -X -At -c 'SELECT count(*) FROM crm') -gt 2 ]"
provider sqlbad "{\"format\": \"asterisk-cdr-pgsql\"}" \
	"{\"format\": \"subscribers-sql\", \"options\": {\"query\":
	\"SELECT crm_given_name AS given_name FROM crm\"}}"
fails "subscribers-sql: a result without an id column" \
	"no \"id\" column" "$vp" export -c sqlbad.json -s 1001 -o none.zip

# ---- the target: voxport import --to asterisk-cdr-pgsql ----------------
legs() {	# legs ARCHIVE: the legs in its calls.jsonl
	"$py" -c 'import json, sys, zipfile
print(sum(len(json.loads(l)["legs"]) for l in
          zipfile.ZipFile(sys.argv[1]).read("calls.jsonl").splitlines()))' "$1"
}
count() {
	"$pg_bin/psql" -X -At -c "SELECT count(*) FROM $1"
}
imp() {	# imp ARCHIVE TABLE [OPTIONS]
	a=$1 tb=$2
	shift 2
	"$vp" import "$a" --to asterisk-cdr-pgsql -O "table=$tb" "$@"
}
t "import --create-table makes the classic table and loads the calls" \
	imp csv-1001.zip imp --create-table
t "import: one row per leg" sh -c "[ $(legs csv-1001.zip) = \$(
	'$pg_bin/psql' -X -At -c 'SELECT count(*) FROM imp') ]"
t "import again: nothing added" sh -c "imp() { :; }
	'$vp' import csv-1001.zip --to asterisk-cdr-pgsql -O table=imp &&
	[ $(legs csv-1001.zip) = \$('$pg_bin/psql' -X -At \
	-c 'SELECT count(*) FROM imp') ]"
# An independent consumer: psql's rows against the archive's legs read
# by Python.
consumer() {
	"$pg_bin/psql" -X -q -c "\\copy (SELECT uniqueid, src, dst,
		to_char(calldate, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), duration,
		billsec, disposition, linkedid FROM imp) TO 'imp.csv' CSV" &&
	"$py" - csv-1001.zip imp.csv <<'PY'
import csv, json, sys, zipfile
want = []
for line in zipfile.ZipFile(sys.argv[1]).read("calls.jsonl").splitlines():
    c = json.loads(line)
    for l in c["legs"]:
        want.append([l["id"], l["from"].get("raw", ""), l["to"].get("raw", ""),
                     l["start"][:19] + "Z", str(l["duration"]),
                     str(l["billsec"]), l.get("disposition", ""), c["id"]])
got = list(csv.reader(open(sys.argv[2])))
if sorted(want) != sorted(got):
    sys.exit("psql: %s\narchive: %s" % (sorted(got)[:2], sorted(want)[:2]))
PY
}
t "import: psql reads back the archive's legs (independent consumer)" \
	consumer
t "import --json prints the report, writes no file" sh -c "
	'$vp' import csv-1004.zip --to asterisk-cdr-pgsql -O table=imp \
	--json >report.json && grep -q voxport-import-report report.json &&
	[ ! -e import-report.json ]"

t "import --json: the report passes import-report.schema.json" \
	"$py" - "$top/schemas/v1" report.json <<'PY'
import glob, json, os, sys, warnings
import jsonschema
warnings.simplefilter("ignore")
store = {}
for f in glob.glob(os.path.join(sys.argv[1], "*.json")):
    d = json.load(open(f))
    store[d["$id"]] = d
s = store["https://voxport.example/schemas/v1/import-report.schema.json"]
r = json.load(open(sys.argv[2]))
jsonschema.Draft7Validator(s, resolver=jsonschema.RefResolver.from_schema(
    s, store=store), format_checker=jsonschema.FormatChecker()).validate(r)
assert r["files"] == [] and r["target"]["name"] == "asterisk-cdr-pgsql", r
PY

# Round trip: into a start/answer/end table in the provider's zone, and
# back out: the calls of the Master.csv.
pg_sql "CREATE TABLE rt (LIKE cdr_alembic)" >/dev/null
t "import into a start/answer/end table" \
	imp csv-1001.zip rt -z Europe/London
provider rt "{\"format\": \"asterisk-cdr-pgsql\",
	\"options\": {\"table\": \"rt\"}}"
t "export it again" "$vp" export -c rt.json -s 1001 -o rt-1001.zip \
	--created 2024-11-01T09:00:00Z --categories subject,calls
t "round trip through PostgreSQL: the calls of Master.csv" \
	same_calls csv-1001.zip rt-1001.zip

pg_sql "CREATE TABLE uq (LIKE cdr_alembic, UNIQUE (uniqueid));
	INSERT INTO uq (start, src, dst, uniqueid) SELECT start + interval
	'1 second', src, dst, uniqueid FROM cdr_alembic
	WHERE uniqueid = (SELECT min(uniqueid) FROM cdr_alembic
	WHERE src = '1001')" >/dev/null
fails "import: a unique-key conflict names table and constraint" \
	"table uq, constraint uq_uniqueid_key: nothing loaded: .*duplicate key" \
	imp csv-1001.zip uq
t "import: a conflict rolls back everything" sh -c "[ \$(
	'$pg_bin/psql' -X -At -c 'SELECT count(*) FROM uq') = 1 ]"
pg_sql "CREATE TABLE narrow (LIKE cdr_alembic); ALTER TABLE narrow
	ALTER COLUMN src TYPE varchar(3)" >/dev/null
fails "import: a value too long names table and column" \
	"table narrow: nothing loaded: .*varying(3).*column src" \
	imp csv-1001.zip narrow
t "import: nothing loaded into it" sh -c "[ \$(
	'$pg_bin/psql' -X -At -c 'SELECT count(*) FROM narrow') = 0 ]"
fails "import: a missing table, without --create-table" \
	"table nosuch does not exist" imp csv-1001.zip nosuch
fails "import: unreachable server" "cannot connect" \
	imp csv-1001.zip imp -O "conninfo=host=127.0.0.1 port=$free_port"
n=$((n + 1))
"$vp" import csv-1001.zip --to asterisk-cdr-pgsql -o out >/dev/null 2>&1
if [ $? = 2 ] && [ ! -e out ]; then
	echo "ok $n - pgsql: import: -o with a database target is a usage error"
else
	echo "not ok $n - pgsql: import: -o with a database target is a usage error"
fi

t "examples/pgsql-provider.json passes provider.schema.json" \
	"$py" - "$top/schemas/v1" "$top/examples/pgsql-provider.json" <<'PY'
import glob, json, os, sys, warnings
import jsonschema
warnings.simplefilter("ignore")
store = {}
for f in glob.glob(os.path.join(sys.argv[1], "*.json")):
    d = json.load(open(f))
    store[d["$id"]] = d
s = store["https://voxport.example/schemas/v1/provider.schema.json"]
jsonschema.Draft7Validator(s, resolver=jsonschema.RefResolver.from_schema(
    s, store=store)).validate(json.load(open(sys.argv[2])))
PY
