#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# contacts_write.sh: independent consumers of the contact targets.  The
# tests/data/vcard/ok/ fixtures go through `voxport convert --from vcard`
# to each target; then, with the system Python:
#   - python3-vobject reads every vCard written at 4.0 and 3.0 and finds
#     each fixture's cards by FN, and the values of two known cards;
#   - quopri decodes a 2.1 card's quoted-printable name;
#   - csv reads the Google CSV (UTF-8) and the Outlook CSV (Windows-1252,
#     and UTF-8 with a BOM) by their headers, with the expected values.
# Speaks TAP.  Environment: VOXPORT_TOP (source tree); voxport on PATH;
# run from a scratch folder.
set -u

top=${VOXPORT_TOP:?VOXPORT_TOP is not set}
ok=$top/tests/data/vcard/ok
py=/usr/bin/python3
n=0

tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - contacts_write: $2"
	else
		echo "not ok $n - contacts_write: $2"
	fi
}

# run NAME COMMAND...: a convert that must succeed.
run() {
	name=$1
	shift
	"$@" 2>"$name.err"
	rc=$?
	tap $rc "$name"
	[ $rc -eq 0 ] || sed 's/^/# /' "$name.err"
}

for f in "$ok"/*.vcf; do
	b=$(basename "$f" .vcf)
	for v in 4.0 3.0; do
		run "$b.vcf --to vcard -O version=$v" \
			voxport convert --from vcard "$f" --to vcard \
			-O version=$v -o "v$v-$b"
	done
done
run "android-21.vcf --to vcard -O version=2.1" \
	voxport convert --from vcard "$ok/android-21.vcf" --to vcard \
	-O version=2.1 -o v2.1
run "every fixture --to google-contacts-csv" \
	voxport convert --from vcard "$ok"/*.vcf --to google-contacts-csv \
	-o google
run "mixed.vcf and latin1-21.vcf --to outlook-contacts-csv" \
	voxport convert --from vcard "$ok/mixed.vcf" "$ok/latin1-21.vcf" \
	--to outlook-contacts-csv -o outlook
run "every fixture --to outlook-contacts-csv -O encoding=utf-8" \
	voxport convert --from vcard "$ok"/*.vcf --to outlook-contacts-csv \
	-O encoding=utf-8 -o outlook8

# One line per check: "<0|1> <description>", and "# ..." for details.
"$py" -W ignore - "$top" <<'EOF' >checks.out 2>checks.err
import csv, glob, os, quopri, sys
import vobject

top = sys.argv[1]
ok = os.path.join(top, "tests/data/vcard/ok")
# The cards each fixture holds, by FN (as in vcard.sh).
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

def check(ok, what, detail=None):
    print("%d %s" % (0 if ok else 1, what))
    if not ok and detail is not None:
        print("# got %r" % (detail,))

def cards(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(vobject.readComponents(fh.read()))

fixtures = sorted(os.path.basename(p)[:-4]
                  for p in glob.glob(os.path.join(ok, "*.vcf")))
for b in fixtures:
    want = expected.get(b)
    if want is None:
        check(False, "%s.vcf: no expected FN list" % b)
        continue
    for v in ("4.0", "3.0"):
        try:
            cs = cards("v%s-%s/contacts.vcf" % (v, b))
            got = [c.fn.value for c in cs]
            vers = {c.version.value for c in cs}
            check(got == want and vers <= {v},
                  "%s.vcf at %s: vobject reads %d cards, FN %s" %
                  (b, v, len(want), want), (got, vers))
        except Exception as e:
            check(False, "%s.vcf at %s: vobject: %s" % (b, v, e))

# Values of known cards at 3.0: vobject's own reading of them.
try:
    bob, acme = cards("v3.0-v40/contacts.vcf")
    tels = [(t.value, sorted(t.params.get("TYPE", []))) for t in bob.tel_list]
    check(tels == [("+15555550122", ["cell", "pref", "voice"]),
                   ("+15555550123 x45", ["home"]),
                   ("(555) 555-0124", ["text", "work"])],
          "v40.vcf at 3.0: Bob's TEL values are text with TYPE params", tels)
    check(bob.email.value == "bob@work.example" and
          sorted(bob.email.params["TYPE"]) == ["internet", "work"],
          "v40.vcf at 3.0: Bob's EMAIL", bob.email.params)
    adr = bob.adr.value
    check((adr.street, adr.city, adr.code) ==
          ("12 Oak Ave", "Springfield", "62704") and
          bob.label.value == "12 Oak Ave\nSpringfield, IL 62704" and
          bob.adr.group == bob.label.group,
          "v40.vcf at 3.0: ADR and its LABEL in one group",
          (adr, bob.label.value))
    check(bob.categories.value == ["friends", "golf, mostly"],
          "v40.vcf at 3.0: CATEGORIES with an escaped comma",
          bob.categories.value)
    check(bob.photo.params.get("ENCODING") == ["b"] and
          bob.photo.value[:3] == b"\xff\xd8\xff",
          "v40.vcf at 3.0: PHOTO is ENCODING=b JPEG bytes",
          bob.photo.params)
    check(not any(k in bob.contents for k in ("kind", "gender",
                                               "anniversary")),
          "v40.vcf at 3.0: no KIND, GENDER, ANNIVERSARY",
          list(bob.contents))
    check(acme.org.value == ["Acme Widgets", "Support"] and
          "bday" not in acme.contents,
          "v40.vcf at 3.0: ORG components; a text BDAY is not written",
          (acme.org.value, list(acme.contents)))
    alice = cards("v3.0-mixed/contacts.vcf")[0]
    check(alice.org.value == ["Acme, Inc.", "Sales"] and
          alice.note.value == 'Met at "VoIP Expo"\nPrefers SMS' and
          alice.bday.value == "1990-03-12",
          "mixed.vcf at 3.0: Alice's ORG, NOTE, BDAY",
          (alice.org.value, alice.note.value, alice.bday.value))
    bob4 = cards("v4.0-v40/contacts.vcf")[0]
    check(bob4.kind.value == "individual" and bob4.gender.value == "M" and
          bob4.tel.value == "tel:+15555550122",
          "v40.vcf at 4.0: KIND, GENDER, tel: URI",
          (bob4.kind.value, bob4.gender.value, bob4.tel.value))
except Exception as e:
    check(False, "known cards: %s" % e)

# 2.1: the quoted-printable name, decoded by the standard library.
try:
    with open("v2.1/contacts.vcf", "rb") as fh:
        text = fh.read().replace(b"=\r\n", b"")
    fns = [quopri.decodestring(l.split(b":", 1)[1]).decode("utf-8")
           for l in text.split(b"\r\n") if l.startswith(b"FN;")]
    check(fns == ["\u5f20\u4e09"],
          "android-21.vcf at 2.1: quopri decodes the FN", fns)
    with open("v2.1/contacts.vcf", "rb") as fh:
        raw = fh.read().split(b"\r\n")
    qp = [l for l in raw if b"QUOTED-PRINTABLE" in l or l.endswith(b"=")]
    check(all(len(l) <= 76 for l in qp),
          "android-21.vcf at 2.1: quoted-printable lines of at most 76",
          [len(l) for l in qp])
except Exception as e:
    check(False, "2.1: %s" % e)

# Google CSV.
FIXED = ["First Name", "Middle Name", "Last Name", "Phonetic First Name",
         "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix",
         "Name Suffix", "Nickname", "File As", "Organization Name",
         "Organization Title", "Organization Department", "Birthday",
         "Notes", "Photo", "Labels"]
try:
    with open("google/contacts.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    head, body = rows[0], rows[1:]
    total = sum(len(v) for v in expected.values())
    check(head[:17] == FIXED and len(body) == total and
          all(len(r) == len(head) for r in body),
          "google: 17 fixed columns, %d rows as wide as the header" % total,
          (head[:17], len(body)))
    check("Phone 3 - Value" in head and "Address 1 - Formatted" in head and
          "Event 1 - Value" in head and "Phone 9 - Value" not in head,
          "google: numbered groups as many as the data needs", head[17:])
    d = [dict(zip(head, r)) for r in body]
    # mixed.vcf's Alice (apple-30.vcf's has a middle name).
    alice = next(r for r in d if r["First Name"] == "Alice" and
                 not r["Middle Name"])
    check(alice["Last Name"] == "Smith" and
          alice["Organization Name"] == "Acme, Inc." and
          alice["Birthday"] == "1990-03-12" and
          alice["E-mail 1 - Label"] == "* Work" and
          alice["E-mail 1 - Value"] == "alice@acme.example" and
          alice["Phone 1 - Label"] == "* Mobile" and
          alice["Notes"] == 'Met at "VoIP Expo"\nPrefers SMS',
          "google: Alice's values", alice)
    bob = next(r for r in d if r["Nickname"] == "Bobby" and
               r["Labels"])
    check(bob["Labels"] == "friends ::: golf, mostly" and
          bob["Birthday"] == "--07-04" and
          bob["Event 1 - Label"] == "Anniversary" and
          bob["Event 1 - Value"] == "2010-06-12",
          "google: Labels joined by ' ::: ', year-less Birthday, Event",
          bob)
    check(not any(c.startswith("'") for r in body for c in r),
          "google: no cell has a formula guard")
except Exception as e:
    check(False, "google: %s" % e)

# Outlook CSV, Windows-1252 and UTF-8.
try:
    with open("outlook/contacts.csv", "rb") as fh:
        raw = fh.read()
    text = raw.decode("cp1252")
    check(b"J\xfcrgen" in raw and b"\xc3" not in raw,
          "outlook: Windows-1252 bytes, not UTF-8")
    rows = list(csv.reader(text.splitlines(True)))
    head = rows[0]
    check(len(head) == 92 and head[:4] == ["Title", "First Name",
                                           "Middle Name", "Last Name"] and
          head[-1] == "Web Page" and raw.startswith(b'"Title","First Name"'),
          "outlook: Outlook's 92 quoted columns", head[:4])
    d = [dict(zip(head, r)) for r in rows[1:]]
    check([(r["First Name"], r["Last Name"]) for r in d] ==
          [("Alice", "Smith"), ("J\u00fcrgen", "M\u00fcller"),
           ("Bob", "Jones"), ("J\u00fcrgen", "M\u00fcller")],
          "outlook: four contacts by name", [r["First Name"] for r in d])
    a = d[0]
    check(a["Company"] == "Acme, Inc." and a["Department"] == "Sales" and
          a["Job Title"] == "Manager" and
          a["Mobile Phone"] == "+15555550111" and
          a["Business Phone"] == "+15555550100" and
          a["Other Phone"] == "+15555550199" and
          a["E-mail Address"] == "alice@acme.example" and
          a["E-mail Type"] == "SMTP" and
          a["Business Street"] == "1 Main St" and
          a["Business Postal Code"] == "62701" and
          a["Birthday"] == "3/12/1990" and a["Anniversary"] == "0/0/00" and
          a["Notes"] == 'Met at "VoIP Expo"\r\nPrefers SMS',
          "outlook: Alice's values in their columns (CRLF in Notes)", a)
    with open("outlook8/contacts.csv", encoding="utf-8-sig",
              newline="") as fh:
        rows8 = list(csv.reader(fh))
    total = sum(len(v) for v in expected.values())
    names = [r[1] for r in rows8[1:]]
    check(rows8[0] == head and len(rows8) == total + 1 and
          "\u4e09" in names and
          all(len(r) == 92 for r in rows8),
          "outlook utf-8: BOM, the same header, %d rows, any script" % total,
          names)
except Exception as e:
    check(False, "outlook: %s" % e)
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
