#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""report.py: the generated part of bench/RESULTS.md, from the raw figures
bench/run.sh leaves in its OUT folder (see run.sh).  Rewrites what lies
between the two markers below and nothing else; appends the part when the
file has no markers yet.  Medians are statistics.median() over the rounds
(wall time from hyperfine, peak RSS from /usr/bin/time -v, each run's own)."""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess

BEGIN = ("<!-- bench/run.sh: generated part begins; `make bench` rewrites "
         "everything up to the end marker -->")
END = "<!-- bench/run.sh: generated part ends -->"


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True,
                              text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def first_line(text):
    return text.splitlines()[0] if text else "?"


def machine(top, vp):
    cpu = "?"
    mem = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f
                        if ln.startswith("model name")), "?")
        with open("/proc/meminfo") as f:
            kib = next(int(ln.split()[1]) for ln in f
                       if ln.startswith("MemTotal"))
            mem = "%.1f GiB" % (kib / 1048576)
    except (OSError, StopIteration, ValueError):
        pass
    osname = sh(". /etc/os-release && echo \"$PRETTY_NAME\"") or "?"
    return [
        ("cores (`nproc`)", sh("nproc")),
        ("CPU", cpu),
        ("memory", mem),
        ("system", "%s, Linux %s" % (osname, platform.release())),
        ("voxport", "%s, commit %s" % (
            first_line(sh("'%s' version" % vp)),
            sh("git -C '%s' rev-parse --short HEAD" % top) or "?")),
        ("peers", "; ".join(x for x in (
            first_line(sh("/usr/bin/python3 --version")),
            first_line(sh("mlr --version")),
            first_line(sh("grep --version")),
            first_line(sh("cat --version")),
            first_line(sh("hyperfine --version"))) if x)),
        ("load when the report was written", sh("cut -d' ' -f1-3 "
                                                "/proc/loadavg")),
    ]


class Tool:
    def __init__(self, label, command):
        self.label, self.command = label, command
        self.wall, self.cpu, self.rss = [], [], []

    def med(self, what):
        v = getattr(self, what)
        return statistics.median(v) if v else None


def read_comparison(d):
    """{label: Tool} in the order of the spec, with every round's figures."""
    tools = {}
    with open(os.path.join(d, "spec"), encoding="utf-8") as f:
        for line in f:
            label, command = line.rstrip("\n").split("\t", 1)
            tools[label] = Tool(label, command)
    order = list(tools.values())
    r = 1
    while os.path.exists(os.path.join(d, "r%d.json" % r)):
        with open(os.path.join(d, "r%d.json" % r)) as f:
            res = json.load(f)["results"]
        for t, h in zip(order, res):
            t.wall.append(h["times"][0] if h.get("times") else h["mean"])
            t.cpu.append(h["user"] + h["system"])
            path = os.path.join(d, "%s.r%d.time" % (t.label, r))
            with open(path) as tf:
                m = re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                              tf.read())
            if m:
                t.rss.append(int(m.group(1)))
        r += 1
    return tools, r - 1


