/* SPDX-License-Identifier: Apache-2.0 */
/*
 * freeswitch_cdr_xml.c: calls as FreeSWITCH mod_xml_cdr writes them, one
 * XML file per call leg in <log_dir>/xml_cdr/.
 *
 * Follows switch_ivr_generate_xml_cdr() (src/switch_ivr.c) and
 * mod_xml_cdr.c (FreeSWITCH 1.10): `<?xml version="1.0"?>`, then
 * <cdr core-uuid= switchname=> holding <channel_data> (state, direction,
 * state_number), <variables> (one element per channel variable, its text
 * URL-encoded as switch_url_encode() does it: bytes below 0x20 or above
 * 0x7E and CR LF space # % & + : ; < = > ? @ [ \ ] ^ ` { | } " become
 * upper-case %XX), and one <callflow> with <extension>, <caller_profile>
 * (not URL-encoded) and <times> (microseconds since the epoch, 0 for what
 * did not happen).  The library escapes the XML.
 *
 * Files are named as mod_xml_cdr names them with prefix-a-leg=true (its
 * sample default) and log-b-leg=true: the first leg of a call, the A-leg,
 * is a_<uuid>.cdr.xml, every other leg <uuid>.cdr.xml, so the legs of a
 * call are all there and the A-leg is told apart (prefix-a-leg=false
 * drops the a_).  uuid is the leg id, else the call id (first leg) or
 * "<call id>-<n>"; in the name, a byte other than [A-Za-z0-9._-] is '_',
 * and a name already made gets "-2", "-3" ... before ".cdr.xml".
 *
 * Mapping, per leg: uuid = the leg id, call_uuid = the call id;
 * channel_data direction "inbound" for the A-leg, "outbound" for the others
 * (as FreeSWITCH sees the channels it answered and originated); voxport's
 * direction (towards the subject) as call_direction inbound, outbound or
 * local; from.name/raw as caller_id_name/number (and caller_id, `"name"
 * <number>`), to.raw as destination_number, to.name as the caller
 * profile's callee_id_name; channel as channel_name, peer_channel as
 * bridge_channel, context, account_code as accountcode, application and
 * its data as last_app and last_arg; start, answer, end as *_stamp (local
 * time in the run's zone, or tz=), *_epoch and *_uepoch (answer_epoch 0
 * and no answer_stamp when not answered), duration, billsec, uduration,
 * billusec; hangup_cause (and hangup_cause_q850) the leg's disposition
 * when it is a FreeSWITCH cause name, else from the status: NORMAL_CLEARING,
 * NO_ANSWER, USER_BUSY, NORMAL_TEMPORARY_FAILURE, NORMAL_CIRCUIT_CONGESTION,
 * ORIGINATOR_CANCEL.  Each value in a leg's extra becomes a variable of
 * that name after these.
 *
 * Cannot hold (losses()): the peer account, and a disposition that is not
 * a cause name.  Not written: the provenance (source), an extra key that
 * is not an XML name or is one of the variables above (NEEDSWORK: no loss
 * entry can name single extra keys).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlwriter.h>

#include "arena.h"
#include "timeconv.h"
#include "voxport/target.h"

#define FORMAT "freeswitch-cdr-xml"
#define SUFFIX ".cdr.xml"
#define NAME_MAX_ID 160		/* bytes of the uuid kept in a file name */

/* The names made so far: an open-addressed set of arena strings. */
struct names {
	const char **v;
	size_t cap, n;
};

struct writer {
	const struct vox_target_args *args;
	const struct vox_tz *tz;	/* NULL: UTC */
	struct vox_tz *owned;		/* loaded by tz= */
	const char *switchname, *core_uuid;
	int prefix_a;
	struct vox_arena arena;		/* names, for the whole run */
	struct names names;
	struct vox_arena scratch;	/* one record's strings */
};

