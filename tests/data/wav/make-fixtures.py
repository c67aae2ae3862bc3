#!/usr/bin/python3
"""make-fixtures.py [DIR]: write the WAV fixtures of tests/data/wav/ (ok/ and
bad/ under DIR, default the folder of this script) and the audio files of
tests/data/asterisk-voicemail/ok/ (with --voicemail DIR).

Every file is a header and a few samples: a few hundred bytes.  The bytes
are fixed (no randomness), so running this again gives the committed files
back; tests/suites/wav_fixtures.sh checks that.  Layouts follow
reference/provider-formats.md section 7.2 and Asterisk's format_wav.c and
format_wav_gsm.c.
"""
import math
import os
import struct
import sys

# KSDATAFORMAT_SUBTYPE_* after the 2-byte tag.
GUID_TAIL = bytes([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
                   0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])


def chunk(cid, payload, size=None):
    """A chunk: id, size (the real one unless given), payload, pad byte."""
    n = len(payload) if size is None else size
    pad = b"\0" if len(payload) % 2 else b""
    return cid + struct.pack("<I", n) + payload + pad


def riff(chunks, size=None):
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body) if size is None else size) + body


def fmt(tag, channels, rate, bits, align, avg=None, extra=None):
    avg = rate * align if avg is None else avg
    p = struct.pack("<HHIIHH", tag, channels, rate, avg, align, bits)
    if extra is not None:
        p += struct.pack("<H", len(extra)) + extra
    return chunk(b"fmt ", p)


def tone(n, amp=8000, rate=8000, freq=440):
    """n samples of a 440 Hz sine as 16-bit signed integers."""
    return [int(amp * math.sin(2 * math.pi * freq * i / rate)) for i in range(n)]


def pcm16(samples):
    return struct.pack("<%dh" % len(samples), *samples)


def alaw(s):
    """G.711 A-law of one 16-bit sample (Sun's g711.c linear2alaw)."""
    seg_end = [0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF]
    s >>= 3
    if s >= 0:
        mask = 0xD5
    else:
        mask = 0x55
        s = -s - 1
    seg = next((i for i, e in enumerate(seg_end) if s <= e), 8)
    if seg >= 8:
        return 0x7F ^ mask
    v = seg << 4
    v |= (s >> 1) & 0x0F if seg < 2 else (s >> seg) & 0x0F
    return v ^ mask


def ulaw(s):
    """G.711 mu-law of one 16-bit sample."""
    bias, clip = 0x84, 32635
    sign = 0 if s >= 0 else 0x80
    s = min(abs(s), clip) + bias
    exp = 7
    mask = 0x4000
    while exp > 0 and not s & mask:
        exp -= 1
        mask >>= 1
    mant = (s >> (exp + 3)) & 0x0F
    return ~(sign | (exp << 4) | mant) & 0xFF


def pcm_wav(samples, rate=8000, pre=(), post=(), riff_size=None, data_size=None):
    data = pcm16(samples)
    return riff(list(pre) + [fmt(1, 1, rate, 16, 2),
                             chunk(b"data", data, data_size)] + list(post),
                riff_size)


def gsm_wav(blocks):
    """Asterisk's wav49: fmt of 20 bytes (cbSize 2, 320 samples per block),
    fact, then 65-byte blocks of two GSM frames.  The frames are a fixed
    byte pattern: a header reader does not decode them."""
    data = bytes((i * 7 + 3) & 0xFF for i in range(65 * blocks))
    return riff([fmt(0x31, 1, 8000, 0, 65, 1625, struct.pack("<H", 320)),
                 chunk(b"fact", struct.pack("<I", 320 * blocks)),
                 chunk(b"data", data)])


