#!/bin/sh
# lint.sh: what `make lint` checks.
#  1. no banned functions in C sources (STYLE.md): unbounded or
#     non-reentrant forms have bounded or reentrant replacements;
#  2. no line over 100 columns (tabs as 8) and no trailing whitespace;
#  3. clang-format --dry-run, reported but advisory: the hand layout of
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
if command -v clang-format >/dev/null 2>&1; then
	n=$(clang-format --dry-run $files 2>&1 | grep -c 'warning:' || true)
	echo "lint: clang-format would change $n places (advisory)"
fi
[ $status = 0 ] && echo "lint: ok"
exit $status