/* ---- file names ------------------------------------------------------- */

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* 1 when name is in the set; else adds it (0), or -1 out of memory. */
static int names_add(struct writer *w, const char *name)
{
	struct names *t = &w->names;
	size_t i;

	if (t->n * 2 >= t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		const char **v = calloc(cap, sizeof(*v));

		if (!v)
			return -1;
		for (i = 0; i < t->cap; i++) {
			size_t j;

			if (!t->v[i])
				continue;
			for (j = hash(t->v[i]) & (cap - 1); v[j];
			     j = (j + 1) & (cap - 1))
				;
			v[j] = t->v[i];
		}
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	for (i = hash(name) & (t->cap - 1); t->v[i]; i = (i + 1) & (t->cap - 1))
		if (strcmp(t->v[i], name) == 0)
			return 1;
	t->v[i] = vox_arena_strdup(&w->arena, name);
	if (!t->v[i])
		return -1;
	t->n++;
	return 0;
}

static int name_byte(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* [a_]<uuid>.cdr.xml, made safe and unique, into buf. */
static int file_name(struct writer *w, const char *uuid, int a_leg,
		     char *buf, size_t sz)
{
	char id[NAME_MAX_ID + 1];
	size_t i;
	unsigned n;
	int rc;

	for (i = 0; uuid[i] && i < NAME_MAX_ID; i++)
		id[i] = name_byte((unsigned char)uuid[i]) ? uuid[i] : '_';
	id[i] = '\0';
	if (id[0] == '.')
		id[0] = '_';	/* no hidden files when there is no a_ */
	for (n = 1;; n++) {
		if (n == 1)
			snprintf(buf, sz, "%s%s" SUFFIX,
				 a_leg && w->prefix_a ? "a_" : "", id);
		else
			snprintf(buf, sz, "%s%s-%u" SUFFIX,
				 a_leg && w->prefix_a ? "a_" : "", id, n);
		rc = names_add(w, buf);
		if (rc <= 0)
			return rc;
	}
}

/* ---- values ----------------------------------------------------------- */

/*
 * switch_url_encode(), except that '%' is always encoded: FreeSWITCH leaves
 * a "%XX" already in a value as it is, which a reader cannot tell from an
 * encoded byte; a value must decode to itself.
 */
static char *url_encode(struct vox_arena *a, const char *s)
{
	static const char unsafe[] = "\r\n #%&+:;<=>?@[\\]^`{|}\"";
	static const char hex[] = "0123456789ABCDEF";
	char *out = vox_arena_alloc(a, strlen(s) * 3 + 1);
	char *o = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c > 0x7E || strchr(unsafe, c)) {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		} else {
			*o++ = (char)c;
		}
	}
	*o = '\0';
	return out;
}

/* FreeSWITCH cause names (switch_types.h) with their Q.850 codes. */
static const struct cause {
	const char *name;
	int code;
} causes[] = {
	{ "NORMAL_CLEARING", 16 },
	{ "USER_BUSY", 17 },
	{ "NO_USER_RESPONSE", 18 },
	{ "NO_ANSWER", 19 },
	{ "SUBSCRIBER_ABSENT", 20 },
	{ "CALL_REJECTED", 21 },
	{ "NUMBER_CHANGED", 22 },
	{ "UNALLOCATED_NUMBER", 1 },
	{ "NO_ROUTE_TRANSIT_NET", 2 },
	{ "NO_ROUTE_DESTINATION", 3 },
	{ "EXCHANGE_ROUTING_ERROR", 25 },
	{ "DESTINATION_OUT_OF_ORDER", 27 },
	{ "INVALID_NUMBER_FORMAT", 28 },
	{ "FACILITY_REJECTED", 29 },
	{ "NORMAL_UNSPECIFIED", 31 },
	{ "NORMAL_CIRCUIT_CONGESTION", 34 },
	{ "NETWORK_OUT_OF_ORDER", 38 },
	{ "NORMAL_TEMPORARY_FAILURE", 41 },
	{ "SWITCH_CONGESTION", 42 },
	{ "REQUESTED_CHAN_UNAVAIL", 44 },
	{ "OUTGOING_CALL_BARRED", 52 },
	{ "INCOMING_CALL_BARRED", 54 },
	{ "SERVICE_UNAVAILABLE", 63 },
	{ "INCOMPATIBLE_DESTINATION", 88 },
	{ "RECOVERY_ON_TIMER_EXPIRE", 102 },
	{ "INTERWORKING", 127 },
	/* FreeSWITCH's own causes: hangup_cause_q850 says 16 for them */
	{ "ORIGINATOR_CANCEL", 16 },
	{ "LOSE_RACE", 16 },
	{ "MANAGER_REQUEST", 16 },
	{ "BLIND_TRANSFER", 16 },
	{ "ATTENDED_TRANSFER", 16 },
	{ "ALLOTTED_TIMEOUT", 16 },
	{ "MEDIA_TIMEOUT", 16 },
	{ "PICKED_OFF", 16 },
	{ "USER_NOT_REGISTERED", 16 },
	{ "PROGRESS_TIMEOUT", 16 },
	{ "GATEWAY_DOWN", 16 },
	{ "NO_PICKUP", 16 },
	{ "DECLINE", 16 },
};

