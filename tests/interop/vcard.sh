#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# vcard.sh: independent consumers of what voxport makes of an address book.
# For every tests/data/vcard/ok/*.vcf, build/tests/vcard_dump writes the
# contacts as vCard 4.0 and as JSContact; then, with the system Python:
#   - python3-vobject parses the 4.0 file and finds the expected cards, by
#     their FN values;
#   - python3-vobject reads the fixture itself, where it can (UTF-16
#     decoded by Python first; a file that is not text before unfolding,
#     or that vobject refuses, is a SKIP naming why): every card that has
#     an FN has the one voxport reads;
#   - python3-jsonschema (draft 7, refs resolved within schemas/v1)
#     validates every card against contact.schema.json.
# Speaks TAP.  Environment: VOXPORT_TOP (source tree), VOXPORT_BUILD (the
# build folder); run from a scratch folder.
set -u

top=${VOXPORT_TOP:?VOXPORT_TOP is not set}
build=${VOXPORT_BUILD:?VOXPORT_BUILD is not set}
dump=$build/tests/vcard_dump
py=/usr/bin/python3
n=0

tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - vcard: $2"
	else
		echo "not ok $n - vcard: $2"
	fi
}

for f in "$top"/tests/data/vcard/ok/*.vcf; do
	b=$(basename "$f" .vcf)
	"$dump" "$f" "$b.out.vcf" "$b.json" 2>"$b.err"
	rc=$?
	tap $rc "$b.vcf: vcard_dump"
	[ $rc -eq 0 ] || sed 's/^/# /' "$b.err"
done

# One line per check: "<0|1> <description>", and "# ..." for details.
"$py" -W ignore - "$top" <<'EOF' >checks.out 2>checks.err
import glob, json, os, sys
import vobject
from jsonschema import Draft7Validator, RefResolver

top = sys.argv[1]
# The cards each fixture holds, by FN (derived from N where a 2.1 card has
# no FN).
expected = {
    "agent-21": ["Big Boss"],
    "android-21": ["\u5f20\u4e09", "Dr. John Q Smith Jr."],
    "apple-30": ["Alice Smith", "Acme Widgets"],
    "apple-labels-30": ["Johnny Appleseed"],
    "caret": ["Caret Thirty", "Caret Forty", "Caret TwentyOne"],
    "continuation": ["Two Space", "Old Nokia"],
    "crcrlf-ios5": ["Ios Five", "After Five"],
    "qp-legacy-21": ["J\u00fcrgen M\u00fcller", "J\u00fcrgen M\u00fcller",
                     # KOI8-R read as windows-1252, the default
                     b"\xe1\xcc\xc5\xcb\xd3\xc1\xce\xc4\xd2 "
                     b"\xf0\xd5\xdb\xcb\xc9\xce".decode("cp1252")],
    "utf16be-bom": ["Zo\u00eb Sa\u00efd \U0001F600", "Card Second"],
    "utf16be": ["Zo\u00eb Sa\u00efd \U0001F600", "Card Second"],
    "utf16le-bom": ["Zo\u00eb Sa\u00efd \U0001F600", "Card Second"],
    "utf16le": ["Zo\u00eb Sa\u00efd \U0001F600", "Card Second"],
    "emoji": ["\U0001F389 Party Planner \U0001F388"],
    "empty": [],
    "fold-utf8": ["Zo\u00eb Saldana-Bront\u00eb"],
    "google-30": ["Carol Danvers", "Dave Lister"],
    "latin1-21": ["J\u00fcrgen M\u00fcller"],
    "lf-only": ["Erin Example"],
    "lowercase": ["Frank Lower"],
    "mixed": ["Alice Smith", "J\u00fcrgen M\u00fcller", "Bob Jones"],
    "v40": ["Bob Jones", "Acme Widgets"],
}

store = {}
for path in glob.glob(os.path.join(top, "schemas/v1/*.schema.json")):
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    store[doc["$id"]] = doc
schema = store["https://voxport.example/schemas/v1/contact.schema.json"]
Draft7Validator.check_schema(schema)
validator = Draft7Validator(
    schema, resolver=RefResolver(schema["$id"], schema, store=store))

def fixture_text(raw):
    """The fixture as text for vobject, or raise ValueError."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    if len(raw) >= 4 and raw[0] and not raw[1] and not raw[3]:
        return raw.decode("utf-16-le")
    if len(raw) >= 4 and not raw[0] and not raw[2]:
        return raw.decode("utf-16-be")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError("not UTF-8 before unfolding (%s)" % e.reason)


def fn_of(card):
    return card.fn.value if hasattr(card, "fn") else None


for path in sorted(glob.glob(os.path.join(top, "tests/data/vcard/ok/*.vcf"))):
    b = os.path.basename(path)[:-4]
    want = expected.get(b)
    if want is None:
        print("1 %s.vcf: no expected FN list in vcard.sh" % b)
        continue
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        theirs = [fn_of(c) for c in vobject.readComponents(fixture_text(raw))]
    except Exception as e:
        print("0 %s.vcf: vobject reads the fixture # SKIP %s: %s" %
              (b, type(e).__name__, str(e).splitlines()[0][:60]
               if str(e) else ""))
    else:
        ok = len(theirs) == len(want) and all(
            t is None or t == w for t, w in zip(theirs, want))
        print("%d %s.vcf: vobject reads the fixture, FN as voxport" %
              (0 if ok else 1, b))
        if not ok:
            print("# vobject %r, voxport %r" % (theirs, want))
    try:
        with open(b + ".out.vcf", encoding="utf-8", newline="") as fh:
            text = fh.read()
        got = [c.fn.value for c in vobject.readComponents(text)]
        begins = sum(1 for l in text.split("\r\n") if l == "BEGIN:VCARD")
        ok = got == want and begins == len(want)
        print("%d %s.vcf: vobject reads %d cards with FN %s" %
              (0 if ok else 1, b, len(want), want))
        if not ok:
            print("# got %r" % got)
    except Exception as e:
        print("1 %s.vcf: vobject: %s" % (b, e))
    try:
        with open(b + ".json", encoding="utf-8") as fh:
            cards = json.load(fh)
        errors = [(i, e) for i, card in enumerate(cards)
                  for e in validator.iter_errors(card)]
        ok = not errors and len(cards) == len(want)
        print("%d %s.vcf: %d JSContact cards valid against "
              "contact.schema.json" % (0 if ok else 1, b, len(want)))
        for i, e in errors[:10]:
            print("# card %d %s: %s" % (i + 1, "/".join(
                str(p) for p in e.absolute_path), e.message[:200]))
    except Exception as e:
        print("1 %s.vcf: jsonschema: %s" % (b, e))
EOF
rc=$?
while IFS= read -r line; do
	case $line in
	"#"*) echo "$line" ;;
	*) tap "${line%% *}" "${line#* }" ;;
	esac
done <checks.out
if [ $rc -ne 0 ]; then
	tap 1 "python checks ran (status $rc)"
	sed 's/^/# /' checks.err | head -20
fi
echo "1..$n"
