#!/bin/sh
# gen.sh: rewrite the fixtures whose bytes matter (UTF-16) with iconv, so
# their bytes are plain to read here.  The other fixtures are ordinary
# text files.  Run from anywhere.
set -eu
cd "$(dirname "$0")"

# The single message in UTF-16LE with a BOM (a file saved by a Windows
# editor); Twilio writes UTF-8.
{
	printf '\377\376'
	iconv -f UTF-8 -t UTF-16LE ok/message-single.json
} >bad/utf16.json
