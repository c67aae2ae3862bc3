#!/bin/sh
# cases/run.sh: CLI golden cases, one folder each under tests/cases/AREA/:
#   cmd     a shell script run from an empty scratch folder
#   expout  its expected standard output (absent: empty)
#   experr  its expected standard error (absent: empty)
#   exit    its expected exit status (absent: 0)
# The script may use $DEMO (examples/demo-provider), $DATA (tests/data),
# $TOP (the source tree) and `voxport` on PATH.  One TAP line per case.
set -u
top=${VOXPORT_TOP:?}
here=$top/tests/cases
scratch=$(mktemp -d "${TMPDIR:-/tmp}/voxport-cases.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export DEMO="$top/examples/demo-provider" DATA="$top/tests/data" TOP="$top"

n=0
for dir in "$here"/*/*/; do
	[ -f "$dir/cmd" ] || continue
	n=$((n + 1))
	name=${dir#"$here"/}
	name=${name%/}
	work=$scratch/$n
	mkdir -p "$work"
	(cd "$work" && sh "$dir/cmd" >"$scratch/out" 2>"$scratch/err")
	status=$?
	want=0
	[ -f "$dir/exit" ] && want=$(cat "$dir/exit")
	ok=1
	why=
	if [ "$status" != "$want" ]; then
		ok=0
		why="exit $status, want $want"
	fi
	for s in out err; do
		exp=/dev/null
		[ -f "$dir/exp$s" ] && exp=$dir/exp$s
		if ! cmp -s "$exp" "$scratch/$s"; then
			ok=0
			why="$why${why:+; }std$s differs"
			diff -u "$exp" "$scratch/$s" | head -20 |
				sed 's/^/#   /' >"$scratch/diff.$s"
		fi
	done
	if [ $ok = 1 ]; then
		echo "ok $n - cases/$name"
	else
		echo "not ok $n - cases/$name ($why)"
		cat "$scratch"/diff.* 2>/dev/null
		rm -f "$scratch"/diff.*
	fi
done
[ $n -gt 0 ] || echo "not ok 1 - cases: none found"
