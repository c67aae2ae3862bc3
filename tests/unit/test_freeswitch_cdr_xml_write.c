/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_freeswitch_cdr_xml_write.c: the freeswitch-cdr-xml target: file
 * names, one document's exact bytes, and every variable parsed back with
 * libxml2 and URL-decoded to the record's value.
 */
#include "unit.h"

#include <dirent.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "record_fields.h"
#include "timeconv.h"
#include "voxport/target.h"

#define TGT (&vox_target_freeswitch_cdr_xml)

struct out {
	char dir[64];
	struct vox_tz *tz;
	struct vox_target_args args;
	void *st;
	struct vox_error err;
};

static FILE *create(void *ctx, const char *name, struct vox_error *err)
{
	struct out *o = ctx;
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", o->dir, name);
	f = fopen(path, "wbx");
	if (!f)
		vox_error_set(err, VOX_E_IO, "%s: cannot create", name);
	return f;
}

static void out_open(struct out *o, const char *zone)
{
	struct vox_error err = VOX_ERROR_INIT;

	memset(o, 0, sizeof(*o));
	snprintf(o->dir, sizeof(o->dir), "out-XXXXXX");
	assert_non_null(mkdtemp(o->dir));
	o->tz = vox_tz_load(zone, &err);
	assert_non_null(o->tz);
	o->args.create = create;
	o->args.ctx = o;
	o->args.tz = o->tz;
	o->st = TGT->open(&o->args, &o->err);
	assert_non_null(o->st);
}

static void out_option(struct out *o, const char *key, const char *value)
{
	if (TGT->option(o->st, key, value, &o->err) != VOX_OK)
		fail_msg("option %s=%s: %s", key, value, o->err.msg);
}

static void out_write(struct out *o, const struct vox_record *rec)
{
	if (TGT->write(o->st, rec, &o->err) != VOX_OK)
		fail_msg("write: %s", o->err.msg);
}

static void out_close(struct out *o)
{
	assert_int_equal(TGT->close(o->st, 1, &o->err), VOX_OK);
	vox_tz_free(o->tz);
}

/* The file names in the folder, sorted, joined by spaces. */
static void listing(const struct out *o, char *buf, size_t sz)
{
	struct dirent **names;
	int i, n = scandir(o->dir, &names, NULL, alphasort);

	assert_true(n >= 0);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			if (buf[0])
				strncat(buf, " ", sz - strlen(buf) - 1);
			strncat(buf, names[i]->d_name, sz - strlen(buf) - 1);
		}
		free(names[i]);
	}
	free(names);
}

