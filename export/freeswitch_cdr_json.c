/* SPDX-License-Identifier: Apache-2.0 */
/*
 * freeswitch_cdr_json.c: FreeSWITCH mod_json_cdr files, one call leg each,
 * as switch_ivr_generate_json_cdr() (src/switch_ivr.c, FreeSWITCH 1.6 to
 * 1.10) writes them to <log_dir>/json_cdr/: [a_]<uuid>.cdr.json.  A source
 * path may be one file or the folder of them (every *.json under it).
 *
 *	{"core-uuid": ..., "switchname": ...,
 *	 "channel_data": {"state", "direction", "state_number", ...},
 *	 "callStats": {"audio": {"inbound": {...}, "outbound": {...}}, ...},
 *	 "variables": {"name": "URL-encoded value", ...},
 *	 "app_log": {"applications": [{"app_name", "app_data", ...}]},
 *	 "callflow": [{"dialplan", "profile_index", "extension": {...,
 *	     "applications": [{"last_executed": "true", "app_name", ...}]},
 *	   "caller_profile": {..., "originator": {"originator_caller_profiles":
 *	     [...]}, "originatee": {"originatee_caller_profiles": [...]}},
 *	   "times": {"created_time": "<µs>", ...}}, ...]}
 *
 * Every value is a JSON string, numbers too.  Variables are URL-encoded
 * unless the module ran with encode-values=false; freeswitch_cdr.c decides
 * by the values themselves.  Releases before the callflow array wrote one
 * "callflow" key per caller profile in the same object (newest first);
 * those are all read, in order.  FreeSWITCH writes a bare nan (or -nan,
 * inf) in callStats when a channel had no media to measure, which is not
 * JSON: such tokens outside strings are read as null (callStats is dropped
 * anyway), and the file is read.  A file is read whole, so one larger than
 * VOX_FS_MAX_FILE (16 MiB; a real one is a few kB) is refused.  The mapping
 * to a call of one leg is export/freeswitch_cdr.c's, shared with
 * freeswitch-cdr-xml: see there for what is kept and what is dropped.  An
 * optional "hold-record" array of {"on", "off", "bridged-to"} is read as
 * the XML's hold records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "freeswitch_cdr.h"
#include "record.h"
#include "voxport/source.h"

#define FORMAT "freeswitch-cdr-json"

struct reader {
	FILE *in;
	const char *name;
	const struct vox_tz *tz;
	const struct vox_phone_plan *plan;
	int done;
	int oom;
	json_t *root;
	struct vox_arena arena;
	struct vox_fs_cdr cdr;
	struct vox_record rec;
	struct vox_call_leg leg;
};

/* ---- bidding ---------------------------------------------------------- */

static int contains(const unsigned char *b, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(b + i, s, n) == 0)
			return 1;
	return 0;
}

static int bid(const unsigned char *buf, size_t len)
{
	static const char *const keys[] = {
		"\"core-uuid\"", "\"channel_data\"", "\"variables\"",
		"\"callflow\"",
	};
	size_t i = 0, k;
	int score = 0;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", buf[i]) && buf[i])
		i++;
	if (i >= len || buf[i] != '{')
		return 0;
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (contains(buf + i, len - i, keys[k]))
			score += 15;
	/* callStats can push variables past the first bytes: two will do */
	return score >= 30 ? score : 0;
}

/* ---- the text before jansson ------------------------------------------ */

static int ident(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int nan_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"nan", "NaN", "NAN", "inf", "Inf", "INF", "Infinity",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && memcmp(s, words[i], n) == 0)
			return 1;
	return 0;
}

/* in[i..] is the string key (quotes included) of a member. */
static int is_key(const char *in, size_t len, size_t i, const char *key)
{
	size_t n = strlen(key);

	if (len - i < n || memcmp(in + i, key, n) != 0)
		return 0;
	for (i += n; i < len && strchr(" \t\r\n", in[i]) && in[i]; i++)
		;
	return i < len && in[i] == ':';
}

/*
 * A copy of in[0..len) that jansson reads as FreeSWITCH meant it: bare
 * nan/-nan/inf outside strings as null, and the second and later
 * top-level "callflow" keys as "callflow 2", "callflow 3" ... (older
 * releases repeat the key; jansson keeps only the last).  Line breaks are
 * kept, so jansson's line numbers are the file's.
 */
