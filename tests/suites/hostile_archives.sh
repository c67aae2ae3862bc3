#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# hostile_archives.sh: validate, inspect and import against hostile
# archives (zip bombs, huge manifests and lines, 100,000 members, links,
# case and Unicode twins, member names with "..", absolute, backslash and
# drive-letter paths, duplicate names, a manifest lying about sizes,
# checksums and counts, truncated, empty and non-zip files, JSON nested
# 100,000 deep, invalid UTF-8, ZIP64, ZipCrypto, terminal escapes, a
# shipped schema that accepts anything, inputs that are not files); import
# with every target refuses each one validate finds invalid and writes
# nothing.  (Wrong and missing passphrases: tests/interop/encryption.sh.)  The archives come from bench/hostile/gen.py, which lists
# each case with the exit status and text it must give.  Every run has
# `timeout 20` and, outside AddressSanitizer (which needs a large address
# space), a 1 GiB address-space limit, so that a regression fails instead
# of eating the machine.  No time or memory is asserted: bench/hostile does
# the measuring.
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
py=/usr/bin/python3
n=0
t() {	# t STATUS NAME
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - hostile: $2"
	else
		echo "not ok $n - hostile: $2"
	fi
}

limit=
if ! grep -qa __asan_init "$vp"; then
	limit="prlimit --as=$((1 << 30))"
fi
run() {	# run ARGS...: voxport bounded, output in out, err; status in st
	timeout 20 $limit "$vp" "$@" >out 2>err
	st=$?
}

"$vp" export -q -c "$top/examples/demo-provider/provider.json" -s 1001 \
	-o base.zip --created 2024-11-01T00:00:00Z
$py "$top/bench/hostile/gen.py" base.zip cases
t $? "the generator makes the archives"

tab=$(printf '\t')
while IFS=$tab read -r id cmd archive want text not; do
	run "$cmd" "cases/$archive"
	ok=0
	why=
	if [ "$st" != "$want" ]; then
		ok=1
		why="exit $st, want $want"
	fi
	if ! cat out err | grep -qF -- "$text"; then
		ok=1
		why="$why; no \"$text\""
	fi
	if [ "$not" != - ] && cat out err | grep -qF -- "$not"; then
		ok=1
		why="$why; \"$not\" printed"
	fi
	# No raw ESC, BEL or C1 CSI from the archive reaches the terminal.
	if cat out err | LC_ALL=C grep -q "$(printf '[\033\007\233]')"; then
		ok=1
		why="$why; a control character printed"
	fi
	if [ "$(wc -l <err)" -gt 110 ]; then
		ok=1
		why="$why; $(wc -l <err) lines on stderr"
	fi
	t $ok "$cmd $archive: exit $want, \"$text\"${why:+ ($why)}"
done <cases/cases.tsv

# import refuses every archive validate finds invalid: exit 1, its output
# folder never made, nothing written beside it, for each target.
targets=$("$vp" formats --json | $py -c '
import json, sys
for t in json.load(sys.stdin)["targets"]: print(t["name"])')
databases=$("$vp" formats --json | $py -c '
import json, sys
for t in json.load(sys.stdin)["targets"]:
    if t.get("database"): print(t["name"])')
mkdir -p imports
while IFS=$tab read -r id cmd archive want text not; do
	[ "$cmd" = validate ] && [ "$want" = 3 ] || continue
	for target in $targets; do
		# a database target takes no -o (no server here: refused first)
		o="-o out"
		case " $(echo $databases) " in *" $target "*) o= ;; esac
		(cd imports && timeout 20 $limit "$vp" import "../cases/$archive" \
			--to "$target" $o >../out 2>../err)
		st=$?
		[ "$st" = 1 ] && [ -z "$(ls -A imports)" ] &&
			grep -q "not a valid archive\|$archive: " err
		t $? "import $archive --to $target: refused (exit $st), nothing written"
		rm -rf imports/*
	done
done <cases/cases.tsv

# --max-errors changes what is printed, never what is counted.
run validate --max-errors 1 cases/totals.zip
one=$(cat out)
run validate --max-errors 0 cases/totals.zip
all=$(cat out)
lines=$(wc -l <err)
run validate cases/totals.zip
[ "$one" = "$all" ] && [ "$one" = "$(cat out)" ] && [ "$lines" -gt 110 ]
t $? "validate: the same total with --max-errors 1, 0 and by default"
run validate --max-errors 1 cases/flood.zip
[ "$(wc -l <err)" = 2 ] && grep -q 'flood.zip: [0-9]* more problems not shown$' err
t $? "validate --max-errors 1: one problem and how many were not shown"

# Inputs that are not regular files: exit 1, and a FIFO does not block.
mkfifo fifo
for f in . /dev/zero fifo; do
	for cmd in validate inspect; do
		run "$cmd" "$f"
		[ "$st" = 1 ] && grep -q "$f: " err
		t $? "$cmd $f: refused as not a regular file (exit 1)"
	done
done
