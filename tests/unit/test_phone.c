/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_phone.c: phone numbers to E.164 (ITU-T E.164), with and without a
 * default country, from dialling strings, tel: and sip: URIs; extensions
 * and values that are not numbers stay as written.  Numbers are fictional
 * (555 and Ofcom's drama ranges) where a country has such ranges.  How a
 * country's numbers are read is libphonenumber's metadata: these tests pin
 * what voxport relies on, and the cases where its reading differs from the
 * hand-made table it replaced.
 */
#include "unit.h"

#include "phone.h"
#include "voxport/error.h"

static struct vox_phone_plan plan_of(const char *iso2)
{
	struct vox_phone_plan p;

	memset(&p, 0, sizeof(p));
	if (vox_phone_plan_for_country(iso2, &p) != VOX_OK)
		fail_msg("no plan for %s", iso2);
	return p;
}

/* RAW under the plan of ISO2 (NULL: none) gives KIND and OUT. */
static void check(const char *iso2, const char *raw, enum vox_phone_kind kind,
		  const char *want)
{
	struct vox_phone_plan p;
	char out[128];
	enum vox_phone_kind got;

	if (iso2)
		p = plan_of(iso2);
	got = vox_phone_normalise(iso2 ? &p : NULL, raw, strlen(raw), out,
				  sizeof(out));
	if (got != kind || strcmp(out, want) != 0)
		fail_msg("%s \"%s\": got kind %d \"%s\", want kind %d \"%s\"",
			 iso2 ? iso2 : "(none)", raw, (int)got, out, (int)kind,
			 want);
}

static void e164(const char *iso2, const char *raw, const char *want)
{
	check(iso2, raw, VOX_PHONE_E164, want);
}

static void ext(const char *iso2, const char *raw)
{
	check(iso2, raw, VOX_PHONE_EXTENSION, raw);
}

static void other(const char *iso2, const char *raw)
{
	check(iso2, raw, VOX_PHONE_OTHER, raw);
}

static void test_plans(void **state)
{
	static const char *const countries[] = {
	    /* the European Union */
	    "AT",
	    "BE",
	    "BG",
	    "HR",
	    "CY",
	    "CZ",
	    "DK",
	    "EE",
	    "FI",
	    "FR",
	    "DE",
	    "GR",
	    "HU",
	    "IE",
	    "IT",
	    "LV",
	    "LT",
	    "LU",
	    "MT",
	    "NL",
	    "PL",
	    "PT",
	    "RO",
	    "SK",
	    "SI",
	    "ES",
	    "SE",
	    /* and others */
	    "GB",
	    "US",
	    "CA",
	    "AU",
	    "NZ",
	    "CH",
	    "NO",
	    "IS",
	    "LI",
	    "IN",
	    "JP",
	    "BR",
	    "ZA",
	    "IL",
	    "TR",
	    "AE",
	    "MX",
	    "RU",
	    /* any region libphonenumber knows */
	    "SG",
	    "HK",
	    "CN",
	    "KR",
	    "AR",
	    "NG",
	    "KE",
	    "EG",
	    "SA",
	    "UA",
	    "VN",
	    "XK",
	};
	struct vox_phone_plan p;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(countries) / sizeof(countries[0]); i++) {
		p = plan_of(countries[i]);
		assert_string_equal(p.country, countries[i]);
		assert_true(p.cc[0] >= '1' && p.cc[0] <= '9');
		for (j = 0; p.cc[j]; j++)
			assert_true(p.cc[j] >= '0' && p.cc[j] <= '9');
		assert_int_equal(p.ext_max, VOX_PHONE_EXT_MAX);
	}
	p = plan_of("gb");
	assert_string_equal(p.cc, "44");
	assert_string_equal(p.trunk, "0");
	p = plan_of("UK");
	assert_string_equal(p.country, "GB");
	p = plan_of("US");
	assert_string_equal(p.cc, "1");
	assert_string_equal(p.trunk, "1");
	p = plan_of("IT");
	assert_string_equal(p.trunk, "");
	p = plan_of("HU");
	assert_string_equal(p.trunk, "06");
	p = plan_of("sg");
	assert_string_equal(p.country, "SG");
	assert_string_equal(p.cc, "65");
	assert_string_equal(p.trunk, "");

	assert_int_equal(vox_phone_plan_for_country("XX", &p), VOX_ERR);
	/* libphonenumber's "unknown region" is not a country */
	assert_int_equal(vox_phone_plan_for_country("ZZ", &p), VOX_ERR);
	assert_int_equal(vox_phone_plan_for_country("001", &p), VOX_ERR);
	assert_int_equal(vox_phone_plan_for_country("1A", &p), VOX_ERR);
	assert_int_equal(vox_phone_plan_for_country("", &p), VOX_ERR);
	assert_int_equal(vox_phone_plan_for_country("G", &p), VOX_ERR);
	assert_int_equal(vox_phone_plan_for_country("GBR", &p), VOX_ERR);
	assert_int_equal(vox_phone_plan_for_country(NULL, &p), VOX_ERR);
}

