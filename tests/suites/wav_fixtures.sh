#!/bin/sh
# wav_fixtures.sh: the committed binary fixtures are what
# tests/data/wav/make-fixtures.py writes, byte for byte, so that a change
# to a fixture is a change to the script (reviewable) and not a blob.
# Covers tests/data/wav/{ok,bad} and the audio of
# tests/data/asterisk-voicemail/ok.  Speaks TAP.
set -u
top=${VOXPORT_TOP:?}
py=/usr/bin/python3
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - wav_fixtures: $2"
	else
		echo "not ok $n - wav_fixtures: $2"
	fi
}

$py "$top/tests/data/wav/make-fixtures.py" wav &&
	$py "$top/tests/data/wav/make-fixtures.py" --voicemail vm
t $? "make-fixtures.py runs"
for d in ok bad; do
	diff -r "$top/tests/data/wav/$d" "wav/$d" >"$d.diff" 2>&1 &&
		[ -n "$(ls "wav/$d")" ]
	t $? "tests/data/wav/$d is what the script writes"
	sed 's/^/#   /' "$d.diff" | head -5
done
# The voicemail ok/ folders also hold the .txt files, written by hand.
bad=
for f in $(cd vm && find . -type f); do
	cmp -s "vm/$f" "$top/tests/data/asterisk-voicemail/ok/$f" ||
		bad="$bad $f"
done
[ -z "$bad" ] && [ -n "$(ls vm)" ]
t $? "asterisk-voicemail audio is what the script writes${bad:+ (differs:$bad)}"
