/*
 * phone.h: phone numbers as sources write them, to E.164.
 *
 * Records keep the number as the source wrote it (raw) and, where it can
 * be worked out, its E.164 form (ITU-T E.164: "+", the country calling
 * code and the national significant number, 15 digits at most).  National
 * numbers need a numbering plan: the provider's default country.
 * Extensions and values that are not numbers are left as they are.
 */
#ifndef VOX_PHONE_H
#define VOX_PHONE_H

#include <stddef.h>

/* Room for any E.164 form with its NUL: "+" and 15 digits. */
#define VOX_PHONE_E164_MAX 17
/* Extensions up to this many digits when the plan does not say. */
#define VOX_PHONE_EXT_MAX 6

/*
 * What a country's numbers look like when written nationally.  All strings
 * are digits.  Plans come from vox_phone_plan_for_country() or may be
 * filled by hand; a plan with nsn_max 0 takes any length that fits E.164.
 */
struct vox_phone_plan {
	char country[3];   /* ISO 3166-1 alpha-2, or "" */
	char cc[4];	   /* country calling code: "44", "1", "420" */
	char trunk[4];	   /* national trunk prefix: "0", "1", "06", or "" */
	char trunk_alt[4]; /* a second one that is also in use, or "" */
	char intl[5];	   /* international call prefix: "00", "011" */
	unsigned char nsn_min, nsn_max; /* national significant number */
	unsigned char ext_max;		/* longest all-digit extension */
	unsigned char carrier;		/* digits of a carrier code after a
					   prefix (Brazil: 2), or 0 */
	unsigned char trunk_optional;	/* national numbers are also written
					   without the trunk prefix (NANP) */
};

enum vox_phone_kind {
	VOX_PHONE_OTHER = 0, /* not a number we can place; out = raw */
	VOX_PHONE_E164,	     /* out = "+" and 8 to 15 digits */
	VOX_PHONE_EXTENSION, /* a PBX extension or feature code; out = raw,
				or the user part of a sip:/tel: URI */
};

/*
 * The plan of a country by its ISO 3166-1 alpha-2 code, in either case
 * ("UK" is taken for "GB").  Returns VOX_OK, or VOX_ERR for a country not
 * in the table.
 */
int vox_phone_plan_for_country(const char *iso2, struct vox_phone_plan *out);

/*
 * Normalise RAW[0..LEN) into OUT (OUTSZ bytes, always NUL-terminated when
 * OUTSZ > 0, never written past).  Understood:
 *   - visual separators: space, "-", ".", "(", ")", "/"; a "(0)" after the
 *     country code of an international number is dropped ("+44 (0)20 ..."),
 *     except for Italy where the 0 belongs to the number;
 *   - "+", the plan's international prefix ("00" without a plan), the
 *     plan's trunk prefix, and the country code written without "+" when
 *     the length shows it ("447700900123", "15555550123");
 *   - tel: URIs (parameters such as ";ext=" dropped), sip: and sips: URIs
 *     by their user part, and a trailing extension ("x12", "ext. 12",
 *     ";ext=12"), which the E.164 form does not carry;
 *   - extensions: digits up to the plan's ext_max, feature codes starting
 *     with "*" or "#" ("*97"), and Asterisk's special extensions ("s",
 *     "h", "i", "t", "T", "o", "a", "e").
 * With PLAN NULL only explicitly international numbers become E.164.
 * Anything else, or a result that does not fit OUT, is VOX_PHONE_OTHER
 * (with OUT empty when even RAW does not fit).
 */
enum vox_phone_kind vox_phone_normalise(const struct vox_phone_plan *plan,
					const char *raw, size_t len, char *out,
					size_t outsz);

/* 1 if two normalised forms name the same number (or extension). */
int vox_phone_same(const char *a, const char *b);

/* 1 when s is an E.164 number as vox_phone_normalise writes it: '+' and
 * 2 to 15 digits, nothing else. */
int vox_phone_is_e164(const char *s);

#endif
