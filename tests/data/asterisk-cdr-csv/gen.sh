#!/bin/sh
# gen.sh: rewrite the fixtures whose bytes matter (Latin-1, CRLF, no final
# newline, binary) with printf, so their bytes are plain to read here.
# The other fixtures are ordinary text files.  Run from anywhere.
set -eu
cd "$(dirname "$0")"

# Latin-1 (Windows-1252) bytes: 0xFC u-umlaut, 0xE9 e-acute, 0xE7 c-cedilla,
# 0x80 the euro sign.  The second row is valid UTF-8 (0xC3 0xAB e-umlaut)
# and must be kept as it is.
{
	printf '"","1001","1002","from-internal","""J\374rgen M\374ller"" <1001>",'
	printf '"PJSIP/1001-000000a0","PJSIP/1002-000000a1","Playback",'
	printf '"bienvenue-fran\347ais,noanswer","2024-10-01 09:00:00",'
	printf '"2024-10-01 09:00:01","2024-10-01 09:00:31",31,30,"ANSWERED",'
	printf '"DOCUMENTATION"\n'
	printf '"Caf\351 \200","1003","1002","from-internal",'
	printf '"""Zo\303\253"" <1003>","PJSIP/1003-000000a2",'
	printf '"PJSIP/1002-000000a3","Dial","PJSIP/1002,20",'
	printf '"2024-10-01 09:05:00",,"2024-10-01 09:05:05",5,0,"NO ANSWER",'
	printf '"DOCUMENTATION"\n'
} >ok/latin1.csv

# CRLF line ends (a file that went through a Windows tool), 18 columns.
printf '%s\r\n%s\r\n' \
'"","1001","1002","from-internal","""Alice Smith"" <1001>","PJSIP/1001-000000b0","PJSIP/1002-000000b1","Dial","PJSIP/1002,20","2024-11-04 13:00:00","2024-11-04 13:00:04","2024-11-04 13:01:04",64,60,"ANSWERED","DOCUMENTATION","1730725200.80","crlf"' \
'"","1002","1001","from-internal","""Dave"" <1002>","PJSIP/1002-000000b2","PJSIP/1001-000000b3","Dial","PJSIP/1001,20","2024-11-04 13:10:00",,"2024-11-04 13:10:07",7,0,"BUSY","DOCUMENTATION","1730725800.81",""' \
	>ok/crlf.csv

# No newline after the last row, which ends in an unquoted integer.
printf '%s\n%s' \
'"","1001","1002","from-internal","""Alice Smith"" <1001>","PJSIP/1001-000000c0","PJSIP/1002-000000c1","Dial","PJSIP/1002,20","2024-12-02 10:00:00","2024-12-02 10:00:02","2024-12-02 10:00:22",22,20,"ANSWERED","DOCUMENTATION","1733133600.90","","","1733133600.90",11' \
'"","1002","1001","from-internal","""Dave"" <1002>","PJSIP/1002-000000c2","PJSIP/1001-000000c3","Dial","PJSIP/1001,20","2024-12-02 10:05:00","2024-12-02 10:05:01","2024-12-02 10:05:10",10,9,"ANSWERED","DOCUMENTATION","1733133900.91","","","1733133900.91",12' \
	>ok/no-final-newline.csv

# Not a CSV at all: the start of a PNG file, NUL bytes included.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\020\000\000\000\020\010\006\000\000\000\037\363\377a' \
	>bad/binary.csv
