#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# rotated_sources.sh: a source path that is a pattern, its files rotated
# and compressed (issue 7, "Rotated and compressed sources"):
#  - the demo Master.csv cut into rotations (Master.csv.2.gz, Master.csv.1,
#    Master.csv; five compressions; logrotate's dated names) exports the
#    same calls as the whole file: calls.jsonl and calls.csv identical
#    but for each record's source (file and line), which names the
#    rotation and the line in it;
#  - the manifest has one sources[] entry per file, oldest first, with
#    the pattern and the compression, its counts adding up to the whole
#    file's, and the archive validates;
#  - a per-subject pattern reads a compressed vCard as the plain one;
#  - a pattern that matches nothing, even a per-subject one, stops the
#    export naming the pattern (exit 1); a damaged rotation stops it naming
#    the file; no archive is left either time.
# Every file is made here, with the compressors of scripts/deps.sh.
set -u
top=${VOXPORT_TOP:?}
cp -R "$top/examples/demo-provider" prov || exit 1

exec /usr/bin/python3 - <<'EOF'
import json, os, re, shutil, subprocess, sys, zipfile

n = 0


def t(ok, what):
    global n
    n += 1
    print("%s %d - rotated_sources: %s" % ("ok" if ok else "not ok", n, what))
    sys.stdout.flush()


CREATED = ["--created", "2024-06-01T00:00:00Z"]
ROWS = open("prov/cdr/Master.csv", "rb").read().splitlines(True)
COMPRESS = {"gz": ["gzip", "-n", "-c"], "xz": ["xz", "-c"],
            "zst": ["zstd", "-q", "-c"], "bz2": ["bzip2", "-c"],
            "lz4": ["lz4", "-q", "-c"]}


def provider(name, calls_path, contacts_path=None):
    """A copy of the demo provider with the calls (and contacts) path set."""
    if os.path.exists(name):
        shutil.rmtree(name)
    shutil.copytree("prov", name)
    with open(name + "/provider.json") as f:
        p = json.load(f)
    p["sources"]["calls"][0]["path"] = calls_path
    if contacts_path:
        p["sources"]["contacts"][0]["path"] = contacts_path
    with open(name + "/provider.json", "w") as f:
        json.dump(p, f)
    return name


def write(path, data, ext):
    if ext:
        data = subprocess.run(COMPRESS[ext], input=data, check=True,
                              stdout=subprocess.PIPE).stdout
    with open(path, "wb") as f:
        f.write(data)


def export(prov, subject, out, cats="calls"):
    if os.path.exists(out):
        os.unlink(out)
    return subprocess.run(["voxport", "export", "-c", prov + "/provider.json",
                           "-s", subject, "-o", out, "--categories", cats]
                          + CREATED, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)


def members(path):
    with zipfile.ZipFile(path) as z:
        return {m: z.read(m) for m in z.namelist()}


def unsourced(jsonl):
    """calls.jsonl without each call's and leg's source."""
    out = []
    for line in jsonl.decode().splitlines():
        c = json.loads(line)
        c.pop("source", None)
        for leg in c.get("legs", []):
            leg.pop("source", None)
        out.append(json.dumps(c, sort_keys=True))
    return out


def sources_of(jsonl):
    return [json.loads(l)["source"] for l in jsonl.decode().splitlines()]


def csv_unsourced(data):
    return [l.rsplit(b",", 2)[0] for l in data.splitlines()]


whole = {}
for subject in ("1001", "1002"):
    r = export(provider("whole", "cdr/Master.csv"), subject, "whole.zip")
    t(r.returncode == 0, "the whole Master.csv exports for %s" % subject)
    whole[subject] = members("whole.zip")