def ok_files():
    t160 = tone(160)
    info = chunk(b"LIST", b"INFO" + chunk(b"ISFT", b"voxport fixture\0"))
    yield "1709647927.123.wav", pcm_wav(t160)
    yield ("out-15555550123-1001-20240305-141207-1709647927.45.wav",
           riff([fmt(6, 1, 8000, 8, 1, extra=b""),
                 chunk(b"data", bytes(alaw(s) for s in t160))]))
    yield ("q-600-15555550188-20240305-150144-1709650904.20.wav",
           riff([fmt(7, 1, 8000, 8, 1, extra=b""),
                 chunk(b"fact", struct.pack("<I", 160)),
                 chunk(b"data", bytes(ulaw(s) for s in t160))]))
    yield ("in-15555550100-15555550188-20240305-150144-1709650904.20.WAV",
           gsm_wav(2))
    # IMA ADPCM, mono: a 36-byte block is a 4-byte header and 32 bytes of
    # nibbles, (36 - 4) * 2 + 1 = 65 samples.
    ima = bytes([0, 0, 0, 0] + [(i * 37) & 0xFF for i in range(32)]) * 2
    yield ("rg-600-1001-20240305-151500-pbx-eu-1-1709651700.3.wav",
           riff([fmt(0x11, 1, 8000, 4, 36, 4055, struct.pack("<H", 65)),
                 chunk(b"fact", struct.pack("<I", 130)),
                 chunk(b"data", ima)]))
    ext = struct.pack("<HI", 16, 0x3) + struct.pack("<H", 1) + GUID_TAIL
    stereo = pcm16([v for s in tone(80, rate=16000) for v in (s, -s)])
    yield ("exten-1001-1002-20240305-160000-1709654400.7.wav",
           riff([fmt(0xFFFE, 2, 16000, 16, 4, extra=ext),
                 chunk(b"data", stereo)]))
    yield "list-before-data.wav", pcm_wav(t160, pre=[info])
    # An odd-sized chunk before data, then odd-sized 8-bit audio, each
    # with its pad byte.
    u8 = bytes((s >> 8) + 128 for s in tone(101))
    yield "odd-chunk.wav", riff([chunk(b"JUNK", b"odd"), fmt(1, 1, 8000, 8, 1),
                                 chunk(b"data", u8), info])
    yield "unfinished-0.wav", pcm_wav(t160, riff_size=0, data_size=0)
    yield ("unfinished-ffffffff.wav",
           pcm_wav(t160, riff_size=0xFFFFFFFF, data_size=0xFFFFFFFF))
    yield "lying-size.wav", pcm_wav(t160, data_size=16000)
    fl = struct.pack("<%df" % 80, *[s / 32768 for s in tone(80)])
    yield "float.wav", riff([fmt(3, 1, 8000, 32, 4, extra=b""),
                             chunk(b"fact", struct.pack("<I", 80)),
                             chunk(b"data", fl)])
    # G.729 (0x0083): a tag this reader has no name for.
    yield "unknown-codec.wav", riff([fmt(0x83, 1, 8000, 0, 10, 1000,
                                         b""),
                                     chunk(b"fact", struct.pack("<I", 160)),
                                     chunk(b"data", bytes(20))])


def bad_files():
    good = pcm_wav(tone(16))
    yield "not-riff.wav", b"ID3\x03\x00\x00\x00\x00\x00\x0aTIT2" + bytes(20)
    yield "short.wav", good[:6]
    yield "not-wave.wav", b"RIFF" + struct.pack("<I", 28) + b"AVI LIST" + bytes(20)
    yield "truncated-header.wav", good[:30]
    yield "no-data.wav", riff([fmt(1, 1, 8000, 16, 2)])
    yield "rate-zero.wav", riff([fmt(1, 1, 0, 16, 2, 16000),
                                 chunk(b"data", pcm16(tone(16)))])
    yield "chunk-past-end.wav", riff([fmt(1, 1, 8000, 16, 2),
                                      chunk(b"LIST", b"INFO", 4000)])
    yield "no-fmt.wav", riff([chunk(b"data", pcm16(tone(16)))])


def voicemail_files():
    yield "INBOX/msg0000.wav", pcm_wav(tone(160))
    yield "INBOX/msg0001.WAV", gsm_wav(1)
    yield "Old/msg0000.gsm", bytes((i * 11) & 0xFF for i in range(33 * 5))
    yield "Urgent/msg0000.wav", pcm_wav(tone(80), riff_size=0, data_size=0)


def write(base, files):
    for name, data in files:
        path = os.path.join(base, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


def main():
    args = sys.argv[1:]
    if args[:1] == ["--voicemail"]:
        write(args[1], voicemail_files())
        return
    base = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    write(os.path.join(base, "ok"), ok_files())
    write(os.path.join(base, "bad"), bad_files())


main()
