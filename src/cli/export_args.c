/* SPDX-License-Identifier: Apache-2.0 */
/* export_args.c: the options export and bulk share (export_args.h). */
#include <string.h>

#include "category.h"
#include "cli.h"
#include "export_args.h"
#include "options.h"
#include "provider.h"

void export_args_init(struct export_args *a, struct vox_export_opts *o)
{
	memset(a, 0, sizeof(*a));
	passphrase_init(&a->pass);
	o->request_type = "access";
}

int export_args_option(struct export_args *a, struct vox_export_opts *o,
		       int c, const char *arg, int *status)
{
	*status = 0;
	switch (c) {
	case EXPORT_OPT_CATEGORIES:
		a->categories = arg;
		break;
	case EXPORT_OPT_SINCE:
		a->since = arg;
		break;
	case EXPORT_OPT_UNTIL:
		a->until = arg;
		break;
	case EXPORT_OPT_CREATED:
		a->created = arg;
		break;
	case EXPORT_OPT_REQUEST:
		if (strcmp(arg, "access") && strcmp(arg, "portability") &&
		    strcmp(arg, "migration"))
			*status = usage_error("--request: access, portability "
					      "or migration, not \"%s\"",
					      cli_safe(arg));
		o->request_type = arg;
		break;
	case EXPORT_OPT_REFERENCE:
		o->request_reference = arg;
		break;
	case EXPORT_OPT_ON_ERROR:
		if (strcmp(arg, "fail") == 0)
			o->on_error = VOX_ON_ERROR_FAIL;
		else if (strcmp(arg, "skip") == 0)
			o->on_error = VOX_ON_ERROR_SKIP;
		else
			*status = usage_error("--on-error: fail or skip, not "
					      "\"%s\"", cli_safe(arg));
		break;
	case EXPORT_OPT_WITH_AUDIO:
		o->with_audio = 1;
		break;
	case EXPORT_OPT_WITH_ATTACHMENTS:
		o->with_attachments = 1;
		break;
	case EXPORT_OPT_NO_WORKBOOK:
		o->no_workbook = 1;
		break;
	case EXPORT_OPT_ENCRYPT:
		a->encrypt = 1;
		break;
	case EXPORT_OPT_PASS_FILE:
		a->pass.file = arg;
		break;
	case EXPORT_OPT_PASS_FD:
		*status = passphrase_fd_option(&a->pass, arg);
		break;
	case EXPORT_OPT_THIRD_PARTY:
		o->third_party = vox_third_party_mode(arg);
		if (o->third_party < 0)
			*status = usage_error("--third-party: keep, mask or "
					      "hash, not \"%s\"",
					      cli_safe(arg));
		break;
	case EXPORT_OPT_THIRD_PARTY_KEY:
		a->key_file = arg;
		break;
	default:
		return 0;
	}
	return 1;
}

int export_args_check(struct export_args *a, struct vox_export_opts *o)
{
	struct vox_error err = VOX_ERROR_INIT;

	if (a->categories &&
	    vox_category_parse(a->categories, &o->categories, &err) != VOX_OK)
		return usage_error("--categories: %s", err.msg);
	if (o->third_party != VOX_TP_KEEP && (o->with_audio ||
					      o->with_attachments))
		return usage_error("--with-audio and --with-attachments hold "
				   "other people's voices and pictures, which "
				   "--third-party %s cannot mask",
				   o->third_party == VOX_TP_MASK ? "mask" :
				   "hash");
	if (a->key_file && o->third_party != VOX_TP_HASH)
		return usage_error("--third-party-key-file is for "
				   "--third-party hash");
	if (a->key_file && third_party_key_read(a->key_file, a->key,
						&o->third_party_keylen))
		return EXIT_FAILURE_DATA;
	if (a->key_file)
		o->third_party_key = a->key;
	if (!a->encrypt && (a->pass.file || a->pass.fd >= 0))
		return usage_error("--passphrase-file and --passphrase-fd are "
				   "for --encrypt");
	if (a->encrypt && passphrase_read(&a->pass, 1))
		return EXIT_FAILURE_DATA;
	o->passphrase = a->pass.set ? a->pass.value : NULL;
	return 0;
}

int export_args_times(const struct export_args *a, struct vox_export_opts *o,
		      const struct vox_provider *p)
{
	o->since = o->until = VOX_TIME_NONE;
	if ((a->since && parse_time_option("--since", a->since, p->tz, 0,
					   &o->since) != 0) ||
	    (a->until && parse_time_option("--until", a->until, p->tz, 1,
					   &o->until) != 0) ||
	    creation_time(a->created, &o->created) != 0)
		return EXIT_USAGE;
	/* An empty archive would look like "no calls", which is false. */
	if (o->since != VOX_TIME_NONE && o->until != VOX_TIME_NONE &&
	    o->since >= o->until)
		return usage_error("--since %s is not before --until %s: no "
				   "record could be in that range",
				   cli_safe(a->since), cli_safe(a->until));
	return 0;
}

void export_args_clear(struct export_args *a)
{
	passphrase_clear(&a->pass);
	memset(a->key, 0, sizeof(a->key));
}
