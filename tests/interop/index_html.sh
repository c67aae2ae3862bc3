#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# index_html.sh: index.html of an archive, checked by tools voxport did not
# write.  Prints TAP.  The archive is the demo provider's subscriber 1001
# (a copy in the scratch folder), with a caller and two contacts whose
# names are markup: <script>alert(1)</script> and an <img onerror=...>.
#  - xmllint reads the page as XML (well-formed) and as HTML (its only
#    complaints are the HTML5 tags libxml2 2.9's HTML parser does not know);
#  - the calls and messages per month chart: each bar's month, direction
#    and count equal counts made here from calls.jsonl and messages.jsonl
#    (months in Europe/London, by Python's zoneinfo), and every bar's
#    height is its count times one scale; the busiest-contacts chart's
#    talk times equal sums made here;
#  - headless Chromium loads the page from file:// with no console message
#    at all (the page has no script; an executed onerror would log), its
#    DOM has no <script> element and shows the hostile names as text, and
#    a screenshot is saved here and as $VOXPORT_BUILD/index-screenshot.png.
#    Chromium runs with --no-sandbox (its sandbox cannot start as root in
#    a container).
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
py=/usr/bin/python3
n=0
t() {	# t NAME COMMAND...: one TAP line for a command's success
	name=$1
	shift
	n=$((n + 1))
	if "$@" >out.$n 2>&1; then
		echo "ok $n - index.html: $name"
	else
		echo "not ok $n - index.html: $name"
		sed 's/^/#   /' out.$n | head -20
	fi
}

hostile='<script>alert(1)</script>'
img='<img src=x onerror="console.error(1)">'

# A copy of the demo provider, with a call from a hostile caller name, a
# call at 00:20 on 1 June London time (31 May in UTC: the chart's months
# are London's), and two hostile contacts.
cp -R "$top/examples/demo-provider" prov
printf '%s\n' '"","07700900999","1001","from-trunk","""'"$hostile"'"" <07700900999>","PJSIP/trunk-000000aa","PJSIP/1001-000000ab","Dial","PJSIP/1001,30","2024-05-02 10:00:00","2024-05-02 10:00:05","2024-05-02 10:03:05",185,180,"ANSWERED","DOCUMENTATION","1714640400.99",""' \
	'"","1001","07700900998","from-internal","""Alice Smith"" <1001>","PJSIP/1001-000000ac","PJSIP/trunk-000000ad","Dial","PJSIP/07700900998@trunk,60,tT","2024-06-01 00:20:00","2024-06-01 00:20:04","2024-06-01 00:21:04",64,60,"ANSWERED","DOCUMENTATION","1717197600.98",""' \
	>>prov/cdr/Master.csv
printf 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:%s\r\nTEL:+447700900999\r\nEND:VCARD\r\n' \
	"$hostile" "$img" >>prov/contacts/1001.vcf

t "export with audio" "$vp" export -c prov/provider.json -s 1001 -o a.zip \
	--created 2024-11-01T09:00:00Z --with-audio
mkdir x
t "unzip" unzip -q a.zip -d x
page=$PWD/x/index.html

t "listed in the manifest with its SHA-256" "$py" - x <<'PY'
import hashlib, json, sys
d = sys.argv[1]
m = json.load(open(d + "/manifest.json"))
f = [f for f in m["files"] if f["path"] == "index.html"]
assert len(f) == 1, f
f = f[0]
data = open(d + "/index.html", "rb").read()
assert f["category"] == "documentation", f
assert f["media_type"].startswith("text/html"), f
assert f["sha256"] == hashlib.sha256(data).hexdigest()
assert f["bytes"] == len(data)
PY

t "xmllint: well-formed XML" xmllint --noout "$page"
# libxml2 2.9's HTML parser predates HTML5: it names each newer tag as
# invalid, and must say nothing else.
html_lint() {
	xmllint --html --noout "$page" 2>lint.err || return 1
	grep 'error' lint.err | grep -Ev 'Tag (main|section|svg|title|line|text|rect|figure|figcaption|audio|footer) invalid' && return 1
	return 0
}
t "xmllint --html: nothing but HTML5 tags unknown to it" html_lint

t "chart bars: counts from calls.jsonl and messages.jsonl" "$py" - x <<'PY'
import json, sys, datetime, zoneinfo
import xml.etree.ElementTree as ET
d = sys.argv[1]
zone = zoneinfo.ZoneInfo("Europe/London")
SVG = "{http://www.w3.org/2000/svg}"
page = ET.parse(d + "/index.html").getroot()

