#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# cli_options.sh: the commands' options agree with each other and with the
# manual (issue 12).
#  - one option letter has one meaning: across every command's --help, a
#    letter names one long option, and voxport(1)'s table of common
#    options (OPTIONS COMMON TO ALL COMMANDS) gives it that meaning;
#  - `voxport help CMD` and voxport-CMD(1) show the same synopsis and the
#    same set of options (help and version: their lines in voxport(1)).
set -u
top=${VOXPORT_TOP:?}
vp=${VOXPORT_BUILD:?}/voxport
commands=$("$vp" help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
for c in $commands; do
	"$vp" help "$c" >"help-$c.txt" 2>&1
done
for p in "$top"/man/voxport*.1; do
	MANWIDTH=200 man -l "$p" 2>/dev/null | col -b >"$(basename "$p").txt"
done
/usr/bin/python3 - "$top" "$vp" $commands <<'PY'
import re, subprocess, sys

top, vp, commands = sys.argv[1], sys.argv[2], sys.argv[3:]
n = 0


def t(ok, what):
    global n
    n += 1
    print("%s %d - cli_options: %s" % ("ok" if ok else "not ok", n, what))


def words(s):
    return " ".join(s.split())


def help_synopsis(text):
    """The usage lines, up to the first blank line, without "usage: "."""
    block = text.split("\n\n")[0]
    return words(block[len("usage: "):] if block.startswith("usage: ")
                 else block)


OPT = re.compile(r"(?<![\w-])(--?[A-Za-z][A-Za-z-]*)")


def help_options(text):
    """{token: the line's other tokens}: options a --help defines, from the
    lines that start with spaces and a dash (before the description)."""
    out = {}
    for line in text.split("\n\n", 1)[-1].splitlines():
        if not re.match(r"^ {2,}-", line):
            continue
        head = re.split(r"(?<=\S)\s{2,}", line.strip() + "  ", 1)[0]
        out.update({o: OPT.findall(head) for o in OPT.findall(head)})
    return out


def man_options(src):
    """The options the tags (.TP's next line) of the OPTIONS section of a
    page's source name."""
    sec = re.search(r"^\.SH OPTIONS\n(.*?)(?=^\.SH |\Z)", src, re.M | re.S)
    found = set()
    if not sec:
        return found
    lines = sec.group(1).splitlines()
    for i, line in enumerate(lines):
        if line.startswith(".TP") and i + 1 < len(lines):
            tag = re.sub(r"\\f[BIRP]", "", lines[i + 1]).replace("\\-", "-")
            found.update(OPT.findall(tag.split(" ", 1)[1]
                                     if tag.startswith(".") else tag))
    return found


def man_synopsis(rendered):
    m = re.search(r"^SYNOPSIS\n(.*?)^\S", rendered, re.M | re.S)
    return words(m.group(1)) if m else ""


# 1. One letter, one meaning.
letters = {}
for c in commands:
    text = open("help-%s.txt" % c).read()
    for o, same in help_options(text).items():
        if re.fullmatch(r"-[A-Za-z]", o):
            longs = [x for x in same if x.startswith("--")]
            letters.setdefault(o, set()).update(
                (x, c) for x in longs[:1])
for o in sorted(letters):
    meanings = {x for x, _ in letters[o]}
    t(len(meanings) == 1, "%s means one thing in every command (%s)" % (
        o, ", ".join("%s in %s" % (x, c) for x, c in sorted(letters[o]))))
# ... the meaning voxport(1)'s table gives it.
src = open(top + "/man/voxport.1").read()
sec = re.search(r"^\.SH OPTIONS COMMON TO ALL COMMANDS\n(.*?)(?=^\.SH )",
                src, re.M | re.S)
t(sec is not None, "voxport.1 has OPTIONS COMMON TO ALL COMMANDS")
table = {}
if sec:
    for tag in re.findall(r"^\.TP\n(.*)$", sec.group(1), re.M):
        tag = re.sub(r"\\f[BIRP]", "", tag).replace("\\-", "-")
        toks = OPT.findall(tag.split(" ", 1)[1] if tag.startswith(".")
                           else tag)
        if len(toks) >= 2 and re.fullmatch(r"-[A-Za-z]", toks[0]):
            table[toks[0]] = toks[1]
for o in sorted(letters):
    meanings = {x for x, _ in letters[o]}
    t(table.get(o) in meanings and len(meanings) == 1,
      "%s is %s in voxport.1's table" % (o, table.get(o)))
# -h is every command's (common_options()), not in the --help lists.
for c in commands:
    h = subprocess.run([vp, c, "-h"], capture_output=True).stdout
    t(h == open("help-%s.txt" % c, "rb").read(), "%s -h is --help" % c)
t(table.get("-h") == "--help", "-h is --help in voxport.1's table")
for o in sorted(set(table) - set(letters) - {"-h"}):
    t(False, "voxport.1's table has %s (%s), which no command takes" %
      (o, table[o]))

# 2. help CMD and the manual page: synopsis and options.
main = open("voxport.1.txt").read()
for c in commands:
    text = open("help-%s.txt" % c).read()
    hs = help_synopsis(text)
    if c in ("help", "version"):
        line = words(hs.replace("voxport ", "", 1))
        t(re.search(r"^\s+%s\s*$" % re.escape(line).replace(r"\ ", r"\s+"),
                    main, re.M | re.I) is not None,
          "%s: voxport.1 lists it as \"%s\"" % (c, line))
        continue
    try:
        rendered = open("voxport-%s.1.txt" % c).read()
        psrc = open("%s/man/voxport-%s.1" % (top, c)).read()
    except OSError:
        t(False, "%s: no manual page voxport-%s.1" % (c, c))
        continue
    ms = man_synopsis(rendered)
    t(hs.lower() == ms.lower(),
      "%s: the same synopsis in --help and voxport-%s.1%s" % (
          c, c, "" if hs.lower() == ms.lower() else
          " (help: %s; man: %s)" % (hs, ms)))
    ho, mo = set(help_options(text)), man_options(psrc)
    t(ho == mo, "%s: the same options in --help and voxport-%s.1%s" % (
        c, c, "" if ho == mo else " (only in help: %s; only in man: %s)" % (
            " ".join(sorted(ho - mo)) or "-",
            " ".join(sorted(mo - ho)) or "-")))
PY
