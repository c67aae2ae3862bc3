#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""gen-provider.py: a fictional provider's subscriber list and Asterisk CDRs.

Writes, under --out:
  subscribers.csv   --subscribers rows, ids 1001, 1002, ... (voxport's layout)
  cdr/Master.csv    --rows rows of Asterisk cdr_csv output (no header)
  contacts/ID.vcf   with --vcards: each subscriber's address book (vCard 3.0)
  phones/ID/sms.xml with --messages K: K texts per subscriber, an SMS
                    Backup & Restore file
and, with --provider-json, a provider.json naming them.  With no option
but the sizes the output is what it has always been (the demo provider and
bench/cdr/ depend on it); the options add to it without changing it.

The CDRs carry the quirks of reference/provider-formats.md section 1.1:
local times (Europe/London, across both 2024 DST changes), 18-column rows
(the sample cdr.conf: loguniqueid, loguserfield) followed by 21-column rows
(newcdrcolumns=yes) in which several rows share a linkedid, an empty
unquoted answer time for unanswered calls, caller IDs with doubled and
backslash-escaped quotes, `"" <1004>`, last-app arguments with commas, a
Latin-1 caller name, and calls by extension, SIP username, account code,
national, international and E.164 numbers.

--transfers P makes a share P of the answered calls in 21-column rows
multi-leg: the callee transfers the call to a third subscriber (a blind
transfer, or an attended one with a consultation leg), every leg sharing
the first one's linkedid, as Asterisk writes them.

Deterministic for a given --seed.  Numbers are from Ofcom's drama ranges
(020 7946 0xxx, 07700 900xxx, then 0113 496 0xxx and the other area codes
for subscribers past the 1000th, who have no mobile: Ofcom keeps only 1000
drama mobile numbers), so none is a real subscriber's.  Any size works:
the cost is linear in --rows and --subscribers.
"""
import argparse
import os
import random
from datetime import datetime, timedelta

TRUNK = "trunk"
# Ofcom's drama ranges past 020 7946 0xxx: 1000 numbers each.
AREAS = ["01134960", "01144960", "01154960", "01164960", "01174960",
         "01184960", "01214960", "01314960", "01414960", "01514960",
         "01614960", "01914980", "02896496", "02920180"]


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
            "index": i,
            "id": sid,
            "ext": sid,
            "given": g,
            "family": f,
            "did": "02079460%03d" % (100 + i) if i < 1000 else
            "%s%03d" % (AREAS[(i // 1000 - 1) % len(AREAS)], i % 1000),
            "mobile": "07700900%03d" % (100 + i) if i < 1000 else "",
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
                "phones": "work:%s|mobile:%s" % (s["did"], s["mobile"])
                if s["mobile"] else "work:%s" % s["did"],
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
    def __init__(self, seed, subs, columns, transfers=0.0):
        self.r = random.Random(seed)
        # Draws for what the options add come from a second generator, so
        # that the calls of the default output stay what they were.
        self.x = random.Random(seed * 7919 + 13)
        self.transfers = transfers
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

    def other(self, r, a):
        """r.choice() of the subscribers but a, without building the list
        (the same draw: choice(seq) is seq[randrange(len(seq))])."""
        j = r.randrange(len(self.subs) - 1)
        return self.subs[j if j < a["index"] else j + 1]

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
        b = self.other(r, a)
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
            if cols == 21 and answered and self.transferred():
                self.transfer(f, cols, num, caller, kw["dchan"], b, end, uid)
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
            if cols == 21 and answered and self.transferred():
                self.transfer(f, cols, a["ext"], name,
                              self.channel(self.endpoint(b)), b, end, uid)
        else:  # voicemail check, feature code
            self.row(f, cols, acct=a["acct"], src=a["ext"], dst="*97",
                     ctx="from-internal", clid=clid(name, a["ext"]),
                     chan=self.channel(self.endpoint(a)), app="VoiceMailMain",
                     data="", start=start, answer=start + ring,
                     end=start + ring + talk, disp="ANSWERED", uid=uid,
                     linked=uid, userfield="vm-check", ama="BILLING")


    def transferred(self):
        return self.transfers > 0 and self.x.random() < self.transfers

    def transfer(self, f, cols, num, name, bchan, b, at, linked):
        """b hands the call on to a third subscriber c: an attended
        transfer first rings c from b's phone (the consultation leg), a
        blind one does not; then the caller is bridged to c.  Every leg
        carries the call's linkedid, the sequence numbers go on."""
        x = self.x
        c = self.other(x, b)
        t, seq = at, 1
        if x.random() < 0.5:
            ring = timedelta(seconds=x.randrange(2, 15))
            talk = timedelta(seconds=x.randrange(5, 120))
            self.row(f, cols, acct=b["acct"], src=b["ext"], dst=c["ext"],
                     ctx="from-internal",
                     clid=clid("%s %s" % (b["given"], b["family"]),
                               b["ext"]),
                     chan=self.channel(self.endpoint(b)),
                     dchan=self.channel(self.endpoint(c)), app="Dial",
                     data="PJSIP/%s,20,tT" % self.endpoint(c), start=t,
                     answer=t + ring, end=t + ring + talk, disp="ANSWERED",
                     uid=self.uniqueid(), linked=linked, seq=seq,
                     peer=c["acct"], userfield="attended-transfer")
            t, seq = t + ring + talk, seq + 1
        answered = x.random() < 0.8
        ring = timedelta(seconds=x.randrange(1, 20))
        answer = t + ring if answered else None
        end = answer + timedelta(seconds=x.randrange(5, 900)) \
            if answered else t + ring
        self.row(f, cols, src=num, dst=c["ext"], ctx="from-internal",
                 clid=clid(name, num), chan=bchan,
                 dchan=self.channel(self.endpoint(c)), app="Dial",
                 data="PJSIP/%s,20" % self.endpoint(c), start=t,
                 answer=answer, end=end,
                 disp="ANSWERED" if answered else "NO ANSWER",
                 uid=self.uniqueid(), linked=linked, seq=seq, peer=c["acct"],
                 userfield="transfer")


GIVEN = ["Sam", "Nadia", "Óscar", "Zoë", "Tomasz", "Mei", "Chidi",
         "Siobhán", "Rafael", "Agnieszka", "Yusuf", "Ingrid"]
FAMILY = ["Patel", "García", "O'Neill", "Kowalski", "Nguyen", "Ødegaard",
          "Mensah", "Smith-Jones", "Dubois", "Fischer"]


def vcf_escape(v):
    return (v.replace("\\", "\\\\").replace(",", "\\,")
            .replace(";", "\\;").replace("\n", "\\n"))


def write_vcards(path, s, subs, rnd):
    """An address book of 3 to 12 cards: other subscribers (by their
    numbers) and outside contacts, with escaped commas and newlines."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        for k in range(rnd.randrange(3, 13)):
            g, fam = rnd.choice(GIVEN), rnd.choice(FAMILY)
            o = subs[rnd.randrange(len(subs))]
            f.write("BEGIN:VCARD\r\nVERSION:3.0\r\n")
            f.write("N:%s;%s;;;\r\nFN:%s %s\r\n" % (
                vcf_escape(fam), vcf_escape(g), vcf_escape(g),
                vcf_escape(fam)))
            if k % 3 == 0:
                f.write("ORG:%s\r\n" % vcf_escape("Smith, Sons & Co"))
            f.write("TEL;TYPE=WORK,VOICE:%s\r\n" % o["did"])
            if o["mobile"] and k % 2:
                f.write("TEL;TYPE=CELL:+44%s\r\n" % o["mobile"][1:])
            else:
                f.write("TEL;TYPE=HOME:+1555555%04d\r\n"
                        % rnd.randrange(10000))
            f.write("EMAIL;TYPE=INTERNET:%s.%d@example.net\r\n"
                    % (g.lower().encode("ascii", "ignore").decode(), k))
            if k % 4 == 1:
                f.write("NOTE:%s\r\n" % vcf_escape(
                    "Met at \"VoIP Expo\"\nprefers texts, not calls"))
            f.write("END:VCARD\r\n")


def xml_attr(v):
    return (v.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def write_sms(path, s, subs, n, rnd):
    """n texts in an SMS Backup & Restore file: to and from other
    subscribers and outside numbers, emoji written as surrogate pairs (as
    the app does), markup characters escaped."""
    date = 1711800000000 + s["index"] * 7919
    bodies = ["Running late, 10 min", "Fish & chips at 7?",
              "Call me back <urgent>", 'She said "fine"',
              "Sounds good &#55357;&#56832;", "Ta, Jürgen"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
                '<smses count="%d" backup_set="bench" type="full">\n' % n)
        for k in range(n):
            date += rnd.randrange(30000, 86400000)
            o = subs[rnd.randrange(len(subs))]
            addr = o["mobile"] or o["did"] if rnd.random() < 0.6 else \
                "+1555555%04d" % rnd.randrange(10000)
            body = rnd.choice(bodies)
            if "&#" not in body:
                body = xml_attr(body)
            f.write('  <sms protocol="0" address="%s" date="%d" type="%d" '
                    'subject="null" body="%s" toa="null" sc_toa="null" '
                    'service_center="null" read="1" status="-1" locked="0" '
                    'date_sent="0" sub_id="1" contact_name="%s" />\n' % (
                        addr, date, 1 + k % 2, body,
                        xml_attr("%s %s" % (o["given"], o["family"]))))
        f.write("</smses>\n")


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
    ap.add_argument("--transfers", type=float, default=0.0,
                    help="share of answered 21-column calls transferred")
    ap.add_argument("--vcards", action="store_true",
                    help="contacts/ID.vcf for every subscriber")
    ap.add_argument("--messages", type=int, default=0, metavar="K",
                    help="phones/ID/sms.xml of K texts for every subscriber")
    a = ap.parse_args()
    if a.subscribers < 2 or a.rows < 0:
        ap.error("--subscribers must be 2 or more, --rows 0 or more")

    subs = subscribers(a.subscribers)
    os.makedirs(os.path.join(a.out, "cdr"), exist_ok=True)
    write_subscribers(os.path.join(a.out, "subscribers.csv"), subs)
    if a.columns == "mix":
        split = a.rows // 2
        columns = lambda n: 18 if n < split else 21
    else:
        fixed = int(a.columns)
        columns = lambda n: fixed
    g = Gen(a.seed, subs, columns, a.transfers)
    if a.columns == "mix":
        g.jump_at = a.rows // 2
    with open(os.path.join(a.out, "cdr", "Master.csv"), "wb") as f:
        while g.rows < a.rows:
            g.call(f)
    rnd = random.Random(a.seed * 104729 + 1)
    for s in subs:
        if a.vcards:
            os.makedirs(os.path.join(a.out, "contacts"), exist_ok=True)
            write_vcards(os.path.join(a.out, "contacts", s["id"] + ".vcf"),
                         s, subs, rnd)
        if a.messages:
            d = os.path.join(a.out, "phones", s["id"])
            os.makedirs(d, exist_ok=True)
            write_sms(os.path.join(d, "sms.xml"), s, subs, a.messages, rnd)
    if a.provider_json:
        extra = ""
        if a.vcards:
            extra += CONTACTS
        if a.messages:
            extra += MESSAGES
        with open(os.path.join(a.out, "provider.json"), "w") as f:
            f.write(PROVIDER.replace(
                '"calls": [', extra + '"calls": ['))


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

CONTACTS = """"contacts": [ { "format": "vcard", "path": "contacts/{subject}.vcf" } ],
    """
MESSAGES = """"messages": [
      { "format": "sbr-xml", "path": "phones/{subject}/sms.xml" } ],
    """

if __name__ == "__main__":
    main()
