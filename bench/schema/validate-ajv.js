#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// validate-ajv.js: the Ajv side of the schema benchmark (run.sh runs it).
//
//	node validate-ajv.js SCHEMA_DIR SCHEMA_FILE DATA.jsonl
//
// Ajv 8 (draft-07, its default) with ajv-formats in "full" mode, the
// versions pinned in package-lock.json.  Loads every *.schema.json of
// SCHEMA_DIR, compiles SCHEMA_FILE once, then reads DATA.jsonl in batches
// of BATCH lines: JSON.parse the batch, then validate it, timing the two
// phases apart, as validate_bench.c does.  Prints one line:
//	records=N invalid=N parse_s=S validate_s=S total_s=S
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const BATCH = 10;
const CHUNK = 1 << 24;

const [dir, file, data] = process.argv.slice(2);
if (!data) {
	console.error('usage: validate-ajv.js SCHEMA_DIR SCHEMA_FILE DATA.jsonl');
	process.exit(2);
}
const ajv = new Ajv({ strict: false });
addFormats(ajv);
for (const name of fs.readdirSync(dir)) {
	if (name.endsWith('.schema.json'))
		ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, name))));
}
const validate = ajv.getSchema('https://voxport.example/schemas/v1/' + file);

const now = () => Number(process.hrtime.bigint()) / 1e9;
let records = 0, invalid = 0, parse = 0, check = 0;
const t0 = now();
const fd = fs.openSync(data, 'r');
const buf = Buffer.alloc(CHUNK);
let rest = '', lines = [], eof = false;

// The next BATCH lines of the file, as strings.
function nextLines() {
	const out = [];
	while (out.length < BATCH) {
		if (!lines.length) {
			if (eof)
				break;
			const n = fs.readSync(fd, buf, 0, CHUNK, null);
			if (n === 0) {
				eof = true;
				if (rest)
					lines = [rest];
				rest = '';
				continue;
			}
			lines = (rest + buf.toString('utf8', 0, n)).split('\n');
			rest = lines.pop();
			lines.reverse();
		}
		out.push(lines.pop());
	}
	return out;
}

for (;;) {
	let t = now();
	const text = nextLines();
	const batch = text.map((l) => JSON.parse(l));
	parse += now() - t;
	if (!batch.length)
		break;
	t = now();
	for (const rec of batch)
		if (!validate(rec))
			invalid++;
	check += now() - t;
	records += batch.length;
}
console.log(`records=${records} invalid=${invalid} ` +
	`parse_s=${parse.toFixed(3)} validate_s=${check.toFixed(3)} ` +
	`total_s=${(now() - t0).toFixed(3)}`);
