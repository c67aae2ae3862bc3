/* SPDX-License-Identifier: Apache-2.0 */
/*
 * freeswitch_cdr_xml.c: FreeSWITCH mod_xml_cdr files, one call leg each,
 * as switch_ivr_generate_xml_cdr() (src/switch_ivr.c, FreeSWITCH 1.6 to
 * 1.10) writes them to <log_dir>/xml_cdr/: a_<uuid>.cdr.xml for an A-leg
 * (prefix-a-leg=true), <uuid>.cdr.xml otherwise.  A source path may be one
 * file or the folder of them (every *.xml under it).
 *
 *	<cdr core-uuid= switchname=>
 *	  <channel_data> state, direction, state_number, flags, caps
 *	  <call-stats> (or <callStats>) media statistics
 *	  <variables> one element per channel variable, text URL-encoded
 *	  <app_log> <application app_name= app_data= app_stamp=/>...
 *	  <hold-record> <hold on= off= [bridged-to=]/>...    (µs epochs)
 *	  <callflow dialplan= unique-id= profile_index=>... newest first
 *	    <extension name= number=> <application [last_executed="true"]
 *	      app_name= app_data=/>...
 *	    <caller_profile> username, caller_id_name, caller_id_number,
 *	      callee_id_name, destination_number, uuid, context, chan_name,
 *	      ..., <origination|originator|originatee>
 *	      <..._caller_profile> the other leg's profile
 *	    <times> created_time ... hangup_time (µs; 0 = did not happen)
 *
 * The XML is read as a stream through src/xml_safe.c (no entities, no DTD,
 * limits); only the leaves the mapping needs are kept, and a file larger
 * than VOX_FS_MAX_FILE (16 MiB; a real one is a few kB) is refused.  The
 * mapping to a call of one leg is export/freeswitch_cdr.c's, shared with
 * freeswitch-cdr-json: see there for what is kept and what is dropped.
 * The A- and B-leg files of one call carry the same call id (call_uuid),
 * which becomes the call's group_id, so their legs are joined into one
 * call.  The bare `nan` FreeSWITCH writes in call-stats when a channel had
 * no media is only text here (call-stats is dropped), and never stops the
 * file.  A variable whose name is not an XML name (FreeSWITCH writes it as
 * it is) makes the file not well-formed: it is refused, naming the line.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "freeswitch_cdr.h"
#include "record.h"
#include "voxport/source.h"
#include "xml_safe.h"

#define FORMAT "freeswitch-cdr-xml"
#define MAX_PATH 8		/* element levels whose names are kept */

struct reader {
	struct vox_xml *xml;
	const char *name;
	const struct vox_tz *tz;
	const struct vox_phone_plan *plan;
	int done;
	int oom;
	size_t held;			/* bytes kept, against the limit */
	const char *path[MAX_PATH];	/* element names by depth */
	int collect;			/* depth of the leaf whose text is
					 * collected, or -1 */
	char *buf;			/* its text */
	size_t len, cap;
	struct vox_fs_flow *flow;	/* the callflow being read */
	struct vox_arena arena;
	struct vox_fs_cdr cdr;
	struct vox_record rec;
	struct vox_call_leg leg;
};

/* ---- bidding ---------------------------------------------------------- */

/* Skip blanks, the XML declaration, comments and PIs: the root's offset. */
static size_t prolog_end(const unsigned char *b, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (;;) {
		while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' ||
				   b[i] == '\n'))
			i++;
		if (i + 4 <= len && memcmp(b + i, "<!--", 4) == 0) {
			for (i += 4; i + 3 <= len; i++)
				if (memcmp(b + i, "-->", 3) == 0)
					break;
			if (i + 3 > len)
				return len;
			i += 3;
		} else if (i + 2 <= len && memcmp(b + i, "<?", 2) == 0) {
			for (i += 2; i + 2 <= len; i++)
				if (memcmp(b + i, "?>", 2) == 0)
					break;
			if (i + 2 > len)
				return len;
			i += 2;
		} else {
			return i;
		}
	}
}

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
	size_t i = prolog_end(buf, len);
	int score;

	if (len - i < 5 || memcmp(buf + i, "<cdr", 4) != 0 ||
	    !strchr(" \t\r\n>/", buf[i + 4]) || !buf[i + 4])
		return 0;
	score = 40;	/* a root of three letters */
	if (contains(buf + i, len - i, "core-uuid=") ||
	    contains(buf + i, len - i, "<channel_data>"))
		score += 20;
	if (contains(buf + i, len - i, "<variables>"))
		score += 10;
	return score;
}

/* ---- reading ---------------------------------------------------------- */

static xmlTextReaderPtr xr(struct reader *r)
{
	return vox_xml_reader(r->xml);
}

static int is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