static char *clean(const char *in, size_t len, size_t *outlen)
{
	char *out = malloc(len * 2 + 64);
	size_t i = 0, o = 0;
	int depth = 0, instr = 0;
	unsigned flows = 0;

	if (!out)
		return NULL;
	while (i < len) {
		char c = in[i];

		if (instr) {
			out[o++] = c;
			i++;
			if (c == '\\' && i < len)
				out[o++] = in[i++];
			else if (c == '"')
				instr = 0;
			continue;
		}
		if (c == '"') {
			if (depth == 1 && is_key(in, len, i, "\"callflow\"") &&
			    ++flows > 1 && flows < 100000) {
				o += (size_t)snprintf(out + o, 24,
						      "\"callflow %u\"", flows);
				i += 10;
				continue;
			}
			instr = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (ident((unsigned char)c) ||
			   (c == '-' && i + 1 < len &&
			    ident((unsigned char)in[i + 1]))) {
			size_t j = i + (c == '-');

			while (j < len && ident((unsigned char)in[j]))
				j++;
			if (nan_word(in + i + (c == '-'),
				     j - i - (c == '-'))) {
				memcpy(out + o, "null", 4);
				o += 4;
			} else {
				memcpy(out + o, in + i, j - i);
				o += j - i;
			}
			i = j;
			continue;
		}
		out[o++] = c;
		i++;
	}
	*outlen = o;
	return out;
}

/* ---- from the JSON tree to the CDR ------------------------------------ */

/* A scalar as text in the arena: strings as they are, numbers written. */
static const char *scalar(struct reader *r, const json_t *v)
{
	const char *s;
	char buf[40];

	if (json_is_string(v))
		s = json_string_value(v);
	else if (json_is_integer(v))
		snprintf(buf, sizeof(buf), "%lld",
			 (long long)json_integer_value(v)), s = buf;
	else if (json_is_real(v))
		snprintf(buf, sizeof(buf), "%.17g", json_real_value(v)), s = buf;
	else if (json_is_true(v))
		s = "true";
	else if (json_is_false(v))
		s = "false";
	else
		return NULL;
	s = vox_arena_strdup(&r->arena, s);
	if (!s)
		r->oom = 1;
	return s;
}

static const char *get(struct reader *r, const json_t *o, const char *key)
{
	return scalar(r, json_object_get(o, key));
}

/* The scalar members of object o into x (objects and arrays skipped). */
static void members(struct reader *r, const json_t *o, struct vox_extra *x)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)o, key, v) {
		const char *s = scalar(r, v);

		if (s && vox_extra_add(&r->arena, x, key, s) != VOX_OK)
			r->oom = 1;
	}
}

/* The first profile of caller_profile[which][which_caller_profiles]. */
static const json_t *other_profile(const json_t *cp, const char *which)
{
	char key[40];
	const json_t *list;

	snprintf(key, sizeof(key), "%s_caller_profiles", which);
	list = json_object_get(json_object_get(cp, which), key);
	if (json_is_array(list))
		return json_array_get(list, 0);
	return json_is_object(list) ? list : NULL;
}

static void flow(struct reader *r, const json_t *j)
{
	struct vox_fs_flow *f;
	const json_t *cp = json_object_get(j, "caller_profile");
	const json_t *apps, *app;
	size_t i;

	if (!json_is_object(j))
		return;
	f = vox_arena_push(&r->arena, &r->cdr.flows, &r->cdr.nflows,
			   &r->cdr.capflows, sizeof(*f));
	if (!f) {
		r->oom = 1;
		return;
	}
	f->profile_index = get(r, j, "profile_index");
	if (json_is_object(cp)) {
		members(r, cp, &f->profile);
		f->originator_uuid = get(r, other_profile(cp, "originator"),
					 "uuid");
		f->originatee_chan = get(r, other_profile(cp, "originatee"),
					 "chan_name");
	}
	if (json_is_object(json_object_get(j, "times")))
		members(r, json_object_get(j, "times"), &f->times);
	apps = json_object_get(json_object_get(j, "extension"),
			       "applications");
	json_array_foreach(apps, i, app) {
		const char *last = get(r, app, "last_executed");

		if (last && strcmp(last, "true") == 0) {
			f->app = get(r, app, "app_name");
			f->app_data = get(r, app, "app_data");
		}
	}
}

