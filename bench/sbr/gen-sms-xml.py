#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""gen-sms-xml.py OUT MEGABYTES: an SMS Backup & Restore sms.xml of about
MEGABYTES MB, for measuring the sbr-xml reader (bench/sbr/run.sh).  Mostly
MMS with a base64 image part of 1 KiB to 4 MiB decoded (the base64 data
attribute is what makes real backups large), between SMS with emoji
written as surrogate-pair references.  Deterministic; nothing is kept."""
import base64
import random
import sys

out, megabytes = sys.argv[1], float(sys.argv[2])
target = int(megabytes * 1e6)
rng = random.Random(1)
# one block of random bytes, sliced for each part: cheap and not compressible
pool = bytes(rng.getrandbits(8) for _ in range(1 << 16)) * 64  # 4 MiB

with open(out, "w", encoding="utf-8") as f:
    f.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
            "<!--File Created By SMS Backup & Restore v10.20.002-->\n"
            '<smses count="0" backup_set="bench" type="full">\n')
    date, n = 1709651100000, 0
    while f.tell() < target:
        n += 1
        date += 60000
        if n % 4:
            f.write('  <sms protocol="0" address="+1555555%04d" date="%d" '
                    'type="%d" subject="null" body="message %d &#55357;&#56832;'
                    '&#10;second line" read="1" date_sent="0" />\n'
                    % (n % 10000, date, 1 + n % 2, n))
            continue
        # 1 KiB to 4 MiB, small ones most often, as photos and stickers
        size = 1024 << min(12, int(rng.expovariate(0.4)))
        off = rng.randrange(len(pool) - size + 1)
        data = base64.b64encode(pool[off:off + size]).decode()
        f.write('  <mms date="%d" msg_box="1" address="+15555550188~+1555555'
                '0177" m_type="132" date_sent="%d">\n    <parts>\n'
                '      <part seq="-1" ct="application/smil" text="&lt;smil/&gt;"/>\n'
                '      <part seq="0" ct="image/jpeg" cl="IMG_%d.jpg" data="%s" />\n'
                '      <part seq="0" ct="text/plain" text="look %d" />\n'
                '    </parts>\n    <addrs>\n'
                '      <addr address="+15555550188" type="137" charset="106" />\n'
                '    </addrs>\n  </mms>\n' % (date, date // 1000, n, data, n))
    f.write("</smses>\n")
