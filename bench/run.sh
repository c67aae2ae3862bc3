#!/bin/sh
# bench/run.sh VOXPORT: what `make bench` runs.  Not part of `make check`:
# figures depend on the machine and are recorded by hand in
# bench/RESULTS.md with the command that made them.
#   RECORDS (default 1000000): call records for the schema benchmark
#   ROWS (default "100000 1000000"): Master.csv sizes for the export one
#   OLD_VOXPORT: an older binary to compare on the hostile archives
set -eu
here=$(cd "$(dirname "$0")" && pwd)
echo "== export from Asterisk Master.csv (bench/cdr/run.sh)"
sh "$here/cdr/run.sh" "$1" ${ROWS:-100000 1000000}
echo "== schema validation (bench/schema/run.sh)"
sh "$here/schema/run.sh" "${RECORDS:-1000000}"
echo "== hostile archives (bench/hostile/run.sh)"
sh "$here/hostile/run.sh" "$1" ${OLD_VOXPORT:-}
echo "== sbr-xml reader on generated sms.xml (bench/sbr/run.sh)"
sh "$here/sbr/run.sh" "$1"
