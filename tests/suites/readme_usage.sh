#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# readme_usage.sh: the README's first usage lines work as written, from
# the top of a tree where `make demo` has run (issue 12): the indented
# block after "from the top of the tree:" is run as it stands, in a tree
# whose build/ is the binary under test, and its archive validates.
set -u
top=${VOXPORT_TOP:?}
n=0
t() {	# t DESCRIPTION COMMAND...
	n=$((n + 1))
	what=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - readme_usage: $what"
	else
		echo "not ok $n - readme_usage: $what"
	fi
}
mkdir tree
ln -s "$top/examples" tree/examples
ln -s "${VOXPORT_BUILD:?}" tree/build
# The block: indented lines after the line that ends "from the top of the
# tree:", up to the first line that is neither indented nor blank.
sed -n '/from the top of the tree:$/,$p' "$top/README.md" | sed '1d' |
	awk 'NF && !/^    / { exit } /^    / { sub(/^    /, ""); print }' \
		>usage.sh
t "the README has the usage block (export PATH=..., voxport export ...)" \
	grep -q '^voxport export' usage.sh
t "its lines run as written from the top of the tree" \
	sh -c "cd tree && env -u VOXPORT_PROVIDER PATH=/usr/bin:/bin sh -e ../usage.sh"
t "and the archive they write validates" \
	sh -c "cd tree && '${VOXPORT_BUILD}/voxport' validate 1001.zip"
