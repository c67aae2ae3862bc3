#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# full_disk.sh: export and bulk into a folder that fills up: a small tmpfs
# mounted in a user and mount namespace of our own (unshare -rm), so no
# privilege is needed; skipped where the system refuses such namespaces.
#  - export: exit 1, an error saying the disk is full ("No space left on
#    device", or data.xlsx's check: libxlsxwriter does not say why its
#    temporary files came out short), nothing at the archive's path, no
#    temporary folder left;
#  - bulk: the archives that fit are written and valid, the others fail
#    with that error, exit 1, no temporary folder; with room again,
#    --resume finishes the job with the bytes of a run that had room.
set -u
top=${VOXPORT_TOP:?}
if ! unshare -rm true 2>/dev/null; then
	echo "ok 1 - full disk: # SKIP no user namespaces here (unshare -rm)"
	exit 0
fi
cp -R "$top/examples/demo-provider" demo || exit 1
created="--created 2024-06-01T00:00:00Z"
# shellcheck disable=SC2086
voxport bulk -c demo/provider.json --all -d ref $created >/dev/null 2>&1
mkdir small
# shellcheck disable=SC2016
exec unshare -rm sh -c '
created=$1
n=0
t() {	# t NAME COMMAND...
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - full disk: $name"
	else
		echo "not ok $n - full disk: $name"
		sed "s/^/#   /" out.$n | head -20
	fi
}
mount -t tmpfs -o size=48k tmpfs small || exit 1
voxport export -c demo/provider.json -s 1001 -o small/1001.zip $created \
	>/dev/null 2>err
st=$?
t "export: exit 1, the error says the disk is full" sh -c \
	"test $st = 1 && grep -Eq \"No space left on device|is the disk full\" err"
t "export: nothing at the path, no temporary folder" sh -c \
	"test -z \"\$(ls -A small)\""
mount -o remount,size=320k small
voxport bulk -c demo/provider.json --all -d small $created >/dev/null 2>err
st=$?
t "bulk: exit 1, some archives fail for want of space" sh -c \
	"test $st = 1 && grep -Eq \"No space left on device|is the disk full\" err"
t "bulk: the archives written are whole and valid, no temporary folder" \
	sh -c "ls small | grep -q zip && ! ls -A small | grep -q voxport &&
	for z in small/*.zip; do voxport validate \$z >/dev/null || exit 1; done"
mount -o remount,size=64m small
voxport bulk -c demo/provider.json --all -d small --resume $created \
	>/dev/null 2>err
st=$?
t "bulk --resume with room again: the same archives as a run with room" \
	sh -c "test $st = 0 && test \"\$(ls small)\" = \"\$(ls ref)\" &&
	for z in ref/*.zip; do cmp \$z small/\${z#ref/} || exit 1; done"
' sh "$created"