static const struct cause *cause_named(const char *s)
{
	size_t i;

	for (i = 0; s && i < sizeof(causes) / sizeof(causes[0]); i++)
		if (strcmp(causes[i].name, s) == 0)
			return &causes[i];
	return NULL;
}

static const struct cause *cause_of(const struct vox_call_leg *l)
{
	const struct cause *c = cause_named(l->disposition);

	if (c)
		return c;
	switch (l->status) {
	case VOX_CALL_ANSWERED:
		return cause_named("NORMAL_CLEARING");
	case VOX_CALL_NO_ANSWER:
		return cause_named("NO_ANSWER");
	case VOX_CALL_BUSY:
		return cause_named("USER_BUSY");
	case VOX_CALL_FAILED:
		return cause_named("NORMAL_TEMPORARY_FAILURE");
	case VOX_CALL_CONGESTION:
		return cause_named("NORMAL_CIRCUIT_CONGESTION");
	case VOX_CALL_CANCELLED:
		return cause_named("ORIGINATOR_CANCEL");
	case VOX_CALL_UNKNOWN:
		break;
	}
	return NULL;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Seconds from a to b as FreeSWITCH counts them, or given when known. */
static int64_t span(int64_t a, int64_t b, int64_t given)
{
	if (given >= 0)
		return given;
	if (a == VOX_TIME_NONE || b == VOX_TIME_NONE)
		return 0;
	return floor_div(b, 1000) - floor_div(a, 1000);
}

static int64_t usec(int64_t ms)
{
	return ms == VOX_TIME_NONE ? 0 : ms * 1000;
}

/* ---- one file --------------------------------------------------------- */

/* The variables this writer sets itself; an extra of such a name is not. */
static const char *const own_vars[] = {
	"direction", "uuid", "call_uuid", "channel_name", "bridge_channel",
	"caller_id_name", "caller_id_number", "caller_id",
	"destination_number", "context", "accountcode", "call_direction",
	"last_app", "last_arg", "hangup_cause", "hangup_cause_q850",
	"start_stamp", "answer_stamp", "end_stamp", "start_epoch",
	"start_uepoch", "answer_epoch", "answer_uepoch", "end_epoch",
	"end_uepoch", "duration", "billsec", "uduration", "billusec", NULL,
};

/* An XML element name FreeSWITCH could have made from a variable. */
static int var_name_ok(const char *s)
{
	size_t i;

	if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    *s == '_') || strncasecmp(s, "xml", 3) == 0)
		return 0;
	for (i = 0; s[i]; i++)
		if (!name_byte((unsigned char)s[i]))
			return 0;
	for (i = 0; own_vars[i]; i++)
		if (strcmp(own_vars[i], s) == 0)
			return 0;
	return 1;
}

struct doc {
	struct writer *w;
	xmlTextWriterPtr x;
	int bad;
};

static void elem(struct doc *d, const char *name, const char *text)
{
	if (xmlTextWriterWriteElement(d->x, BAD_CAST name,
				      BAD_CAST(text ? text : "")) < 0)
		d->bad = 1;
}

static void elem_int(struct doc *d, const char *name, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	elem(d, name, buf);
}

static void var(struct doc *d, const char *name, const char *value)
{
	char *enc;

	if (!value)
		return;
	enc = url_encode(&d->w->scratch, value);
	if (!enc)
		d->bad = 1;
	else
		elem(d, name, enc);
}

static void var_int(struct doc *d, const char *name, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	var(d, name, buf);
}

