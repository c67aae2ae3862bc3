/* SPDX-License-Identifier: Apache-2.0 */
/* test_match.c: finding the subject's legs, and their direction. */
#include "unit.h"

#include "match.h"
#include "needles.h"
#include "voxport/error.h"
#include "phone.h"
#include "record.h"

static struct vox_identity *identity(struct vox_phone_plan *plan)
{
	static struct vox_phone phones[] = {
		{ .number = "+442079460100", .raw = "020 7946 0100" },
		{ .number = "+447700900100", .raw = "07700900100" },
	};
	static const char *ext[] = { "1001" }, *sip[] = { "alice" },
			  *acct[] = { "acct42" };
	struct vox_subject s;

	vox_subject_init(&s);
	s.phones = phones;
	s.nphones = 2;
	s.extensions.v = ext;
	s.extensions.n = 1;
	s.sip_usernames.v = sip;
	s.sip_usernames.n = 1;
	s.account_codes.v = acct;
	s.account_codes.n = 1;
	assert_int_equal(vox_phone_plan_for_country("GB", plan), VOX_OK);
	return vox_identity_new(&s, plan);
}

static struct vox_call_leg leg(const char *src, const char *dst,
			       const char *chan, const char *dchan)
{
	struct vox_call_leg l;

	vox_call_leg_init(&l);
	l.from.raw = src;
	l.from.number = src;
	l.to.raw = dst;
	l.to.number = dst;
	l.channel = chan;
	l.peer_channel = dchan;
	return l;
}

static void test_directions(void **state)
{
	struct vox_phone_plan plan;
	struct vox_identity *id = identity(&plan);
	enum vox_direction d;
	struct vox_call_leg l;

	(void)state;
	l = leg("1001", "07700900999", "PJSIP/1001-0000001a", "");
	assert_true(vox_identity_match_leg(id, &l, &d));
	assert_int_equal(d, VOX_DIR_OUTBOUND);
	l = leg("+447700900999", "+442079460100", "PJSIP/trunk-00000002",
		"PJSIP/1001-00000003");
	assert_true(vox_identity_match_leg(id, &l, &d));
	assert_int_equal(d, VOX_DIR_INBOUND);
	l = leg("+447700900100", "1001", "PJSIP/trunk-00000002", "");
	assert_true(vox_identity_match_leg(id, &l, &d));
	assert_int_equal(d, VOX_DIR_INTERNAL);
	/* Found by SIP username on the channel, and by account code. */
	l = leg("2002", "3003", "SIP/alice-0000ab12", "");
	assert_true(vox_identity_match_leg(id, &l, &d));
	assert_int_equal(d, VOX_DIR_OUTBOUND);
	l = leg("2002", "3003", "PJSIP/2002-0001", "PJSIP/3003-0002");
	l.peer_account = "acct42";
	assert_true(vox_identity_match_leg(id, &l, &d));
	assert_int_equal(d, VOX_DIR_INBOUND);
	/* Someone else's call, and near misses. */
	l = leg("1002", "10011", "PJSIP/1002-0001", "PJSIP/alice2-0002");
	assert_false(vox_identity_match_leg(id, &l, &d));
	l = leg("", "", "", "");
	assert_false(vox_identity_match_leg(id, &l, &d));
	vox_identity_free(id);
}

static void test_channel_endpoint(void **state)
{
	char ep[64];

	(void)state;
	assert_true(vox_channel_endpoint("PJSIP/1001-0000001a", ep,
					 sizeof(ep)));
	assert_string_equal(ep, "1001");
	assert_true(vox_channel_endpoint("PJSIP/alice-smith-00000012", ep,
					 sizeof(ep)));
	assert_string_equal(ep, "alice-smith");
	assert_true(vox_channel_endpoint("Local/1001@from-internal-0000;1",
					 ep, sizeof(ep)));
	assert_string_equal(ep, "1001");
	assert_true(vox_channel_endpoint("IAX2/trunk", ep, sizeof(ep)));
	assert_string_equal(ep, "trunk");
	assert_false(vox_channel_endpoint("", ep, sizeof(ep)));
	assert_false(vox_channel_endpoint(NULL, ep, sizeof(ep)));
	assert_false(vox_channel_endpoint("PJSIP/-0001", ep, sizeof(ep)));
	assert_false(vox_channel_endpoint("PJSIP/averyveryverylongname", ep,
					  8));
}

/*
 * The needles of an identity (needles.h): each number's last seven digits,
 * names and account codes as written, none that holds another.
 */
static void test_needles(void **state)
{
	static const char *const want[] = {
		"9460100", "0900100", "020 7946 0100", "1001", "alice",
		"acct42",
	};
	struct vox_phone_plan plan;
	struct vox_identity *id = identity(&plan);
	struct vox_needles *n;
	size_t i;

	(void)state;
	assert_int_equal(vox_needles_new(id, &n), VOX_OK);
	assert_non_null(n);
	assert_true(n->numbers);
	assert_int_equal(n->n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n->n; i++) {
		assert_string_equal(n->s[i], want[i]);
		assert_int_equal(n->len[i], strlen(want[i]));
	}
	vox_needles_free(n);
	vox_identity_free(id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_directions),
		cmocka_unit_test(test_channel_endpoint),
		cmocka_unit_test(test_needles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
