/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_init.c: `voxport init [DIR]`, a starting provider.json.
 *
 * JSON has no comments: each object of the file says what its keys are in
 * a "$comment" member, which provider.json's loader removes before anything
 * else (src/provider.c, voxport-provider(5)).  The file loads as written;
 * its paths are examples, and its first comment says so.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"

const char cmd_init_usage[] =
	"usage: voxport init [-f] [DIR]\n"
	"\n"
	"Write DIR/provider.json (DIR: the current folder; made if missing),\n"
	"a starting description of a provider's systems for 'voxport export':\n"
	"every key with an example value and a \"$comment\" saying what it\n"
	"is (voxport-provider(5)).  It loads as written; replace its example\n"
	"paths and texts with yours.  DIR '-' writes it to stdout.\n"
	"\n"
	"  -f, --force            replace DIR/provider.json if it exists\n"
	"\n"
	"Exit codes: 0 written, 1 failure (DIR/provider.json exists, I/O),\n"
	"2 usage.\n";

static const char template_json[] =
"{\n"
"  \"$comment\": \"provider.json, written by 'voxport init': what 'voxport "
"export' reads to find a subscriber's data (man 5 voxport-provider). A "
"member named $comment is a comment, which voxport ignores. Every path and "
"text below is an EXAMPLE: replace it with yours. Paths are relative to "
"the folder of this file. time_zone: the IANA zone of the local times in "
"your files. country: the ISO 3166 code for national phone numbers.\",\n"
"  \"controller\": {\n"
"    \"$comment\": \"Who answers access requests (the controller). name is "
"required; address, email, phone, website and registration are how to "
"reach you. Shown to the subscriber in README.txt, index.html and "
"processing.json of every archive.\",\n"
"    \"name\": \"Example Telecom Ltd\",\n"
"    \"address\": \"1 Example Street, London EC1A 1AA, United Kingdom\",\n"
"    \"email\": \"privacy@telecom.example\",\n"
"    \"phone\": \"+44 20 7946 0000\",\n"
"    \"website\": \"https://telecom.example/privacy\",\n"
"    \"registration\": \"ICO registration ZA000000\",\n"
"    \"dpo\": {\n"
"      \"$comment\": \"Your data protection officer: name, email, phone, "
"address. Leave dpo out if you have none; the archive then says none was "
"named.\",\n"
"      \"name\": \"Data Protection Officer\",\n"
"      \"email\": \"dpo@telecom.example\"\n"
"    },\n"
"    \"supervisory_authority\": {\n"
"      \"$comment\": \"Where a subscriber may complain: name (required), "
"address, phone, website. Without it the archive names the UK's ICO.\",\n"
"      \"name\": \"Information Commissioner's Office\",\n"
"      \"address\": \"Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 "
"5AF\",\n"
"      \"phone\": \"0303 123 1113\",\n"
"      \"website\": \"https://ico.org.uk/make-a-complaint/\"\n"
"    }\n"
"  },\n"
"  \"time_zone\": \"Europe/London\",\n"
"  \"country\": \"GB\",\n"
"  \"subscribers\": {\n"
"    \"$comment\": \"The subscriber list: a CSV file with a header row, one "
"subscriber a row; the id column is required, and the numbers, "
"extensions, account codes and SIP user names in it find each "
"subscriber's records in shared files (voxport-formats(5), "
"subscribers-csv).\",\n"
"    \"format\": \"subscribers-csv\",\n"
"    \"path\": \"subscribers.csv\"\n"
"  },\n"
"  \"sources\": {\n"
"    \"$comment\": \"Where each category's records are: a list per "
"category (contacts, calls, messages, recordings) of sources with format "
"('voxport formats' lists them), path, and optionally time_zone and "
"options (the format's own, see voxport-formats(5)). {subject} in a path "
"is the subscriber's id: a file per subscriber. A path without it is "
"shared by all subscribers; a folder is read file by file. Leave out a "
"category you hold nothing of.\",\n"
"    \"contacts\": [\n"
"      { \"format\": \"vcard\", \"path\": \"contacts/{subject}.vcf\" }\n"
"    ],\n"
"    \"calls\": [\n"
"      {\n"
"        \"format\": \"asterisk-cdr-csv\",\n"
"        \"path\": \"cdr/Master.csv\",\n"
"        \"options\": { \"usegmtime\": false }\n"
"      }\n"
"    ],\n"
"    \"messages\": [\n"
"      { \"format\": \"sbr-xml\", \"path\": \"phones/{subject}/sms.xml\" }\n"
"    ],\n"
"    \"recordings\": [\n"
"      { \"format\": \"wav\", \"path\": \"monitor\" },\n"
"      { \"format\": \"asterisk-voicemail\", "
"\"path\": \"voicemail/default/{subject}\" }\n"
"    ]\n"
"  },\n"
"  \"processing\": {\n"
"    \"$comment\": \"What the law (UK GDPR Art. 13-15) says a subscriber "
"must be told, in plain words addressed to them: README.txt and "
"processing.json carry it. Each list item has text and may have a "
"category (subject, contacts, calls, messages, recordings or all); a "
"purpose has a basis (consent, contract, legal obligation, vital "
"interests, public task or legitimate interests). What you leave out, the "
"archive says you did not state. These are EXAMPLES: write your own.\",\n"
"    \"purposes\": [\n"
"      { \"category\": \"subject\", \"text\": \"to provide and bill the "
"service you signed up for\", \"basis\": \"contract\" },\n"
"      { \"category\": \"calls\", \"text\": \"to connect and bill your "
"calls\", \"basis\": \"contract\" },\n"
"      { \"category\": \"calls\", \"text\": \"to detect and prevent "
"fraud\", \"basis\": \"legitimate interests\" },\n"
"      { \"category\": \"recordings\", \"text\": \"to record calls where "
"you switched call recording on, and to keep your voicemail\", "
"\"basis\": \"consent\" },\n"
"      { \"category\": \"contacts\", \"text\": \"to keep the address book "
"you sync with us\", \"basis\": \"contract\" },\n"
"      { \"category\": \"messages\", \"text\": \"to keep the phone "
"backups you ask us to hold\", \"basis\": \"contract\" }\n"
"    ],\n"
"    \"categories\": [\n"
"      { \"category\": \"subject\", \"text\": \"your name, contact "
"details, account and marketing choices\" },\n"
"      { \"category\": \"calls\", \"text\": \"who you called and who "
"called you, when and for how long\" }\n"
"    ],\n"
"    \"recipients\": [\n"
"      { \"text\": \"our carrier, for calls to other networks\" },\n"
"      { \"text\": \"the police and other authorities, where the law "
"requires it\" }\n"
"    ],\n"
"    \"retention\": [\n"
"      { \"category\": \"subject\", \"text\": \"for the contract and 6 "
"years after it ends\" },\n"
"      { \"category\": \"calls\", \"text\": \"12 months, then deleted\" "
"},\n"
"      { \"category\": \"all\", \"text\": \"everything else: until you "
"delete it or close your account\" }\n"
"    ],\n"
"    \"sources\": [\n"
"      { \"category\": \"subject\", \"text\": \"you, when you signed "
"up\" },\n"
"      { \"category\": \"all\", \"text\": \"our telephone systems, as "
"you use the service\" }\n"
"    ],\n"
"    \"transfers\": \"None: your data stays in the United Kingdom.\",\n"
"    \"automated_decisions\": \"None: we make no decisions about you by "
"automated means alone.\",\n"
"    \"rights\": \"Write to our data protection officer at "
"dpo@telecom.example.\"\n"
"  }\n"
"}\n";