static void test_gb(void **state)
{
	(void)state;
	e164("GB", "07700 900123", "+447700900123");
	e164("GB", "07700900123", "+447700900123");
	e164("GB", "  07700 900123 ", "+447700900123");
	e164("GB", "020 7946 0123", "+442079460123");
	e164("GB", "(020) 7946-0123", "+442079460123");
	e164("GB", "020.7946.0123", "+442079460123");
	e164("GB", "020/7946/0123", "+442079460123");
	e164("GB", "+44 20 7946 0123", "+442079460123");
	e164("GB", "+44 (0)20 7946 0123", "+442079460123");
	e164("GB", "+44 (0) 20 7946 0123", "+442079460123");
	e164("GB", "0044 (0)20 7946 0123", "+442079460123");
	e164("GB", "0044 20 7946 0123", "+442079460123");
	e164("GB", "00 1 555 555 0123", "+15555550123");
	e164("GB", "001-555-555-0123", "+15555550123");
	/* The country code without "+", as trunks present callers. */
	e164("GB", "447700900123", "+447700900123");
	e164("GB", "44 (0)20 7946 0123", "+442079460123");
	/* Seven-digit freephone numbers exist (Childline, 0800 1111). */
	e164("GB", "0800 1111", "+448001111");
	/* A trailing extension is not part of the number. */
	e164("GB", "+44 20 7946 0123 x12", "+442079460123");
	e164("GB", "+44 20 7946 0123 ext. 12", "+442079460123");
	e164("GB", "020 7946 0123 EXT 12", "+442079460123");
	e164("GB", "020 7946 0123;ext=12", "+442079460123");
	/* A local number without its area code cannot be placed. */
	other("GB", "7946 0123");
	other("GB", "79460123");
	/*
	 * libphonenumber reads a national number with or without its trunk
	 * prefix when the length is possible for the country (the table it
	 * replaced wanted the "0").
	 */
	e164("GB", "7700900123", "+447700900123");
	e164("GB", "4412345678", "+444412345678");
	other("GB", "0207946012345");
	ext("GB", "00"); /* short digit strings are extensions */
	ext("GB", "0");
}

static void test_nanp(void **state)
{
	(void)state;
	e164("US", "555-555-0123", "+15555550123");
	e164("US", "(555) 555-0123", "+15555550123");
	e164("US", "555.555.0123", "+15555550123");
	e164("US", "1-555-555-0123", "+15555550123");
	e164("US", "1 (555) 555-0123", "+15555550123");
	e164("US", "15555550123", "+15555550123");
	e164("US", "+1 (555) 555-0123", "+15555550123");
	e164("US", "+15555550123", "+15555550123");
	e164("US", "011 44 20 7946 0123", "+442079460123");
	e164("US", "01144 20 7946 0123", "+442079460123");
	e164("CA", "1-555-555-0123", "+15555550123");
	e164("CA", "555 555 0123", "+15555550123");
	other("US", "555-0123");
	other("US", "00 44 20 7946 0123");
	other("US", "25555550123");
	/* Lengths, not ranges: possible, although area code 155 is not. */
	e164("US", "1555555012", "+11555555012");
}

