#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# progress.sh: the progress line of export and bulk (src/cli/progress.c),
# with stderr on a pseudo-terminal (Python's pty): shown there, redrawn in
# place and wiped at the end; never with -q, never when stderr is a file.
set -u
top=${VOXPORT_TOP:?}
/usr/bin/python3 "$top/bench/gen-provider.py" --out gen --subscribers 3 \
	--rows 9000 --seed 3 --provider-json >/dev/null || exit 1
exec /usr/bin/python3 - <<'PY'
import os, pty, subprocess, sys

n = 0


def t(ok, what):
    global n
    n += 1
    print("%s %d - progress: %s" % ("ok" if ok else "not ok", n, what))
    sys.stdout.flush()


def on_tty(*args):
    """Run voxport with stderr on a terminal: (exit status, what it wrote)."""
    master, slave = pty.openpty()
    # Every row parsed, so that rows are counted as they are read.
    env = dict(os.environ, VOXPORT_NO_PREFILTER="1")
    p = subprocess.Popen(["voxport"] + list(args), stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(), out.decode("utf-8", "replace")


CREATED = ["--created", "@0"]
rc, err = on_tty("export", "-c", "gen/provider.json", "-s", "1001", "-o",
                 "e.zip", *CREATED)
t(rc == 0 and "\r\x1b[Kvoxport: export: read " in err and " rows" in err
  and "MB/s" in err, "export on a terminal: a progress line (%r)" % err[:200])
t(err.rstrip("\r\n").split("\r\x1b[K")[-1].startswith("voxport: export: "
                                                      "wrote e.zip"),
  "export: the line is wiped before the summary")
rc, err = on_tty("export", "-q", "-c", "gen/provider.json", "-s", "1001",
                 "-o", "q.zip", *CREATED)
t(rc == 0 and err == "", "export -q: nothing on the terminal (%r)" % err)
rc, err = on_tty("bulk", "-c", "gen/provider.json", "--all", "-d", "b",
                 *CREATED)
t(rc == 0 and "voxport: bulk: read " in err and "subscribers done" in err
  and err.endswith("\r\x1b[K"), "bulk on a terminal: a progress line, "
  "wiped at the end (%r)" % err[-200:])
rc, err = on_tty("bulk", "-q", "-c", "gen/provider.json", "--all", "-d",
                 "bq", *CREATED)
t(rc == 0 and err == "", "bulk -q: nothing on the terminal (%r)" % err)
with open("err.txt", "w+") as f:
    r = subprocess.run(["voxport", "bulk", "-c", "gen/provider.json", "--all",
                        "-d", "bf", *CREATED], stderr=f,
                       env=dict(os.environ, VOXPORT_NO_PREFILTER="1"))
    f.seek(0)
    text = f.read()
t(r.returncode == 0 and text == "", "stderr a file: no progress (%r)" % text)
PY
