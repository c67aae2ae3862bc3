#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh: run every test and count them.  Each part speaks TAP ("ok N - x",
# "not ok N - x"); this script prints each part's lines and ends with
#   N passed, N failed
# Parts: C unit tests, CLI golden cases, suite and interop scripts, fuzz.
#
# Environment: BUILD (the build folder with voxport and tests/, default
# build), FUZZ_BUILD (fuzz harnesses; skipped when absent), ONLY (a glob on
# part names, e.g. ONLY='cases*').
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
FUZZ_BUILD=${FUZZ_BUILD:-}
case $FUZZ_BUILD in /*|"") ;; *) FUZZ_BUILD=$top/$FUZZ_BUILD ;; esac
ONLY=${ONLY:-*}

export VOXPORT_TOP="$top" VOXPORT_BUILD="$BUILD"
export PATH="$BUILD:$PATH"
export LC_ALL=C.UTF-8 TZ=UTC
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
unset SOURCE_DATE_EPOCH VOXPORT_PROVIDER

scratch=$(mktemp -d "${TMPDIR:-/tmp}/voxport-tests.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
log=$scratch/tap.log
: >"$log"

# part NAME COMMAND...: run one part in its own scratch folder, keep its
# TAP, show its failures (and fuzz figures) and its counts.
part() {
	name=$1
	shift
	case $name in $ONLY) ;; *) return 0 ;; esac
	dir=$scratch/$(echo "$name" | tr '/ ' '__')
	mkdir -p "$dir"
	(cd "$dir" && "$@") 2>"$dir.stderr" >"$dir.tap"
	cat "$dir.tap" >>"$log"
	grep -E '^(not ok|#|ok [0-9]+ - fuzz:)' "$dir.tap"
	echo "# $name: $(grep -c '^ok' "$dir.tap") passed, $(grep -c '^not ok' "$dir.tap") failed"
	if ! grep -q . "$dir.stderr"; then return 0; fi
	# A part that printed to stderr outside TAP shows it, to help debugging.
	sed 's/^/#   /' "$dir.stderr" | head -40
}

unit() {
	out=unit.out
	CMOCKA_MESSAGE_OUTPUT=TAP "$1" >"$out" 2>&1
	rc=$?
	sed -n -e "s#^\(not ok\|ok\) \([0-9]*\) - #\1 \2 - $(basename "$1"): #p" "$out"
	# A crash ends the run without a "not ok": count it as one failure.
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$out"; then
		echo "not ok - $(basename "$1"): exited with status $rc"
		sed 's/^/#   /' "$out" | tail -30
	fi
	return 0
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	part "unit/$(basename "$t")" unit "$t"
done

part cases sh "$top/tests/cases/run.sh"

# A script that dies half-way (set -u, a missing tool) ends without its
# last lines of TAP: its exit status counts as one failure.
script() {
	sh "$1"
	rc=$?
	[ $rc -eq 0 ] || echo "not ok - $(basename "$1"): exited with status $rc"
	return 0
}

for s in "$top"/tests/suites/*.sh "$top"/tests/interop/*.sh; do
	[ -f "$s" ] || continue
	part "$(basename "$(dirname "$s")")/$(basename "$s" .sh)" script "$s"
done

if [ -n "$FUZZ_BUILD" ] && [ -d "$FUZZ_BUILD" ]; then
	part fuzz sh "$top/tests/fuzz/run.sh" "$FUZZ_BUILD"
fi

passed=$(grep -c '^ok' "$log")
failed=$(grep -c '^not ok' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
