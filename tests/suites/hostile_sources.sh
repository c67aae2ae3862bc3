#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# hostile_sources.sh: issue 11's hostile sources at full size, made here
# from the demo provider, each exported for subscriber 1001 with
# --on-error=skip (the bad rows hold "1001", so that the prefilter hands
# them to the parser):
#  - Master.csv with a 100 MB line, a row with NUL bytes, a row of invalid
#    UTF-8, a row of 10,000 columns;
#  - a vCard contact with a note of a million folded lines, one with a
#    50 MB PHOTO.
# Each export exits 0 with a valid archive; the good records are all there
# (as many calls and contacts as from the clean demo, and the hostile
# contacts without only their hostile field); what was dropped is named in
# rejects.jsonl or as a warning with its file and line; no text member
# holds a NUL byte.  Peak RSS (/usr/bin/time) is printed as a TAP comment, not
# asserted: memory is measured in bench/, and ASan's figures say little.
set -u
top=${VOXPORT_TOP:?}
cp -R "$top/examples/demo-provider" clean || exit 1
exec /usr/bin/python3 - <<'PY'
import json, os, shutil, subprocess, sys, zipfile

n = 0


def t(ok, what):
    global n
    n += 1
    print("%s %d - hostile sources: %s" % ("ok" if ok else "not ok", n, what))
    sys.stdout.flush()


def export(prov, out):
    """Export 1001 with --on-error=skip: (exit, stderr, peak RSS in MB)."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out + ".rss",
                        "voxport", "export", "-c", prov + "/provider.json",
                        "-s", "1001", "-o", out, "--on-error", "skip",
                        "--created", "@0", "-q"],
                       capture_output=True, text=True, errors="replace")
    with open(out + ".rss") as f:
        rss = int(f.read().split()[-1]) / 1024
    return r.returncode, r.stderr, rss


def members(path):
    z = zipfile.ZipFile(path)
    return {i: z.read(i) for i in z.namelist()}


def lines(data):
    return [json.loads(l) for l in data.decode().splitlines() if l]


# The clean export: what every hostile one must still hold.
rc, err, _ = export("clean", "clean.zip")
base = members("clean.zip")
base_calls = len(lines(base["calls.jsonl"]))
base_contacts = len(json.loads(base["contacts.json"]))
t(rc == 0 and base_calls > 0 and base_contacts > 0,
  "the clean demo: %d calls, %d contacts" % (base_calls, base_contacts))

ROW = ('"","1001","1008","from-internal","""Alice"" <1001>",'
       '"PJSIP/1001-1","PJSIP/x-2","Dial","PJSIP/x,20",'
       '"2024-03-30 20:28:43",,"2024-03-30 20:29:07",24,0,"CONGESTION",'
       '"DOCUMENTATION","%s",""\n')


def with_cdr(name, bad):
    """A copy of the demo whose Master.csv has the bad row after line 3."""
    shutil.copytree("clean", name)
    p = name + "/cdr/Master.csv"
    with open(p, "rb") as f:
        rows = f.read().split(b"\n")
    with open(p, "wb") as f:
        f.write(b"\n".join(rows[:3]) + b"\n")
        f.write(bad)
        f.write(b"\n".join(rows[3:]))
    return name


def check_cdr(name, bad, extra_calls, what):
    prov = with_cdr(name, bad)
    rc, err, rss = export(prov, name + ".zip")
    print("# %s: peak RSS %.1f MB" % (name, rss))
    ok = rc == 0
    m = members(name + ".zip") if ok else {}
    calls = len(lines(m.get("calls.jsonl", b"")))
    ok = ok and calls == base_calls + extra_calls
    ok = ok and subprocess.run(["voxport", "validate", name + ".zip"],
                               capture_output=True).returncode == 0
    ok = ok and not any(b"\0" in v for k, v in m.items()
                        if k.endswith((".json", ".jsonl", ".csv", ".vcf",
                                       ".txt", ".html")))
    t(ok, "%s: exit %d, %d calls (of %d + %d), valid, no NUL (%s)" %
      (what, rc, calls, base_calls, extra_calls, err.strip()[-160:]))
    return m, err


# A 100 MB line: over the row limit (4 MiB), read and dropped.
_, err = check_cdr("longline", ('"","1001","' + "x" * (100 << 20) +
                                '",""\n').encode(), 0, "a 100 MB line")
t("Master.csv:4: row longer than" in err, "the 100 MB line is named")
# NUL bytes inside a field: the call is kept, its text without them.
check_cdr("nul", (ROW % "nul.1").replace('"Alice"', '"Al\0ice"')
          .encode(), 1, "NUL bytes in a field")
# Invalid UTF-8 (read as Latin-1, the Asterisk way): kept, as UTF-8.
m, _ = check_cdr("badutf8", (ROW % "utf.1").encode().replace(
    b"Alice", b"Al\xff\xfece"), 1, "invalid UTF-8 in a field")
t(b"Al\xc3\xbf\xc3\xbece" in m.get("calls.jsonl", b""),
  "invalid UTF-8: its bytes kept as Latin-1 letters")
# 10,000 columns: over the field limit (4096), dropped and named.
_, err = check_cdr("wide", (",".join(["1001"] * 10000) + "\n").encode(), 0,
                   "a row of 10,000 columns")
t("Master.csv:4: row of more than 4096 fields" in err,
  "the 10,000 columns are named")


def check_vcard(name, card, what):
    shutil.copytree("clean", name)
    with open(name + "/contacts/1001.vcf", "ab") as f:
        f.write(card)
    rc, err, rss = export(name, name + ".zip")
    print("# %s: peak RSS %.1f MB" % (name, rss))
    ok = rc == 0
    m = members(name + ".zip") if ok else {}
    contacts = json.loads(m.get("contacts.json", b"[]"))
    names = [c.get("name", {}).get("full") for c in contacts]
    ok = ok and len(contacts) == base_contacts + 1 and "Hostile Card" in names
    ok = ok and subprocess.run(["voxport", "validate", name + ".zip"],
                               capture_output=True).returncode == 0
    t(ok, "%s: exit %d, %d contacts (of %d + 1), valid (%s)" %
      (what, rc, len(contacts), base_contacts, err.strip()[-160:]))
    return err


# A note of a million folded lines (20 MB unfolded, over the 16 MiB line
# limit): the contact stays, without the note.
fold = b"NOTE:" + b"x" * 15 + b"\r\n" + b" xxxxxxxxxxxxxxxxxxx\r\n" * 1000000
err = check_vcard("folds", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hostile Card\r\n"
                  + fold + b"TEL:+44 20 7946 0999\r\nEND:VCARD\r\n",
                  "a vCard note of a million folded lines")
t("1001.vcf" in err, "the folded note is named (%s)" % err.strip()[-120:])
# A 50 MB PHOTO: the contact stays, without the photo.
photo = b"PHOTO;ENCODING=b;TYPE=JPEG:" + b"QUFB" * (50 << 18) + b"\r\n"
err = check_vcard("photo", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hostile Card\r\n"
                  + photo + b"END:VCARD\r\n", "a 50 MB PHOTO")
t("1001.vcf" in err, "the photo is named (%s)" % err.strip()[-120:])
PY