static void var_time(struct doc *d, const char *stamp, const char *epoch,
		     const char *uepoch, int64_t ms)
{
	char buf[VOX_TIME_FORMAT_MAX];

	if (ms != VOX_TIME_NONE && vox_time_format_local(ms, d->w->tz, buf))
		var(d, stamp, buf);
	if (epoch) {
		var_int(d, epoch, ms == VOX_TIME_NONE ? 0 :
			floor_div(ms, 1000));
		var_int(d, uepoch, usec(ms));
	}
}

static void start(struct doc *d, const char *name)
{
	if (xmlTextWriterStartElement(d->x, BAD_CAST name) < 0)
		d->bad = 1;
}

static void end(struct doc *d)
{
	if (xmlTextWriterEndElement(d->x) < 0)
		d->bad = 1;
}

static void attr(struct doc *d, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(d->x, BAD_CAST name,
					BAD_CAST(value ? value : "")) < 0)
		d->bad = 1;
}

static const char *party(const struct vox_party *p)
{
	return p->raw ? p->raw : p->number;
}

static void variables(struct doc *d, const struct vox_call *c,
		      const struct vox_call_leg *l, const char *uuid,
		      size_t index)
{
	const struct cause *cause = cause_of(l);
	enum vox_direction dir = l->direction ? l->direction : c->direction;
	static const char *const dirs[] = {
		[VOX_DIR_INBOUND] = "inbound", [VOX_DIR_OUTBOUND] = "outbound",
		[VOX_DIR_INTERNAL] = "local",
	};
	const char *from = party(&l->from);
	size_t i;

	start(d, "variables");
	var(d, "direction", index ? "outbound" : "inbound");
	var(d, "uuid", uuid);
	var(d, "call_uuid", c->id);
	var(d, "channel_name", l->channel);
	var(d, "bridge_channel", l->peer_channel);
	var(d, "caller_id_name", l->from.name);
	var(d, "caller_id_number", from);
	if (l->from.name || from)
		var(d, "caller_id", vox_arena_printf(&d->w->scratch,
			"\"%s\" <%s>", l->from.name ? l->from.name : "",
			from ? from : ""));
	var(d, "destination_number", party(&l->to));
	var(d, "context", l->context);
	var(d, "accountcode", l->account_code);
	if (dir != VOX_DIR_UNKNOWN)
		var(d, "call_direction", dirs[dir]);
	var(d, "last_app", l->application);
	var(d, "last_arg", l->application_data);
	if (cause) {
		var(d, "hangup_cause", cause->name);
		var_int(d, "hangup_cause_q850", cause->code);
	}
	var_time(d, "start_stamp", "start_epoch", "start_uepoch", l->start);
	var_time(d, "answer_stamp", "answer_epoch", "answer_uepoch",
		 l->answer);
	var_time(d, "end_stamp", "end_epoch", "end_uepoch", l->end);
	var_int(d, "duration", span(l->start, l->end, l->duration));
	var_int(d, "billsec", span(l->answer, l->end, l->billsec));
	if (l->start != VOX_TIME_NONE && l->end != VOX_TIME_NONE)
		var_int(d, "uduration", usec(l->end) - usec(l->start));
	var_int(d, "billusec", l->answer != VOX_TIME_NONE &&
		l->end != VOX_TIME_NONE ? usec(l->end) - usec(l->answer) : 0);
	for (i = 0; i < l->extra.n; i++)
		if (var_name_ok(l->extra.v[i].key))
			var(d, l->extra.v[i].key, l->extra.v[i].value);
	end(d);
}

