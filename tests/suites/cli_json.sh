#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# cli_json.sh: every command's --json output, on success and on failure,
# against its schema schemas/v1/cli/CMD.schema.json (draft-07, with
# python3-jsonschema), and the same facts as the text output (issue 12).
# validate --json lists each problem with member, line, pointer, message,
# and --max-errors limits what is printed, never the count.
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
demo=$top/examples/demo-provider
T="/usr/bin/python3 $top/tests/cases/tamper.py"

# run NAME CMD...: stdout to NAME.out, stderr to NAME.err, status NAME.rc
run() {
	name=$1
	shift
	"$@" >"$name.out" 2>"$name.err"
	echo $? >"$name.rc"
}

run export-ok "$vp" export -c "$demo/provider.json" -s 1001 -o a.zip \
	--created 2024-11-01T00:00:00Z --json
run export-calls "$vp" export -c "$demo/provider.json" -s 1001 -o c.zip \
	--categories calls,contacts --json
run export-fail "$vp" export -c "$demo/provider.json" -s 9999 -o x.zip --json
cp -r "$demo" skip
printf '"","1001","1002","from-internal","","PJSIP/1001-1","","Dial","","2024-11-01 10:00:00",,"2024-11-01 10:00:05",x5,0,"NO ANSWER","DOCUMENTATION"\n' \
	>>skip/cdr/Master.csv
run export-skip "$vp" export -c skip/provider.json -s 1001 -o s.zip \
	--on-error skip --json
$T a.zip bad.zip edit calls.jsonl 1 '"status":"' '"status":"x' \
	edit calls.jsonl 2 '"status":"' '"status":"x' \
	edit calls.jsonl 3 '"status":"' '"status":"x' refresh
echo "not a zip" >notzip.zip
run validate-ok "$vp" validate --json a.zip
run validate-text-ok "$vp" validate a.zip
run validate-bad "$vp" validate --json bad.zip a.zip missing.zip notzip.zip
run validate-bad1 "$vp" validate --json --max-errors 1 bad.zip
run validate-text "$vp" validate bad.zip
run validate-text1 "$vp" validate --max-errors 1 bad.zip
run inspect-ok "$vp" inspect --json a.zip
run inspect-fail "$vp" inspect --json notzip.zip
run import-ok "$vp" import a.zip -t csv-bundle -o imp --json
run import-fail "$vp" import bad.zip -t csv-bundle -o imp2 --json
run convert-ok "$vp" convert -F asterisk-cdr-csv "$demo/cdr/Master.csv" \
	-t vcard -o conv --json
printf 'x\n' >bad.csv
run convert-fail "$vp" convert -F asterisk-cdr-csv bad.csv -t csv-bundle \
	-o conv2 --json
run formats-ok "$vp" formats --json
printf '1001\n9999\n1002\n' >subjects
run bulk-ok "$vp" bulk -c "$demo/provider.json" --all -d bulk --json -q \
	--created 2024-11-01T00:00:00Z
run bulk-mixed "$vp" bulk -c "$demo/provider.json" --subjects subjects \
	-d bulk --resume --json -q --created 2024-11-01T00:00:00Z
run formats-fail "$vp" formats --json --nonsense

/usr/bin/python3 - "$top" "$vp" <<'PY'
import glob, json, os, re, subprocess, sys
import jsonschema

top, vp = sys.argv[1:3]
n = 0


def t(ok, what):
    global n
    n += 1
    print("%s %d - cli_json: %s" % ("ok" if ok else "not ok", n, what))
    return ok


store = {}
for f in glob.glob(top + "/schemas/v1/*.json") + \
        glob.glob(top + "/schemas/v1/cli/*.json"):
    d = json.load(open(f))
    store[d["$id"]] = d
base = "https://voxport.example/schemas/v1/cli/"


def check(cmd, obj):
    s = store[base + cmd + ".schema.json"]
    v = jsonschema.Draft7Validator(
        s, resolver=jsonschema.RefResolver.from_schema(s, store=store))
    errs = sorted(v.iter_errors(obj), key=str)
    return "" if not errs else "; ".join(
        "%s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:200])
        for e in errs[:3])


