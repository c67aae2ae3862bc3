#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# install.sh: `make install` into a temporary DESTDIR, then the installed
# voxport used from another folder: its version, an export of the
# installed demo provider, validate; `man -l` on every installed page
# (groff warnings are failures); the bash completion completes commands,
# targets and options; `make uninstall` leaves nothing behind.  Prints TAP.
set -u
top=${VOXPORT_TOP:?}
build=${VOXPORT_BUILD:?}
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - install: $name"
	else
		echo "not ok $n - install: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}

# The binary make check built: SAN=1 for build/san, so nothing is rebuilt.
san=
case $build in */san) san=SAN=1 ;; esac
dest=$(pwd)/dest
t "make install DESTDIR=... PREFIX=/usr" \
	make -s -C "$top" $san install DESTDIR="$dest" PREFIX=/usr
bin=$dest/usr/bin/voxport
share=$dest/usr/share
mkdir elsewhere
t "the installed binary runs from another folder" \
	sh -c "cd elsewhere && '$bin' version | grep -q 'archive format 1.0'"
t "it exports the installed demo provider" sh -c "cd elsewhere &&
	'$bin' export -c '$share/voxport/demo-provider/provider.json' -s 1001 \
		-o 1001.zip && '$bin' validate 1001.zip"
t "the schemas are installed" test -f "$share/voxport/schemas/v1/call.schema.json"
t "LICENSE, NEWS.md, README.md installed" sh -c "
	test -f '$share/doc/voxport/LICENSE' && test -f '$share/doc/voxport/NEWS.md'"
for page in "$share"/man/man1/*.1 "$share"/man/man5/*.5; do
	t "man -l $(basename "$page") without warnings" sh -c "
		MANWIDTH=80 man --warnings -l '$page' 2>err >/dev/null;
		! grep -v '^$' err"
done
t "man -l voxport-import.1 and voxport-provider.5 are there" sh -c "
	test -f '$share/man/man1/voxport-import.1' &&
	test -f '$share/man/man5/voxport-provider.5'"

comp=$share/bash-completion/completions/voxport
complete_words() {	# complete_words WORD... : what TAB offers for the last
	PATH="$dest/usr/bin:$PATH" bash -c '
		. "$0"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_voxport
		printf "%s\n" "${COMPREPLY[@]}"' "$comp" "$@"
}
complete_words voxport imp >words 2>&1
t "completion: 'voxport imp' gives import" grep -qx import words
complete_words voxport import a.zip --to sbr >words 2>&1
t "completion: '--to sbr' gives sbr-xml" grep -qx sbr-xml words
complete_words voxport convert -F asterisk >words 2>&1
t "completion: '-F asterisk' gives the Asterisk sources" sh -c "
	grep -qx asterisk-cdr-csv words && grep -qx asterisk-voicemail words"
complete_words voxport export --third >words 2>&1
t "completion: 'export --third' gives its options" sh -c "
	grep -qx -- --third-party words && grep -qx -- --third-party-key-file words"

t "make uninstall removes it all" sh -c "
	make -s -C '$top' $san uninstall DESTDIR='$dest' PREFIX=/usr &&
	test -z \"\$(find '$dest' -type f)\""
