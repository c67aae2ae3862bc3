#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""gen.py BASE.zip OUTDIR: hostile variants of a good voxport archive, for
tests/suites/hostile_archives.sh and bench/hostile/run.sh.

Writes OUTDIR/*.zip and OUTDIR/cases.tsv, one line per case: ID, COMMAND
(validate or inspect), ARCHIVE, EXIT (the status voxport must end with),
TEXT (a string its output, stdout and stderr, must hold) and NOT (one it
must not hold, or "-").  Everything is made
here with Python's zipfile and zlib (not libzip) or by patching bytes, so
no binary is committed.  Sizes are what the defects were found with,
scaled down where the scale did not matter.
"""
import hashlib, io, json, os, sys, zipfile, zlib

base, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
MiB = 1 << 20
# The size of the large members, random text so that their ratio is no
# reason to refuse them: NOISE_MB (default 8; bench/RESULTS.md used 60).
NOISE = int(os.environ.get("NOISE_MB", "8")) * MiB


def noise(n):
    return os.urandom(n // 2).hex()


with zipfile.ZipFile(base) as z:
    ORDER = [i.filename for i in z.infolist()]
    BASE = {n: z.read(n) for n in ORDER}
MANIFEST = json.loads(BASE["manifest.json"])
cases = []


def sha(b):
    return hashlib.sha256(b).hexdigest()


def entry(path, data, category="documentation"):
    return {"path": path, "category": category, "media_type": "text/plain",
            "bytes": len(data), "sha256": sha(data)}


def write(name, members, manifest=None, refresh=True, infos=None, level=9):
    """members: [(name, bytes)] in order, manifest.json first; manifest a
    dict (its listed sizes and checksums refreshed from members unless
    refresh is False) or raw bytes; infos: {name: ZipInfo settings};
    level: deflate's (1 for random text, which does not compress)."""
    data = dict(members)
    if manifest is None:
        manifest = json.loads(json.dumps(MANIFEST))
    if isinstance(manifest, dict):
        if refresh:
            for f in manifest["files"]:
                if f["path"] in data:
                    f["bytes"] = len(data[f["path"]])
                    f["sha256"] = sha(data[f["path"]])
        manifest = json.dumps(manifest, indent=2).encode()
    path = os.path.join(out, name + ".zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", manifest, compresslevel=level)
        for n, b in members:
            if n == "manifest.json":
                continue
            zi = zipfile.ZipInfo(n, (2024, 11, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            for k, v in (infos or {}).get(n, {}).items():
                setattr(zi, k, v)
            z.writestr(zi, b, compress_type=zipfile.ZIP_DEFLATED,
                       compresslevel=level)
    return path


def base_members(**change):
    """The good archive's members, some replaced (None drops one)."""
    ms = []
    for n in ORDER:
        b = change.get(n, BASE[n])
        if b is not None:
            ms.append((n, b))
    for n, b in change.items():
        if n not in BASE and b is not None:
            ms.append((n, b))
    return ms


def case(archive, command, status, text, not_text="-", tag=""):
    cid = archive + ("-" + command if command != "validate" else "") + tag
    cases.append((cid, command, archive + ".zip", str(status), text,
                  not_text))


def patch(path, old, new):
    with open(path, "rb") as f:
        b = f.read()
    assert old in b and len(old) == len(new)
    with open(path, "wb") as f:
        f.write(b.replace(old, new))


# subject.json read a second time with a 1 GiB cap whatever the manifest
# says: 20 MB of padding before an id that is not the subject's.
# Random padding: the zip's ratio is no reason to refuse it.
big = b'{"pad":"' + noise(NOISE).encode() + b'","id":"evil"}'
write("subject-reread", base_members(**{"subject.json": big}),
      refresh=False, level=1)
case("subject-reread", "validate", 3, "subject.json: larger than", "evil")

# A member whose sizes in the zip say 1030:1: refused unread.
bomb = b"{}\n" * (33 * MiB)
m = json.loads(json.dumps(MANIFEST))
write("ratio-bomb", base_members(**{"calls.jsonl": bomb}), m)
case("ratio-bomb", "validate", 3,
     "calls.jsonl: compressed more than 1000:1")
case("ratio-bomb", "inspect", 1, "calls.jsonl: compressed more than 1000:1")

# The same with the zip's sizes patched to look small: the reading stops.
p = write("ratio-bomb-lying", base_members(**{"calls.jsonl": bomb}), m)
n = len(bomb).to_bytes(4, "little")
patch(p, n, (1000).to_bytes(4, "little"))
case("ratio-bomb-lying", "validate", 3, "calls.jsonl: ")
case("ratio-bomb-lying", "inspect", 1, "calls.jsonl: ")

# 100,000 members (the limit), none listed: quadratic checks took 81 s.
p = os.path.join(out, "many-members.zip")
with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as z:
    z.writestr("manifest.json", BASE["manifest.json"])
    for i in range(99999):
        z.writestr("m%06d" % i, b"")
case("many-members", "validate", 3, "more problems not shown")

# A manifest listing 150,000 absent files (20 MB, 0.5 MB compressed).
m = json.loads(json.dumps(MANIFEST))
m["files"] = [entry("f%06d" % i, b"") for i in range(150000)]
write("many-listed", base_members(), m, refresh=False)
case("many-listed", "validate", 3, "manifest.json: more than 1048576 bytes")
case("many-listed", "inspect", 1, "manifest.json: more than 1048576 bytes")

# A large manifest (one long string) and one long JSONL line: 60 MB of
# each cost 1.2 GB.


m = json.loads(json.dumps(MANIFEST))
m["controller"]["address"] = noise(NOISE)
write("huge-manifest", base_members(), m, level=1)
case("huge-manifest", "validate", 3, "manifest.json: more than 1048576")
line = b'{"id":"' + noise(NOISE).encode() + b'"}\n'
write("long-line", base_members(**{"calls.jsonl": line}), level=1)
case("long-line", "validate", 3, "calls.jsonl:1: line longer than 1048576")
case("long-line", "inspect", 1, "calls.jsonl:1: longer than 1048576")
# The same with small values, which jansson needs 20 to 40 times the
# text for.
nums = ",".join(str(b) for b in os.urandom(NOISE // 4))
line = b'{"id":"x","legs":[' + nums.encode() + b']}\n'
write("dense-line", base_members(**{"calls.jsonl": line}), level=1)
case("dense-line", "validate", 3, "calls.jsonl:1: line longer than 1048576")

# JSON members, honestly listed: an array is read element by element,
# anything else whole, with 1 MiB as the cap of what is parsed at once.
contacts = b'["' + noise(NOISE).encode() + b'"]'
write("big-json-element", base_members(**{"contacts.json": contacts}),
      level=1)
case("big-json-element", "validate", 3,
     "contacts.json: /0: longer than 1048576 bytes")
subject = b'{"id":"' + noise(NOISE).encode() + b'"}'
write("big-json-document", base_members(**{"subject.json": subject}),
      level=1)
case("big-json-document", "validate", 3, "subject.json: more than 1048576 "
     "bytes, the limit for a JSON document")
# 100,000 small elements of every kind: memory holds one at a time.
kinds = [b"0", b"{}", b"[]", b'""', b"null", b'{"a":[1]}']
contacts = b"[" + b",".join(kinds[b % 6] for b in os.urandom(100000)) + b"]"
write("many-json-elements", base_members(**{"contacts.json": contacts}))
case("many-json-elements", "validate", 3,
     "contacts.json: /0: ", "contacts.json: /10: ")

# 200,000 lines that each break the schema: 2.5 GB of messages before.
flood = b'{"id":1}\n' * 50000
write("flood", base_members(**{"calls.jsonl": flood}))
case("flood", "validate", 3, "more problems not shown")
# Fewer, for printing them all (the suite's --max-errors checks).
write("totals", base_members(**{"calls.jsonl": flood[:900]}))

# A symbolic link README.txt -> /etc/passwd (unzip creates the link).
write("symlink", base_members(**{"README.txt": b"/etc/passwd"}),
      infos={"README.txt": {"create_system": 3,
                            "external_attr": 0o120777 << 16}})
case("symlink", "validate", 3, "README.txt: a symbolic link")

# Two members one file on a case-insensitive disk, both listed.
m = json.loads(json.dumps(MANIFEST))
m["files"].append(entry("CALLS.JSONL", BASE["calls.jsonl"], "calls"))
write("case-twins", base_members(**{"CALLS.JSONL": BASE["calls.jsonl"]}), m)
case("case-twins", "validate", 3,
     "calls.jsonl and CALLS.JSONL differ only by case")

# A name with a trailing dot (Windows drops it), listed.
m = json.loads(json.dumps(MANIFEST))
m["files"].append(entry("notes.txt.", b"n"))
write("trailing-dot", base_members(**{"notes.txt.": b"n"}), m)
case("trailing-dot", "validate", 3,
     'member name "notes.txt." is unsafe (a part ends in ".", which Windows')
write("trailing-space", base_members(**{"notes.txt ": b"n"}))
case("trailing-space", "validate", 3, 'member name "notes.txt " is unsafe')

# The same name in NFC and NFD: non-ASCII names are refused outright.
write("unicode-twins", base_members(**{"caf\u00e9.txt": b"1",
                                        "cafe\u0301.txt": b"2"}))
case("unicode-twins", "validate", 3, "is unsafe")

# Terminal escapes: in a member name (the zip's UTF-8 flag off, raw bytes)
# and in the manifest's strings.
p = write("escape-name", base_members(**{"a?[2Jb?c": b"x"}))
patch(p, b"a?[2Jb?c", b"a\x1b[2Jb\xffc")
case("escape-name", "validate", 3, 'member name "a\\x1b[2Jb\\xffc"')
m = json.loads(json.dumps(MANIFEST))
m["controller"]["name"] = "Evil\x1b]0;owned\x07\x1b[2J\u009b31m"
write("escape-manifest", base_members(), m)
case("escape-manifest", "inspect", 0,
     "Evil\\x1b]0;owned\\x07\\x1b[2J\\xc2\\x9b31m")

# A shipped schema that accepts anything.
write("schema-empty",
      base_members(**{"schemas/call.schema.json": b"{}"}))
case("schema-empty", "validate", 3,
     "schemas/call.schema.json: differs from the built-in call.schema.json")

# Member paths that climb out, are absolute, or use Windows separators.
for cid, bad in (("dotdot", "../evil.txt"), ("absolute", "/tmp/evil.txt"),
                 ("backslash", "sub\\evil.txt"),
                 ("drive-letter", "C:evil.txt"),
                 ("dotdot-inner", "schemas/../../evil.txt")):
    p = write(cid, base_members(**{"X" * len(bad): b"evil"}))
    patch(p, b"X" * len(bad), bad.encode())
    case(cid, "validate", 3, "is unsafe")
# Two members with the same name (the second one is what unzip keeps).
p = write("duplicate-name",
          base_members(**{"calls.jsonX": BASE["calls.jsonl"]}))
patch(p, b"calls.jsonX", b"calls.jsonl")
case("duplicate-name", "validate", 3, "two members have the same name")
# A manifest that lies: sizes, checksums, record counts.
m2 = json.loads(json.dumps(MANIFEST))
for f in m2["files"]:
    if f["path"] == "calls.jsonl":
        f["bytes"] += 1
write("lying-bytes", base_members(), m2, refresh=False)
n = len(BASE["calls.jsonl"])
case("lying-bytes", "validate", 3,
     "calls.jsonl: %d bytes, the manifest says %d" % (n, n + 1))
m2 = json.loads(json.dumps(MANIFEST))
for f in m2["files"]:
    if f["path"] == "calls.jsonl":
        f["sha256"] = "0" * 64
write("lying-sha256", base_members(), m2, refresh=False)
case("lying-sha256", "validate", 3, "differs from the manifest's 0000")
m2 = json.loads(json.dumps(MANIFEST))
for f in m2["files"]:
    if f["path"] == "calls.jsonl":
        f["records"] += 5
write("lying-records", base_members(), m2)
case("lying-records", "validate", 3, "records, the manifest says")
# Cut short: the central directory gone, or cut in the middle.
with open(os.path.join(out, "truncated.zip"), "wb") as f:
    f.write(open(base, "rb").read()[:-200])
case("truncated", "validate", 3, "the file is cut short")
case("truncated", "inspect", 1, "the file is cut short")
with open(os.path.join(out, "truncated-half.zip"), "wb") as f:
    b = open(base, "rb").read()
    f.write(b[:len(b) // 2])
case("truncated-half", "validate", 3, "cut short")
with open(os.path.join(out, "not-zip.zip"), "wb") as f:
    f.write(b"%PDF-1.7\n" + os.urandom(4096))
case("not-zip", "validate", 3, "not a zip")
open(os.path.join(out, "empty.zip"), "wb").close()
case("empty", "validate", 3, "the file is empty")
case("empty", "inspect", 1, "the file is empty")
# JSON nested 100,000 deep, in a JSONL line and in subject.json.
deep = b"[" * 100000 + b"]" * 100000
write("deep-line", base_members(**{"calls.jsonl": deep + b"\n"}))
case("deep-line", "validate", 3,
     "calls.jsonl:1: not JSON: maximum parsing depth")
write("deep-document",
      base_members(**{"subject.json": b'{"a":' + deep + b"}"}))
case("deep-document", "validate", 3,
     "subject.json:1:2053: not JSON: maximum parsing depth")
# Bytes that are not UTF-8 inside a record.
bad = BASE["calls.jsonl"].replace(b'"direction"', b'"dir\xc0\xafction"', 1)
write("invalid-utf8", base_members(**{"calls.jsonl": bad}))
case("invalid-utf8", "validate", 3,
     "calls.jsonl:1: not JSON: unable to decode byte 0xc0")
# ZIP64 records on every member: legal zip, so a valid archive.
p = os.path.join(out, "zip64.zip")
with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    for n in ORDER:
        with z.open(zipfile.ZipInfo(n, (2024, 11, 1, 0, 0, 0)), "w",
                    force_zip64=True) as w:
            w.write(BASE[n])
case("zip64", "validate", 0, ": valid (")
case("zip64", "inspect", 0, "1001")

# A member encrypted with ZipCrypto (PKWARE's traditional cipher, broken
# since 1994): written by hand, as Python's zipfile only reads it.
CRCTAB = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
    CRCTAB.append(c)


def zipcrypto(plain, crc, password):
    k = [0x12345678, 0x23456789, 0x34567890]

    def update(b):
        k[0] = (k[0] >> 8) ^ CRCTAB[(k[0] ^ b) & 0xFF]
        k[1] = ((k[1] + (k[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k[2] = (k[2] >> 8) ^ CRCTAB[(k[2] ^ (k[1] >> 24)) & 0xFF]

    for b in password:
        update(b)
    out = bytearray()
    for b in os.urandom(11) + bytes([crc >> 24]) + plain:
        t = (k[2] | 2) & 0xFFFF
        out.append(b ^ (((t * (t ^ 1)) >> 8) & 0xFF))
        update(b)
    return bytes(out)


def write_zipcrypto(name, members, password):
    import struct
    body, central = b"", b""
    for n, data in members:
        crc = zlib.crc32(data)
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        enc = zipcrypto(c.compress(data) + c.flush(), crc, password)
        fields = (20, 1, 8, 0, 0x5921, crc, len(enc), len(data),
                  len(n), 0)
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack(
            "<HHHHHIIIHH", *fields) + struct.pack(
            "<HHHII", 0, 0, 0, 0, len(body)) + n.encode()
        body += struct.pack("<I", 0x04034B50) + struct.pack(
            "<HHHHHIIIHH", *fields) + n.encode() + enc
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members),
                      len(members), len(central), len(body), 0)
    with open(os.path.join(out, name + ".zip"), "wb") as f:
        f.write(body + central + end)


write_zipcrypto("zipcrypto", base_members(), b"secret")
case("zipcrypto", "validate", 3, "ZipCrypto")
case("zipcrypto", "inspect", 1, "ZipCrypto")

with open(os.path.join(out, "cases.tsv"), "w") as f:
    for c in cases:
        f.write("\t".join(c) + "\n")