static void test_europe(void **state)
{
	(void)state;
	/* Germany */
	e164("DE", "030 1234567", "+49301234567");
	e164("DE", "030/1234567", "+49301234567");
	e164("DE", "0151 23456789", "+4915123456789");
	e164("DE", "0049 30 1234567", "+49301234567");
	e164("DE", "+49 (0)30 1234567", "+49301234567");
	e164("DE", "+49 30 1234567", "+49301234567");
	e164("DE", "4930123456", "+4930123456");
	e164("DE", "1234567", "+491234567"); /* a possible length */
	/* Italy keeps the leading 0 of its numbers in E.164. */
	e164("IT", "06 1234 5678", "+390612345678");
	e164("IT", "+39 06 1234 5678", "+390612345678");
	e164("IT", "0039 06 1234 5678", "+390612345678");
	e164("IT", "+39 (0)6 1234 5678", "+390612345678");
	e164("IT", "333 123 4567", "+393331234567");
	e164("IT", "390612345678", "+390612345678");
	/* Spain: a closed plan, nine digits, no trunk prefix */
	e164("ES", "912 345 678", "+34912345678");
	e164("ES", "34912345678", "+34912345678");
	e164("ES", "0034 912 345 678", "+34912345678");
	other("ES", "91234567");
	/* France */
	e164("FR", "01 23 45 67 89", "+33123456789");
	e164("FR", "+33 (0)1 23 45 67 89", "+33123456789");
	/* Hungary's trunk prefix is 06 */
	e164("HU", "06 1 234 5678", "+3612345678");
	e164("HU", "06-30-123-4567", "+36301234567");
	/* Lithuania: 8, and 0 since 2025 */
	e164("LT", "8 612 34567", "+37061234567");
	e164("LT", "0 612 34567", "+37061234567");
	/* Russia: trunk 8, international 810 */
	e164("RU", "8 (495) 123-45-67", "+74951234567");
	e164("RU", "810 44 20 7946 0123", "+442079460123");
}

static void test_elsewhere(void **state)
{
	(void)state;
	/* Australia dials 0011 abroad */
	e164("AU", "0011 44 20 7946 0123", "+442079460123");
	e164("AU", "02 9876 5432", "+61298765432");
	e164("AU", "(02) 9876 5432", "+61298765432");
	e164("AU", "0412 345 678", "+61412345678");
	e164("AU", "+61 412 345 678", "+61412345678");
	other("AU", "00 44 20 7946 0123");
	/* Japan dials 010 abroad */
	e164("JP", "03-1234-5678", "+81312345678");
	e164("JP", "010 44 20 7946 0123", "+442079460123");
	/* Brazil: area code often without the 0, carrier codes after it */
	e164("BR", "(11) 91234-5678", "+5511912345678");
	e164("BR", "011 91234-5678", "+5511912345678");
	e164("BR", "0 21 11 91234 5678", "+5511912345678");
	e164("BR", "0021 44 20 7946 0123", "+442079460123");
	e164("BR", "55 11 91234 5678", "+5511912345678");
	/* India, South Africa, New Zealand */
	e164("IN", "098765 43210", "+919876543210");
	e164("ZA", "021 123 4567", "+27211234567");
	e164("NZ", "09 123 4567", "+6491234567");
}

