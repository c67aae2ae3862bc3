/* SPDX-License-Identifier: Apache-2.0 */
/*
 * phone_lib.cc: src/phone_lib.h on Google's libphonenumber (Debian's
 * libphonenumber-dev; its metadata summarises each country's national
 * numbering plan: calling code, trunk and international prefixes, number
 * lengths and ranges, carrier codes).
 *
 * The only C++ in voxport.  Nothing may throw across the C interface, so
 * every entry point catches everything (std::bad_alloc from std::string)
 * and answers -1.
 */
#include "phone_lib.h"

#include <cstring>
#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

/* libphonenumber's region for "no default country". */
static const char unknown_region[] = "ZZ";

static int put(const std::string &s, char *out, size_t outsz)
{
	if (s.size() >= outsz)
		return -1;
	std::memcpy(out, s.c_str(), s.size() + 1);
	return 0;
}

extern "C" int vox_phonelib_region(const char *region, char cc[4],
				   char ndd[4])
{
	try {
		const PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
		std::string r(region ? region : ""), prefix;
		int code;

		if (r.empty() || r == unknown_region)
			return -1;
		code = u->GetCountryCodeForRegion(r);
		if (code <= 0 || code > 999)
			return -1;
		u->GetNddPrefixForRegion(r, true, &prefix);
		if (put(std::to_string(code), cc, 4) != 0)
			return -1;
		if (put(prefix, ndd, 4) != 0)
			ndd[0] = '\0'; /* none this long exists; not needed */
		return 0;
	} catch (...) {
		return -1;
	}
}

extern "C" int vox_phonelib_e164(const char *region, const char *num,
				 char *out, size_t outsz)
{
	try {
		const PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
		std::string r(region && region[0] ? region : unknown_region);
		std::string formatted;
		PhoneNumber n;

		if (u->Parse(num, r, &n) != PhoneNumberUtil::NO_PARSING_ERROR)
			return 0;
		if (n.has_extension()) /* phone.c took it off already */
			return 0;
		if (u->IsPossibleNumberWithReason(n) !=
		    PhoneNumberUtil::IS_POSSIBLE)
			return 0;
		/*
		 * A national number that keeps a leading 0 is real in Italy
		 * (and a few others) and nonsense elsewhere: Singapore has no
		 * trunk prefix, so "07700900100" would be "+6507700900100".
		 * Only a number in a range of the country's plan may keep it.
		 */
		if (n.italian_leading_zero() && !u->IsValidNumber(n))
			return 0;
		u->Format(n, PhoneNumberUtil::E164, &formatted);
		return put(formatted, out, outsz) == 0 ? 1 : -1;
	} catch (...) {
		return -1;
	}
}
