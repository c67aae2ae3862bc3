#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// validate-archive-ajv.js: what `voxport validate A.zip` does, as a Node
// engineer would write it with Ajv: the peer of the end-to-end benchmark.
//
//	node validate-archive-ajv.js SCHEMA_DIR ARCHIVE.zip
//
// yauzl reads the zip (central directory, then each member as a stream
// through Node's zlib); Ajv 8 (draft-07) with ajv-formats in "full" mode
// checks the manifest against manifest.schema.json and every JSONL line
// and JSON member against the schema the manifest names; each listed
// member's size, SHA-256 and record count are checked against the
// manifest (CSV rows quote-aware, vCards by BEGIN:VCARD), shipped schemas
// against SCHEMA_DIR's, unlisted members reported.  Versions are pinned
// in package-lock.json.  Prints, as voxport does,
//	NAME: valid (N members, R records)
// or each problem and "NAME: invalid (N problems)", exit 0 or 3.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const yauzl = require('yauzl');

const BASE = 'https://voxport.example/schemas/v1/';
const [dir, archive] = process.argv.slice(2);
if (!archive) {
	console.error('usage: validate-archive-ajv.js SCHEMA_DIR ARCHIVE.zip');
	process.exit(2);
}

const ajv = new Ajv({ strict: false });
addFormats(ajv);
const shipped = new Map();
for (const name of fs.readdirSync(dir)) {
	if (name.endsWith('.schema.json')) {
		const doc = JSON.parse(fs.readFileSync(path.join(dir, name)));
		shipped.set(name, doc);
		ajv.addSchema(doc);
	}
}

let problems = 0;
function problem(msg) {
	problems++;
	console.error(msg);
}

function failures(what, validate) {
	for (const e of validate.errors)
		problem(`${what}: ${e.instancePath || '/'}: ${e.message}`);
}

function openZip(file) {
	return new Promise((resolve, reject) =>
		yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) =>
			err ? reject(err) : resolve(zip)));
}

function entries(zip) {
	return new Promise((resolve, reject) => {
		const byName = new Map();
		zip.on('entry', (e) => {
			byName.set(e.fileName, e);
			zip.readEntry();
		});
		zip.on('end', () => resolve(byName));
		zip.on('error', reject);
		zip.readEntry();
	});
}

// Stream one member through fn(chunk); resolves to its size and SHA-256.
function stream(zip, entry, fn) {
	return new Promise((resolve, reject) => {
		zip.openReadStream(entry, (err, rs) => {
			if (err)
				return reject(err);
			const hash = crypto.createHash('sha256');
			let bytes = 0;
			rs.on('data', (chunk) => {
				hash.update(chunk);
				bytes += chunk.length;
				fn(chunk);
			});
			rs.on('end', () => resolve({ bytes, sha: hash.digest('hex') }));
			rs.on('error', reject);
		});
	});
}

// Calls fn(line, number) for each line of a stream of chunks.
function lineSplitter(fn) {
	let rest = null, number = 0;
	const feed = (chunk) => {
		let buf = rest ? Buffer.concat([rest, chunk]) : chunk, start = 0, nl;
		while ((nl = buf.indexOf(10, start)) >= 0) {
			fn(buf.toString('utf8', start, nl), ++number);
			start = nl + 1;
		}
		rest = start < buf.length ? buf.subarray(start) : null;
	};
	feed.end = () => {
		if (rest)
			fn(rest.toString('utf8'), ++number);
	};
	return feed;
}

async function readAll(zip, entry) {
	const parts = [];
	const r = await stream(zip, entry, (c) => parts.push(c));
	r.text = Buffer.concat(parts).toString('utf8');
	return r;
}

