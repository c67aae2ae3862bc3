/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csv_write.h: CSV fields for people's spreadsheets (RFC 4180, with cells
 * that cannot turn into formulas).
 *
 * Every CSV member of an archive is written through vox_csv_put(), so each
 * one gets both the quoting and the formula guard.  The guard follows
 * OWASP's "CSV Injection" advice: a spreadsheet takes a cell that starts
 * with "=", "+", "-", "@", TAB or CR as a formula (or DDE command), and in
 * calls.csv a caller, not the subscriber, chooses what a caller-ID name
 * says.  The rule, which man/voxport-archive.5 and README.txt repeat:
 *
 *   A "'" is written before each "=", "+", "-", "@", TAB, CR, LF, '"' or
 *   "'" that is the first character of a value or follows a ";", TAB, CR
 *   or LF in it; unless the whole value is a plain number: an optional
 *   "+" or "-", ASCII digits, and optionally "." and more digits
 *   ("+447700900123", "-2", "1.5" are written as they are).
 *
 * Why inside a value too: Excel in a locale whose list separator is ";",
 * or a LibreOffice import with Semicolon or Tab ticked, splits a row there
 * and ignores quotes that do not open a cell, so a cell may start after
 * any ";", TAB or line break.  LF is guarded like CR, and '"' too (see
 * is_trigger()).  "'" is guarded so that a consumer can undo it exactly:
 * delete every "'" that is the first character of a value or follows a
 * ";", TAB, CR or LF.
 */
#ifndef VOX_CSV_WRITE_H
#define VOX_CSV_WRITE_H

#include <stdio.h>

/* 1 when vox_csv_put() puts at least one "'" into s (the rule above). */
int vox_csv_guarded(const char *s);

/*
 * Write one field: s (NULL is an empty field) with the formula guard, in
 * double quotes when it holds '"', ',', CR or LF or starts or ends with a
 * space or TAB, and then "," or, when last, CRLF.  VOX_OK, or VOX_ERR when
 * out has an error.
 */
int vox_csv_put(FILE *out, const char *s, int last);

/* Flags of vox_csv_put_plain(). */
enum {
	VOX_CSV_LAST = 1,	/* end the row (CRLF), not the field (",") */
	VOX_CSV_QUOTE = 2,	/* quote the field even when it needs none */
};

/*
 * The same quoting without the formula guard, for files that go to another
 * program's importer, not to a spreadsheet (the contacts CSV targets of
 * import/): Google's and Outlook's importers take a cell's text as it is,
 * so a guard "'" would become part of a name or a phone number.  Not for
 * archive members.
 */
int vox_csv_put_plain(FILE *out, const char *s, unsigned flags);

#endif
