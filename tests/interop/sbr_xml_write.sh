#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# sbr_xml_write.sh: what `voxport convert --to sbr-xml` writes from every
# tests/data/sbr-xml/ok/*.xml, checked by tools voxport did not write.
# Speaks TAP.  Environment: VOXPORT_TOP, VOXPORT_BUILD (voxport on PATH).
#  - xmllint --schema tests/data/sbr-xml/sbr.xsd (the app's published
#    fields) on every file written with -O emoji=utf8, and on every file
#    written the app's way once its surrogate-pair references are joined
#    (the one thing in it that is not XML 1.0; nothing else may differ);
#  - Python's xml.etree: the root's count is the number of its children,
#    the children are the input's, in order, and their attributes say what
#    the input's said: dates (ms), types, bodies, numbers, parts (content
#    type, text, the decoded bytes of data), addrs, unknown attributes.
set -u
top=${VOXPORT_TOP:?VOXPORT_TOP is not set}
xsd=$top/tests/data/sbr-xml/sbr.xsd
py=/usr/bin/python3
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - sbr-xml write: $name"
	else
		echo "not ok $n - sbr-xml write: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}

# The app's emoji (&#55357;&#56832;) as one reference each: FILE > OUT.
join_pairs() {
	"$py" - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
sys.stdout.write(re.sub(r"&#(5[56]\d\d\d);&#(5[67]\d\d\d);", lambda m:
    "&#%d;" % (0x10000 + ((int(m[1]) - 0xD800) << 10) + int(m[2]) - 0xDC00),
    text))
PY
}

for f in "$top"/tests/data/sbr-xml/ok/*.xml; do
	b=$(basename "$f" .xml)
	t "$b: convert" voxport convert -F sbr-xml -C US "$f" --to sbr-xml \
		-o "app-$b" --created 2024-05-01T00:00:00Z
	t "$b: convert -O emoji=utf8" voxport convert -F sbr-xml -C US "$f" \
		--to sbr-xml -O emoji=utf8 -o "utf8-$b" \
		--created 2024-05-01T00:00:00Z
	for x in "utf8-$b"/*.xml; do
		t "$x: xmllint --schema sbr.xsd" xmllint --noout --schema \
			"$xsd" "$x"
	done
	for x in "app-$b"/*.xml; do
		join_pairs "$x" >"$x.joined"
		t "$x: pairs joined, xmllint --schema sbr.xsd" xmllint \
			--noout --schema "$xsd" "$x.joined"
	done
done

"$py" - "$top" "$n" <<'PY'
import base64, binascii, glob, hashlib, os, re, sys
import xml.etree.ElementTree as ET
top, n = sys.argv[1], int(sys.argv[2])

def parse(path):
    """The app's references made XML: pairs joined, the rest U+FFFD."""
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"&#(5[56]\d\d\d);&#(5[67]\d\d\d);", lambda m: "&#%d;" % (
        0x10000 + ((int(m[1]) - 0xD800) << 10) + int(m[2]) - 0xDC00), text)
    text = re.sub(r"&#(\d|[12]\d|3[01]|5[56]\d\d\d);", lambda m:
                  m[0] if m[1] in ("9", "10", "13") else "&#65533;", text)
    return ET.fromstring(text.encode())

def val(e, k):
    v = e.get(k)
    return None if v in (None, "null") else v

def ms(v):
    v = int(v or 0)
    return v * 1000 if 0 < v < 10**11 else v

def data(p):
    """The size and SHA-256 of the decoded bytes, or None."""
    try:
        d = base64.b64decode(p.get("data"), validate=True)
        return len(d), hashlib.sha256(d).hexdigest()
    except (binascii.Error, ValueError, TypeError):
        return None

KNOWN = set("""protocol address date type subject body toa sc_toa
service_center read status locked date_sent sub_id readable_date
contact_name rr sub ct_t read_status seen msg_box sub_cs resp_st retr_st
d_tm text_only exp m_id st retr_txt_cs retr_txt creator m_size rpt_a
ct_cls pri tr_id resp_txt ct_l m_cls d_rpt v m_type thread_id _id number
duration presentation subscription_id post_dial_digits
subscription_component_name seq ct name chset cd fn cid cl ctt_s ctt_t
text data charset sef_type""".split())

def same(a, b, where):
    bad = []
    def eq(what, x, y):
        if x != y:
            bad.append("%s: %s: %r, now %r" % (where, what, x, y))
    eq("tag", a.tag, b.tag)
    eq("date", ms(a.get("date")), ms(b.get("date")))
    for k, v in a.attrib.items():
        if k not in KNOWN and v != "null":
            eq(k, v, b.get(k))
    if a.tag == "call":
        for k in ("number", "duration", "type"):
            eq(k, a.get(k), b.get(k))
        if val(a, "presentation"):
            eq("presentation", a.get("presentation"), b.get("presentation"))
        return bad
    for k in ("subject", "sub", "read", "msg_box", "m_type", "text_only"):
        if val(a, k) is not None:
            eq(k, val(a, k), val(b, k))
    if a.tag == "sms":
        for k in ("address", "type", "body", "status", "protocol"):
            if val(a, k) is not None:
                eq(k, val(a, k), val(b, k))
        if val(a, "date_sent"):
            eq("date_sent", ms(a.get("date_sent")), ms(b.get("date_sent")))
        return bad
    pa, pb = a.findall("parts/part"), b.findall("parts/part")
    eq("parts", len(pa), len(pb))
    for i, (x, y) in enumerate(zip(pa, pb)):
        eq("part %d ct" % i, x.get("ct"), y.get("ct"))
        eq("part %d text" % i, val(x, "text"), val(y, "text"))
        eq("part %d name" % i, val(x, "name") or val(x, "cl") or
           val(x, "fn"), val(y, "name"))
        if data(x) is not None:
            eq("part %d data" % i, data(x), data(y))
        for k, v in x.attrib.items():
            if k not in KNOWN:
                eq("part %d %s" % (i, k), v, y.get(k))
    aa, ab = a.findall("addrs/addr"), b.findall("addrs/addr")
    if aa:
        eq("addrs", [(x.get("address"), x.get("type")) for x in aa],
           [(x.get("address"), x.get("type")) for x in ab])
        for x, y in zip(aa, ab):
            for k, v in x.attrib.items():
                if k not in KNOWN:
                    eq("addr " + k, v, y.get(k))
    return bad

for f in sorted(glob.glob(os.path.join(top, "tests/data/sbr-xml/ok/*.xml"))):
    b = os.path.basename(f)[:-4]
    src = parse(f)
    for form in ("app", "utf8"):
        out = glob.glob("%s-%s/*.xml" % (form, b))
        bad = []
        if len(out) != 1:
            bad.append("files: %r" % out)
        else:
            dst = parse(out[0])
            kids = list(dst)
            if int(dst.get("count")) != len(kids):
                bad.append("count=%s, %d children" % (dst.get("count"),
                                                      len(kids)))
            if dst.tag != src.tag or len(kids) != len(list(src)):
                bad.append("root %s of %d, was %s of %d" % (
                    dst.tag, len(kids), src.tag, len(list(src))))
            for i, (x, y) in enumerate(zip(src, kids)):
                bad += same(x, y, "%s %d" % (x.tag, i + 1))
        n += 1
        print("%s %d - sbr-xml write: %s (%s): count and attributes, by "
              "xml.etree%s" % ("not ok" if bad else "ok", n, b, form,
                               "".join("\n# " + e for e in bad[:8])))
PY
