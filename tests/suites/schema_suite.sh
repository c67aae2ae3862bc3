#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# schema_suite.sh: the official JSON-Schema-Test-Suite (Debian package
# json-schema-test-suite), draft7, through tests/tools/schema_suite.
# Prints its TAP: one line per required case, "#" lines for optional/.
set -u

top=${VOXPORT_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${VOXPORT_BUILD:-$top/build}
suite=${SCHEMA_SUITE_DIR:-/usr/share/json-schema-test-suite}

if [ ! -d "$suite/tests/draft7" ]; then
	echo "not ok 1 - schema suite: $suite/tests/draft7 missing" \
		"(install json-schema-test-suite)"
	exit 0
fi
if [ ! -x "$build/tests/schema_suite" ]; then
	echo "not ok 1 - schema suite: $build/tests/schema_suite not built"
	exit 0
fi
"$build/tests/schema_suite" "$suite/tests/draft7" "$suite/remotes" \
	"$top/tests/suites/schema-suite.skip"
exit 0
