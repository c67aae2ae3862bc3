#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# meta.sh: the registries checked against the tree (git's t0012-help).
#  - every command answers --help, with the same text as `voxport help`,
#    and has a manual page (help and version live in voxport.1);
#  - every source format has ok/ and bad/ fixtures, a golden case for each
#    bad/ fixture, a unit test, a fuzz harness and a section in
#    voxport-formats.5.
#  - a source that reads a database ("database": true in formats --json)
#    has no input file and golden cases have no server: its fixtures are
#    .sql files that tests/suites/pgsql.sh loads into a real server, and
#    each bad/ one says the error it must give in a "-- expect:" line
#    (the suite checks it) instead of having a golden case; its fuzz
#    harness fuzzes the row to record code.  A database target's
#    independent consumer's check (psql reading the rows back) is in
#    tests/suites/pgsql.sh rather than tests/interop.
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - meta: $2"
	else
		echo "not ok $n - meta: $2"
	fi
}

commands=$("$vp" help | sed -n 's/^  \([a-z]*\)  .*/\1/p')
[ -n "$commands" ]
t $? "voxport help lists the commands"
for c in $commands; do
	"$vp" help "$c" >help.out 2>&1
	a=$?
	"$vp" "$c" --help >dash.out 2>&1
	b=$?
	ok=1
	[ $a = 0 ] && [ $b = 0 ] && cmp -s help.out dash.out &&
		grep -q "^usage: voxport $c" help.out && ok=0
	t $ok "$c: --help and 'voxport help $c' print the same usage"
	case $c in help|version) page=$top/man/voxport.1 ;;
	*) page=$top/man/voxport-$c.1 ;; esac
	[ -f "$page" ] && grep -q "$c" "$page"
	t $? "$c: manual page $(basename "$page")"
done

formats=$("$vp" formats --json | /usr/bin/python3 -c '
import json, sys
for s in json.load(sys.stdin)["sources"]: print(s["name"])')
databases=$("$vp" formats --json | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
for s in d["sources"] + d["targets"]:
    if s.get("database"): print(s["name"])')
is_db() {
	case " $(echo $databases) " in *" $1 "*) return 0 ;; esac
	return 1
}
[ -n "$formats" ]
t $? "voxport formats lists the sources"
for f in $formats; do
	us=$(echo "$f" | tr - _)
	ls "$top/tests/data/$f/ok/"* >/dev/null 2>&1 &&
		ls "$top/tests/data/$f/bad/"* >/dev/null 2>&1
	t $? "$f: ok/ and bad/ fixtures"
	missing=
	for b in "$top/tests/data/$f/bad/"*; do
		[ -f "$b" ] || continue
		if is_db "$f"; then
			case $b in *.sql) grep -q '^-- expect: .' "$b" ;;
			*) false ;; esac ||
				missing="$missing $(basename "$b")"
			continue
		fi
		grep -qs "$f/bad/$(basename "$b")" "$top"/tests/cases/*/*/cmd ||
			missing="$missing $(basename "$b")"
	done
	[ -z "$missing" ]
	rc=$?
	if is_db "$f"; then
		t $rc "$f: every bad/ fixture is .sql with its '-- expect:' error${missing:+ (not$missing)}"
	else
		t $rc "$f: a golden case for every bad/ fixture${missing:+ (none for$missing)}"
	fi
	[ -f "$top/tests/unit/test_$us.c" ]
	t $? "$f: unit test tests/unit/test_$us.c"
	[ -f "$top/tests/fuzz/fuzz_$us.c" ]
	t $? "$f: fuzz harness tests/fuzz/fuzz_$us.c"
	grep -q "^\.SS $f\$" "$top/man/voxport-formats.5"
	t $? "$f: a section in voxport-formats.5"
done