def read(name):
    return (open(name + ".out").read(), open(name + ".err").read(),
            int(open(name + ".rc").read()))


# Every command with --json has a schema; every schema is draft-07 valid.
cmds = re.findall(r"^  ([a-z]+)  ", subprocess.run(
    [vp, "help"], capture_output=True, text=True).stdout, re.M)
for c in cmds:
    h = subprocess.run([vp, c, "--help"], capture_output=True,
                       text=True).stdout
    if "--json" in h:
        t(base + c + ".schema.json" in store,
          "%s has --json and schemas/v1/cli/%s.schema.json" % (c, c))
for k, s in sorted(store.items()):
    if k.startswith(base):
        try:
            jsonschema.Draft7Validator.check_schema(s)
            t(True, "%s is a draft-07 schema" % k[len(base):])
        except jsonschema.SchemaError as e:
            t(False, "%s is a draft-07 schema (%s)" % (k[len(base):], e))


def one(cmd, name, rc, lines=False):
    """The JSON a successful run printed, checked against its schema."""
    out, err, got = read(name)
    if not t(got == rc, "%s: exit %d%s" % (name, rc, "" if got == rc else
             " (got %d: %s)" % (got, " / ".join(err.splitlines())[:300]))):
        return []
    try:
        objs = [json.loads(l) for l in out.splitlines()] if lines \
            else [json.loads(out)]
    except ValueError as e:
        t(False, "%s: stdout is JSON (%s)" % (name, e))
        return []
    good = []
    for o in objs:
        why = check(cmd, o)
        if t(not why, "%s: stdout follows %s.schema.json%s" % (
                name, cmd, " (%s)" % why if why else "")):
            good.append(o)
    # Later checks look into the objects: only when they all conform.
    return good if len(good) == len(objs) else []


def empty(name, rc):
    out, err, got = read(name)
    t(got == rc and out == "" and err != "",
      "%s: exit %d, nothing on stdout, the error on stderr (exit %d, "
      "%d bytes out)" % (name, rc, got, len(out)))


# export: the summary line's facts are in the JSON.
for o in one("export", "export-ok", 0):
    err = read("export-ok")[1]
    want = "wrote %s: subscriber %s, %s" % (o["archive"], o["subject"], ", ".join(
        "%s %d" % (c, o["records"][c]) for c in o["categories"]
        if c != "subject"))
    t(want in err, "export-ok: the JSON says what the summary line does")
for o in one("export", "export-calls", 0):
    t(o["categories"] == ["contacts", "calls"],
      "export-calls: categories in scope (%s)" % o["categories"])
for o in one("export", "export-skip", 0):
    t(o["rejected"] == 1 and o["rejects"] == "s.rejects.jsonl" and
      os.path.exists(o["rejects"]), "export-skip: rejected and rejects")
empty("export-fail", 1)

# validate
for o in one("validate", "validate-ok", 0, lines=True):
    t("valid (%d members, %d records)" % (o["members"], o["records"]) in
      read("validate-text-ok")[0], "validate: members and records as text")
objs = one("validate", "validate-bad", 1, lines=True)
if t(len(objs) == 4, "validate-bad: an object per archive, in order"):
    bad, ok, missing, notzip = objs
    t([o["archive"] for o in objs] ==
      ["bad.zip", "a.zip", "missing.zip", "notzip.zip"],
      "validate-bad: archive names")
    t(bad["valid"] is False and ok["valid"] is True and
      missing["valid"] is False and "error" in missing and
      notzip["valid"] is False and notzip["problems"] == 1,
      "validate-bad: valid; error for an archive that cannot be read; "
      "not a zip is a problem")
    t(bad["problems"] == 3 and len(bad["list"]) == 3 and bad["shown"] == 3,
      "validate-bad: 3 problems, each listed")
    p = bad["list"][0] if bad["list"] else {}
    t(p.get("member") == "calls.jsonl" and p.get("line") == 1 and
      p.get("pointer") == "/status" and "is not one of" in
      p.get("message", ""),
      "validate-bad: a problem has member, line, pointer, message (%s)" % p)
    text = [l for l in read("validate-bad")[1].splitlines()
            if l.startswith("voxport: validate: bad.zip: calls.jsonl:")]
    t(len(text) == 3 and all(
        l.endswith("calls.jsonl:%d: %s: %s" % (q["line"], q["pointer"],
                                               q["message"]))
        for l, q in zip(text, bad["list"])),
      "validate-bad: the list is what stderr says, problem by problem")
