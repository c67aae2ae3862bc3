#!/bin/sh
# new.sh AREA NAME 'COMMANDS': make a golden case from what the commands
# do now (build/voxport on PATH).  Read the files it writes before you
# commit them: a golden case is only as right as its expected output.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
area=$1 name=$2 cmd=$3
dir=$top/tests/cases/$area
mkdir -p "$dir"
last=$(ls "$dir" | sed -n 's/^\([0-9][0-9][0-9][0-9]\)-.*/\1/p' | sort | tail -1)
last=$(echo "${last:-0}" | sed "s/^0*//")
num=$(printf "%04d" $(( ${last:-0} + 1 )))
case_dir=$dir/$num-$name
mkdir "$case_dir"
printf '%s\n' "$cmd" >"$case_dir/cmd"
work=$(mktemp -d)
export DEMO="$top/examples/demo-provider" DATA="$top/tests/data" TOP="$top"
export PATH="$top/${BUILD:-build}:$PATH" LC_ALL=C.UTF-8 TZ=UTC
unset SOURCE_DATE_EPOCH VOXPORT_PROVIDER
set +e
(cd "$work" && sh "$case_dir/cmd" >"$case_dir/expout" 2>"$case_dir/experr")
echo $? >"$case_dir/exit"
set -e
rm -rf "$work"
for f in expout experr; do [ -s "$case_dir/$f" ] || rm "$case_dir/$f"; done
[ "$(cat "$case_dir/exit")" = 0 ] && rm "$case_dir/exit"
echo "== $case_dir"
for f in expout experr exit; do
	[ -f "$case_dir/$f" ] && { echo "-- $f"; head -20 "$case_dir/$f"; }
done
true
