#!/bin/sh
# demo.sh VOXPORT: what `make demo` runs.  Exports subscriber 1001 of the
# demo provider into demo-out/, validates and inspects the archive, and
# says where it is.
set -eu
voxport=$1
here=$(cd "$(dirname "$0")" && pwd)
out=demo-out
mkdir -p "$out"
archive=$out/1001.zip

echo "== voxport export -c $here/provider.json -s 1001 -o $archive --with-audio --with-attachments"
"$voxport" export -c "$here/provider.json" -s 1001 -o "$archive" --force \
	--with-audio --with-attachments \
	--request access --reference DEMO-0001
echo "== voxport validate $archive"
"$voxport" validate "$archive"
echo "== voxport inspect $archive"
"$voxport" inspect "$archive"
echo
echo "The archive is $(cd "$out" && pwd)/1001.zip"
