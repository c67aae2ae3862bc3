/* SPDX-License-Identifier: Apache-2.0 */
/* messages.c: the CLI's message helpers (see cli.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_command;

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("voxport: ", stderr);
	if (cli_command)
		fprintf(stderr, "%s: ", cli_command);
	if (prefix)
		fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

/*
 * The length of the UTF-8 sequence at p if it is a printable character
 * (not C1, no overlong form, no surrogate, at most U+10FFFF), else 0.
 */
static size_t printable_utf8(const unsigned char *p)
{
	unsigned long cp;
	size_t n, i;

	if (p[0] >= 0x20 && p[0] < 0x7f)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

const char *cli_safe(const char *s)
{
	/* Enough slots for every string of one printf. */
	static char *ring[16];
	static unsigned next;
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0, n;
	char *out, *o;

	if (!s)
		return s;
	for (; *p; p += n, len += n)
		if (!(n = printable_utf8(p)))
			break;
	if (!*p)
		return s;
	out = malloc(strlen(s) * 4 + 1);
	if (!out)
		return "(out of memory)";
	memcpy(out, s, len);
	o = out + len;
	while (*p) {
		n = printable_utf8(p);
		if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
			continue;
		}
		snprintf(o, 5, "\\x%02x", *p++);
		o += 4;
	}
	*o = '\0';
	free(ring[next]);
	ring[next] = out;
	next = (next + 1) % (sizeof(ring) / sizeof(ring[0]));
	return out;
}

int error_report(const struct vox_error *err)
{
	error("%s", err->msg[0] ? cli_safe(err->msg) : "unknown error");
	return err->code == VOX_E_USAGE ? EXIT_USAGE : EXIT_FAILURE_DATA;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
	if (cli_command)
		fprintf(stderr, "try 'voxport %s --help'\n", cli_command);
	else
		fprintf(stderr, "try 'voxport --help'\n");
	return EXIT_USAGE;
}

int print_usage(const char *usage)
{
	fputs(usage, stdout);
	return finish_stdout(EXIT_OK);
}

int common_options(int argc, char **argv, const char *usage, int *status)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			*status = print_usage(usage);
			return 1;
		}
		if (strcmp(argv[i], "--version") == 0) {
			*status = cmd_version(1, argv);
			return 1;
		}
	}
	return 0;
}

int finish_stdout(int status)
{
	/* A full disk or a closed pipe must not pass as success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error("write error on standard output: %s", strerror(errno));
		return status ? status : EXIT_FAILURE_DATA;
	}
	return status;
}
