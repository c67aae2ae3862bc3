#!/usr/bin/python3
"""ids.py PROVIDER_DIR ID (--grep | --mlr): what the command-line peers of
bench/run.sh are given for one subscriber, from subscribers.csv:
  --grep  the identifiers as fixed strings, one a line, for `grep -F -f`:
          extensions, SIP usernames, account codes, and each phone number
          as written, nationally, internationally and in E.164
  --mlr   a Miller `filter` expression keeping the rows whose caller or
          called side is the subscriber's (src or dst one of the numbers
          or extensions, a channel's endpoint one of them, or an account
          code), columns named by position (--implicit-csv-header), all
          values strings (-S: "+44..." is not the number 44...)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdrlib  # noqa: E402


def forms(s):
    out = set(s.names)
    for n in s.numbers:  # +442079460100: 02079460100, 442079460100
        out.update({n, n[1:]})
        if n.startswith("+" + cdrlib.COUNTRY_CODE):
            out.add("0" + n[1 + len(cdrlib.COUNTRY_CODE):])
    return sorted(x for x in out if x)


def rx(v):
    """A regular expression for the literal v, in a Miller string: a
    special character goes in a bracket class (Miller's string literals
    take no backslash before "+")."""
    return "".join("[%s]" % c if c in ".+*?()|{}$" else c for c in v)


def main():
    root, sid, mode = sys.argv[1:4]
    subs = cdrlib.read_subscribers(os.path.join(root, "subscribers.csv"))
    s = next(x for x in subs if x.id == sid)
    if mode == "--grep":
        print("\n".join(forms(s) + sorted(s.accounts)))
        return
    alt = "|".join(rx(x) for x in forms(s))
    ep = "|".join(rx(x) for x in sorted(s.names))
    cond = ['$2 =~ "^(%s)$"' % alt, '$3 =~ "^(%s)$"' % alt,
            '$6 =~ "^[^/]+/(%s)(-[0-9a-f]+)?$"' % ep,
            '$7 =~ "^[^/]+/(%s)(-[0-9a-f]+)?$"' % ep]
    for a in sorted(s.accounts):
        cond += ['$1 == "%s"' % a, '(is_present($21) && $19 == "%s")' % a]
    print(" || ".join(cond))


if __name__ == "__main__":
    main()
