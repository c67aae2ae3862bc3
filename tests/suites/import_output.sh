#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# import_output.sh: how `voxport import` publishes, when it is killed or
# interrupted.  An archive of 3000 calls (generated here) is imported into
# freeswitch-cdr-xml (a file per leg: the staging holds thousands of files,
# past tmpdir's signal-safe slots) and into asterisk-cdr-csv.
#  - SIGKILL at 20 random moments: every file in the output folder is
#    complete (each listed in import-report.json with its size and SHA-256
#    when the report is there; the report is published last, so its
#    presence says the set is whole), and the next import into the folder
#    removes the staging folder the killed one left;
#  - SIGINT and SIGTERM: exit 130 and 143, nothing published, no staging
#    folder left.
# VOXPORT_SEED replays the kill moments of a failed run ("# seed N").
set -u
top=${VOXPORT_TOP:?}
cp -R "$top/examples/demo-provider" prov || exit 1

exec /usr/bin/python3 - <<'PY'
import hashlib, json, os, random, signal, subprocess, sys, time

n = 0
def t(ok, what):
    global n
    n += 1
    print("%s %d - import_output: %s" % ("ok" if ok else "not ok", n, what))
    sys.stdout.flush()

def note(text):
    print("# " + text)

with open("prov/cdr/Master.csv", "w") as f:
    t0 = 1704067200
    for i in range(3000):
        s = t0 + 420 * i
        a, e = s + 5, s + 65 + i % 300
        fmt = lambda x: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(x))
        f.write('"","1001","0207946%04d","from-internal",'
                '"""Alice Smith"" <1001>","PJSIP/1001-%08x",'
                '"PJSIP/trunk-%08x","Dial","PJSIP/x@trunk,60,tT",'
                '"%s","%s","%s",%d,%d,"ANSWERED","DOCUMENTATION",'
                '"%d.%d",""\n' % (i % 10000, i, i, fmt(s), fmt(a), fmt(e),
                                  e - s, e - a, s, i))
subprocess.run(["voxport", "export", "-c", "prov/provider.json", "-s", "1001",
                "-o", "a.zip", "--categories", "subject,calls"], check=True,
               stderr=subprocess.DEVNULL)
archive = os.path.abspath("a.zip")

def setup():
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)

def run(target, out, *more):
    return subprocess.Popen(["voxport", "import", archive, "--to", target,
                             "-o", out] + list(more), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=setup)

def staging(out):
    if not os.path.isdir(out):
        return []
    return sorted(x for x in os.listdir(out) if x.startswith(".voxport-"))

def whole(out):
    """What is wrong with the published files of out, if anything."""
    if not os.path.isdir(out):
        return []
    files = [x for x in os.listdir(out) if not x.startswith(".")]
    if "import-report.json" not in files:
        # Killed while publishing: each file is whole; it is parsed.
        bad = []
        for x in files:
            data = open(os.path.join(out, x), "rb").read()
            if x.endswith(".xml") and not data.rstrip().endswith(b"</cdr>"):
                bad.append(x)
            if x.endswith(".csv") and not data.endswith(b"\n"):
                bad.append(x)
        return bad
    r = json.load(open(os.path.join(out, "import-report.json")))
    bad = []
    for f in r["files"]:
        p = os.path.join(out, f["path"])
        if not os.path.exists(p):
            bad.append("missing " + f["path"])
            continue
        data = open(p, "rb").read()
        if len(data) != f["bytes"] or hashlib.sha256(data).hexdigest() != f["sha256"]:
            bad.append("changed " + f["path"])
    return bad

for target in ("freeswitch-cdr-xml", "asterisk-cdr-csv"):
    start = time.monotonic()
    p = run(target, "ref-" + target)
    p.wait()
    span = time.monotonic() - start
    t(p.returncode == 0 and not whole("ref-" + target) and
      not staging("ref-" + target), "%s: a whole import (%d files)" %
      (target, len(os.listdir("ref-" + target))))
    note("%s: a whole import took %.2f s" % (target, span))

    seed = int(os.environ.get("VOXPORT_SEED", "0")) or random.randrange(1, 10**9)
    rng = random.Random(seed)
    bad, left, done = [], [], 0
    for i in range(20):
        out = "kill-%s-%d" % (target, i)
        p = run(target, out)
        time.sleep(rng.uniform(0, span * 1.2))
        p.kill()
        p.wait()
        done += os.path.exists(os.path.join(out, "import-report.json"))
        bad += ["%s: %s" % (out, x) for x in whole(out)]
        # The next import into the folder sweeps what the killed one left.
        if os.path.isdir(out):
            q = run(target, out, "--force")
            q.wait()
            if staging(out):
                left.append(out + ": " + " ".join(staging(out)))
    t(not bad, "%s: SIGKILL at 20 moments: every published file whole "
      "(%d of 20 had finished)" % (target, done))
    for x in bad[:5]:
        note(x)
    t(not left, "%s: SIGKILL: the next import removes the staging folder" %
      target)
    for x in left[:5]:
        note(x)
    if bad or left:
        note("seed %d (VOXPORT_SEED to replay)" % seed)

    for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        out = "%s-%s" % (signal.Signals(sig).name, target)
        p = run(target, out)
        # Once it is staging (the folder exists), interrupt it.
        while p.poll() is None and not staging(out):
            time.sleep(0.002)
        p.send_signal(sig)
        p.wait()
        finished = p.returncode == 0
        t(finished or (p.returncode == code and not staging(out) and
                       not [x for x in os.listdir(out) if not x.startswith(".")]
                       if os.path.isdir(out) else p.returncode == code),
          "%s: %s: exit %d, nothing published, no staging left%s" %
          (target, signal.Signals(sig).name, code,
           " (it had finished first)" if finished else ""))
PY
