/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcard_dump: read a .vcf with the vcard source and write what the archive
 * would hold: the contacts as vCard 4.0 and as a JSON array of JSContact
 * cards.  Used by tests/interop/vcard.sh.
 *
 *	vcard_dump [-c COUNTRY] IN.vcf OUT.vcf OUT.json
 *
 * A malformed card is reported on stderr and skipped; the exit status is
 * 1 when any was, or when reading stopped on an error.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "contact_json.h"
#include "phone.h"
#include "record_json.h"
#include "vcard_write.h"
#include "voxport/source.h"

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int main(int argc, char **argv)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_phone_plan plan;
	struct vox_source_args args = { 0 };
	const struct vox_record *rec;
	FILE *in, *vcf, *js;
	void *st;
	int c, r, status = 0, n = 0;

	while ((c = getopt(argc, argv, "c:")) != -1) {
		if (c != 'c' || vox_phone_plan_for_country(optarg, &plan) !=
		    VOX_OK) {
			fprintf(stderr, "usage: vcard_dump [-c COUNTRY] IN.vcf "
				"OUT.vcf OUT.json\n");
			return 2;
		}
		args.plan = &plan;
	}
	if (argc - optind != 3) {
		fprintf(stderr, "usage: vcard_dump [-c COUNTRY] IN.vcf OUT.vcf "
			"OUT.json\n");
		return 2;
	}
	in = fopen(argv[optind], "rb");
	vcf = fopen(argv[optind + 1], "wb");
	js = fopen(argv[optind + 2], "wb");
	if (!in || !vcf || !js) {
		perror("vcard_dump");
		return 1;
	}
	args.in = in;
	args.name = base(argv[optind]);
	st = vox_source_vcard.open(&args, &err);
	if (!st) {
		fprintf(stderr, "vcard_dump: %s\n", err.msg);
		return 1;
	}
	fputs("[", js);
	while ((r = vox_source_vcard.next(st, &rec, &err)) != VOX_EOF) {
		json_t *j;

		if (r != VOX_OK) {
			fprintf(stderr, "vcard_dump: %s\n", err.msg);
			status = 1;
			if (err.code != VOX_E_DATA)
				break;
			continue;
		}
		if (vox_vcard_write(vcf, &rec->u.contact, &err) != VOX_OK) {
			fprintf(stderr, "vcard_dump: %s\n", err.msg);
			status = 1;
			break;
		}
		j = vox_contact_to_json(&rec->u.contact);
		if (n)
			fputs(",\n", js);
		if (!j || json_dumpf(j, js, VOX_JSON_PRETTY) != 0) {
			fprintf(stderr, "vcard_dump: contact %d: no JSON\n",
				n + 1);
			status = 1;
			json_decref(j);
			break;
		}
		json_decref(j);
		n++;
	}
	fputs("]\n", js);
	vox_source_vcard.close(st);
	fclose(in);
	if (fclose(vcf) != 0 || fclose(js) != 0) {
		perror("vcard_dump");
		status = 1;
	}
	return status;
}