/* Countries the hand-made table did not have, and more forms of some. */
static void test_world(void **state)
{
	(void)state;
	/* Singapore: a closed plan, eight digits, "00x" carrier prefixes */
	e164("SG", "6123 4567", "+6561234567");
	e164("SG", "9123-4567", "+6591234567");
	e164("SG", "+65 6123 4567", "+6561234567");
	e164("SG", "6561234567", "+6561234567");
	e164("SG", "001 44 20 7946 0123", "+442079460123");
	e164("SG", "1800 123 4567", "+6518001234567");
	other("SG", "612 3456");
	/* Eleven digits is a possible length, but no number starts with 0. */
	other("SG", "07700 900100");
	other(NULL, "6123 4567");
	other("GB", "6123 4567"); /* a local GB number, no area code */
	/* United States */
	e164("US", "+1 202 555 0123", "+12025550123");
	e164("US", "1 (202) 555-0123", "+12025550123");
	e164("US", "011 65 6123 4567", "+6561234567");
	/* India: ten digits, trunk 0 */
	e164("IN", "+91 98765 43210", "+919876543210");
	e164("IN", "98765 43210", "+919876543210");
	e164("IN", "022 1234 5678", "+912212345678");
	/* Brazil */
	e164("BR", "+55 11 3456-7890", "+551134567890");
	other("BR", "0xx11 3456-7890"); /* letters: not read as digits */
	/* Japan */
	e164("JP", "090-1234-5678", "+819012345678");
	e164("JP", "+81 3-1234-5678", "+81312345678");
	e164("JP", "010 81 3 1234 5678", "+81312345678");
	/* Germany and France, national and international */
	e164("DE", "+49 151 23456789", "+4915123456789");
	e164("DE", "(030) 123 456 78", "+493012345678");
	e164("FR", "06 12 34 56 78", "+33612345678");
	e164("FR", "0033 6 12 34 56 78", "+33612345678");
	e164("FR", "+33 6 12 34 56 78", "+33612345678");
	/* Australia */
	e164("AU", "(03) 9123 4567", "+61391234567");
	e164("AU", "+61 (0)3 9123 4567", "+61391234567");
	/* China, Korea, Mexico, Kenya, Nigeria */
	e164("CN", "010 1234 5678", "+861012345678");
	e164("CN", "138 0013 8000", "+8613800138000");
	e164("KR", "02-312-3456", "+8223123456");
	e164("MX", "55 1234 5678", "+525512345678");
	e164("KE", "0712 345678", "+254712345678");
	e164("NG", "0802 123 4567", "+2348021234567");
	/* International numbers are read alike whatever the country. */
	e164("SG", "+44 20 7946 0123", "+442079460123");
	e164("JP", "+1 555 555 0123", "+15555550123");
	/* Too short or too long for the country stays as written. */
	other("FR", "01 23 45 67");
	other("FR", "01 23 45 67 89 01");
	other("IN", "98765 43");
	other("JP", "+81 3 1234");
}

static void test_extensions(void **state)
{
	struct vox_phone_plan p = plan_of("GB");
	char out[32];

	(void)state;
	ext("GB", "1001");
	ext("GB", "1");
	ext("GB", "999");
	ext("GB", "123456");
	ext("GB", "*97");
	ext("GB", "*21*1001#");
	ext("GB", "#");
	ext("GB", "s");
	ext("GB", "h");
	ext("GB", "t");
	ext(NULL, "1001");
	ext(NULL, "*97");
	ext(NULL, "s");
	/* As written, spaces and all. */
	ext("GB", " 1001 ");
	/* Seven digits are past ext_max: a number when its length is possible */
	e164("GB", "1234567", "+441234567");
	other("SG", "1234567");
	other("GB", "*97a");
	other("GB", "*123456789012345678901");
	other("GB", "x");
	other("GB", "S");
	/* A plan may have shorter extensions. */
	p.ext_max = 3;
	assert_int_equal(vox_phone_normalise(&p, "1001", 4, out, sizeof(out)),
			 VOX_PHONE_OTHER);
	assert_string_equal(out, "1001");
	assert_int_equal(vox_phone_normalise(&p, "101", 3, out, sizeof(out)),
			 VOX_PHONE_EXTENSION);
}

static void test_other(void **state)
{
	(void)state;
	other("GB", "");
	other("GB", "   ");
	other("GB", "anonymous");
	other("GB", "Anonymous");
	other("GB", "unknown");
	other("GB", "Restricted");
	other("GB", "+");
	other("GB", "++44 20 7946 0123");
	other("GB", "+44 20 7946 0123 abc");
	other("GB", "+44 20 + 7946 0123");
	other("US", "1-800-FLOWERS");
	other("GB", "+0044 20 7946 0123");
	other("GB", "+1234567");
	/* E.164 has at most 15 digits. */
	e164(NULL, "+420123456789", "+420123456789");
	other(NULL, "+123456789012345"); /* too long for NANP */
	other(NULL, "+1234567890123456");
	other("GB", "00 1234 5678 9012 3456");
	other("GB", "+1234567890123456789012345678901234567890");
	other("GB", "07700\t900123x");
	other("GB", "07700 900123 ext");
	other("GB", "x07700900123");
}

