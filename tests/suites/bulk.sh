#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bulk.sh: `voxport bulk` (issue 9), against `voxport export`:
#  - every subscriber of the demo provider and of a generated one
#    (bench/gen-provider.py): the --all archive is the export's, byte for
#    byte, with the same --created (also with --third-party mask and a date
#    range on the demo, and with --with-audio, --with-attachments and
#    --no-workbook);
#  - -j 1 and -j 2 write the same bytes;
#  - members larger than the writer keeps in memory: the same bytes too;
#  - three shards run as three processes by GNU parallel: their union is
#    the --all run, byte for byte, no subscriber twice;
#  - a run killed with SIGKILL half-way, resumed with --resume, ends with
#    the uninterrupted run's archives and no temporary folder;
#  - --shard 3/2, 0/0, x/2 and auto without a scheduler are usage errors;
#  - --subjects with an unknown and a repeated id: those fail, with their
#    own messages, the others are written, exit 1; --json says each;
#  - a subscriber whose own file is broken fails alone.
# Every input is made here, in the scratch folder.
set -u
top=${VOXPORT_TOP:?}
cp -R "$top/examples/demo-provider" demo || exit 1
/usr/bin/python3 "$top/bench/gen-provider.py" --out gen --subscribers 20 \
	--rows 2400 --seed 9 --provider-json || exit 1
# Two subscribers with a few thousand calls each: their members outgrow
# what the archive writer keeps in memory (1 MiB) and go through files.
# Many subscribers with few calls: a run killed after its first archives
# cannot have finished them all, however loaded the machine.
/usr/bin/python3 "$top/bench/gen-provider.py" --out many --subscribers 150 \
	--rows 1500 --seed 4 --provider-json || exit 1
/usr/bin/python3 "$top/bench/gen-provider.py" --out big --subscribers 2 \
	--rows 3000 --seed 5 --provider-json --messages 800 || exit 1

exec /usr/bin/python3 - <<'PY'
import csv, glob, json, os, shutil, signal, subprocess, sys, time, zipfile

n = 0


def t(ok, what):
    global n
    n += 1
    print("%s %d - bulk: %s" % ("ok" if ok else "not ok", n, what))
    sys.stdout.flush()


CREATED = ["--created", "2024-06-01T00:00:00Z"]


def run(*args, **kw):
    return subprocess.run(["voxport"] + list(args), capture_output=True,
                          text=True, **kw)


def ids_of(prov):
    with open(os.path.join(prov, "subscribers.csv"), newline="",
              encoding="utf-8") as f:
        return [r["id"] for r in csv.DictReader(f)]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def same_as_exports(prov, outdir, ids, extra, what):
    """Each id's export equals outdir/ID.zip; the differing ids."""
    os.makedirs("exp", exist_ok=True)
    bad = []
    for i in ids:
        out = "exp/%s.zip" % i
        if os.path.exists(out):
            os.unlink(out)
        r = run("export", "-c", prov + "/provider.json", "-s", i, "-o", out,
                *CREATED, *extra)
        if r.returncode != 0 or read(out) != read("%s/%s.zip" % (outdir, i)):
            bad.append(i)
    t(not bad, "%s: bulk = export for every subscriber (%d)%s" %
      (what, len(ids), " differ: %s" % bad if bad else ""))


def zips(d):
    return sorted(os.path.basename(p) for p in glob.glob(d + "/*.zip"))


def same_dirs(a, b):
    za, zb = zips(a), zips(b)
    return za == zb and all(read(a + "/" + z) == read(b + "/" + z) for z in za)


# The demo: every subscriber, plain and with options.
demo_ids = ids_of("demo")
r = run("bulk", "-c", "demo/provider.json", "--all", "-d", "d-all", *CREATED)
t(r.returncode == 0 and r.stderr == "" and r.stdout == "" and
  zips("d-all") == sorted(i + ".zip" for i in demo_ids),
  "demo: --all writes DIR/ID.zip for every subscriber, nothing on "
  "stdout or stderr (%d %r)" % (r.returncode, r.stderr[-300:]))
same_as_exports("demo", "d-all", demo_ids, [], "demo")
opts = ["--third-party", "mask", "--since", "2024-03-30", "--until",
        "2024-03-31", "--categories", "subject,calls,messages,recordings"]
r = run("bulk", "-c", "demo/provider.json", "--all", "-d", "d-opt", "-j", "2",
        *CREATED, *opts)
t(r.returncode == 0, "demo: --all with options, -j 2")
same_as_exports("demo", "d-opt", demo_ids[:4], opts, "demo, masked, a day")
# export's archive options are bulk's too (src/cli/export_args.c).
media = ["--with-audio", "--with-attachments", "--no-workbook"]
r = run("bulk", "-c", "demo/provider.json", "--all", "-d", "d-media",
        *CREATED, *media)
