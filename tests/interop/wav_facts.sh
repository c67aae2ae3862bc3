#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# wav_facts.sh: what the wav reader says of a file (codec, sample rate,
# channels, bits, duration) against two readers that share no code with
# it: soxi (SoX) and Python's wave module, on every WAV fixture (the wav
# ok/ files and the voicemail audio) that each can read.  Files whose
# header lies (a wav_note: size 0, 0xFFFFFFFF or past the end) are where
# voxport must differ from a reader that trusts the header: there the
# duration is checked against the bytes really after the data chunk.
# soxi comes from scripts/deps.sh (sox); without it its checks are
# skipped, said in a "#" line.  Speaks TAP.
set -u
top=${VOXPORT_TOP:?VOXPORT_TOP is not set}
py=/usr/bin/python3
if ! command -v soxi >/dev/null 2>&1; then
	echo "# wav_facts: soxi not installed (scripts/deps.sh): soxi checks skipped"
fi
exec $py - "$top" <<'EOF_PY'
import glob, json, os, shutil, struct, subprocess, sys, wave

top = sys.argv[1]
files = sorted(glob.glob(top + "/tests/data/wav/ok/*") +
               glob.glob(top + "/tests/data/asterisk-voicemail/ok/*/*.wav") +
               glob.glob(top + "/tests/data/asterisk-voicemail/ok/*/*.WAV"))
have_soxi = shutil.which("soxi") is not None
n = 0


def tap(ok, what):
    global n
    n += 1
    print("%s %d - wav_facts: %s" % ("ok" if ok else "not ok", n, what))


def ms(samples, rate):
    return samples * 1000 // rate


# SoX's encoding names and bits to voxport's codec names.
def sox_codec(enc, bits):
    return {"Signed Integer PCM": "pcm_s%dle" % bits,
            "Unsigned Integer PCM": "pcm_u8",
            "Floating Point PCM": "pcm_f%dle" % bits,
            "A-law": "alaw", "u-law": "ulaw", "GSM": "gsm_ms",
            "IMA ADPCM": "adpcm_ima_wav"}.get(enc, "?" + enc)


def real_data_bytes(path):
    """Bytes after the data chunk's header, walking the chunks."""
    b = open(path, "rb").read()
    i = 12
    while i + 8 <= len(b):
        cid, size = b[i:i + 4], struct.unpack("<I", b[i + 4:i + 8])[0]
        if cid == b"data":
            return len(b) - i - 8
        i += 8 + size + (size & 1)
    return None


for path in files:
    name = os.path.relpath(path, top + "/tests/data")
    out = subprocess.run(["voxport", "convert", "-F", "wav", path],
                         capture_output=True, text=True)
    if out.returncode != 0:
        tap(False, "%s: voxport convert failed: %s" % (name, out.stderr.strip()))
        continue
    r = json.loads(out.stdout)
    lies = "wav_note" in r.get("extra", {})
    if lies:
        # A header that lies: the bytes decide.
        block = r["channels"] * r["bits_per_sample"] // 8
        want = ms(real_data_bytes(path) // block, r["sample_rate"])
        tap(r["duration_ms"] == want,
            "%s: duration %s ms from the bytes present (%d)"
            % (name, r["duration_ms"], want))
    if have_soxi:
        q = {}
        ok = True
        for opt in ("-c", "-r", "-s", "-e", "-b"):
            s = subprocess.run(["soxi", opt, path], capture_output=True,
                               text=True)
            ok = ok and s.returncode == 0
            q[opt] = s.stdout.strip()
        if not ok:
            print("# wav_facts: %s: soxi cannot read it (codec %s)"
                  % (name, r["codec"]))
        else:
            codec = sox_codec(q["-e"], int(q["-b"] or 0))
            facts = [(r["codec"], codec), (r["sample_rate"], int(q["-r"])),
                     (r["channels"], int(q["-c"]))]
            if not lies:
                facts.append((r["duration_ms"],
                              ms(int(q["-s"]), int(q["-r"]))))
            tap(all(a == b for a, b in facts),
                "%s: soxi agrees (%s)" % (name, ", ".join(
                    "%s/%s" % (a, b) for a, b in facts)))
    try:
        w = wave.open(path)
    except Exception as e:
        print("# wav_facts: %s: Python wave cannot read it (%s)" % (name, e))
        continue
    facts = [(r["sample_rate"], w.getframerate()),
             (r["channels"], w.getnchannels()),
             (r["bits_per_sample"], 8 * w.getsampwidth())]
    if not lies:
        facts.append((r["duration_ms"], ms(w.getnframes(), w.getframerate())))
    tap(all(a == b for a, b in facts),
        "%s: Python wave agrees (%s)" % (name, ", ".join(
            "%s/%s" % (a, b) for a, b in facts)))
if n == 0:
    tap(False, "no WAV fixture found")
EOF_PY