static void test_uris(void **state)
{
	(void)state;
	e164("GB", "tel:+1-555-555-0111;ext=22", "+15555550111");
	e164(NULL, "tel:+1-555-555-0111;ext=22", "+15555550111");
	e164(NULL, "TEL:+44-20-7946-0123", "+442079460123");
	e164("GB", "tel:020-7946-0123;phone-context=example.com",
	     "+442079460123");
	check("GB", "tel:1001;phone-context=pbx.example.com",
	      VOX_PHONE_EXTENSION, "1001");
	e164(NULL, "sip:+442079460123@sip.example.com", "+442079460123");
	e164(NULL, "sip:00442079460123@sip.example.com;user=phone",
	     "+442079460123");
	e164("GB", "sips:07700900123@sip.example.com", "+447700900123");
	e164("GB", "SIP:+447700900123;isub=1@sip.example.com", "+447700900123");
	check("GB", "sip:1001@pbx.example.com", VOX_PHONE_EXTENSION, "1001");
	check(NULL, "sip:*97@pbx.example.com", VOX_PHONE_EXTENSION, "*97");
	other("GB", "sip:alice@example.com");
	other("GB", "sip:alice.smith@example.com");
	other("GB", "sip:example.com");
	other("GB", "sip:@example.com");
	other("GB", "tel:");
	other("GB", "tel:+");
	other("GB", "mailto:alice@example.com");
}

static void test_no_plan(void **state)
{
	(void)state;
	e164(NULL, "+44 7700 900123", "+447700900123");
	e164(NULL, "+44 (0)7700 900123", "+447700900123");
	e164(NULL, "0044 7700 900123", "+447700900123");
	e164(NULL, "001 555 555 0123", "+15555550123");
	other(NULL, "07700 900123");
	other(NULL, "15555550123");
	other(NULL, "555-555-0123");
	other(NULL, "011 44 20 7946 0123");
	other(NULL, "");
}

/* vox_phone_ext(): the extension written with RAW, or NULL. */
static void check_ext(const char *raw, const char *want)
{
	const char *x = (const char *)1;
	size_t n = vox_phone_ext(raw, strlen(raw), &x);

	if (!want) {
		if (n != 0 || x != NULL)
			fail_msg("\"%s\": extension \"%.*s\", want none", raw,
				 (int)n, x ? x : "");
		return;
	}
	if (!x || n != strlen(want) || strncmp(x, want, n) != 0)
		fail_msg("\"%s\": extension \"%.*s\", want \"%s\"", raw,
			 (int)n, x ? x : "", want);
}

static void test_ext(void **state)
{
	(void)state;
	check_ext("tel:+44-161-496-0000;ext=12", "12");
	check_ext("TEL:+1-555-555-0111;EXT=22;phone-context=example.com", "22");
	check_ext("tel:+1-555-555-0111;phone-context=x;ext=7", "7");
	check_ext("+44 161 496 0000 x12", "12");
	check_ext("+44 161 496 0000 X 12", "12");
	check_ext("+44 161 496 0000 ext. 12", "12");
	check_ext("020 7946 0123 EXT 345", "345");
	check_ext("020 7946 0123;ext=12 ", "12");
	check_ext("tel:+44-161-496-0000", NULL);
	check_ext("tel:+44-161-496-0000;ext=", NULL);
	check_ext("tel:+44-161-496-0000;ext=1a", NULL);
	check_ext("+44 161 496 0000", NULL);
	check_ext("+44 161 496 0000 ext", NULL);
	check_ext("+44 161 496 0000 x12a", NULL);
	check_ext("x12", NULL);
	check_ext("sip:1001@pbx.example.com", NULL);
	check_ext("", NULL);
	/* The number itself is E.164 without it. */
	e164("GB", "+44 161 496 0000 x12", "+441614960000");
}

