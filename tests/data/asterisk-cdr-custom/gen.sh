#!/bin/sh
# gen.sh: rewrite the fixtures whose bytes matter (UTF-16, Latin-1, CRLF)
# with printf, so their bytes are plain to read here.  The other fixtures
# are ordinary text files.  Run from anywhere.
set -eu
cd "$(dirname "$0")"

# The sample template's line in UTF-16LE with a BOM (a file that went
# through a Windows editor): NUL bytes on every line.
{
	printf '\377\376'
	head -n 1 ok/sample.csv | iconv -f UTF-8 -t UTF-16LE
} >bad/utf16.csv

# Windows-1252 bytes in a name (0xFC u-umlaut) and lastdata (0xE7
# c-cedilla), read as Windows-1252; CRLF line ends.
{
	printf '"""J\374rgen M\374ller"" <1001>","1001","1002","from-internal",'
	printf '"PJSIP/1001-000000a0","PJSIP/1002-000000a1","Playback",'
	printf '"bienvenue-fran\347ais,noanswer","2024-10-01 09:00:00",'
	printf '"2024-10-01 09:00:01","2024-10-01 09:00:31","31","30",'
	printf '"ANSWERED","DOCUMENTATION","","1727773200.1","",1\r\n'
} >ok/latin1-crlf.csv