static void callflow(struct doc *d, const struct vox_call_leg *l,
		     const char *uuid)
{
	static const char *const times[] = {
		"created_time", "profile_created_time", "progress_time",
		"progress_media_time", "answered_time", "bridged_time",
		"last_hold_time", "hold_accum_time", "hangup_time",
		"resurrect_time", "transfer_time",
	};
	const char *from = party(&l->from), *to = party(&l->to);
	size_t i;

	start(d, "callflow");
	attr(d, "dialplan", "XML");
	attr(d, "unique-id", uuid);
	attr(d, "profile_index", "1");
	if (l->application) {
		/* The dialplan's extension name is not known: its number. */
		start(d, "extension");
		attr(d, "name", to);
		attr(d, "number", to);
		start(d, "application");
		attr(d, "last_executed", "true");
		attr(d, "app_name", l->application);
		attr(d, "app_data", l->application_data);
		end(d);
		end(d);
	}
	start(d, "caller_profile");
	elem(d, "username", NULL);
	elem(d, "dialplan", "XML");
	elem(d, "caller_id_name", l->from.name);
	elem(d, "caller_id_number", from);
	elem(d, "callee_id_name", l->to.name);
	elem(d, "callee_id_number", to);
	elem(d, "ani", from);
	elem(d, "aniii", NULL);
	elem(d, "network_addr", NULL);
	elem(d, "rdnis", NULL);
	elem(d, "destination_number", to);
	elem(d, "uuid", uuid);
	elem(d, "source", "voxport");
	elem(d, "context", l->context);
	elem(d, "chan_name", l->channel);
	end(d);
	start(d, "times");
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		int64_t t = 0;

		if (i <= 1)
			t = usec(l->start);
		else if (i == 4)
			t = usec(l->answer);
		else if (i == 8)
			t = usec(l->end);
		elem_int(d, times[i], t);
	}
	end(d);
	end(d);
}

static int write_doc(struct writer *w, FILE *f, const struct vox_call *c,
		     const struct vox_call_leg *l, const char *uuid,
		     size_t index)
{
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(f, NULL);
	struct doc d = { w, NULL, 0 };

	if (!buf)
		return -1;
	d.x = xmlNewTextWriter(buf);	/* owns buf from here */
	if (!d.x) {
		xmlOutputBufferClose(buf);
		return -1;
	}
	if (xmlTextWriterSetIndent(d.x, 1) < 0 ||
	    xmlTextWriterSetIndentString(d.x, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(d.x, "1.0", NULL, NULL) < 0)
		d.bad = 1;
	start(&d, "cdr");
	attr(&d, "core-uuid", w->core_uuid);
	attr(&d, "switchname", w->switchname);
	start(&d, "channel_data");
	elem(&d, "state", "CS_REPORTING");
	elem(&d, "direction", index ? "outbound" : "inbound");
	elem(&d, "state_number", "11");
	end(&d);
	variables(&d, c, l, uuid, index);
	callflow(&d, l, uuid);
	end(&d);
	if (xmlTextWriterEndDocument(d.x) < 0)
		d.bad = 1;
	xmlFreeTextWriter(d.x);	/* flushes into f */
	return d.bad ? -1 : 0;
}

static int write_leg(struct writer *w, const struct vox_call *c,
		     const struct vox_call_leg *l, size_t index,
		     struct vox_error *err)
{
	char name[NAME_MAX_ID + 64];
	const char *uuid = l->id;
	FILE *f;
	int rc;

	if (!uuid && c->id)
		uuid = index ? vox_arena_printf(&w->scratch, "%s-%zu", c->id,
						index + 1) : c->id;
	if (!uuid)
		uuid = vox_arena_printf(&w->scratch, "voxport-%zu",
					w->names.n + 1);
	if (!uuid)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	rc = file_name(w, uuid, index == 0, name, sizeof(name));
	if (rc < 0)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	f = w->args->create(w->args->ctx, name, err);
	if (!f)
		return VOX_ERR;
	rc = write_doc(w, f, c, l, uuid, index);
	if (fclose(f) != 0 || rc != 0)
		return vox_error_set(err, VOX_E_IO, "%s: write failed", name);
	return VOX_OK;
}

static void leg_of_call(const struct vox_call *c, struct vox_call_leg *l)
{
	memset(l, 0, sizeof(*l));
	l->from = c->from;
	l->to = c->to;
	l->account_code = c->account_code;
	l->start = c->start;
	l->answer = c->answer;
	l->end = c->end;
	l->duration = c->duration;
	l->billsec = c->billsec;
	l->status = c->status;
	l->direction = c->direction;
}

static int write_record(void *state, const struct vox_record *rec,
			struct vox_error *err)
{
	struct writer *w = state;
	const struct vox_call *c = &rec->u.call;
	struct vox_call_leg one;
	size_t i;
	int rc = VOX_OK;

	if (rec->kind != VOX_CALL)
		return vox_error_set(err, VOX_E_DATA, "holds calls only, "
				     "not a %s", vox_kind_name(rec->kind));
	vox_arena_reset(&w->scratch);
	if (!c->nlegs) {
		leg_of_call(c, &one);
		return write_leg(w, c, &one, 0, err);
	}
	for (i = 0; i < c->nlegs && rc == VOX_OK; i++)
		rc = write_leg(w, c, &c->legs[i], i, err);
	return rc;
}

/* ---- losses ----------------------------------------------------------- */

static const struct vox_loss loss_list[] = {
	{ VOX_CALL, "legs.peer_account", 0,
	  "mod_xml_cdr has no peer account (the other leg has its own "
	  "accountcode)", NULL },
	{ VOX_CALL, "legs.disposition", 0,
	  "kept only when it is a FreeSWITCH hangup cause name; else the "
	  "hangup_cause follows the status", NULL },
	{ 0, NULL, 0, NULL, NULL },
};

static const struct vox_loss *losses(const void *state)
{
	(void)state;
	return loss_list;
}

/* ---- options, open and close ------------------------------------------ */

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	struct writer *w = state;
	char *copy;

	if (!value)
		value = "";
	if (strcmp(key, "tz") == 0) {
		struct vox_tz *tz = vox_tz_load(value, err);

		if (!tz) {
			err->code = VOX_E_USAGE;	/* an option's value */
			return VOX_ERR;
		}
		vox_tz_free(w->owned);
		w->owned = tz;
		w->tz = tz;
		return VOX_OK;
	}
	if (strcmp(key, "prefix-a-leg") == 0) {
		if (strcmp(value, "true") == 0 || strcmp(value, "yes") == 0)
			w->prefix_a = 1;
		else if (strcmp(value, "false") == 0 ||
			 strcmp(value, "no") == 0)
			w->prefix_a = 0;
		else
			return vox_error_set(err, VOX_E_USAGE, "bad value "
					     "\"%.64s\" for option "
					     "prefix-a-leg (true or false)",
					     value);
		return VOX_OK;
	}
	if (strcmp(key, "switchname") == 0 || strcmp(key, "core-uuid") == 0) {
		copy = vox_arena_strdup(&w->arena, value);
		if (!copy)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		if (key[0] == 's')
			w->switchname = copy;
		else
			w->core_uuid = copy;
		return VOX_OK;
	}
	return vox_error_set(err, VOX_E_USAGE,
			     "unknown option \"%.64s\"", key);
}