for o in one("validate", "validate-bad1", 3, lines=True):
    t(o["problems"] == 3 and o["shown"] == 1 and len(o["list"]) == 1,
      "validate --json --max-errors 1: problems 3, shown 1, one listed "
      "(%d, %d, %d)" % (o["problems"], o["shown"], len(o["list"])))
out, err, rc = read("validate-text")
out1, err1, rc1 = read("validate-text1")
t(rc == rc1 == 3 and out == out1 == "bad.zip: invalid (3 problems)\n",
  "validate --max-errors 1: the same count on stdout (%r, %r)" % (out, out1))
t(len([l for l in err1.splitlines() if "calls.jsonl:" in l]) == 1 and
  "2 more problems not shown" in err1,
  "validate --max-errors 1: one problem printed, 2 more counted")

# inspect
for o in one("inspect", "inspect-ok", 0):
    text = subprocess.run([vp, "inspect", "a.zip"], capture_output=True,
                          text=True).stdout
    c = o["voxport.inspect:calls"]
    t("calls        %d from %s to %s" % (c["calls"], c["first"], c["last"])
      in text, "inspect: the calls line's facts are in the JSON")
empty("inspect-fail", 1)

# import, convert: the summary line's facts are in the JSON.
for cmd in ("import", "convert"):
    for o in one(cmd, cmd + "-ok", 0):
        err = read(cmd + "-ok")[1]
        ins = sum(c["records_in"] for c in o["categories"])
        outs = sum(c["records_out"] for c in o["categories"])
        lost = sum(len(c["lost"]) for c in o["categories"])
        want = "wrote %s (%s, %d file%s): %d of %d records written" % (
            o["output"], o["target"]["name"], len(o["files"]),
            "" if len(o["files"]) == 1 else "s", outs, ins)
        t(want in err and (" %d loss" % lost in err or
                           (lost == 0 and "nothing lost" in err)),
          "%s: the JSON says what the summary line does" % cmd)
    empty(cmd + "-fail", 1)

# formats: every name and summary the text shows is in the JSON.
for o in one("formats", "formats-ok", 0):
    text = subprocess.run([vp, "formats"], capture_output=True,
                          text=True).stdout
    missing = [f["name"] for f in o["sources"] + o["targets"] +
               o["convert_only"]
               if not re.search(r"^  %s +\S+ +%s$" % (
                   re.escape(f["name"]), re.escape(f["summary"])), text,
                   re.M)]
    t(not missing, "formats: each format's name and summary as in the "
      "text%s" % (" (not: %s)" % missing if missing else ""))
    opts = [x for f in o["sources"] + o["targets"] for x in f["options"]]
    t(all(x in text for x in opts), "formats: the options as in the text")
empty("formats-fail", 2)

# bulk: JSON lines, one per subscriber then the summary, which adds up.
for name, rc in (("bulk-ok", 0), ("bulk-mixed", 1)):
    objs = one("bulk", name, rc, lines=True)
    rows, summ = objs[:-1], objs[-1:] and objs[-1].get("summary")
    t(bool(summ) and summ["subjects"] == len(rows) and
      sum(summ[k] for k in ("ok", "skipped", "failed")) == len(rows) and
      all(summ[k] == sum(r["status"] == {"ok": "ok", "skipped": "skipped",
                                          "failed": "failed"}[k]
                         for r in rows) for k in ("ok", "skipped", "failed")),
      "%s: the summary counts the lines (%s)" % (name, summ))
objs = one("bulk", "bulk-mixed", 1, lines=True)
t([r.get("status") for r in objs[:-1]] == ["skipped", "failed", "skipped"]
  and "9999" in read("bulk-mixed")[1],
  "bulk-mixed: --resume skips the done, the unknown id fails, on stderr too")
PY
