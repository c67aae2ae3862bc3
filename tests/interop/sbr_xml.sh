#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# sbr_xml.sh: what voxport reads from every tests/data/sbr-xml/ok/*.xml
# (`voxport convert -C US`), checked by python3-jsonschema (draft 7, refs
# resolved within schemas/v1): every message against message.schema.json,
# every call against call.schema.json; and by Python's own XML parser and
# base64 decoder: each MMS part's size and SHA-256 are those of its data.
# Speaks TAP.  Environment: VOXPORT_TOP, VOXPORT_BUILD (voxport on PATH).
set -u
top=${VOXPORT_TOP:?VOXPORT_TOP is not set}
n=0
for f in "$top"/tests/data/sbr-xml/ok/*.xml; do
	b=$(basename "$f" .xml)
	voxport convert -C US "$f" >"$b.jsonl" 2>"$b.err"
	rc=$?
	n=$((n + 1))
	if [ $rc -eq 0 ] && [ ! -s "$b.err" ]; then
		echo "ok $n - sbr-xml: convert $b.xml"
	else
		echo "not ok $n - sbr-xml: convert $b.xml"
	fi
done
/usr/bin/python3 -W ignore - "$top" "$n" <<'PY'
import base64, binascii, glob, hashlib, json, os, re, sys
import xml.etree.ElementTree as ET
from jsonschema import Draft7Validator, RefResolver
top, n = sys.argv[1], int(sys.argv[2])
store = {}
for p in glob.glob(os.path.join(top, "schemas/v1/*.json")):
    s = json.load(open(p))
    store[s["$id"]] = s
def validator(kind):
    s = store["https://voxport.example/schemas/v1/%s.schema.json" % kind]
    return Draft7Validator(s, resolver=RefResolver(s["$id"], s, store=store))
val = {"message": validator("message"), "call": validator("call")}
for f in sorted(glob.glob(os.path.join(top, "tests/data/sbr-xml/ok/*.xml"))):
    b = os.path.basename(f)[:-4]
    recs = [json.loads(l) for l in open(b + ".jsonl")]
    errs = [e.message for r in recs
            for e in val["message" if "type" in r else "call"].iter_errors(r)]
    n += 1
    print("%s %d - sbr-xml: %s.xml: %d records valid%s" % (
        "not ok" if errs else "ok", n, b, len(recs),
        "".join("\n# " + e for e in errs[:5])))
    # the app's surrogate-pair references are not XML: join them first
    text = open(f, encoding="utf-8").read()
    text = re.sub(r"&#(5[56]\d\d\d);&#(5[67]\d\d\d);", lambda m: "&#%d;" % (
        0x10000 + ((int(m[1]) - 0xD800) << 10) + int(m[2]) - 0xDC00), text)
    text = re.sub(r"&#(0|1|5[56]\d\d\d);", "&#65533;", text)
    want = []
    for mms in ET.fromstring(text.encode()).iter("mms"):
        for p in mms.iter("part"):
            if "data" not in p.attrib:
                continue
            try:
                d = base64.b64decode(p.attrib["data"], validate=True)
                want.append((len(d), hashlib.sha256(d).hexdigest()))
            except (binascii.Error, ValueError):
                want.append((0, None))
    got = [(p.get("bytes"), p.get("sha256")) for r in recs
           for p in r.get("parts", []) if "text" not in p]
    n += 1
    print("%s %d - sbr-xml: %s.xml: part sizes and digests as Python's" % (
        "ok" if got == want else "not ok", n, b))
PY