# (name of each piece, oldest first; its compression), cut at even rows
layouts = [
    ("logrotate with delaycompress", "Master.csv*",
     [("Master.csv.2.gz", "gz"), ("Master.csv.1", None),
      ("Master.csv", None)]),
    ("every compression", "Master.csv*",
     [("Master.csv.5.lz4", "lz4"), ("Master.csv.4.bz2", "bz2"),
      ("Master.csv.3.zst", "zst"), ("Master.csv.2.xz", "xz"),
      ("Master.csv.1.gz", "gz"), ("Master.csv", None)]),
    ("dateext names, numbers past 9", "Master.csv*",
     [("Master.csv-20231231.gz", "gz"), ("Master.csv-20240131.xz", "xz"),
      ("Master.csv.10.gz", "gz"), ("Master.csv.9", None),
      ("Master.csv", None)]),
    ("compressed named plainly, a subfolder pattern", "*/Master.csv*",
     [("a/Master.csv.1", "gz"), ("b/Master.csv.2", "zst")]),
]
for what, pattern, pieces in layouts:
    d = provider("rot", "cdr/" + pattern)
    os.unlink(d + "/cdr/Master.csv")
    k = len(pieces)
    cuts = [len(ROWS) * i // k for i in range(k + 1)]
    # Written newest first: the order read is the names', not the disk's.
    for i in reversed(range(k)):
        name, ext = pieces[i]
        os.makedirs(os.path.dirname(d + "/cdr/" + name), exist_ok=True)
        write(d + "/cdr/" + name, b"".join(ROWS[cuts[i]:cuts[i + 1]]), ext)
    for subject in ("1001", "1002"):
        r = export(d, subject, "rot.zip")
        if r.returncode != 0:
            t(False, "%s: exports for %s (%s)" % (what, subject,
                                                 r.stderr.strip()))
            continue
        got, want = members("rot.zip"), whole[subject]
        t(unsourced(got["calls.jsonl"]) == unsourced(want["calls.jsonl"]),
          "%s: %s's calls.jsonl is the whole file's but for sources"
          % (what, subject))
        t(csv_unsourced(got["calls.csv"]) == csv_unsourced(want["calls.csv"]),
          "%s: %s's calls.csv is the whole file's but for sources"
          % (what, subject))
        # Each source names its rotation and the line there.
        names = [p[0].split("/")[-1] for p in pieces]
        ok = True
        for s, w in zip(sources_of(got["calls.jsonl"]),
                        sources_of(want["calls.jsonl"])):
            if w["format"] != "asterisk-cdr-csv":
                ok &= s == w    # the phone's calls.xml
                continue
            i = next(j for j in range(k) if cuts[j] < w["line"] <= cuts[j + 1])
            ok &= s["file"] == names[i] and s["line"] == w["line"] - cuts[i]
        t(ok, "%s: %s's calls name the rotation and line they came from"
          % (what, subject))
        m = json.loads(got["manifest.json"])
        mw = json.loads(want["manifest.json"])
        cdr = [s for s in m["sources"] if s["format"] == "asterisk-cdr-csv"]
        cw = [s for s in mw["sources"] if s["format"] == "asterisk-cdr-csv"]
        t([s["name"] for s in cdr] == [p[0] for p in pieces] and
          all(s.get("pattern") == "cdr/" + pattern for s in cdr),
          "%s: one sources[] entry per file, oldest first" % what)
        kinds = {"gz": "gzip", "xz": "xz", "zst": "zstd", "bz2": "bzip2",
                 "lz4": "lz4", None: None}
        t([s.get("compression") for s in cdr] ==
          [kinds[p[1]] for p in pieces],
          "%s: each entry says its compression" % what)
        t(all(sum(s[c] for s in cdr) == cw[0][c]
              for c in ("read", "exported", "filtered", "rejected")) and
          [s["read"] for s in cdr] ==
          [cuts[i + 1] - cuts[i] for i in range(k)],
          "%s: the entries' counts add up to the whole file's" % what)
        v = subprocess.run(["voxport", "validate", "rot.zip"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        t(v.returncode == 0, "%s: the archive validates" % what)

# A per-subject pattern: the address book compressed.
d = provider("vcf", "cdr/Master.csv", "contacts/{subject}.vcf*")
vcf = open(d + "/contacts/1001.vcf", "rb").read()
os.unlink(d + "/contacts/1001.vcf")
write(d + "/contacts/1001.vcf.xz", vcf, "xz")
r = export(d, "1001", "vcf.zip", "contacts")
w = export(provider("plainvcf", "cdr/Master.csv"), "1001", "plain.zip",
           "contacts")
t(r.returncode == 0 and w.returncode == 0 and
  members("vcf.zip")["contacts.json"].replace(b'"1001.vcf.xz"', b'"1001.vcf"')
  == members("plain.zip")["contacts.json"],
  "contacts/{subject}.vcf* reads 1001.vcf.xz as 1001.vcf")

# Nothing matches: an error naming the pattern, even per subject.
d = provider("none", "cdr/Master.csv.*.gz")
r = export(d, "1001", "none.zip")
t(r.returncode == 1 and "cdr/Master.csv.*.gz: no file matches" in r.stderr
  and not os.path.exists("none.zip"),
  "a pattern that matches nothing: exit 1, named (%s)" % r.stderr.strip())
os.unlink("vcf/contacts/1001.vcf.xz")
r = export("vcf", "1001", "none.zip", "contacts")
t(r.returncode == 1 and "contacts/1001.vcf*: no file matches" in r.stderr,
  "a per-subject pattern that matches nothing: exit 1, named")
d = provider("absent", "cdr/Master.csv")
os.unlink(d + "/contacts/1002.vcf")
r = export(d, "1002", "absent.zip", "contacts")
t(r.returncode == 0, "an absent per-subject file (no pattern) is still fine")

# A damaged rotation: named, nothing written, with or without skip.
d = provider("bad", "cdr/Master.csv*")
write(d + "/cdr/Master.csv.1.gz", b"".join(ROWS[:150]), "gz")
with open(d + "/cdr/Master.csv.1.gz", "r+b") as f:
    f.truncate(os.path.getsize(d + "/cdr/Master.csv.1.gz") * 2 // 3)
for extra in ([], ["--on-error", "skip"]):
    r = subprocess.run(["voxport", "export", "-c", d + "/provider.json",
                        "-s", "1001", "-o", "bad.zip"] + extra + CREATED,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    t(r.returncode == 1 and "Master.csv.1.gz: damaged gzip stream" in
      r.stderr and not os.path.exists("bad.zip"),
      "a truncated Master.csv.1.gz %s: exit 1, named (%s)"
      % (" ".join(extra) or "", r.stderr.strip()[-160:]))
EOF
