#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""round_trip.py: the helpers of round_trips.sh.

  round_trip.py provider DEMO_PROVIDER OUT.json CATEGORY=FORMAT:PATH[:OPTS]...
      write a provider.json: the demo's controller, zone and subscriber
      list, and only the sources given (PATH absolute; OPTS as k=v,k=v).

  round_trip.py compare A.zip B.zip REPORT.json [--made KEY=VALUE,...] CATEGORY...
      the records of each category in archive A and archive B, equal field
      by field once the fields REPORT (A imported into the target) names
      as lost, and each record's "source", are taken out.  --made names
      extra values the target must write though the record had none (the
      app's required attributes); B may have them where A has no such key.
      Prints what differs; exits 1 if anything does.
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

def rename(d, names):
    return {names.get(k, k): v for k, v in d.items()}

def flat_contact(c):
    """A JSContact Card (contact_json.c) as the fields of voxport's
    contact (model.h), the names a target's losses use."""
    # "individual" is every format's default kind (record_fields.c).
    f = {"uid": c.get("uid"),
         "kind": None if c.get("kind") == "individual" else c.get("kind")}
    name = c.get("name", {})
    f["full_name"] = name.get("full")
    comp = {"title": "prefix", "given": "given", "given2": "additional",
            "surname": "family", "credential": "suffix"}
    for x in name.get("components", []):
        f.setdefault(comp.get(x["kind"], "name." + x["kind"]), []).append(
            x["value"])
    f["nicknames"] = [v.get("name") for v in c.get("nicknames", {}).values()]
    orgs = list(c.get("organizations", {}).values())
    f["organization"] = [o.get("name") for o in orgs if o.get("name")]
    f["units"] = [u.get("name") for o in orgs for u in o.get("units", [])]
    for t in c.get("titles", {}).values():
        f.setdefault(t.get("kind", "title"), []).append(t.get("name"))
    for a in c.get("anniversaries", {}).values():
        key = "birthday" if a.get("kind") == "birth" else "anniversary"
        f.setdefault(key, []).append(a.get("date"))
    f["note"] = [n.get("note") for n in c.get("notes", {}).values()]
    f["photo"] = list(c.get("media", {}).values())
    f["revision"] = c.get("updated")
    f["categories"] = sorted(c.get("keywords", {}))
    f["phones"] = [rename(p, {"voxport.example:raw": "raw"})
                   for p in c.get("phones", {}).values()]
    f["emails"] = list(c.get("emails", {}).values())
    f["addresses"] = [rename(a, {"voxport.example:label": "label"})
                      for a in c.get("addresses", {}).values()]
    f["links"] = list(c.get("onlineServices", {}).values()) + \
        list(c.get("links", {}).values())
    props = []
    for p in c.get("vCardProps", []):
        if p[0] == "gender":
            f["gender"] = p[3:]
        elif p[0] in ("bday", "anniversary"):
            key = "birthday" if p[0] == "bday" else "anniversary"
            f.setdefault(key, []).append(p[3])
        else:
            props.append(p)
    f["props"] = props
    f["extra"] = c.get("voxport.example:extra")
    return {k: v for k, v in f.items() if v not in (None, [], {})}

def drop_contact(rec, path, kept):
    """Contacts' own lost fields: dates by their form."""
    head, _, rest = path.partition(".")
    if path == "full_name.other":	# a full name the parts do not say
        rec.pop("full_name", None)
        return True
    if head in ("birthday", "anniversary") and rest:
        keep = [d for d in rec.get(head, [])
                if not (rest == "text" and isinstance(d, str) or
                        rest == "no_year" and isinstance(d, dict) and
                        "year" not in d)]
        if keep:
            rec[head] = keep
        else:
            rec.pop(head, None)
        return True
    return False

def drop(rec, path, kept):
    """Take the lost field path ("legs.channel", "to.more") out of rec."""
    head, _, rest = path.partition(".")
    if path == "parts.data":	# the bytes did not come: size and hash
        for p in rec.get("parts", []):
            if "text" not in p:
                p.pop("bytes", None)
                p.pop("sha256", None)
        return
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
    for item in (v if isinstance(v, list) else [v]):
        if isinstance(item, dict):
            drop(item, rest, kept)

def prune(x):
    """Take out the {} a drop left ("features" without its "voice")."""
    if isinstance(x, dict):
        for k in [k for k, v in x.items() if v == {}]:
            del x[k]
        for v in x.values():
            prune(v)
    elif isinstance(x, list):
        for v in x:
            prune(v)

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

def unmake(x, y, made):
    """Take out of y's extra the values the target made (--made)."""
    for k, v in made.items():
        if k not in x.get("extra", {}) and y.get("extra", {}).get(k) == v:
            del y["extra"][k]
            if not y["extra"]:
                del y["extra"]

def compare(a_zip, b_zip, report, cats, made):
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
        if cat == "contacts":
            ra = [flat_contact(c) for c in ra]
            rb = [flat_contact(c) for c in rb]
        for i, (x, y) in enumerate(zip(ra, rb)):
            x, y = copy.deepcopy(x), copy.deepcopy(y)
            unmake(x, y, made)
            for lx, ly in zip(x.get("legs", []), y.get("legs", [])):
                unmake(lx, ly, made)
            for rec in (x, y):
                strip_source(rec)
                for f, kept in names:
                    if not (cat == "contacts" and drop_contact(rec, f, kept)):
                        drop(rec, f, kept)
                prune(rec)
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
        args, made = sys.argv[5:], {}
        if args and args[0] == "--made":
            made = dict(kv.split("=", 1) for kv in args[1].split(","))
            args = args[2:]
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4], args, made))