static const char *at(struct reader *r, int depth)
{
	return depth >= 0 && depth < MAX_PATH ? r->path[depth] : NULL;
}

static int charge(struct reader *r, size_t n)
{
	r->held += n;
	return r->held <= VOX_FS_MAX_FILE;
}

static const char *copy(struct reader *r, const char *s)
{
	char *c;

	if (!s)
		return NULL;
	if (!charge(r, strlen(s) + 1))
		return NULL;
	c = vox_arena_strdup(&r->arena, s);
	if (!c)
		r->oom = 1;
	return c;
}

static const char *attr(struct reader *r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(xr(r), BAD_CAST name);
	const char *c = copy(r, (const char *)v);

	xmlFree(v);
	return c;
}

static void add(struct reader *r, struct vox_extra *x, const char *key,
		const char *value)
{
	if (!charge(r, strlen(key) + strlen(value) + 2 +
		    sizeof(struct vox_field)))
		return;
	if (vox_extra_add(&r->arena, x, key, value) != VOX_OK)
		r->oom = 1;
}

static void first(struct reader *r, const char **slot, const char *value)
{
	if (!*slot)
		*slot = copy(r, value);
}

/* The text of the leaf at depth d (its name path[d]) is complete. */
static void leaf(struct reader *r, int d, const char *name, const char *text)
{
	const char *s1 = at(r, 1), *s2 = at(r, 2), *s3 = at(r, 3);
	struct vox_fs_flow *f = r->flow;

	if (d == 2 && is(s1, "variables")) {
		add(r, &r->cdr.vars, name, text);
	} else if (d == 2 && is(s1, "channel_data")) {
		if (is(name, "direction"))
			first(r, &r->cdr.channel_direction, text);
	} else if (d == 3 && f && is(s1, "callflow") &&
		   is(s2, "caller_profile")) {
		add(r, &f->profile, name, text);
	} else if (d == 3 && f && is(s1, "callflow") && is(s2, "times")) {
		add(r, &f->times, name, text);
	} else if (d >= 5 && f && is(s1, "callflow") &&
		   is(s2, "caller_profile")) {
		const char *parent = at(r, d - 1);

		if (is(s3, "originator") &&
		    is(parent, "originator_caller_profile") &&
		    is(name, "uuid"))
			first(r, &f->originator_uuid, text);
		if (is(s3, "originatee") &&
		    is(parent, "originatee_caller_profile") &&
		    is(name, "chan_name"))
			first(r, &f->originatee_chan, text);
	}
}

/* Whether the text of an element at depth d (named name) is wanted. */
static int wanted(struct reader *r, int d)
{
	const char *s1 = at(r, 1), *s2 = at(r, 2);

	if (d == 2)
		return is(s1, "variables") || is(s1, "channel_data");
	if (d == 3)
		return is(s1, "callflow") &&
			(is(s2, "caller_profile") || is(s2, "times"));
	return d >= 5 && is(s1, "callflow") && is(s2, "caller_profile");
}

static int element(struct reader *r, int d, const char *name,
		   struct vox_error *err)
{
	const char *s1 = at(r, 1), *s2 = at(r, 2);

	if (d == 0) {
		if (!is(name, "cdr"))
			return vox_error_set(err, VOX_E_DATA, "%s:%lu: not a "
					     "mod_xml_cdr file (root <%.40s>, "
					     "not <cdr>)", r->name,
					     vox_xml_line(r->xml), name);
		r->cdr.core_uuid = attr(r, "core-uuid");
		r->cdr.switchname = attr(r, "switchname");
	} else if (d == 1 && is(name, "callflow")) {
		r->flow = vox_arena_push(&r->arena, &r->cdr.flows,
					 &r->cdr.nflows, &r->cdr.capflows,
					 sizeof(*r->flow));
		if (!r->flow || !charge(r, sizeof(*r->flow))) {
			r->oom = !r->flow;
			r->flow = NULL;
			return VOX_OK;
		}
		r->flow->profile_index = attr(r, "profile_index");
	} else if (d == 2 && is(s1, "hold-record") && is(name, "hold")) {
		struct vox_fs_hold *h = vox_arena_push(
			&r->arena, &r->cdr.holds, &r->cdr.nholds,
			&r->cdr.capholds, sizeof(*h));

		if (!h || !charge(r, sizeof(*h))) {
			r->oom = !h;
			return VOX_OK;
		}
		h->on = attr(r, "on");
		h->off = attr(r, "off");
		h->bridged_to = attr(r, "bridged-to");
	} else if (d == 3 && r->flow && is(s1, "callflow") &&
		   is(s2, "extension") && is(name, "application")) {
		xmlChar *last = xmlTextReaderGetAttribute(
			xr(r), BAD_CAST "last_executed");

		if (last && is((const char *)last, "true")) {
			r->flow->app = attr(r, "app_name");
			r->flow->app_data = attr(r, "app_data");
		}
		xmlFree(last);
	}
	return VOX_OK;
}