def readval(out, name, default="?"):
    try:
        with open(os.path.join(out, name), encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return default


def show(top, data, cmd):
    """A command as it can be typed from the top of the tree."""
    return cmd.replace(data, "DATA").replace(top + "/", "")


def secs(v):
    return "–" if v is None else ("%.3f" % v if v < 10 else "%.1f" % v)


def mib(kib):
    return "–" if kib is None else "%.1f" % (kib / 1024)


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def verdict(value, target, at_least):
    if value is None:
        return "not measured"
    ok = value >= target if at_least else value <= target
    if ok:
        return "**met**"
    miss = (target / value if at_least else value / target)
    return "**missed** (by %.2f×)" % miss


def comparison_table(tools, ref):
    rows = ["| tool | median s | min–max s | median CPU s | peak RSS MiB "
            "| time ÷ voxport's |", "|---|---:|---:|---:|---:|---:|"]
    base = tools[ref].med("wall") if ref in tools else None
    for t in tools.values():
        w = t.med("wall")
        rng = ("%s–%s" % (secs(min(t.wall)), secs(max(t.wall)))
               if t.wall else "–")
        r = ratio(w, base)
        rows.append("| %s | %s | %s | %s | %s | %s |" % (
            t.label, secs(w), rng, secs(t.med("cpu")), mib(t.med("rss")),
            "–" if r is None else "%.2f" % r))
    return rows


def validate_ratios(text):
    """voxport's, Ajv's and python3-jsonschema's median seconds from the
    first Markdown table of bench/validate/run.sh that has a column whose
    header says "median" (or "s"), rows found by their first cell."""
    lines = [ln for ln in text.splitlines() if ln.strip().startswith("|")]
    if len(lines) < 3:
        return None
    head = [c.strip().lower() for c in lines[0].strip().strip("|").split("|")]
    col = next((i for i, c in enumerate(head) if "median" in c), None)
    if col is None:
        col = next((i for i, c in enumerate(head) if i and (
            c in ("s", "seconds") or c.endswith(" s") or "(s)" in c)), None)
    if col is None:
        return None
    found = {}
    for ln in lines[2:]:
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        if len(cells) <= col:
            continue
        m = re.search(r"[0-9]+(?:\.[0-9]+)?", cells[col].replace(",", ""))
        if not m:
            continue
        name = cells[0].lower()
        key = ("jsonschema" if "jsonschema" in name else
               "ajv" if "ajv" in name else
               "voxport" if "voxport" in name else None)
        if key and key not in found:
            found[key] = float(m.group(0))
    return found if len(found) == 3 else None


def main():
    ap = argparse.ArgumentParser()
    for a in ("top", "voxport", "out", "data", "results", "single", "bulk",
              "subject"):
        ap.add_argument("--" + a, required=True)
    a = ap.parse_args()
    out, top = a.out, a.top
    single = [int(x) for x in a.single.split()]
    bulk = [int(x) for x in a.bulk.split()]
    now = datetime.datetime.now(datetime.timezone.utc)
    L = [BEGIN, "## `make bench`: voxport against what users would use "
         "instead", "",
         "Written by `bench/run.sh` (`make bench`) on %s UTC; do not edit "
         "between the markers, write notes above or below them." %
         now.strftime("%Y-%m-%d %H:%M"), ""]
    L += ["| machine | |", "|---|---|"]
    L += ["| %s | %s |" % kv for kv in machine(top, a.voxport)]
    L += ["",
          "How: each comparison is a number of rounds; a round runs every "
          "command once, in turn (`hyperfine --runs 1`, its shell spawn "
          "subtracted), each under `/usr/bin/time -v` for its peak RSS "
          "(the largest process: a parent and its workers are not "
          "summed). Figures are medians over the rounds; \"min–max\" shows "
          "the spread. Data files are in the page cache (read once "
          "before). Targets are judged on wall time (what a user waits "
          "for, and what `-j` shortens); on a machine busier than its "
          "cores (see the load above) wall time includes waiting for a "
          "core, and the CPU column is the steadier figure. DATA below "
          "is the folder of generated providers (`DATA=`, default "
          "bench/data), OUT the run's scratch folder.", ""]

    sres = {}
    for n in single:
        d = os.path.join(out, "single-%d" % n)
        if os.path.exists(os.path.join(d, "spec")):
            sres[n] = read_comparison(d)
    bres = {}
    for s in bulk:
        d = os.path.join(out, "bulk-%d" % s)
        if os.path.exists(os.path.join(d, "spec")):
            bres[s] = read_comparison(d)
    data = a.data
    vtext = readval(out, "validate.md", "")

    # --- targets
    L += ["### The issue's targets", "",
          "| job | target | measured | verdict |", "|---|---|---|---|"]
    if sres:
        big, small = max(sres), min(sres)
        t = sres[big][0]
        v = t["voxport"].med("wall")
        at = "%d rows" % big
        for peer, tgt, least, what in (
                ("grep", 3, False, "voxport ÷ `grep -F` floor"),
                ("python", 6, True, "Python script ÷ voxport"),
                ("miller", 10, True, "Miller ÷ voxport")):
            p = t[peer].med("wall")
            r = ratio(v, p) if not least else ratio(p, v)
            L.append("| single export, %s | %s %s %g× | %s (voxport %s s, "
                     "%s %s s) | %s |" % (
                         at, what, "≥" if least else "≤", tgt,
                         "–" if r is None else "%.2f×" % r, secs(v), peer,
                         secs(p), verdict(r, tgt, least)))
        rss = t["voxport"].med("rss")
        L.append("| single export, %s | peak RSS ≤ 32 MiB | %s MiB | %s |"
                 % (at, mib(rss), verdict(rss and rss / 1024, 32, False)))
        if small != big:
            r = ratio(rss, sres[small][0]["voxport"].med("rss"))
            L.append("| single export | peak RSS at %d rows ÷ at %d rows "
                     "≤ 1.2 | %s | %s |" % (
                         big, small, "–" if r is None else "%.2f" % r,
                         verdict(r, 1.2, False)))
    if bres:
        big = max(bres)
        t = bres[big][0]
        j1, j2 = t["voxport-j1"].med("wall"), t["voxport-j2"].med("wall")
        p = t["python"].med("wall")
        r = ratio(p, j1)
        L.append("| bulk, %d subscribers | Python single-pass ÷ voxport "
                 "`-j 1` ≥ 5× | %s (voxport %s s, Python %s s; `-j 2`: "
                 "%s) | %s |" % (
                     big, "–" if r is None else "%.2f×" % r, secs(j1),
                     secs(p), "–" if ratio(p, j2) is None else
                     "%.2f×" % ratio(p, j2), verdict(r, 5, True)))
        r = ratio(j1, j2)
        L.append("| bulk, %d subscribers | `-j 1` ÷ `-j 2` ≥ 1.6× | %s "
                 "(%s s, %s s) | %s |" % (
                     big, "–" if r is None else "%.2f×" % r, secs(j1),
                     secs(j2), verdict(r, 1.6, True)))
        rss = max(x for x in (t["voxport-j1"].med("rss"),
                              t["voxport-j2"].med("rss"), 0) if x)
        L.append("| bulk, %d subscribers | peak RSS ≤ 256 MiB | %s MiB | "
                 "%s |" % (big, mib(rss), verdict(rss / 1024, 256, False)))
    elif os.path.exists(os.path.join(out, "bulk.skipped")):
        L.append("| bulk | ≥ 5× Python; `-j 2` ≥ 1.6× `-j 1`; RSS ≤ 256 "
                 "MiB | not run: %s | – |" % readval(out, "bulk.skipped"))
    vr = validate_ratios(vtext) if vtext else None
    if vr:
        for peer, tgt, name in (("ajv", 1.5, "Ajv"),
                                ("jsonschema", 30, "python3-jsonschema")):
            r = ratio(vr[peer], vr["voxport"])
            L.append("| validate, end to end | %s ÷ voxport ≥ %g× | %.2f× "
                     "(voxport %s s, %s %s s) | %s |" % (
                         name, tgt, r, secs(vr["voxport"]), name,
                         secs(vr[peer]), verdict(r, tgt, True)))
    else:
        why = readval(out, "validate.skipped",
                      "its table was not read (see below)")
        L.append("| validate, end to end | ≥ 1.5× Ajv; ≥ 30× "
                 "python3-jsonschema | %s | – |" % why)
    if any(n != 2000000 for n in sres) or any(s != 10000 for s in bres):
        L += ["", "The issue states the single-export targets at 2,000,000 "
              "rows and the bulk ones at 10,000 subscribers; the rows above "
              "are at the largest sizes of this run."]

    # --- growth
    if sres or bres:
        L += ["", "### How cost grows", "",
              "| job | size | Master.csv | voxport median s | peak RSS MiB |",
              "|---|---:|---:|---:|---:|"]
        for n, (t, _) in sorted(sres.items()):
            L.append("| single export | %d rows | %.0f MB | %s | %s |" % (
                n, int(readval(out, "single-%d.kib" % n, "0")) / 1000,
                secs(t["voxport"].med("wall")),
                mib(t["voxport"].med("rss"))))
        for s, (t, _) in sorted(bres.items()):
            for j in ("voxport-j1", "voxport-j2"):
                L.append("| bulk `%s` | %d subscribers | %.0f MB | %s | %s |"
                         % (j[-2:].replace("j", "-j "), s,
                            int(readval(out, "bulk-%d.kib" % s, "0")) / 1000,
                            secs(t[j].med("wall")), mib(t[j].med("rss"))))

    # --- details
    for n, (t, rounds) in sorted(sres.items()):
        L += ["", "### Single export, %d rows" % n, "",
              "Data: `%s` (%s lines, %.0f MB); subscriber %s has %s calls; "
              "the Python script's calls.jsonl has %s. Rounds: %d." % (
                  readval(out, "single-%d.gen" % n), readval(
                      out, "single-%d.lines" % n),
                  int(readval(out, "single-%d.kib" % n, "0")) / 1000,
                  a.subject, readval(out, "single-%d.calls" % n),
                  "the same call ids" if readval(
                      out, "single-%d.same" % n) == "same" else
                  "DIFFERENT call ids (the comparison is not fair)",
                  rounds),
              ""]
        L += comparison_table(t, "voxport")
        L += ["", "Commands:", ""]
        L += ["    %s: %s" % (x.label, show(top, data, x.command))
              for x in t.values()]
    for s, (t, rounds) in sorted(bres.items()):
        L += ["", "### Bulk, %d subscribers" % s, "",
              "Data: `%s` (%s lines, %.0f MB); archives written (`-j 1`, "
              "`-j 2`, Python): %s; subscriber %s's calls are %s in "
              "voxport's and Python's. Rounds: %d." % (
                  readval(out, "bulk-%d.gen" % s),
                  readval(out, "bulk-%d.lines" % s),
                  int(readval(out, "bulk-%d.kib" % s, "0")) / 1000,
                  ", ".join(readval(out, "bulk-%d.archives" % s).split()),
                  a.subject, "the same" if readval(
                      out, "bulk-%d.same" % s) == "same" else
                  "NOT the same (by call id)", rounds), ""]
        L += comparison_table(t, "voxport-j1")
        L += ["", "Commands:", ""]
        L += ["    %s: %s" % (x.label, show(top, data, x.command))
              for x in t.values()]
    if not bres and os.path.exists(os.path.join(out, "bulk.skipped")):
        L += ["", "### Bulk", "", "Not run: %s." %
              show(top, data, readval(out, "bulk.skipped"))]
    L += ["", "### Validate (bench/validate/run.sh)", ""]
    if vtext:
        L += [vtext]
    else:
        L += ["Not run: %s." % readval(out, "validate.skipped")]
    L += [END]

    part = "\n".join(L) + "\n"
    try:
        with open(a.results, encoding="utf-8") as f:
            old = f.read()
    except FileNotFoundError:
        old = "# voxport benchmark results\n"
    if BEGIN in old and END in old:
        i = old.index(BEGIN)
        j = old.index(END) + len(END)
        if old[j:j + 1] == "\n":
            j += 1
        new = old[:i] + part + old[j:]
    else:
        new = old.rstrip("\n") + "\n\n" + part
    with open(a.results, "w", encoding="utf-8") as f:
        f.write(new)


if __name__ == "__main__":
    main()
