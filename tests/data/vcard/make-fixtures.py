#!/usr/bin/env python3
"""make-fixtures.py: the vcard fixtures whose bytes are awkward to keep as
text (UTF-16, iOS 5's CR CR LF line ends), written from the strings below.
tests/suites/vcard_fixtures.sh checks that the committed files are what
this script writes, byte for byte.

    make-fixtures.py DIR    write DIR/ok/... and DIR/bad/... (DIR is
                            tests/data/vcard to regenerate them)
"""
import os
import sys

# One card with text beyond Latin-1: e-acute, CJK, and an emoji that UTF-16
# holds as a surrogate pair.
CARD16 = [
    "BEGIN:VCARD",
    "VERSION:3.0",
    "N:Sa\u00efd;Zo\u00eb;;;",
    "FN:Zo\u00eb Sa\u00efd \U0001F600",
    "ORG:\u5317\u4eac\u6709\u9650\u516c\u53f8",
    "TEL;TYPE=CELL:+1 555 555 0180",
    "NOTE:line one\\nline two",
    "END:VCARD",
    "BEGIN:VCARD",
    "VERSION:2.1",
    "N:Second;Card;;;",
    "TEL;HOME:555-0181",
    "END:VCARD",
]


# A 1x1 grey JPEG, as in the other fixtures.
JPEG = ("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEj"
        "JR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/wAALCAAB"
        "AAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAA"
        "AAD/2gAIAQEAAD8AP//Z")


def text(lines, eol="\r\n"):
    return "".join(line + eol for line in lines)


def files():
    t = text(CARD16)
    yield "ok/utf16le-bom.vcf", b"\xff\xfe" + t.encode("utf-16-le")
    yield "ok/utf16be-bom.vcf", b"\xfe\xff" + t.encode("utf-16-be")
    yield "ok/utf16le.vcf", t.encode("utf-16-le")
    yield "ok/utf16be.vcf", t.encode("utf-16-be")
    # iOS 5 ended every line in CR CR LF, folded lines too.
    ios = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//iOS 5.0.1//EN",
        "N:Five;Ios;;;",
        "FN:Ios Five",
        "NOTE:a note folded over",
        "  two lines",
        "item1.TEL;type=pref:+1 555-555-0190",
        "item1.X-ABLabel:_$!<Mobile>!$_",
        "PHOTO;ENCODING=b;TYPE=JPEG:" + JPEG[:47],
    ] + [" " + JPEG[i:i + 74] for i in range(47, len(JPEG), 74)] + [
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:After Five",
        "END:VCARD",
    ]
    yield "ok/crcrlf-ios5.vcf", text(ios, "\r\r\n").encode("utf-8")
    # UTF-16 with an unpaired surrogate in FN and a second card cut off
    # in the middle of a character (an odd byte at the end).
    bad = text(["BEGIN:VCARD", "VERSION:3.0", "FN:Lone X", "END:VCARD",
                "BEGIN:VCARD", "VERSION:3.0", "FN:Cut"]).encode("utf-16-le")
    lone = "X".encode("utf-16-le")
    bad = bad.replace(lone, b"\x00\xd8", 1) + b"O"
    yield "bad/utf16-truncated.vcf", b"\xff\xfe" + bad


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, data in files():
        path = os.path.join(sys.argv[1], name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)


if __name__ == "__main__":
    main()