static int close_writer(void *state, int commit, struct vox_error *err)
{
	struct writer *w = state;

	(void)commit;
	(void)err;	/* every file was closed as it was written */
	if (!w)
		return VOX_OK;
	vox_tz_free(w->owned);
	free(w->names.v);
	vox_arena_release(&w->arena);
	vox_arena_release(&w->scratch);
	free(w);
	return VOX_OK;
}

static void *open_writer(const struct vox_target_args *args,
			 struct vox_error *err)
{
	struct writer *w = calloc(1, sizeof(*w));

	if (!w) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	w->args = args;
	w->tz = args->tz;
	w->prefix_a = 1;
	w->switchname = "voxport";
	/* No switch wrote these: a fixed core uuid keeps output repeatable. */
	w->core_uuid = "00000000-0000-0000-0000-000000000000";
	vox_arena_init(&w->arena);
	vox_arena_init(&w->scratch);
	return w;
}

const struct vox_target vox_target_freeswitch_cdr_xml = {
	.name = FORMAT,
	.summary = "FreeSWITCH mod_xml_cdr files, one per call leg",
	.kinds = VOX_CALL,
	.options = "tz=ZONE: *_stamp times in ZONE (default: the run's zone); "
		   "prefix-a-leg=true|false: name the first leg's file "
		   "a_<uuid>.cdr.xml (default true); switchname=NAME, "
		   "core-uuid=UUID: the <cdr> attributes (default voxport, "
		   "all zeros)",
	.open = open_writer,
	.option = set_option,
	.losses = losses,
	.write = write_record,
	.close = close_writer,
};
