#!/usr/bin/python3
"""round_trip.py: the helpers of round_trips.sh.

  round_trip.py provider DEMO_PROVIDER OUT.json CATEGORY=FORMAT:PATH[:OPTS]...
      write a provider.json: the demo's controller, zone and subscriber
      list, and only the sources given (PATH absolute; OPTS as k=v,k=v).

  round_trip.py compare A.zip B.zip REPORT.json CATEGORY...
      the records of each category in archive A and archive B, equal field
      by field once the fields REPORT (A imported into the target) names
      as lost, and each record's "source", are taken out.  Prints what
      differs; exits 1 if anything does.
"""
import copy, json, os, sys, zipfile

def provider(demo, out, specs):
    d = json.load(open(demo))
    here = os.path.dirname(os.path.abspath(demo))
    d["subscribers"]["path"] = os.path.join(here, d["subscribers"]["path"])
    d["sources"] = {}
    for spec in specs:
        cat, rest = spec.split("=", 1)
        parts = rest.split(":")
        src = {"format": parts[0], "path": parts[1]}
        if len(parts) > 2 and parts[2]:
            opts = {}
            for kv in parts[2].split(","):
                k, v = kv.split("=", 1)
                opts[k] = {"true": True, "false": False}.get(v, v)
            src["options"] = opts
        d["sources"].setdefault(cat, []).append(src)
    json.dump(d, open(out, "w"), indent=1)

MEMBERS = {"calls": "calls.jsonl", "messages": "messages.jsonl",
           "recordings": "recordings.jsonl", "contacts": "contacts.json",
           "subject": "subject.json"}

def records(z, cat):
    name = MEMBERS[cat]
    if name not in z.namelist():
        return []
    data = z.read(name).decode("utf-8")
    if name.endswith(".jsonl"):
        return [json.loads(l) for l in data.splitlines() if l]
    d = json.loads(data)
    return d if isinstance(d, list) else [d]

def drop(rec, path, kept):
    """Take the lost field path ("legs.channel", "to.more") out of rec."""
    head, _, rest = path.partition(".")
    if rest == "more":
        if isinstance(rec.get(head), list):
            rec[head] = rec[head][:1]
        return
    if not rest:
        v = rec.get(head)
        if isinstance(v, list) and kept:
            rec[head] = v[:kept]
        elif isinstance(v, dict) and kept:
            rec[head] = dict(list(v.items())[:kept])
        else:
            rec.pop(head, None)
        return
    v = rec.get(head)
    for item in (v if isinstance(v, list) else
                 v.values() if isinstance(v, dict) and head in
                 ("phones", "emails", "addresses", "links") else [v]):
        if isinstance(item, dict):
            drop(item, rest, kept)

def strip_source(x):
    if isinstance(x, dict):
        x.pop("source", None)
        for v in x.values():
            strip_source(v)
    elif isinstance(x, list):
        for v in x:
            strip_source(v)

MISSING = "(absent)"

def diff(x, y, where):
    """The paths where x and y differ, with both values."""
    if isinstance(x, dict) and isinstance(y, dict):
        for k in sorted(set(x) | set(y)):
            yield from diff(x.get(k, MISSING), y.get(k, MISSING),
                            where + "." + k)
    elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        for i, (a, b) in enumerate(zip(x, y)):
            yield from diff(a, b, "%s[%d]" % (where, i))
    elif x != y:
        yield where, x, y

def compare(a_zip, b_zip, report, cats):
    rep = json.load(open(report))
    lost = {c["category"]: c["lost"] for c in rep["categories"]}
    za, zb = zipfile.ZipFile(a_zip), zipfile.ZipFile(b_zip)
    bad = 0
    for cat in cats:
        ra, rb = records(za, cat), records(zb, cat)
        if len(ra) != len(rb):
            print("%s: %d records in A, %d in B" % (cat, len(ra), len(rb)))
            bad += 1
            continue
        names = [(l["field"], l.get("kept", 0)) for l in lost.get(cat, [])]
        for i, (x, y) in enumerate(zip(ra, rb)):
            x, y = copy.deepcopy(x), copy.deepcopy(y)
            for rec in (x, y):
                strip_source(rec)
                for f, kept in names:
                    drop(rec, f, kept)
            if x != y:
                bad += 1
                if bad <= 10:
                    for where, va, vb in diff(x, y, "%s[%d]" % (cat, i)):
                        print("%s: A %s, B %s" % (where,
                              json.dumps(va, ensure_ascii=False),
                              json.dumps(vb, ensure_ascii=False)))
        print("%s: %d records compared, lost fields taken out: %s" %
              (cat, len(ra), ", ".join(f for f, _ in names) or "none"))
    return 1 if bad else 0

if __name__ == "__main__":
    if sys.argv[1] == "provider":
        provider(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]))
