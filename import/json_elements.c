/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_elements.c: a JSON array read element by element (see import.h).
 *
 * jansson parses a whole document and needs about 20 times its size in
 * memory; a member such as contacts.json is an array of records, so it is
 * cut here into its elements, each parsed on its own: memory holds one
 * element.  Only the array's own punctuation is checked here (brackets,
 * commas, what follows the closing bracket); an element's text is
 * delimited by counting brackets outside strings and checked by jansson.
 */
#include <stdlib.h>
#include <string.h>

#include "import.h"

enum {
	BEFORE,		/* before '[' */
	FIRST,		/* after '[': an element or ']' */
	VALUE,		/* after ',': an element */
	IN_VALUE,	/* inside an element */
	SEPARATOR,	/* after an element: ',' or ']' */
	AFTER,		/* after ']' */
	FAILED,
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void fail(struct vox_json_elements *e, const char *what)
{
	e->state = FAILED;
	e->error = what;
}

static void append(struct vox_json_elements *e, char c)
{
	if (e->too_long)
		return;
	if (e->len + 1 >= e->max) {
		e->too_long = 1;
		return;
	}
	if (e->len + 1 >= e->cap) {
		size_t ncap = e->cap ? e->cap * 2 : 4096;
		char *nb = realloc(e->buf, ncap);

		if (!nb) {
			e->too_long = 1;
			return;
		}
		e->buf = nb;
		e->cap = ncap;
	}
	e->buf[e->len++] = c;
}

static void emit(struct vox_json_elements *e)
{
	if (e->too_long) {
		e->fn(e->ctx, NULL, 0, e->count);
	} else {
		e->buf[e->len] = '\0';
		e->fn(e->ctx, e->buf, e->len, e->count);
	}
	e->count++;
	e->state = SEPARATOR;
}

static void start_value(struct vox_json_elements *e, char c)
{
	if (c == ',' || c == ']' || c == '}' || c == ':') {
		fail(e, "expected a value");
		return;
	}
	e->len = 0;
	e->too_long = 0;
	e->depth = c == '[' || c == '{';
	e->in_string = c == '"';
	e->escape = 0;
	e->state = IN_VALUE;
	append(e, c);
}

/* One byte inside an element; 1 when it ended the element unconsumed. */
static int in_value(struct vox_json_elements *e, char c)
{
	if (e->in_string) {
		append(e, c);
		if (e->escape)
			e->escape = 0;
		else if (c == '\\')
			e->escape = 1;
		else if (c == '"') {
			e->in_string = 0;
			if (e->depth == 0)
				emit(e);
		}
		return 0;
	}
	if (e->depth > 0) {
		append(e, c);
		if (c == '"')
			e->in_string = 1;
		else if (c == '[' || c == '{')
			e->depth++;
		else if ((c == ']' || c == '}') && --e->depth == 0)
			emit(e);
		return 0;
	}
	/* A number, true, false or null ends where punctuation starts. */
	if (is_space(c) || c == ',' || c == ']') {
		emit(e);
		return 1;
	}
	append(e, c);
	return 0;
}

void vox_json_elements_feed(struct vox_json_elements *e, const char *p,
			    size_t n)
{
	size_t i;

	for (i = 0; i < n && e->state != FAILED; i++) {
		char c = p[i];

		switch (e->state) {
		case BEFORE:
			if (c == '[')
				e->state = FIRST;
			else if (!is_space(c))
				fail(e, "not an array");
			break;
		case FIRST:
			if (c == ']')
				e->state = AFTER;
			else if (!is_space(c))
				start_value(e, c);
			break;
		case VALUE:
			if (!is_space(c))
				start_value(e, c);
			break;
		case IN_VALUE:
			if (!in_value(e, c))
				break;
			/* The byte ended the element: a separator. */
			/* fall through */
		case SEPARATOR:
			if (c == ',')
				e->state = VALUE;
			else if (c == ']')
				e->state = AFTER;
			else if (!is_space(c))
				fail(e, "expected ',' or ']'");
			break;
		case AFTER:
			if (!is_space(c))
				fail(e, "text after the array");
			break;
		}
		if (e->state == FAILED)
			break;
		if (c == '\n') {
			e->line++;
			e->column = 0;
		} else {
			e->column++;
		}
	}
}

int vox_json_elements_end(struct vox_json_elements *e)
{
	if (e->state != AFTER && e->state != FAILED)
		fail(e, "unexpected end of the array");
	free(e->buf);
	e->buf = NULL;
	return e->state == AFTER ? VOX_OK : VOX_ERR;
}