t(r.returncode == 0 and
  any(n.startswith("recordings/") and n.endswith(".wav")
      for z in zips("d-media")
      for n in zipfile.ZipFile("d-media/" + z).namelist()) and
  not any("data.xlsx" in zipfile.ZipFile("d-media/" + z).namelist()
          for z in zips("d-media")),
  "demo: --with-audio, --with-attachments, --no-workbook (%d %r)" %
  (r.returncode, r.stderr[-300:]))
same_as_exports("demo", "d-media", demo_ids, media, "demo, with the media")

# A generated provider.
gen_ids = ids_of("gen")
r = run("bulk", "-c", "gen/provider.json", "--all", "-d", "g1", "-j", "1",
        *CREATED)
t(r.returncode == 0 and len(zips("g1")) == len(gen_ids),
  "generated: --all -j 1 (%d %r)" % (r.returncode, r.stderr[-300:]))
same_as_exports("gen", "g1", gen_ids, [], "generated")
r = run("bulk", "-c", "gen/provider.json", "--all", "-d", "g2", "-j", "2",
        *CREATED)
t(r.returncode == 0 and same_dirs("g1", "g2"),
  "generated: -j 2 writes the bytes of -j 1")

# Members past 1 MiB are written through temporary files: the same bytes.
big_ids = ids_of("big")
r = run("bulk", "-c", "big/provider.json", "--all", "-d", "b1", *CREATED)
sizes = [max(i.file_size for i in zipfile.ZipFile("b1/" + z).infolist())
         for z in zips("b1")]
t(r.returncode == 0 and len(sizes) == 2 and min(sizes) > 1 << 20 and
  run("validate", "b1/" + zips("b1")[0]).returncode == 0,
  "members over 1 MiB (largest %s bytes): valid" % sizes)
same_as_exports("big", "b1", big_ids, [], "members over 1 MiB")

# Shards: three processes by GNU parallel; their union is the --all run.
r = subprocess.run(["parallel", "-j", "3", "voxport", "bulk", "-c",
                    "gen/provider.json", "--all", "-d", "shard{}",
                    "--shard", "{}/3", "-q", *CREATED, ":::", "0", "1", "2"],
                   capture_output=True, text=True)
parts = [zips("shard%d" % k) for k in range(3)]
union = sorted(sum(parts, []))
t(r.returncode == 0 and union == zips("g1") and
  len(set(union)) == len(union) and all(parts),
  "shards 0/3 1/3 2/3 by parallel: each subscriber in one shard, none "
  "empty (%s)" % [len(p) for p in parts])
t(all(read("shard%d/%s" % (k, z)) == read("g1/" + z)
      for k in range(3) for z in parts[k]),
  "shards: each archive is the --all run's, byte for byte")
env = dict(os.environ, JOB_COMPLETION_INDEX="1")
r = run("bulk", "-c", "gen/provider.json", "--all", "-d", "k8s", "--shard",
        "auto", "--shard-count", "3", *CREATED, env=env)
t(r.returncode == 0 and zips("k8s") == parts[1],
  "--shard auto: JOB_COMPLETION_INDEX=1 with --shard-count 3 is 1/3")
env = dict(os.environ, SLURM_ARRAY_TASK_ID="7", SLURM_ARRAY_TASK_MIN="5",
           SLURM_ARRAY_TASK_COUNT="3")
env.pop("JOB_COMPLETION_INDEX", None)
r = run("bulk", "-c", "gen/provider.json", "--all", "-d", "slurm", "--shard",
        "auto", *CREATED, env=env)
t(r.returncode == 0 and zips("slurm") == parts[2],
  "--shard auto: Slurm task 7 of an array from 5, of 3, is 2/3")

# Bad shard specs.
for spec in ["3/2", "0/0", "x/2", "1/", "-1/2", "2/2"]:
    r = run("bulk", "-c", "gen/provider.json", "--all", "-d", "bad",
            "--shard", spec)
    t(r.returncode == 2 and "--shard" in r.stderr and
      not os.path.exists("bad"),
      "--shard %s: usage error, exit 2 (%d %r)" % (spec, r.returncode,
                                                    r.stderr[:200]))
env = {k: v for k, v in os.environ.items()
       if k not in ("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID")}
r = run("bulk", "-c", "gen/provider.json", "--all", "-d", "bad", "--shard",
        "auto", env=env)
t(r.returncode == 2 and "JOB_COMPLETION_INDEX" in r.stderr,
  "--shard auto with no scheduler: usage error")