def month(ts):
    t = datetime.datetime.fromisoformat(ts.replace("Z", "+00:00"))
    return t.astimezone(zone).strftime("%Y-%m")

def expect(member, field):
    want = {}
    for line in open(d + "/" + member):
        r = json.loads(line)
        k = (month(r[field]), r.get("direction", "unknown"))
        want[k] = want.get(k, 0) + 1
    return want

def bars(fig_id):
    fig = [f for f in page.iter("figure") if f.get("id") == fig_id][0]
    svg = fig.find(SVG + "svg")
    scale = float(svg.get("data-scale"))
    got = {}
    for r in svg.iter(SVG + "rect"):
        if r.get("data-count") is None:
            continue
        c = int(r.get("data-count"))
        k = (r.get("data-month"), r.get("data-direction"))
        assert k not in got, k
        got[k] = c
        # proportional: every bar is its count times the same scale
        assert abs(float(r.get("height")) - c * scale) < 0.01, (k, c)
        assert r.find(SVG + "title") is not None
    return got, scale

for fig, member, field in (("chart-calls", "calls.jsonl", "start"),
                           ("chart-messages", "messages.jsonl", "date")):
    want = expect(member, field)
    got, scale = bars(fig)
    assert got == want, (fig, sorted(got.items()), sorted(want.items()))
    totals = {}
    for (m, _), c in want.items():
        totals[m] = totals.get(m, 0) + c
    # the tallest month fills the plot (160 units)
    assert abs(max(totals.values()) * scale - 160) < 0.01, fig
    print(fig, sorted(got.items()))
PY

t "busiest contacts: talk time from calls.jsonl" "$py" - x <<'PY'
import json, sys
import xml.etree.ElementTree as ET
d = sys.argv[1]
SVG = "{http://www.w3.org/2000/svg}"
secs = {}
for line in open(d + "/calls.jsonl"):
    r = json.loads(line)
    p = r["from"] if r.get("direction") == "inbound" else r["to"]
    key = p.get("number") or p.get("raw") or p.get("name") or "unknown"
    secs[key] = secs.get(key, 0) + max(r.get("billsec", 0), 0)
want = sorted(((s, k) for k, s in secs.items() if s), key=lambda x: (-x[0], x[1]))[:10]
page = ET.parse(d + "/index.html").getroot()
fig = [f for f in page.iter("figure") if f.get("id") == "chart-contacts"][0]
got = [(int(r.get("data-billsec")), r.get("data-party"))
       for r in fig.iter(SVG + "rect")]
assert got == want, (got, want)
print(got)
PY

if ! command -v chromium >/dev/null 2>&1; then
	n=$((n + 1))
	echo "ok $n - index.html: chromium # SKIP chromium not installed"
	exit 0
fi
# A profile and home of its own in the scratch folder; no sandbox as root;
# a time limit, as a page that runs alert() never finishes loading.
mkdir -p home
chrome() {
	HOME=$PWD/home XDG_CONFIG_HOME=$PWD/home XDG_CACHE_HOME=$PWD/home \
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$PWD/profile" --no-first-run \
		--disable-breakpad "$@"
}

dom_check() {
	chrome --enable-logging=stderr --v=0 --dump-dom "file://$page" \
		>dom.html 2>chrome.err || return 1
	# the page has no script: any console message is a failure
	if grep -E ':CONSOLE|Uncaught' chrome.err; then return 1; fi
	grep -q '</html>' dom.html || { echo "no DOM"; return 1; }
	"$py" - dom.html <<'PY'
import sys
dom = open(sys.argv[1]).read()
low = dom.lower()
assert "<script" not in low, "a script element in the DOM"
assert "<img" not in low, "an img element in the DOM"
assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom, "no escaped name"
assert "&lt;img src=x onerror=" in dom, "no escaped img name"
PY
}
t "chromium: no console message, hostile names shown as text" dom_check

shot() {
	chrome --screenshot="$PWD/index.png" --window-size=1280,2000 \
		"file://$page" >shot.out 2>&1 || { cat shot.out; return 1; }
	"$py" - index.png <<'PY' || return 1
import struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", b[16:24])
assert (w, h) == (1280, 2000), (w, h)
PY
	cp index.png "$VOXPORT_BUILD/index-screenshot.png"
}
t "chromium: screenshot (index.png, $VOXPORT_BUILD/index-screenshot.png)" shot
