#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""make-media.py: write the demo provider's phone backups, call recordings
and voicemail (small, deterministic files; run it again after editing).

  phones/1001/sms.xml, calls.xml  SMS Backup & Restore backups of 1001's phone
  monitor/YYYY/MM/DD/*.wav        call recordings (MixMonitor and FreePBX names)
  voicemail/default/1001/INBOX/   an Asterisk voicemail spool

The audio is a quarter second of a tone, in the codecs Asterisk records.
"""
import base64
import math
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
RATE = 8000


def tone(seconds=0.25, freq=440.0):
    n = int(RATE * seconds)
    return [int(8000 * math.sin(2 * math.pi * freq * i / RATE)) for i in range(n)]


def ulaw(s):
    BIAS, CLIP = 0x84, 32635
    sign = 0x80 if s < 0 else 0
    s = min(abs(s), CLIP) + BIAS
    exp = 7
    for e in range(7, -1, -1):
        if s & (0x80 << e):
            exp = e
            break
    mant = (s >> (exp + 3)) & 0x0F
    return ~(sign | (exp << 4) | mant) & 0xFF


def alaw(s):
    sign = 0x80 if s >= 0 else 0
    s = min(abs(s), 32767) >> 3
    if s < 32:
        v = s >> 1
    else:
        exp = s.bit_length() - 5
        v = (exp << 4) | ((s >> exp) & 0x0F)
    return (v | sign) ^ 0x55


def wav(path, codec):
    samples = tone()
    if codec == "pcm":
        data = b"".join(struct.pack("<h", s) for s in samples)
        fmt = struct.pack("<HHIIHH", 1, 1, RATE, RATE * 2, 2, 16)
        extra = b""
    else:
        law = ulaw if codec == "ulaw" else alaw
        data = bytes(law(s) for s in samples)
        code = 7 if codec == "ulaw" else 6
        fmt = struct.pack("<HHIIHHH", code, 1, RATE, RATE, 1, 8, 0)
        extra = b"fact" + struct.pack("<II", 4, len(samples))
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + extra
    body += b"data" + struct.pack("<I", len(data)) + data
    write(path, b"RIFF" + struct.pack("<I", len(body)) + body)


def write(path, data):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


# A 1x1 PNG: the picture of the MMS.
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a3"
    "2b9c2d0000000049454e44ae426082")).decode()

HEAD = ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        "<!--File Created By SMS Backup & Restore v10.20.002 on "
        "02/04/2024 09:00:00-->\n")

SMS = HEAD + """<?xml-stylesheet type="text/xsl" href="sms.xsl"?>
<smses count="5" backup_set="4d1f1e2a-9c7b-4b55-8d1e-0a9f3c2b1d10" backup_date="1712048400000" type="full">
  <sms protocol="0" address="+447700900574" date="1711827000000" type="1" subject="null" body="Are we still on for Saturday?" toa="null" sc_toa="null" service_center="+447958879879" read="1" status="-1" locked="0" date_sent="1711826998000" sub_id="1" readable_date="30 Mar 2024 19:30:00" contact_name="Sam Patel" />
  <sms protocol="0" address="07700900574" date="1711827120000" type="2" subject="null" body="Yes! See you at 7 &#55357;&#56832;" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="30 Mar 2024 19:32:00" contact_name="Sam Patel" />
  <sms protocol="0" address="DemoBank" date="1711872000000" type="1" subject="null" body="Your code is 481516. Never share it." toa="null" sc_toa="null" service_center="+447785016005" read="0" status="-1" locked="0" date_sent="1711871999000" sub_id="1" readable_date="31 Mar 2024 08:00:00" contact_name="(Unknown)" />
  <sms protocol="0" address="+447700900258~+447700900574" date="1711890000000" type="2" subject="null" body="Lunch at one?" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" />
  <mms date="1711893600000" rr="null" sub="null" ct_t="application/vnd.wap.multipart.related" msg_box="1" address="+447700900258" m_id="demo-mms-0001" date_sent="1711893599" read="1" m_type="132" text_only="0" sub_id="1" contact_name="Priya Shah">
    <parts>
      <part seq="-1" ct="application/smil" name="null" chset="null" cd="null" fn="null" cid="&lt;smil&gt;" cl="smil.xml" ctt_s="null" ctt_t="null" text="&lt;smil&gt;&lt;body&gt;&lt;par dur=&quot;5000ms&quot;&gt;&lt;img src=&quot;dot.png&quot;/&gt;&lt;/par&gt;&lt;/body&gt;&lt;/smil&gt;" />
      <part seq="0" ct="image/png" name="dot.png" chset="null" cd="null" fn="null" cid="&lt;dot&gt;" cl="dot.png" ctt_s="null" ctt_t="null" text="null" data="%s" />
      <part seq="0" ct="text/plain" name="null" chset="106" cd="null" fn="null" cid="&lt;text_0&gt;" cl="text_0.txt" ctt_s="null" ctt_t="null" text="The view from the office" />
    </parts>
    <addrs>
      <addr address="+447700900258" type="137" charset="106" />
      <addr address="+447700900100" type="151" charset="106" />
    </addrs>
  </mms>
</smses>
""" % PNG

CALLS = HEAD + """<?xml-stylesheet type="text/xsl" href="calls.xsl"?>
<calls count="3" backup_set="4d1f1e2a-9c7b-4b55-8d1e-0a9f3c2b1d11" backup_date="1712048400000" type="full">
  <call number="+447700900574" duration="95" date="1711829000000" type="1" presentation="1" subscription_id="1" post_dial_digits="" readable_date="30 Mar 2024 20:03:20" contact_name="Sam Patel" />
  <call number="07700900258" duration="0" date="1711875600000" type="3" presentation="1" subscription_id="1" post_dial_digits="" contact_name="Priya Shah" />
  <call number="" duration="0" date="1711879200000" type="1" presentation="2" subscription_id="1" post_dial_digits="" contact_name="(Unknown)" />
</calls>
"""

VOICEMAIL = """;
; Message Information file
;
[message]
origmailbox=1001
context=from-trunk
macrocontext=
exten=1001
rdnis=unknown
priority=2
callerchan=PJSIP/trunk-00000040
callerid="Sam Patel" <+447700900574>
origdate=Sun Mar 31 09:15:02 AM UTC 2024
origtime=1711876502
category=
msg_id=1711876502-00000000
flag=
duration=4
"""

write("phones/1001/sms.xml", SMS.encode())
write("phones/1001/calls.xml", CALLS.encode())
# Row 18 of Master.csv (1008 to 1001, answered): MixMonitor's name.
wav("monitor/2024/03/30/1711699866.18.wav", "ulaw")
# Row 25 (1001 to +447700900258): FreePBX's name, A-law.
wav("monitor/2024/03/30/out-447700900258-1001-20240330-224703-1711700125.25.wav",
    "alaw")
# A call of 1001's that the CDR file does not have: kept, unlinked.
wav("monitor/2024/03/31/in-1001-07700900999-20240331-101500-1711880100.7.wav",
    "pcm")
# Nobody's call: not exported.
wav("monitor/2024/03/31/1711880000.5.wav", "pcm")
write("voicemail/default/1001/INBOX/msg0000.txt", VOICEMAIL.encode())
wav("voicemail/default/1001/INBOX/msg0000.wav", "pcm")