async function checkFile(zip, byName, f) {
	const entry = byName.get(f.path);
	if (!entry) {
		problem(`${f.path}: listed in the manifest but not in the archive`);
		return null;
	}
	const validate = f.schema ? ajv.getSchema(BASE + f.schema.replace(/^schemas\//, '')) :
		null;
	let records = -1, r;
	if (f.path.endsWith('.jsonl')) {
		records = 0;
		const feed = lineSplitter((line, n) => {
			records++;
			let rec;
			try {
				rec = JSON.parse(line);
			} catch (e) {
				problem(`${f.path}:${n}: not JSON: ${e.message}`);
				return;
			}
			if (validate && !validate(rec))
				failures(`${f.path}:${n}`, validate);
		});
		r = await stream(zip, entry, feed);
		feed.end();
	} else if (f.path.endsWith('.json')) {
		r = await readAll(zip, entry);
		let doc;
		try {
			doc = JSON.parse(r.text);
		} catch (e) {
			problem(`${f.path}: not JSON: ${e.message}`);
		}
		if (doc !== undefined && f.path.startsWith('schemas/')) {
			const mine = shipped.get(f.path.slice(8));
			if (!mine || JSON.stringify(mine) !== JSON.stringify(doc))
				problem(`${f.path}: differs from the schema of format v1`);
		} else if (doc !== undefined) {
			records = Array.isArray(doc) ? doc.length : 1;
			if (validate && !validate(doc))
				failures(f.path, validate);
		}
	} else if (f.path.endsWith('.csv')) {
		// Rows, not lines: a newline inside quotes does not end one.
		let rows = 0, quoted = false, last = 10;
		r = await stream(zip, entry, (chunk) => {
			for (let i = 0; i < chunk.length; i++) {
				const b = chunk[i];
				if (b === 34)
					quoted = !quoted;
				else if (b === 10 && !quoted)
					rows++;
				last = b;
			}
		});
		if (last !== 10)
			rows++;
		records = rows ? rows - 1 : 0;
	} else if (f.path.endsWith('.vcf')) {
		records = 0;
		const feed = lineSplitter((line) => {
			if (/^BEGIN:VCARD/i.test(line))
				records++;
		});
		r = await stream(zip, entry, feed);
		feed.end();
	} else {
		r = await stream(zip, entry, () => {});
	}
	if (r.bytes !== f.bytes)
		problem(`${f.path}: ${r.bytes} bytes, the manifest says ${f.bytes}`);
	if (r.sha !== f.sha256)
		problem(`${f.path}: SHA-256 differs from the manifest's`);
	if (records >= 0 && f.records !== undefined && f.records !== records)
		problem(`${f.path}: ${records} records, the manifest says ${f.records}`);
	// The total counts data records: not the CSV and vCard twins, nor a
	// documentation member such as processing.json (as voxport does).
	return { records: f.path.endsWith('.csv') || f.path.endsWith('.vcf') ||
		f.category === 'documentation' ? 0 : Math.max(records, 0) };
}

async function main() {
	const zip = await openZip(archive);
	const byName = await entries(zip);
	const name = path.basename(archive);
	const me = byName.get('manifest.json');
	if (!me) {
		problem(`${name}: manifest.json: missing`);
	} else {
		const manifest = JSON.parse((await readAll(zip, me)).text);
		const vm = ajv.getSchema(BASE + 'manifest.schema.json');
		if (!vm(manifest))
			failures('manifest.json', vm);
		const files = Array.isArray(manifest.files) ? manifest.files : [];
		const listed = new Set(files.map((f) => f.path));
		for (const n of byName.keys())
			if (n !== 'manifest.json' && !n.endsWith('/') && !listed.has(n))
				problem(`${n}: in the archive but not listed in the manifest`);
		let members = 0, records = 0;
		for (const f of files) {
			const r = await checkFile(zip, byName, f);
			if (r) {
				members++;
				records += r.records;
			}
		}
		if (problems === 0) {
			console.log(`${name}: valid (${members} members, ${records} records)`);
			zip.close();
			return 0;
		}
	}
	zip.close();
	console.log(`${name}: invalid (${problems} problems)`);
	return 3;
}

main().then((code) => process.exit(code), (err) => {
	console.error(`validate-archive-ajv.js: ${err.message}`);
	process.exit(1);
});
