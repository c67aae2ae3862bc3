#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# valgrind.sh BUILD: the whole test run with every voxport and unit-test
# process under valgrind's memcheck (`make check-valgrind`).  AddressSanitizer
# (`make check`) finds most of the same faults faster; valgrind also sees
# reads of uninitialised memory, and runs the optimised build that users run.
#
# BUILD/vg/ gets a wrapper of the same name for voxport and for each unit
# test, so tests/run.sh and every suite run them unchanged.  A memcheck
# error makes the process exit 86 and prints "==PID==" lines on stderr:
# either fails the test that ran it.  Slow: hours on two cores.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
vg=$build/vg
rm -rf "$vg"
mkdir -p "$vg/tests"
# valgrind keeps files of its own in $TMPDIR: a test that points TMPDIR at
# a missing folder (export -o -'s error) runs the program without it.
wrap() {	# wrap REAL WRAPPER
	cat >"$2" <<WRAP
#!/bin/sh
if [ -n "\${TMPDIR:-}" ] && [ ! -d "\$TMPDIR" ]; then
	exec "$1" "\$@"
fi
exec valgrind -q --error-exitcode=86 --leak-check=full \\
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \\
	--track-origins=yes "$1" "\$@"
WRAP
	chmod +x "$2"
}
wrap "$build/voxport" "$vg/voxport"
for t in "$build"/tests/*; do
	[ -f "$t" ] && [ -x "$t" ] && wrap "$t" "$vg/tests/$(basename "$t")"
done
BUILD=$vg sh "$top/tests/run.sh"