static void fill(struct reader *r)
{
	const json_t *root = r->root, *v, *h;
	const char *key;
	size_t i;

	r->cdr.core_uuid = get(r, root, "core-uuid");
	r->cdr.switchname = get(r, root, "switchname");
	r->cdr.channel_direction = get(r, json_object_get(root,
		"channel_data"), "direction");
	v = json_object_get(root, "variables");
	if (json_is_object(v))
		members(r, v, &r->cdr.vars);
	json_object_foreach((json_t *)root, key, v) {
		if (strcmp(key, "callflow") != 0 &&
		    strncmp(key, "callflow ", 9) != 0)
			continue;
		if (json_is_array(v))
			json_array_foreach(v, i, h)
				flow(r, h);
		else
			flow(r, v);
	}
	json_array_foreach(json_object_get(root, "hold-record"), i, h) {
		struct vox_fs_hold *hold = vox_arena_push(
			&r->arena, &r->cdr.holds, &r->cdr.nholds,
			&r->cdr.capholds, sizeof(*hold));

		if (!hold) {
			r->oom = 1;
			break;
		}
		hold->on = get(r, h, "on");
		hold->off = get(r, h, "off");
		hold->bridged_to = get(r, h, "bridged-to");
	}
}

/* ---- reading ---------------------------------------------------------- */

static int load(struct reader *r, struct vox_error *err)
{
	size_t cap = 1 << 16, len = 0, n, clen;
	char *buf = malloc(cap), *text;
	json_error_t jerr;

	if (!buf)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	while ((n = fread(buf + len, 1, cap - len, r->in)) > 0) {
		len += n;
		if (len > VOX_FS_MAX_FILE) {
			free(buf);
			return vox_error_set(err, VOX_E_LIMIT, "%s: larger "
					     "than %u MiB: not the CDR of one "
					     "call leg", r->name,
					     VOX_FS_MAX_FILE >> 20);
		}
		if (len == cap) {
			char *b = realloc(buf, cap * 2);

			if (!b) {
				free(buf);
				return vox_error_set(err, VOX_E_NOMEM,
						     "out of memory");
			}
			buf = b;
			cap *= 2;
		}
	}
	if (ferror(r->in)) {
		free(buf);
		return vox_error_errno(err, VOX_E_IO, r->name);
	}
	text = clean(buf, len, &clen);
	free(buf);
	if (!text)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	r->root = json_loadb(text, clen, 0, &jerr);
	free(text);
	if (!r->root)
		return vox_error_set(err, VOX_E_DATA, "%s:%d: invalid JSON: %s",
				     r->name, jerr.line, jerr.text);
	if (!json_is_object(r->root) ||
	    (!json_is_object(json_object_get(r->root, "variables")) &&
	     !json_object_get(r->root, "callflow")))
		return vox_error_set(err, VOX_E_DATA, "%s: not a mod_json_cdr "
				     "file (no \"variables\" object or "
				     "\"callflow\")", r->name);
	return VOX_OK;
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;
	struct vox_fs_map m = { FORMAT, r->name, r->tz, r->plan, &r->arena };

	if (r->done)
		return VOX_EOF;
	r->done = 1;
	if (load(r, err) != VOX_OK)
		return VOX_ERR;
	fill(r);
	if (r->oom)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	if (vox_fs_cdr_map(&m, &r->cdr, &r->rec, &r->leg, err) != VOX_OK)
		return VOX_ERR;
	*rec = &r->rec;
	return VOX_OK;
}

/* ---- open and close --------------------------------------------------- */

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	(void)state;
	(void)value;
	return vox_error_set(err, VOX_E_CONFIG,
			     FORMAT ": unknown option \"%.60s\"", key);
}

static void close_reader(void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	json_decref(r->root);
	vox_arena_release(&r->arena);
	free(r);
}

static void *open_reader(const struct vox_source_args *args,
			 struct vox_error *err)
{
	struct reader *r = calloc(1, sizeof(*r));

	if (!r) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	r->in = args->in;
	r->name = args->name ? args->name : "-";
	r->tz = args->tz;
	r->plan = args->plan;
	vox_arena_init(&r->arena);
	return r;
}

const struct vox_source vox_source_freeswitch_cdr_json = {
	.name = FORMAT,
	.summary = "FreeSWITCH mod_json_cdr files, one per call leg",
	.kinds = VOX_CALL,
	.options = NULL,
	.files = "*.json",
	.bid = bid,
	.open = open_reader,
	.option = set_option,
	.next = next_record,
	.close = close_reader,
};