# Every target: a unit test, golden cases, an independent consumer, a manual
# section under TARGETS.
targets=$("$vp" formats --json | /usr/bin/python3 -c '
import json, sys
for t in json.load(sys.stdin)["targets"]: print(t["name"])')
[ -n "$targets" ]
t $? "voxport formats lists the targets"
for f in $targets; do
	us=$(echo "$f" | tr - _)
	[ -f "$top/tests/unit/test_${us}_write.c" ]
	t $? "target $f: unit test tests/unit/test_${us}_write.c"
	grep -qs -- "--to $f" "$top"/tests/cases/*/*/cmd
	t $? "target $f: golden cases"
	if is_db "$f"; then
		grep -qs -- "--to $f" "$top"/tests/suites/pgsql.sh &&
			grep -qs "independent consumer" "$top"/tests/suites/pgsql.sh
	else
		grep -qs -- "--to $f" "$top"/tests/interop/*.sh
	fi
	t $? "target $f: an independent consumer's check in tests/interop"
	sed -n '/^\.SH TARGETS/,/^\.SH SEE ALSO/p' "$top/man/voxport-formats.5" |
		grep -q "^\.SS $f\$"
	t $? "target $f: a section under TARGETS in voxport-formats.5"
done

# voxport-provider(5)'s example is a provider.json the schema accepts.
sed -n '/^\.SH EXAMPLE/,/^\.fi/p' "$top/man/voxport-provider.5" |
	sed '1,2d;$d' | sed 's/\\-/-/g' >provider-example.json
/usr/bin/python3 - "$top/schemas/v1" provider-example.json <<'PY'
import glob, json, os, sys
import jsonschema
store = {}
for f in glob.glob(os.path.join(sys.argv[1], "*.json")):
    d = json.load(open(f))
    store[d["$id"]] = d
s = store["https://voxport.example/schemas/v1/provider.schema.json"]
jsonschema.Draft7Validator(s, resolver=jsonschema.RefResolver.from_schema(
    s, store=store)).validate(json.load(open(sys.argv[2])))
PY
t $? "voxport-provider.5: its example passes provider.schema.json"

# Every option a command's --help gives is in its manual page.
for c in $("$vp" help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'); do
	page=$top/man/voxport-$c.1
	[ -f "$page" ] || continue
	missing=
	for o in $("$vp" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		sed 's/\\-/-/g; s/\\f[BIRP]//g' "$page" | grep -q -- "$o" ||
			missing="$missing $o"
	done
	[ -z "$missing" ]
	t $? "$c: every --help option in voxport-$c.1${missing:+ (not:$missing)}"
done

# Set-up: `make demo` installs only the build's packages, `make check` and
# CI the test tool chain too (scripts/deps.sh keeps the two lists).
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -n -C "$top" demo 2>/dev/null >make-demo.txt
grep -q 'scripts/deps.sh$' make-demo.txt && ! grep -q -- '--test' make-demo.txt
t $? "make demo runs scripts/deps.sh without --test"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -n -C "$top" check 2>/dev/null | grep -q 'scripts/deps.sh --test'
t $? "make check runs scripts/deps.sh --test"
sh "$top/scripts/deps.sh" --list >deps-build.txt &&
	sh "$top/scripts/deps.sh" --test --list >deps-test.txt
t $? "scripts/deps.sh --list and --test --list"
leaked=
for p in libcmocka-dev clang chromium python3-jsonschema valgrind p7zip-full \
	libxml2-utils man-db; do
	grep -qx "$p" deps-build.txt && leaked="$leaked $p"
	grep -qx "$p" deps-test.txt || leaked="$leaked (no $p in --test)"
done
[ -z "$leaked" ]
t $? "the test tool chain is only in deps.sh --test${leaked:+ (not so:$leaked)}"
sed -n '/deps.sh --test/,$p' "$top/.ci/run" | grep -q '^make check'
t $? ".ci/run calls scripts/deps.sh --test, then make check"

# Licence: every source file (C, shell, Python, JavaScript, the Makefile)
# names it with an SPDX line near its top.
missing=
for f in $(cd "$top" && git ls-files 2>/dev/null | grep -E \
	'\.(c|h|cc|sh|py|bash|js)$|(^|/)Makefile$|^\.ci/run$' |
	grep -v -E '^tests/(data|cases)/|/package-lock\.json$'); do
	head -5 "$top/$f" | grep -q 'SPDX-License-Identifier: Apache-2.0' ||
		missing="$missing $f"
done
[ -n "$(cd "$top" && git ls-files 2>/dev/null | head -1)" ] && [ -z "$missing" ]
t $? "every source file has an SPDX-License-Identifier line${missing:+ (not:$missing)}"
