#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh: the schema validation benchmark.  The same call records (JSON
# lines) and the same schema (schemas/v1/call.schema.json and the files it
# refers to) through three validators, in one run:
#
#   C       voxport's src/schema/ on jansson (validate_bench.c)
#   Ajv     npm ajv + ajv-formats on Node (validate-ajv.js)
#   Python  Debian's python3-jsonschema (validate-jsonschema.py)
#
#	sh bench/schema/run.sh [RECORDS [REPS]]
#
# RECORDS defaults to 1000000, REPS (runs of C and Ajv) to 5; PY_REPS
# (runs of Python, minutes each at 1M) to 3.  Runs are interleaved, so
# that a busy machine slows all three alike.  Each driver times parsing
# (JSON text to objects, and freeing them) and validation apart; the
# table shows medians and the ratios of the others' times to C's.
# Data goes to bench/data/, raw figures to bench/out/schema/.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/bench/schema
records=${1:-1000000}
reps=${2:-5}
py_reps=${PY_REPS:-3}
data=$top/bench/data/calls-$records.jsonl
out=$top/bench/out/schema
raw=$out/raw.txt
schemas=$top/schemas/v1
schema=call.schema.json

mkdir -p "$top/bench/data" "$out"
if [ ! -s "$data" ]; then
	echo "run.sh: generating $records records into $data" >&2
	/usr/bin/python3 "$here/gen-calls.py" --records "$records" \
		--out "$data.tmp"
	mv "$data.tmp" "$data"
fi

# The C driver and the schema module alone, as the Makefile compiles them.
echo "run.sh: building validate_bench" >&2
# shellcheck disable=SC2046
${CC:-cc} -O2 -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
	-D_DEFAULT_SOURCE -I"$top/include" -I"$top/src" \
	$(pkg-config --cflags jansson libpcre2-8) \
	-o "$out/validate_bench" "$here/validate_bench.c" \
	"$top"/src/schema/*.c "$top/src/arena.c" "$top/src/error.c" \
	$(pkg-config --libs jansson libpcre2-8) -lm

if [ ! -d "$here/node_modules/ajv-formats" ]; then
	echo "run.sh: npm ci (ajv, ajv-formats)" >&2
	(cd "$here" && npm ci --no-audit --no-fund --silent) >&2
fi

: >"$raw"
i=1
while [ "$i" -le "$reps" ]; do
	echo "run.sh: run $i of $reps" >&2
	printf 'C %s\n' "$("$out/validate_bench" "$schemas" "$schema" "$data")" \
		>>"$raw"
	printf 'Ajv %s\n' "$(node "$here/validate-ajv.js" "$schemas" \
		"$schema" "$data")" >>"$raw"
	if [ "$i" -le "$py_reps" ]; then
		printf 'Python %s\n' "$(/usr/bin/python3 \
			"$here/validate-jsonschema.py" "$schemas" "$schema" \
			"$data")" >>"$raw"
	fi
	i=$((i + 1))
done

# Medians per validator, then the table.
awk -v records="$records" '
function field(name,    i, kv) {
	for (i = 2; i <= NF; i++) {
		split($i, kv, "=")
		if (kv[1] == name)
			return kv[2]
	}
	return ""
}
function median(list,    a, n, i, j, t) {
	n = split(list, a, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	v = $1
	runs[v]++
	parse[v] = parse[v] " " field("parse_s")
	check[v] = check[v] " " field("validate_s")
	total[v] = total[v] " " field("total_s")
	inv = field("invalid")
	if (v in invalid && invalid[v] != inv)
		bad = 1
	invalid[v] = inv
	n = field("records")
	if (n != records)
		bad = 1
}
END {
	if (invalid["C"] != invalid["Ajv"] || \
	    ("Python" in invalid && invalid["Python"] != invalid["C"])) {
		print "run.sh: the validators disagree on the invalid count" \
			> "/dev/stderr"
		bad = 1
	}
	for (k = 1; k <= 3; k++) {
		v = k == 1 ? "C" : k == 2 ? "Ajv" : "Python"
		if (!(v in runs))
			continue
		p[v] = median(parse[v]); c[v] = median(check[v])
		t[v] = median(total[v])
	}
	printf "%d records, %d invalid; medians of %d (C, Ajv) and %d " \
		"(Python) runs\n\n", records, invalid["C"], runs["C"], \
		runs["Python"]
	printf "| validator | parse s | validate s | validate us/record | " \
		"total s | validate vs C | total vs C |\n"
	printf "|---|---:|---:|---:|---:|---:|---:|\n"
	for (k = 1; k <= 3; k++) {
		v = k == 1 ? "C" : k == 2 ? "Ajv" : "Python"
		if (!(v in runs))
			continue
		printf "| %s | %.2f | %.2f | %.2f | %.2f | %.1fx | %.1fx |\n", \
			v, p[v], c[v], c[v] / records * 1e6, t[v], \
			c[v] / c["C"], t[v] / t["C"]
	}
	exit bad
}' "$raw"
