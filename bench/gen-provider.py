#!/usr/bin/python3
"""gen-provider.py: a fictional provider's subscriber list and Asterisk CDRs.

Writes, under --out:
  subscribers.csv   --subscribers rows, ids 1001, 1002, ... (voxport's layout)
  cdr/Master.csv    --rows rows of Asterisk cdr_csv output (no header)
and, with --provider-json, a provider.json naming them.

The CDRs carry the quirks of reference/provider-formats.md section 1.1:
local times (Europe/London, across both 2024 DST changes), 18-column rows
(the sample cdr.conf: loguniqueid, loguserfield) followed by 21-column rows
(newcdrcolumns=yes) in which several rows share a linkedid, an empty
unquoted answer time for unanswered calls, caller IDs with doubled and
backslash-escaped quotes, `"" <1004>`, last-app arguments with commas, a
Latin-1 caller name, and calls by extension, SIP username, account code,
national, international and E.164 numbers.

Deterministic for a given --seed.  Numbers are from Ofcom's drama ranges
(020 7946 0xxx, 07700 900xxx), so none is a real subscriber's.
"""
import argparse
import os
import random
from datetime import datetime, timedelta

TRUNK = "trunk"


def subscribers(n):
    given = ["Alice", "Bob", "Carol", "Dev", "Eilidh", "Farhan", "Grace",
             "Hiroshi", "Ifeoma", "Jürgen", "Kasia", "Liam"]
    family = ["Smith", "Jones", "Okafor", "Patel", "MacLeod", "Rahman",
              "Hopper", "Tanaka", "Nwosu", "Müller", "Nowak", "O'Brien"]
    out = []
    for i in range(n):
        sid = str(1001 + i)
        g, f = given[i % len(given)], family[(i * 7) % len(family)]
        if i >= len(given):
            g = "%s%d" % (g, i // len(given))
        out.append({
            "id": sid,
            "ext": sid,
            "given": g,
            "family": f,
            "did": "02079460%03d" % (100 + i),
            "mobile": "07700900%03d" % (100 + i),
            "sip": g.lower().replace("ü", "u") if i % 4 == 3 else "",
            "acct": "acct%d" % (40 + i) if i % 5 == 2 else "",
        })
    return out


def write_subscribers(path, subs):
    cols = ["id", "title", "given_name", "family_name", "company",
            "job_title", "birthday", "emails", "phones", "addresses",
            "extensions", "account_codes", "sip_usernames", "plan",
            "plan_status", "plan_start", "plan_end", "marketing_email",
            "marketing_sms", "marketing_phone", "marketing_post",
            "language", "created", "voicemail_pin", "password_hash",
            "crm_id"]
    titles = ["Ms", "Mr", "Dr", "", "Mx"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(cols) + "\r\n")
        for i, s in enumerate(subs):
            email = "%s.%s@example.org" % (s["given"].lower(),
                                           s["family"].lower().replace("'", ""))
            row = {
                "id": s["id"],
                "title": titles[i % len(titles)],
                "given_name": s["given"],
                "family_name": s["family"],
                "company": "Acme, Inc." if i % 3 == 0 else "",
                "job_title": "Manager" if i % 3 == 0 else "",
                "birthday": "1990-03-%02d" % (1 + i % 28) if i % 2 == 0
                else "--07-%02d" % (1 + i % 28),
                "emails": "home:%s" % email + (
                    "|work:%s@acme.example" % s["given"].lower()
                    if i % 3 == 0 else ""),
                "phones": "work:%s|mobile:%s" % (s["did"], s["mobile"]),
                "addresses": "home:%d High Street;London;;E1 6AN;GB" % (i + 1),
                "extensions": s["ext"],
                "account_codes": s["acct"],
                "sip_usernames": s["sip"],
                "plan": "Business VoIP 100|Call recording" if i % 3 == 0
                else "Home VoIP",
                "plan_status": "active|ended" if i % 3 == 0 else "active",
                "plan_start": "2021-04-01|2022-01-10" if i % 3 == 0
                else "2023-06-15",
                "plan_end": "-|2023-01-09" if i % 3 == 0 else "",
                "marketing_email": "yes@2023-02-01" if i % 2 == 0
                else "no@2023-02-01T10:15:00Z",
                "marketing_sms": "no" if i % 2 == 0 else "yes@2024-01-05",
                "marketing_phone": "no",
                "marketing_post": "" if i % 4 else "yes",
                "language": "en-GB",
                "created": "2021-03-%02d" % (1 + i % 28),
                "voicemail_pin": "%04d" % (1234 + i),
                "password_hash": "$2y$10$abcdefghijklmnopqrstuv%02d" % i,
                "crm_id": "CRM-%05d" % (7000 + i),
            }
            f.write(",".join(csv_field(row[c]) for c in cols) + "\r\n")


def csv_field(v):
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def q(v):
    """cdr_csv's append_string: always quoted, quotes doubled."""
    return '"' + v.replace('"', '""') + '"'


def clid(name, number):
    """ast_callerid_merge: "name" <number>, quotes and \\ escaped."""
    name = name.replace("\\", "\\\\").replace('"', '\\"')
    return '"%s" <%s>' % (name, number)


class Gen:
    def __init__(self, seed, subs, columns):
        self.r = random.Random(seed)
        self.subs = subs
        self.columns = columns
        self.chan = 0x10
        self.t = datetime(2024, 3, 30, 20, 0, 0)
        self.jump_at = None
        self.epoch = 1711699200
        self.uid = 0
        self.rows = 0

    def channel(self, who):
        self.chan += 1
        return "PJSIP/%s-%08x" % (who, self.chan)

    def uniqueid(self):
        self.uid += 1
        return "%d.%d" % (self.epoch + self.uid * 37, self.uid)

    def external(self):
        r = self.r.random()
        n = self.r.randrange(0, 1000)
        if r < 0.4:
            return "07700900%03d" % n
        if r < 0.6:
            return "+447700900%03d" % n
        if r < 0.8:
            return "02079460%03d" % n
        return "0015555550%03d" % (n % 200)

    def endpoint(self, s):
        return s["sip"] or s["ext"]

    def row(self, f, cols, **kw):
        start = kw["start"]
        answer = kw.get("answer")
        end = kw["end"]
        fields = [
            q(kw.get("acct", "")), q(kw["src"]), q(kw["dst"]), q(kw["ctx"]),
            q(kw["clid"]), q(kw["chan"]), q(kw.get("dchan", "")),
            q(kw["app"]), q(kw["data"]),
            q(fmt(start)), q(fmt(answer)) if answer else "",
            q(fmt(end)),
            str(int((end - start).total_seconds())),
            str(int((end - answer).total_seconds())) if answer else "0",
            q(kw["disp"]), q(kw.get("ama", "DOCUMENTATION")),
        ]
        if cols >= 17:
            fields.append(q(kw["uid"]))
        if cols in (18, 21):
            fields.append(q(kw.get("userfield", "")))
        if cols == 21:
            fields += [q(kw.get("peer", "")), q(kw["linked"]),
                       str(kw.get("seq", 0))]
        line = ",".join(fields) + "\n"
        f.write(line.encode("utf-8") if "latin1" not in kw
                else line.encode("latin-1"))
        self.rows += 1

    def call(self, f):
        r = self.r
        cols = self.columns(self.rows)
        self.t += timedelta(seconds=r.randrange(20, 900))
        if self.jump_at is not None and self.rows >= self.jump_at:
            # The second half of the demo spans the October fold.
            self.t = max(self.t, datetime(2024, 10, 26, 22, 0, 0))
            self.jump_at = None
        self.t = skip_gap(self.t)
        start = self.t
        a = r.choice(self.subs)
        b = r.choice([s for s in self.subs if s is not a])
        kind = r.random()
        answered = r.random() < 0.75
        ring = timedelta(seconds=r.randrange(1, 25))
        talk = timedelta(seconds=r.randrange(5, 1500))
        answer = start + ring if answered else None
        end = (answer + talk) if answered else start + ring
        disp = "ANSWERED" if answered else r.choice(
            ["NO ANSWER", "NO ANSWER", "BUSY", "FAILED", "CONGESTION",
             "CANCEL"])
        uid = self.uniqueid()
        name = "%s %s" % (a["given"], a["family"])
        if kind < 0.35:  # outbound to the PSTN
            num = self.external()
            self.row(f, cols, acct=a["acct"], src=a["ext"], dst=num,
                     ctx="from-internal", clid=clid(name, a["ext"]),
                     chan=self.channel(self.endpoint(a)),
                     dchan=self.channel(TRUNK) if answered else "",
                     app="Dial", data="PJSIP/%s@trunk,60,tT" % num,
                     start=start, answer=answer, end=end, disp=disp,
                     uid=uid, linked=uid)
        elif kind < 0.65:  # inbound from the PSTN to a DID or mobile
            num = self.external()
            caller = r.choice(["WIRELESS CALLER", "", 'Bob "Bobby" Jones',
                               "O'Hara, Sean", "Jürgen Müller"])
            latin1 = caller == "Jürgen Müller" and r.random() < 0.5
            dst = r.choice([b["did"], "44" + b["did"][1:], b["ext"]])
            kw = dict(src=num, dst=dst, ctx="from-trunk",
                      clid=clid(caller, num), chan=self.channel(TRUNK),
                      dchan=self.channel(self.endpoint(b)), app="Dial",
                      data="PJSIP/%s,20" % self.endpoint(b), start=start,
                      answer=answer, end=end, disp=disp, uid=uid,
                      linked=uid, peer=b["acct"])
            if latin1:
                kw["latin1"] = True
            self.row(f, cols, **kw)
            if cols == 21 and not answered and r.random() < 0.5:
                # Unanswered: the call goes on to voicemail, a second leg.
                vstart = end
                vend = vstart + timedelta(seconds=r.randrange(5, 60))
                self.row(f, cols, src=num, dst=b["ext"], ctx="from-trunk",
                         clid=clid(caller, num), chan=self.channel(TRUNK),
                         dchan="", app="VoiceMail", data="%s@default,u" %
                         b["ext"], start=vstart, answer=vstart, end=vend,
                         disp="ANSWERED", uid=self.uniqueid(), linked=uid,
                         seq=1, peer=b["acct"])
        elif kind < 0.9:  # internal, extension to extension
            self.row(f, cols, acct=a["acct"], src=a["ext"], dst=b["ext"],
                     ctx="from-internal",
                     clid=clid("" if r.random() < 0.2 else name, a["ext"]),
                     chan=self.channel(self.endpoint(a)),
                     dchan=self.channel(self.endpoint(b)), app="Dial",
                     data="PJSIP/%s,20,tT" % self.endpoint(b), start=start,
                     answer=answer, end=end, disp=disp, uid=uid, linked=uid,
                     peer=b["acct"])
        else:  # voicemail check, feature code
            self.row(f, cols, acct=a["acct"], src=a["ext"], dst="*97",
                     ctx="from-internal", clid=clid(name, a["ext"]),
                     chan=self.channel(self.endpoint(a)), app="VoiceMailMain",
                     data="", start=start, answer=start + ring,
                     end=start + ring + talk, disp="ANSWERED", uid=uid,
                     linked=uid, userfield="vm-check", ama="BILLING")


def skip_gap(t):
    """Local times in the spring-forward hour never appear in a CDR."""
    march31 = datetime(t.year, 3, 31)
    last_sunday = march31 - timedelta(days=(march31.weekday() + 1) % 7)
    if last_sunday.replace(hour=1) <= t < last_sunday.replace(hour=2):
        return t + timedelta(hours=1)
    return t


def fmt(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--subscribers", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--columns", default="mix",
                    help="mix (18 then 21), 16, 18 or 21")
    ap.add_argument("--provider-json", action="store_true")
    a = ap.parse_args()

    subs = subscribers(a.subscribers)
    os.makedirs(os.path.join(a.out, "cdr"), exist_ok=True)
    write_subscribers(os.path.join(a.out, "subscribers.csv"), subs)
    if a.columns == "mix":
        split = a.rows // 2
        columns = lambda n: 18 if n < split else 21
    else:
        fixed = int(a.columns)
        columns = lambda n: fixed
    g = Gen(a.seed, subs, columns)
    if a.columns == "mix":
        g.jump_at = a.rows // 2
    with open(os.path.join(a.out, "cdr", "Master.csv"), "wb") as f:
        while g.rows < a.rows:
            g.call(f)
    if a.provider_json:
        with open(os.path.join(a.out, "provider.json"), "w") as f:
            f.write(PROVIDER)


PROVIDER = """{
  "controller": { "name": "Bench Telecom Ltd" },
  "time_zone": "Europe/London",
  "country": "GB",
  "subscribers": { "format": "subscribers-csv", "path": "subscribers.csv" },
  "sources": {
    "calls": [ { "format": "asterisk-cdr-csv", "path": "cdr/Master.csv" } ]
  }
}
"""

if __name__ == "__main__":
    main()
