#!/bin/sh
# deps.sh: install the Debian packages that building, `make check` and
# `make demo` need.  Idempotent, and quiet when everything is present.
set -eu

pkgs="gcc g++ make pkg-config man-db
libxml2-dev libzip-dev libjansson-dev libcsv-dev libssl-dev libpcre2-dev
libcmocka-dev libarchive-dev libphonenumber-dev libxlsxwriter-dev tzdata
postgresql libpq-dev
xz-utils zstd bzip2 lz4
clang libclang-rt-14-dev
python3 python3-jsonschema python3-vobject python3-openpyxl json-schema-test-suite
libxml2-utils unzip zip p7zip-full sox parallel
hyperfine miller time
libreoffice-calc-nogui
chromium"

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