/* Make the file beside its final name, then put it there. */
static int write_file(const char *dir, int force)
{
	size_t dlen = strlen(dir);
	char path[4096], tmp[4096 + 8];
	FILE *f;
	int fd, rc;

	if (dlen + sizeof("/provider.json.XXXXXX") > sizeof(path))
		return usage_error("%s: the folder name is too long",
				   cli_safe(dir));
	/* "provider.json", not "./provider.json", for the current folder */
	if (strcmp(dir, ".") == 0)
		dir = "";
	snprintf(path, sizeof(path), "%s%sprovider.json", dir,
		 *dir ? "/" : "");
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	if (*dir && mkdir(dir, 0755) != 0 && errno != EEXIST) {
		error("%s: %s", cli_safe(dir), strerror(errno));
		return EXIT_FAILURE_DATA;
	}
	if (!force && access(path, F_OK) == 0) {
		error("%s: exists; not replacing it without --force",
		      cli_safe(path));
		return EXIT_FAILURE_DATA;
	}
	fd = mkstemp(tmp);
	if (fd < 0 || fchmod(fd, 0644) != 0 || !(f = fdopen(fd, "w"))) {
		error("%s: %s", cli_safe(path), strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		return EXIT_FAILURE_DATA;
	}
	rc = fputs(template_json, f) < 0;
	rc |= fclose(f) != 0;
	/* link() never replaces: a file made meanwhile stays. */
	if (!rc)
		rc = force ? rename(tmp, path) : link(tmp, path);
	if (rc) {
		error("%s: %s", cli_safe(path), errno == EEXIST ?
		      "exists; not replacing it without --force" :
		      strerror(errno));
		unlink(tmp);
		return EXIT_FAILURE_DATA;
	}
	if (!force)
		unlink(tmp);
	printf("wrote %s: example paths and texts, each explained by a "
	       "\"$comment\";\nedit it, then try 'voxport export -c %s -s "
	       "ID'\n", cli_safe(path), cli_safe(path));
	return EXIT_OK;
}

int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, force = 0, status;

	if (common_options(argc, argv, cmd_init_usage, &status))
		return status;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = 1;
			break;
		default:
			return option_error(argc, argv, c);
		}
	}
	if (argc - optind > 1)
		return usage_error("too many arguments");
	if (argc - optind == 1 && strcmp(argv[optind], "-") == 0) {
		fputs(template_json, stdout);
		return EXIT_OK;
	}
	return write_file(argc - optind == 1 ? argv[optind] : ".", force);
}