static int append(struct reader *r, const char *s)
{
	size_t n = strlen(s);

	if (r->len + n + 1 > r->cap) {
		size_t cap = r->cap ? r->cap : 256;
		char *b;

		while (cap < r->len + n + 1)
			cap *= 2;
		if (cap > VOX_FS_MAX_FILE + 1)
			return -1;
		b = realloc(r->buf, cap);
		if (!b) {
			r->oom = 1;
			return -1;
		}
		r->buf = b;
		r->cap = cap;
	}
	memcpy(r->buf + r->len, s, n + 1);
	r->len += n;
	return 0;
}

static int too_large(struct reader *r, struct vox_error *err)
{
	if (r->held > VOX_FS_MAX_FILE)
		return vox_error_set(err, VOX_E_LIMIT, "%s: more than %u MiB "
				     "of variables and profiles: not the "
				     "CDR of one call leg", r->name,
				     VOX_FS_MAX_FILE >> 20);
	return vox_error_set(err, VOX_E_LIMIT, "%s: larger than %u MiB: not "
			     "the CDR of one call leg", r->name,
			     VOX_FS_MAX_FILE >> 20);
}

/* Read the whole document into r->cdr. */
static int read_doc(struct reader *r, struct vox_error *err)
{
	int rc, seen_root = 0;

	r->collect = -1;
	while ((rc = vox_xml_read(r->xml, err)) == VOX_OK) {
		int type = xmlTextReaderNodeType(xr(r));
		int d = xmlTextReaderDepth(xr(r));
		const char *name = (const char *)xmlTextReaderConstName(xr(r));

		if (r->oom)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		if (r->held > VOX_FS_MAX_FILE ||
		    xmlTextReaderByteConsumed(xr(r)) > (long)VOX_FS_MAX_FILE)
			return too_large(r, err);
		if (type == XML_READER_TYPE_ELEMENT) {
			if (r->collect >= 0 && d > r->collect)
				r->collect = -1;	/* not a leaf after all */
			if (d == 0)
				seen_root = 1;
			if (d < MAX_PATH)
				r->path[d] = copy(r, name);
			if (element(r, d, name, err) != VOX_OK)
				return VOX_ERR;
			if (!wanted(r, d))
				continue;
			if (xmlTextReaderIsEmptyElement(xr(r))) {
				leaf(r, d, name, "");
			} else {
				r->collect = d;
				r->len = 0;
				if (append(r, "") != 0)
					return too_large(r, err);
			}
		} else if ((type == XML_READER_TYPE_TEXT ||
			    type == XML_READER_TYPE_CDATA ||
			    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			    type == XML_READER_TYPE_WHITESPACE) &&
			   r->collect >= 0 && d == r->collect + 1) {
			const char *v =
				(const char *)xmlTextReaderConstValue(xr(r));

			if (v && append(r, v) != 0)
				return r->oom ? vox_error_set(err, VOX_E_NOMEM,
					"out of memory") : too_large(r, err);
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (d == r->collect) {
				leaf(r, d, name, r->buf);
				r->collect = -1;
			} else if (r->collect >= 0 && d < r->collect) {
				r->collect = -1;
			}
			if (d == 1 && is(name, "callflow"))
				r->flow = NULL;
		}
	}
	if (rc != VOX_EOF)
		return VOX_ERR;
	if (r->oom)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	if (r->held > VOX_FS_MAX_FILE)
		return too_large(r, err);
	if (!seen_root)
		return vox_error_set(err, VOX_E_DATA, "%s: no <cdr> element",
				     r->name);
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
	if (read_doc(r, err) != VOX_OK ||
	    vox_fs_cdr_map(&m, &r->cdr, &r->rec, &r->leg, err) != VOX_OK)
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
	vox_xml_free(r->xml);
	vox_arena_release(&r->arena);
	free(r->buf);
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
	r->name = args->name ? args->name : "-";
	r->tz = args->tz;
	r->plan = args->plan;
	vox_arena_init(&r->arena);
	r->xml = vox_xml_open(args->in, r->name, NULL, NULL, err);
	if (!r->xml) {
		close_reader(r);
		return NULL;
	}
	return r;
}

const struct vox_source vox_source_freeswitch_cdr_xml = {
	.name = FORMAT,
	.summary = "FreeSWITCH mod_xml_cdr files, one per call leg",
	.kinds = VOX_CALL,
	.options = NULL,
	.files = "*.xml",
	.bid = bid,
	.open = open_reader,
	.option = set_option,
	.next = next_record,
	.close = close_reader,
};
