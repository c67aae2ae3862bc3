#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# encryption.sh: export --encrypt, checked by tools voxport did not write,
# and the passphrase options of validate, inspect and import.  Prints TAP.
#  - 7-Zip lists every member as AES-256 and extracts and tests the archive
#    with the passphrase, and refuses it without or with a wrong one;
#  - the extracted members are the same bytes as an unencrypted export's
#    (same --created), so encryption changes nothing inside;
#  - validate, inspect and import read it with --passphrase-file,
#    --passphrase-fd or VOXPORT_PASSPHRASE; without one, or with a wrong
#    one, a clear error and exit 1, and import writes nothing;
#  - a ZipCrypto archive (Info-ZIP's zip -P) is refused as invalid;
#  - the passphrase is never in the archive, and never accepted on the
#    command line; an empty passphrase file is refused.
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
demo=$top/examples/demo-provider
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - interop: $name"
	else
		echo "not ok $n - interop: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}

pw="correct horse battery staple"
printf '%s\n' "$pw" >pw
printf 'not it\n' >wrong
: >empty
export_it() {	# export_it OUT [OPTIONS]
	out=$1
	shift
	"$vp" export -c "$demo/provider.json" -s 1001 -o "$out" \
		--created 2024-11-01T09:00:00Z --with-attachments "$@"
}
t "export --encrypt" export_it e.zip --encrypt --passphrase-file pw
t "export, not encrypted" export_it plain.zip

t "7z: every member AES-256" sh -c "
	7z l -slt -p'$pw' e.zip >list &&
	[ \$(grep -c '^Method = AES-256' list) -gt 10 ] &&
	[ \$(grep -c '^Method = AES-256' list) = \$(grep -c '^Path = ' list | \
		awk '{print \$1 - 1}') ]"
t "7z t with the passphrase" 7z t -p"$pw" e.zip
t "7z refuses a wrong passphrase" sh -c "! 7z t -pnope e.zip"
t "7z x: the same members as an unencrypted export" sh -c "
	mkdir x y && 7z x -p'$pw' -ox e.zip >/dev/null && unzip -q plain.zip -d y &&
	diff -r x y"
t "the passphrase is not in the archive" sh -c "! grep -qa '$pw' e.zip"

t "validate --passphrase-file" "$vp" validate --passphrase-file pw e.zip
t "validate --passphrase-fd" sh -c "'$vp' validate --passphrase-fd 3 e.zip 3<pw"
t "inspect with VOXPORT_PASSPHRASE" env VOXPORT_PASSPHRASE="$pw" \
	"$vp" inspect e.zip
t "import --passphrase-file" "$vp" import e.zip --to csv-bundle -o imp \
	--passphrase-file pw
t "... writes what an unencrypted import writes" sh -c "
	'$vp' import plain.zip --to csv-bundle -o imp2 >/dev/null 2>&1 &&
	for f in calls.csv contacts.csv messages.csv subject.csv; do
		cmp imp/\$f imp2/\$f || exit 1; done"

for cmd in validate inspect; do
	"$vp" $cmd e.zip >o 2>e
	st=$?
	t "$cmd without a passphrase: exit 1" test $st = 1
	t "... says to give one" grep -q "encrypted: give its passphrase" e
	"$vp" $cmd --passphrase-file wrong e.zip >o 2>e
	st=$?
	t "$cmd with a wrong one: exit 1, \"wrong passphrase\"" sh -c \
		"test $st = 1 && grep -q 'e.zip: wrong passphrase' e"
done
"$vp" import e.zip --to csv-bundle -o none --passphrase-file wrong >o 2>e
st=$?
t "import with a wrong passphrase: exit 1, nothing made" sh -c \
	"test $st = 1 && grep -q 'wrong passphrase' e && test ! -e none"

t "ZipCrypto (zip -P) is refused as invalid" sh -c "
	mkdir z && cd z && unzip -q ../plain.zip && zip -q -r -P '$pw' ../zc.zip . &&
	cd .. && ! '$vp' validate --passphrase-file pw zc.zip 2>e;
	grep -q 'ZipCrypto' e"
t "no --passphrase on the command line" sh -c \
	"! '$vp' export -c '$demo/provider.json' -s 1001 -o p.zip --encrypt \
	 --passphrase '$pw' 2>/dev/null && test ! -e p.zip"
t "an empty passphrase file is refused" sh -c \
	"! '$vp' export -c '$demo/provider.json' -s 1001 -o p.zip --encrypt \
	 --passphrase-file empty 2>e && grep -q 'empty' e && test ! -e p.zip"
