#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# lint.sh: what `make lint` checks.
#  1. no banned functions in C sources (STYLE.md): unbounded or
#     non-reentrant forms have bounded or reentrant replacements;
#  2. no line over 100 columns (tabs as 8) and no trailing whitespace;
#  3. the layering of DESIGN.md section 1: the core (src/*.[ch] and
#     src/schema/) includes no header of export/ or import/ and names no
#     registry or adapter table (the sides and the CLI pass them in); the
#     schema validator (src/schema/) includes nothing of the core but the
#     error and arena base.  Comments are stripped first (cc
#     -fpreprocessed), so a comment may name what the code must not;
#  4. clang-format --dry-run, reported but advisory: the hand layout of
#     tables is kept where clang-format would reflow it.
set -u
cd "$(dirname "$0")/.."
status=0
files=$(git ls-files '*.c' '*.h' 2>/dev/null)
[ -n "$files" ] || files=$(find src export import tests bench include -name '*.[ch]')

banned='\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|strtok|gmtime|localtime|asctime|ctime|tmpnam|mktemp)[[:space:]]*\('
if grep -nE "$banned" $files; then
	echo "lint: banned functions above (use snprintf, memcpy, strtol, gmtime_r, ...)" >&2
	status=1
fi
if grep -nE '[[:space:]]+$' $files; then
	echo "lint: trailing whitespace above" >&2
	status=1
fi
for f in $files; do
	expand -t 8 "$f" | awk -v f="$f" 'length > 100 { printf "%s:%d: line over 100 columns\n", f, NR; bad = 1 } END { exit bad }' || status=1
done
# 3. Layering.
nocomments() { ${CC:-cc} -fpreprocessed -dD -E -P "$1" 2>/dev/null || cat "$1"; }
# What a file includes, as written: "arena.h", <jansson.h>.
includes() {
	nocomments "$1" |
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p'
}
layer_error() {
	echo "lint: $1" >&2
	status=1
}
side_headers=" $(cd export && echo *.h) $(cd import && echo *.h) "
is_side_header() {
	case "$1" in
	export/* | */export/* | import/* | */import/*) return 0 ;;
	esac
	case "$side_headers" in
	*" ${1##*/} "*) return 0 ;;
	esac
	return 1
}
# The registries, their lookups and every adapter table include/voxport/
# declares (extern const struct vox_source vox_source_vcard; ...).
registry="vox_sources vox_source_find vox_source_choose $(sed -n \
	's/^extern const struct vox_[a-z]* [* ]*\(const \)*\(vox_[a-z0-9_]*\).*/\2/p' \
	include/voxport/*.h)"
registry=$(echo $registry | tr ' ' '|')
for f in src/*.[ch] src/schema/*.[ch]; do
	for h in $(includes "$f"); do
		name=${h#?}
		is_side_header "${name%?}" &&
			layer_error "$f: includes $h of export/ or import/"
	done
	for sym in $(nocomments "$f" | grep -owE "$registry" | sort -u); do
		layer_error "$f: names $sym (the core takes tables as arguments)"
	done
done
for f in src/schema/*.[ch]; do
	for h in $(includes "$f"); do
		case "$h" in
		'"schema_internal.h"' | '"arena.h"' | '"voxport/error.h"' | \
		'"voxport/schema.h"' | '<'*) ;;
		*)
			layer_error "$f: includes $h: src/schema/ needs only error, arena" ;;
		esac
	done
done
if command -v clang-format >/dev/null 2>&1; then
	n=$(clang-format --dry-run $files 2>&1 | grep -c 'warning:' || true)
	echo "lint: clang-format would change $n places (advisory)"
fi
[ $status = 0 ] && echo "lint: ok"
exit $status
