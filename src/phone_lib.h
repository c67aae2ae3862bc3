/* SPDX-License-Identifier: Apache-2.0 */
/*
 * phone_lib.h: the few calls voxport makes into Google's libphonenumber
 * (C++), behind a C interface.  src/phone_lib.cc is the only C++ file;
 * everything else, src/phone.c included, stays C.
 *
 * Regions are ISO 3166-1 alpha-2 codes in upper case as libphonenumber
 * spells them ("GB", not "UK"); "" means none.  No call throws, prints or
 * exits; each returns 0 or a positive result, -1 when it cannot answer.
 */
#ifndef VOX_PHONE_LIB_H
#define VOX_PHONE_LIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The country calling code of REGION (1 to 3 digits) into CC, and its
 * national (trunk) prefix, "" when it has none, into NDD.  Returns 0, or
 * -1 for a region libphonenumber has no metadata for.
 */
int vox_phonelib_region(const char *region, char cc[4], char ndd[4]);

/*
 * NUM is a dialling string of digits, optionally after one '+', with no
 * separators, letters or extension (phone.c has checked it).  Reads it as
 * dialled in REGION ("" for none: then only '+' numbers are understood)
 * and, when the result has a possible length for its country
 * (libphonenumber's IsPossibleNumber: lengths, not number ranges), writes
 * its E.164 form ("+" and up to 15 digits, NUL-terminated) into OUT.
 * Returns 1 then, 0 when NUM is not a number it can place, -1 on error.
 */
int vox_phonelib_e164(const char *region, const char *num, char *out,
		      size_t outsz);

#ifdef __cplusplus
}
#endif

#endif
