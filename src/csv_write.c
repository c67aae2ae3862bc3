/* SPDX-License-Identifier: Apache-2.0 */
/* csv_write.c: CSV fields with RFC 4180 quoting, with or without the
 * formula guard (see csv_write.h). */
#include <string.h>

#include "csv_write.h"
#include "voxport/error.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* An optional sign, digits, and optionally "." and digits: a spreadsheet
 * reads it as the number it is, so it stays exact. */
static int plain_number(const char *s)
{
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (!is_digit(*p))
		return 0;
	while (is_digit(*p))
		p++;
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return 0;
		while (is_digit(*p))
			p++;
	}
	return *p == '\0';
}

/*
 * What a spreadsheet may take as the start of a formula; '"' because a
 * cell that starts with the "" of a doubled quote may be read as an empty
 * quoted string and what follows it; "'" so that the guard can be undone.
 */
static int is_trigger(char c)
{
	return c != '\0' && strchr("=+-@\t\r\n\"'", c) != NULL;
}

/*
 * Where a cell can begin inside a value: a reader that splits at ";" or
 * TAB (Excel where the list separator is ";", a LibreOffice import with
 * Semicolon or Tab ticked) ignores the quotes around a value that does not
 * start its cell, and so also ends the row at a line break inside it.
 */
static int is_boundary(char c)
{
	return c == ';' || c == '\t' || c == '\r' || c == '\n';
}

/* s[i] gets a "'" before it, given that s is not a plain number. */
static int guard_at(const char *s, size_t i)
{
	return is_trigger(s[i]) && (i == 0 || is_boundary(s[i - 1]));
}

int vox_csv_guarded(const char *s)
{
	size_t i;

	if (!s || plain_number(s))
		return 0;
	for (i = 0; s[i]; i++)
		if (guard_at(s, i))
			return 1;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* lead: s is written after a "'". */
static int needs_quotes(const char *s, int lead)
{
	size_t n = strlen(s);

	/* Readers such as libcsv trim blanks around an unquoted field. */
	if (n && ((!lead && is_blank(s[0])) || is_blank(s[n - 1])))
		return 1;
	return strpbrk(s, "\",\r\n") != NULL;
}

/* One field; guard: with the formula guard; always: in quotes anyway. */
static int put(FILE *out, const char *s, int last, int guard, int always)
{
	size_t i;
	int quote;

	if (!s)
		s = "";
	guard = guard && !plain_number(s);
	quote = always || needs_quotes(s, guard && guard_at(s, 0));
	if (quote)
		putc('"', out);
	for (i = 0; s[i]; i++) {
		if (guard && guard_at(s, i))
			putc('\'', out);
		if (s[i] == '"')
			putc('"', out);
		putc(s[i], out);
	}
	if (quote)
		putc('"', out);
	if (last)
		fputs("\r\n", out);
	else
		putc(',', out);
	return ferror(out) ? VOX_ERR : VOX_OK;
}

int vox_csv_put(FILE *out, const char *s, int last)
{
	return put(out, s, last, 1, 0);
}

int vox_csv_put_plain(FILE *out, const char *s, unsigned flags)
{
	return put(out, s, flags & VOX_CSV_LAST, 0, flags & VOX_CSV_QUOTE);
}
