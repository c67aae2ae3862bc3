#!/bin/sh
# update.sh CASE_DIR...: rewrite the expected files of golden cases from
# what their cmd does now, and show the difference.  For intended changes
# only: read every diff it prints before committing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
export DEMO="$top/examples/demo-provider" DATA="$top/tests/data" TOP="$top"
export PATH="$top/${BUILD:-build}:$PATH" LC_ALL=C.UTF-8 TZ=UTC
unset SOURCE_DATE_EPOCH VOXPORT_PROVIDER
for d in "$@"; do
	d=$(cd "$d" && pwd)
	work=$(mktemp -d)
	mkdir "$work/run"
	set +e
	# Outputs beside the run's folder, not in it: a cmd may list it.
	(cd "$work/run" && sh "$d/cmd" >"$work/.out" 2>"$work/.err")
	status=$?
	set -e
	for s in out err; do
		old=$d/exp$s
		[ -f "$old" ] || old=/dev/null
		diff -u "$old" "$work/.$s" || true
		if [ -s "$work/.$s" ]; then cp "$work/.$s" "$d/exp$s"; else rm -f "$d/exp$s"; fi
	done
	if [ $status = 0 ]; then rm -f "$d/exit"; else echo $status >"$d/exit"; fi
	rm -rf "$work"
done