static char *slurp(const struct out *o, const char *name)
{
	char path[512];
	FILE *f;
	char *buf = calloc(1, 65536);
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", o->dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int64_t at(const char *utc)
{
	int64_t ms;

	assert_int_equal(vox_time_parse_rfc3339(utc, strlen(utc), &ms),
			 VOX_OK);
	return ms;
}

static void known_call(struct vox_record *rec, struct vox_call_leg legs[2],
		       struct vox_field *fields)
{
	memset(rec, 0, sizeof(*rec));
	memset(legs, 0, 2 * sizeof(legs[0]));
	rec->kind = VOX_CALL;
	rec->u.call.id = "3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44";
	rec->u.call.legs = legs;
	rec->u.call.nlegs = 2;
	legs[0].id = "3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44";
	legs[0].from.raw = "1001";
	legs[0].from.name = "Zoë \"Z\" <&> 100%25";
	legs[0].to.raw = "+15555550123";
	legs[0].to.name = "Outbound Call";
	legs[0].context = "default";
	legs[0].channel = "sofia/internal/1001@pbx.example.com";
	legs[0].peer_channel = "sofia/gateway/carrier/15555550123";
	legs[0].application = "bridge";
	legs[0].application_data = "sofia/gateway/carrier/15555550123";
	legs[0].account_code = "acme";
	legs[0].start = at("2024-03-05T14:12:07.123Z");
	legs[0].answer = at("2024-03-05T14:12:15.402Z");
	legs[0].end = at("2024-03-05T14:14:22.887Z");
	legs[0].duration = 135;
	legs[0].billsec = 127;
	legs[0].status = VOX_CALL_ANSWERED;
	legs[0].disposition = "ANSWERED";
	legs[0].direction = VOX_DIR_OUTBOUND;
	fields[0].key = "read_codec";
	fields[0].value = "PCMU";
	fields[1].key = "uuid";		/* one of the writer's own: not */
	fields[1].value = "x";
	fields[2].key = "bad name";	/* not an XML name: not */
	fields[2].value = "y";
	legs[0].extra.v = fields;
	legs[0].extra.n = 3;
	legs[1].from.raw = "1001";
	legs[1].to.raw = "1002";
	legs[1].start = at("2024-01-05T14:20:00Z");
	legs[1].answer = VOX_TIME_NONE;
	legs[1].end = at("2024-01-05T14:20:03Z");
	legs[1].duration = -1;
	legs[1].billsec = -1;
	legs[1].status = VOX_CALL_BUSY;
}

/* The B-leg: the whole document, byte for byte. */
static void test_golden_b_leg(void **state)
{
	struct vox_record rec;
	struct vox_call_leg legs[2];
	struct vox_field fields[3];
	struct out o;
	char names[512];
	char *got;

	(void)state;
	known_call(&rec, legs, fields);
	out_open(&o, "Europe/London");
	out_write(&o, &rec);
	out_close(&o);
	listing(&o, names, sizeof(names));
	assert_string_equal(names,
		"3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44-2.cdr.xml "
		"a_3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44.cdr.xml");
	got = slurp(&o, "3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44-2.cdr.xml");
	assert_string_equal(got,
		"<?xml version=\"1.0\"?>\n"
		"<cdr core-uuid=\"00000000-0000-0000-0000-000000000000\" "
		"switchname=\"voxport\">\n"
		"  <channel_data>\n"
		"    <state>CS_REPORTING</state>\n"
		"    <direction>outbound</direction>\n"
		"    <state_number>11</state_number>\n"
		"  </channel_data>\n"
		"  <variables>\n"
		"    <direction>outbound</direction>\n"
		"    <uuid>3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44-2</uuid>\n"
		"    <call_uuid>3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44</call_uuid>\n"
		"    <caller_id_number>1001</caller_id_number>\n"
		"    <caller_id>%22%22%20%3C1001%3E</caller_id>\n"
		"    <destination_number>1002</destination_number>\n"
		"    <hangup_cause>USER_BUSY</hangup_cause>\n"
		"    <hangup_cause_q850>17</hangup_cause_q850>\n"
		"    <start_stamp>2024-01-05%2014%3A20%3A00</start_stamp>\n"
		"    <start_epoch>1704464400</start_epoch>\n"
		"    <start_uepoch>1704464400000000</start_uepoch>\n"
		"    <answer_epoch>0</answer_epoch>\n"
		"    <answer_uepoch>0</answer_uepoch>\n"
		"    <end_stamp>2024-01-05%2014%3A20%3A03</end_stamp>\n"
		"    <end_epoch>1704464403</end_epoch>\n"
		"    <end_uepoch>1704464403000000</end_uepoch>\n"
		"    <duration>3</duration>\n"
		"    <billsec>0</billsec>\n"
		"    <uduration>3000000</uduration>\n"
		"    <billusec>0</billusec>\n"
		"  </variables>\n"
		"  <callflow dialplan=\"XML\" "
		"unique-id=\"3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44-2\" "
		"profile_index=\"1\">\n"
		"    <caller_profile>\n"
		"      <username></username>\n"
		"      <dialplan>XML</dialplan>\n"
		"      <caller_id_name></caller_id_name>\n"
		"      <caller_id_number>1001</caller_id_number>\n"
		"      <callee_id_name></callee_id_name>\n"
		"      <callee_id_number>1002</callee_id_number>\n"
		"      <ani>1001</ani>\n"
		"      <aniii></aniii>\n"
		"      <network_addr></network_addr>\n"
		"      <rdnis></rdnis>\n"
		"      <destination_number>1002</destination_number>\n"
		"      <uuid>3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44-2</uuid>\n"
		"      <source>voxport</source>\n"
		"      <context></context>\n"
		"      <chan_name></chan_name>\n"
		"    </caller_profile>\n"
		"    <times>\n"
		"      <created_time>1704464400000000</created_time>\n"
		"      <profile_created_time>1704464400000000"
		"</profile_created_time>\n"
		"      <progress_time>0</progress_time>\n"
		"      <progress_media_time>0</progress_media_time>\n"
		"      <answered_time>0</answered_time>\n"
		"      <bridged_time>0</bridged_time>\n"
		"      <last_hold_time>0</last_hold_time>\n"
		"      <hold_accum_time>0</hold_accum_time>\n"
		"      <hangup_time>1704464403000000</hangup_time>\n"
		"      <resurrect_time>0</resurrect_time>\n"
		"      <transfer_time>0</transfer_time>\n"
		"    </times>\n"
		"  </callflow>\n"
		"</cdr>\n");
	free(got);
}

/* %XX decoding, as a consumer does it. */
static char *url_decode(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	for (; *s; s++) {
		unsigned v;

		if (*s == '%' && sscanf(s + 1, "%2x", &v) == 1) {
			*o++ = (char)v;
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* The text of the first element named name under parent, or NULL. */
static char *child_text(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;

	for (n = parent ? parent->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return (char *)xmlNodeGetContent(n);
	return NULL;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;

	for (n = parent ? parent->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

static void check_var(xmlNodePtr vars, const char *name, const char *want)
{
	char *raw = child_text(vars, name), *v;

	if (!want) {
		if (raw)
			fail_msg("variable %s: unexpected \"%s\"", name, raw);
		return;
	}
	if (!raw)
		fail_msg("variable %s: missing", name);
	v = url_decode(raw);
	assert_string_equal(v, want);
	free(v);
	xmlFree(raw);
}

/* The A-leg, parsed: every variable decodes to the record's value. */
static void test_a_leg_values(void **state)
{
	struct vox_record rec;
	struct vox_call_leg legs[2];
	struct vox_field fields[3];
	struct out o;
	char path[512], *raw;
	xmlDocPtr doc;
	xmlNodePtr root, vars, cp;

	(void)state;
	known_call(&rec, legs, fields);
	out_open(&o, "America/New_York");
	out_option(&o, "switchname", "pbx1");
	out_write(&o, &rec);
	out_close(&o);
	snprintf(path, sizeof(path),
		 "%s/a_3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44.cdr.xml", o.dir);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "cdr");
	vars = child(root, "variables");
	check_var(vars, "direction", "inbound");
	check_var(vars, "uuid", "3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44");
	check_var(vars, "caller_id_name", "Zoë \"Z\" <&> 100%25");
	check_var(vars, "caller_id", "\"Zoë \"Z\" <&> 100%25\" <1001>");
	check_var(vars, "caller_id_number", "1001");
	check_var(vars, "destination_number", "+15555550123");
	check_var(vars, "channel_name", "sofia/internal/1001@pbx.example.com");
	check_var(vars, "bridge_channel", "sofia/gateway/carrier/15555550123");
	check_var(vars, "context", "default");
	check_var(vars, "accountcode", "acme");
	check_var(vars, "call_direction", "outbound");
	check_var(vars, "last_app", "bridge");
	check_var(vars, "hangup_cause", "NORMAL_CLEARING");
	check_var(vars, "hangup_cause_q850", "16");
	check_var(vars, "start_stamp", "2024-03-05 09:12:07");
	check_var(vars, "answer_stamp", "2024-03-05 09:12:15");
	check_var(vars, "end_stamp", "2024-03-05 09:14:22");
	check_var(vars, "start_epoch", "1709647927");
	check_var(vars, "start_uepoch", "1709647927123000");
	check_var(vars, "answer_uepoch", "1709647935402000");
	check_var(vars, "end_uepoch", "1709648062887000");
	check_var(vars, "duration", "135");
	check_var(vars, "billsec", "127");
	check_var(vars, "uduration", "135764000");
	check_var(vars, "billusec", "127485000");
	check_var(vars, "read_codec", "PCMU");
	raw = child_text(vars, "caller_id_name");
	/* switch_url_encode's set: '%' too, so "%25" cannot decode to "%" */
	assert_string_equal(raw, "Zo%C3%AB%20%22Z%22%20%3C%26%3E%20100%2525");
	xmlFree(raw);
	raw = (char *)xmlGetProp(root, BAD_CAST "switchname");
	assert_string_equal(raw, "pbx1");
	xmlFree(raw);
	cp = child(child(root, "callflow"), "caller_profile");
	raw = child_text(cp, "caller_id_name");	/* not URL-encoded here */
	assert_string_equal(raw, "Zoë \"Z\" <&> 100%25");
	xmlFree(raw);
	raw = child_text(cp, "callee_id_name");
	assert_string_equal(raw, "Outbound Call");
	xmlFree(raw);
	raw = child_text(child(child(root, "callflow"), "times"),
			 "answered_time");
	assert_string_equal(raw, "1709647935402000");
	xmlFree(raw);
	xmlFreeDoc(doc);
}

/* Names: one per leg, never twice, safe bytes only, a_ by option. */
static void test_names(void **state)
{
	struct vox_record rec;
	struct vox_call_leg legs[2];
	struct vox_field fields[3];
	struct out o;
	char names[1024];

	(void)state;
	known_call(&rec, legs, fields);
	legs[0].id = "1717406100.60";
	legs[1].id = "1717406100.60";	/* two CDR rows of one channel */
	out_open(&o, "UTC");
	out_option(&o, "prefix-a-leg", "false");
	out_write(&o, &rec);
	legs[0].id = "../etc/pass wd";
	rec.u.call.nlegs = 1;
	out_write(&o, &rec);
	legs[0].id = ".hidden";
	out_write(&o, &rec);
	assert_int_equal(TGT->option(o.st, "prefix-a-leg", "maybe", &o.err),
			 VOX_ERR);
	assert_int_equal(TGT->option(o.st, "nope", "1", &o.err), VOX_ERR);
	assert_string_equal(o.err.msg,
			    "unknown option \"nope\"");
	rec.kind = VOX_CONTACT;
	assert_int_equal(TGT->write(o.st, &rec, &o.err), VOX_ERR);
	assert_int_equal(o.err.code, VOX_E_DATA);
	out_close(&o);
	listing(&o, names, sizeof(names));
	assert_string_equal(names,
		"1717406100.60-2.cdr.xml 1717406100.60.cdr.xml "
		"_._etc_pass_wd.cdr.xml _hidden.cdr.xml");
}

static void test_losses(void **state)
{
	const struct vox_loss *l = TGT->losses(NULL);
	size_t n = 0;

	(void)state;
	for (; l->field; l++, n++) {
		assert_int_equal(l->kind, VOX_CALL);
		assert_true(vox_record_field_known(l->kind, l->field));
	}
	assert_int_equal(n, 2);
	assert_string_equal(TGT->losses(NULL)[0].field, "legs.peer_account");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_b_leg),
		cmocka_unit_test(test_a_leg_values),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_losses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
