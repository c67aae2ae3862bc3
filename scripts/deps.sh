#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# deps.sh [--test] [--list]: install the Debian packages voxport needs.
#   scripts/deps.sh          what building and `make demo` need (build list)
#   scripts/deps.sh --test   that and the test tool chain of `make check`
#                            (test list)
#   --list                   print the packages, one a line; install nothing
# Idempotent, and quiet when everything is present.  A new package goes in
# exactly one of the two lists: build if `make` or `make demo` needs it,
# else test.
set -eu

# Build: compilers, libraries and headers, the zone database.
build_pkgs="gcc g++ make pkg-config
libxml2-dev libzip-dev libjansson-dev libcsv-dev libssl-dev libpcre2-dev
libarchive-dev libphonenumber-dev libxlsxwriter-dev libpq-dev zlib1g-dev tzdata"

# Test: unit tests, fuzzing, the suites' checkers and independent readers,
# a PostgreSQL server for the database tests, the benchmark tools the bench
# smoke test runs.
test_pkgs="libcmocka-dev clang libclang-rt-14-dev valgrind postgresql
python3 python3-jsonschema python3-vobject python3-openpyxl json-schema-test-suite
libxml2-utils man-db unzip zip p7zip-full xz-utils zstd bzip2 lz4 sox parallel
hyperfine miller time
libreoffice-calc-nogui
chromium"

pkgs=$build_pkgs
list=0
for arg in "$@"; do
	case $arg in
	--test) pkgs="$build_pkgs $test_pkgs" ;;
	--list) list=1 ;;
	*)
		echo "usage: scripts/deps.sh [--test] [--list]" >&2
		exit 2
		;;
	esac
done
if [ $list = 1 ]; then
	# shellcheck disable=SC2086
	printf '%s\n' $pkgs
	exit 0
fi

missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing:$missing" >&2
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
