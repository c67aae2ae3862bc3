/* SPDX-License-Identifier: Apache-2.0 */
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
 * A default country for national numbers.  Plans come from
 * vox_phone_plan_for_country(); what its numbers look like is
 * libphonenumber's metadata for COUNTRY (src/phone_lib.h).  CC and TRUNK
 * are informative; EXT_MAX may be lowered by hand.
 */
struct vox_phone_plan {
	char country[3];	/* ISO 3166-1 alpha-2, or "" for none */
	char cc[4];		/* country calling code: "44", "1", "420" */
	char trunk[4];		/* national trunk prefix: "0", "06", or "" */
	unsigned char ext_max;	/* longest all-digit extension */
};

enum vox_phone_kind {
	VOX_PHONE_OTHER = 0, /* not a number we can place; out = raw */
	VOX_PHONE_E164,	     /* out = "+" and 8 to 15 digits */
	VOX_PHONE_EXTENSION, /* a PBX extension or feature code; out = raw,
				or the user part of a sip:/tel: URI */
};

/*
 * The plan of a country by its ISO 3166-1 alpha-2 code, in either case
 * ("UK" is taken for "GB"): any region libphonenumber has metadata for.
 * Returns VOX_OK, or VOX_ERR for a code it does not know.
 */
int vox_phone_plan_for_country(const char *iso2, struct vox_phone_plan *out);

/*
 * Normalise RAW[0..LEN) into OUT (OUTSZ bytes, always NUL-terminated when
 * OUTSZ > 0, never written past).  Understood:
 *   - extensions: digits up to the plan's ext_max, feature codes starting
 *     with "*" or "#" ("*97"), and Asterisk's special extensions ("s",
 *     "h", "i", "t", "T", "o", "a", "e"): kept as written;
 *   - tel: URIs (parameters such as ";ext=" dropped), sip: and sips: URIs
 *     by their user part, and a trailing extension ("x12", "ext. 12",
 *     ";ext=12"), which the E.164 form does not carry (vox_phone_ext());
 *   - digits with visual separators (space, "-", ".", "(", ")", "/") and
 *     one leading "+", read by libphonenumber as dialled in the plan's
 *     country: its international and trunk prefixes, carrier codes, the
 *     country code written without "+", "(0)" after the country code; the
 *     result is E.164 when its length is possible for its country.
 *     Letters are never keypad digits: such a value stays as written.
 * With PLAN NULL only international numbers ("+", or "00") become E.164.
 * Anything else, or a result that does not fit OUT, is VOX_PHONE_OTHER
 * (with OUT empty when even RAW does not fit).  Results are cached per
 * (country, digits) in a bounded process-wide table; not thread-safe.
 */
enum vox_phone_kind vox_phone_normalise(const struct vox_phone_plan *plan,
					const char *raw, size_t len, char *out,
					size_t outsz);

/*
 * The extension written with the number RAW[0..LEN): ";ext=" of a tel:
 * URI, or a trailing "x12", "ext. 12", "ext 12", ";ext=12".  Returns its
 * length and points *EXT at it inside RAW, or returns 0 with *EXT NULL.
 */
size_t vox_phone_ext(const char *raw, size_t len, const char **ext);

/* 1 if two normalised forms name the same number (or extension). */
int vox_phone_same(const char *a, const char *b);

/* 1 when s is an E.164 number as vox_phone_normalise writes it: '+' and
 * 2 to 15 digits, nothing else. */
int vox_phone_is_e164(const char *s);

#endif