# Killed half-way with SIGKILL, then resumed.
many_ids = ids_of("many")
r = run("bulk", "-c", "many/provider.json", "--all", "-d", "m1", "-j", "2",
        *CREATED)
t(r.returncode == 0 and len(zips("m1")) == len(many_ids),
  "150 subscribers: the uninterrupted run")
p = subprocess.Popen(["voxport", "bulk", "-c", "many/provider.json", "--all",
                      "-d", "res", "-j", "1", *CREATED],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
deadline = time.time() + 120
while time.time() < deadline and len(zips("res")) < 3 and p.poll() is None:
    time.sleep(0.02)
killed = p.poll() is None
p.kill()
p.wait()
done_before = len(zips("res"))
t(killed and 0 < done_before < len(many_ids),
  "a run killed with SIGKILL after %d of %d archives" % (done_before,
                                                         len(many_ids)))
r = run("bulk", "-c", "many/provider.json", "--all", "-d", "res", "--resume",
        "--json", *CREATED)
lines = [json.loads(l) for l in r.stdout.splitlines()]
skipped = sum(1 for l in lines if l.get("status") == "skipped")
t(r.returncode == 0 and same_dirs("res", "m1") and skipped == done_before,
  "--resume: the killed run's %d archives kept, the rest written; the same "
  "bytes as an uninterrupted run" % skipped)
def orphan(d):
    """A folder killed before its owner file: empty, or an empty owner."""
    names = os.listdir(d)
    return not names or (names == ["owner"] and
                         os.path.getsize(os.path.join(d, "owner")) == 0)


left = [f for f in os.listdir("res") if f.startswith(".voxport-")]
# SIGKILL between mkdtemp() and the owner file leaves an orphan, which a
# run removes once it is a minute old (src/tmpdir.c): age it, run again.
if left and all(orphan(os.path.join("res", f)) for f in left):
    for f in left:
        os.utime(os.path.join("res", f), (time.time() - 120,) * 2)
    run("bulk", "-c", "many/provider.json", "--all", "-d", "res", "--resume",
        *CREATED)
    left = [f for f in os.listdir("res") if f.startswith(".voxport-")]
t(not left, "--resume: no temporary folder left in DIR (%s)" % left)
r = run("bulk", "-c", "many/provider.json", "--all", "-d", "res", *CREATED)
t(r.returncode == 1 and "exists" in r.stderr,
  "without --resume or --force, existing archives fail (exit 1)")
with open("res/%s.zip" % many_ids[0], "r+b") as f:
    f.truncate(100)
r = run("bulk", "-c", "many/provider.json", "--all", "-d", "res", "--resume",
        *CREATED)
t(r.returncode == 0 and same_dirs("res", "m1"),
  "--resume replaces a damaged archive")

# --subjects: unknown and repeated ids fail alone.
with open("subjects.txt", "w") as f:
    f.write("1002\n\nnosuch\n1001\n1002\n../x\n")
r = run("bulk", "-c", "demo/provider.json", "--subjects", "subjects.txt",
        "-d", "sub", "--json", *CREATED)
lines = [json.loads(l) for l in r.stdout.splitlines()]
st = {l.get("subject"): l.get("status") for l in lines if "subject" in l}
t(r.returncode == 1 and zips("sub") == ["1001.zip", "1002.zip"] and
  read("sub/1001.zip") == read("d-all/1001.zip"),
  "--subjects: the known ids written, exit 1 (%d)" % r.returncode)
t(len(lines) == 6 and st == {"1002": "failed", "nosuch": "failed",
                              "1001": "ok", "../x": "failed"} and
  lines[-1] == {"summary": {"subjects": 5, "ok": 2, "skipped": 0,
                            "failed": 3}},
  "--json: one line per subscriber given, then the summary (%s)" % lines)
t("subscriber nosuch is not in subscribers.csv" in r.stderr and
  "subjects.txt:5: subscriber 1002 is given again (first at line 1)"
  in r.stderr and 'not a valid subscriber id: "../x"' in r.stderr,
  "--subjects: an unknown, a repeated and a bad id each say so (%r)"
  % r.stderr)

# A subscriber whose own file is broken fails; the others are written.
with open("demo/contacts/1002.vcf", "a") as f:
    f.write("BEGIN:VCARD\nVERSION:3.0\nFN:Broken\n")
r = run("bulk", "-c", "demo/provider.json", "--all", "-d", "broken", "-j",
        "2", *CREATED)
t(r.returncode == 1 and "1002: vcard: " in r.stderr and
  zips("broken") == sorted(i + ".zip" for i in demo_ids if i != "1002") and
  all(read("broken/" + z) == read("d-all/" + z) for z in zips("broken")),
  "a subscriber's broken file fails them alone (%r)" % r.stderr[-400:])

print("1..%d" % n)
PY