/*
 * Results are cached by (country, digits): the same digits under another
 * country, the same value again, and more distinct numbers than the cache
 * holds all give what a first reading gives.
 */
static void test_cache(void **state)
{
	char raw[32], want[32];
	int round, i;

	(void)state;
	for (round = 0; round < 2; round++) {
		e164("GB", "02 9876 5432", "+44298765432");
		e164("AU", "02 9876 5432", "+61298765432");
		other("SG", "02 9876 5432");
		e164("AU", "0298765432", "+61298765432");
		other(NULL, "0298765432");
	}
	for (round = 0; round < 2; round++)
		for (i = 0; i < 20000; i += 7) {
			snprintf(raw, sizeof(raw), "07700 9%05d", i);
			snprintf(want, sizeof(want), "+4477009%05d", i);
			e164("GB", raw, want);
			snprintf(want, sizeof(want), "+6177009%05d", i);
			e164("AU", raw, want);
		}
}

static void test_buffers(void **state)
{
	struct vox_phone_plan p = plan_of("GB");
	const char *raw = "07700 900123";
	char buf[64];
	size_t i, n;
	enum vox_phone_kind k;

	(void)state;
	/* Never past OUTSZ, whatever fits. */
	for (n = 0; n < 20; n++) {
		memset(buf, 'Z', sizeof(buf));
		k = vox_phone_normalise(&p, raw, strlen(raw), buf, n);
		for (i = n; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 'Z');
		if (n == 0)
			assert_int_equal(k, VOX_PHONE_OTHER);
		else if (n <= strlen(raw))
			assert_true(k == VOX_PHONE_OTHER && buf[0] == '\0');
		else if (n < sizeof("+447700900123"))
			assert_true(k == VOX_PHONE_OTHER && !strcmp(buf, raw));
		else
			assert_true(k == VOX_PHONE_E164 &&
				    !strcmp(buf, "+447700900123"));
	}
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(vox_phone_normalise(&p, "1001", 4, buf, 4),
			 VOX_PHONE_OTHER);
	assert_string_equal(buf, "");
	assert_int_equal(vox_phone_normalise(&p, "1001", 4, buf, 5),
			 VOX_PHONE_EXTENSION);
	assert_string_equal(buf, "1001");
	/* The length is obeyed, and a NUL inside is not a number. */
	assert_int_equal(
	    vox_phone_normalise(&p, "07700 900123999", 12, buf, sizeof(buf)),
	    VOX_PHONE_E164);
	assert_string_equal(buf, "+447700900123");
	assert_int_equal(vox_phone_normalise(&p,
					     "0770\0"
					     "900123",
					     11, buf, sizeof(buf)),
			 VOX_PHONE_OTHER);
	assert_int_equal(vox_phone_normalise(&p, NULL, 0, buf, sizeof(buf)),
			 VOX_PHONE_OTHER);
	assert_string_equal(buf, "");
}

static void test_same(void **state)
{
	(void)state;
	assert_true(vox_phone_same("+447700900123", "+447700900123"));
	assert_false(vox_phone_same("+447700900123", "+447700900124"));
	assert_true(vox_phone_same("1001", "1001"));
	assert_false(vox_phone_same("1001", "+441001"));
	assert_false(vox_phone_same("", ""));
	assert_false(vox_phone_same(NULL, "1001"));
	assert_false(vox_phone_same("1001", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plans),     cmocka_unit_test(test_gb),
	    cmocka_unit_test(test_nanp),      cmocka_unit_test(test_europe),
	    cmocka_unit_test(test_elsewhere), cmocka_unit_test(test_extensions),
	    cmocka_unit_test(test_other),     cmocka_unit_test(test_uris),
	    cmocka_unit_test(test_no_plan),   cmocka_unit_test(test_buffers),
	    cmocka_unit_test(test_same),      cmocka_unit_test(test_world),
	    cmocka_unit_test(test_ext),       cmocka_unit_test(test_cache),
	};

	return cmocka_run_group_tests_name("phone", tests, NULL, NULL);
}
