/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asterisk_cdr_custom.c: Asterisk cdr_custom files
 * (/var/log/asterisk/cdr-custom/<file>), written by a legacy [mappings]
 * line of cdr_custom.conf (cdr/cdr_custom.c, Asterisk 1.6 to 23).
 *
 * Each CDR is one line, the mapping's template with its ${...} expanded.
 * The template is the source option template= in Asterisk's own syntax;
 * the default is the sample's legacy mapping (configs/samples/
 * cdr_custom.conf.sample):
 *
 *	${CSV_QUOTE(${CDR(clid)})},${CSV_QUOTE(${CDR(src)})},...,
 *	${CSV_QUOTE(${CDR(userfield)})},${CDR(sequence)}
 *
 * i.e. clid src dst dcontext channel dstchannel lastapp lastdata start
 * answer end duration billsec disposition amaflags accountcode uniqueid
 * userfield, all quoted, then sequence bare.  The template is cut into
 * columns at its top-level commas; a column is literal text around at
 * most one value: ${CSV_QUOTE(${CDR(name)})} (quoted, '"' doubled),
 * ${CDR(name)} (as written; old samples put literal quotes around it,
 * "${CDR(clid)}", which Asterisk does not escape), or another variable
 * (${EPOCH}, ${CDR(did)}: kept in extra under its name).  A line is read
 * against the template: each column's literal text must be there, a
 * quoted value ends at its closing quote, a bare one at the first place
 * where the rest of its column and the next one's start follow (so a
 * bare value holding the separator is misread, as any reader of that
 * file would).  CDR(duration,f) and CDR(billsec,f) give fractions
 * ("135.402000"); CDR(start,u) and the like (epoch times) are refused.
 * Times are local in the source's zone (cdr_custom has no usegmtime); an
 * unset one is empty.  A line that does not fit the template is a data
 * error naming the line and, when that is the cause, the column count.
 *
 * Mapping: asterisk_cdr.c, the same as asterisk-cdr-csv.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "asterisk_cdr.h"
#include "voxport/source.h"

#define FORMAT "asterisk-cdr-custom"
#define MAX_COLS 128
#define MAX_LINE 65536

static const char sample[] =
	"${CSV_QUOTE(${CDR(clid)})},${CSV_QUOTE(${CDR(src)})},"
	"${CSV_QUOTE(${CDR(dst)})},${CSV_QUOTE(${CDR(dcontext)})},"
	"${CSV_QUOTE(${CDR(channel)})},${CSV_QUOTE(${CDR(dstchannel)})},"
	"${CSV_QUOTE(${CDR(lastapp)})},${CSV_QUOTE(${CDR(lastdata)})},"
	"${CSV_QUOTE(${CDR(start)})},${CSV_QUOTE(${CDR(answer)})},"
	"${CSV_QUOTE(${CDR(end)})},${CSV_QUOTE(${CDR(duration)})},"
	"${CSV_QUOTE(${CDR(billsec)})},${CSV_QUOTE(${CDR(disposition)})},"
	"${CSV_QUOTE(${CDR(amaflags)})},${CSV_QUOTE(${CDR(accountcode)})},"
	"${CSV_QUOTE(${CDR(uniqueid)})},${CSV_QUOTE(${CDR(userfield)})},"
	"${CDR(sequence)}";

enum { V_NONE = -2, V_OTHER = -1 };

struct col {
	const char *pre, *post;		/* literal text around the value */
	size_t prelen, postlen;
	int quoted;			/* CSV_QUOTE */
	int var;			/* enum vox_ast_var, V_OTHER, V_NONE */
	const char *name;		/* the variable's name, for V_OTHER */
	size_t namelen;
};

struct tmpl {
	size_t n;
	struct col c[MAX_COLS];
};

struct reader {
	FILE *in;
	const char *name;
	char *text;			/* the template= option, or NULL */
	struct tmpl t;
	char **other_names;		/* NUL-terminated, per column */
	struct vox_ast_other *other;
	uint64_t line;
	char *buf, *scratch;		/* the line; unquoted values */
	size_t cap;
	struct vox_ast_cdr map;
};

/* ---- the template ----------------------------------------------------- */

/* "${CDR(name[,opts])}" at s (len bytes): the name and options. */
static int cdr_call(const char *s, size_t len, const char **name,
		    size_t *namelen, const char **opts, size_t *optlen)
{
	const char *comma;

	if (len < 9 || strncasecmp(s, "${CDR(", 6) != 0 ||
	    memcmp(s + len - 2, ")}", 2) != 0)
		return 0;
	*name = s + 6;
	*namelen = len - 8;
	*opts = "";
	*optlen = 0;
	comma = memchr(*name, ',', *namelen);
	if (comma) {
		*opts = comma + 1;
		*optlen = (size_t)(*name + *namelen - *opts);
		*namelen = (size_t)(comma - *name);
	}
	return *namelen > 0;
}

/* A dialplan variable's name: EPOCH, UNIQUEID, MY_VAR. */
static int is_name(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!(s[i] == '_' || (s[i] >= '0' && s[i] <= '9') ||
		      ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')))
			return 0;
	return len > 0;
}

/* The value of a column: s[0..len) is one ${...} expression. */
static int parse_value(struct col *c, const char *s, size_t len, size_t k,
		       struct vox_error *err)
{
	const char *name, *opts;
	size_t namelen, optlen;

	if (len > 16 && strncasecmp(s, "${CSV_QUOTE(", 12) == 0 &&
	    memcmp(s + len - 2, ")}", 2) == 0) {
		c->quoted = 1;
		s += 12;
		len -= 14;
	}
	if (cdr_call(s, len, &name, &namelen, &opts, &optlen)) {
		c->var = vox_ast_var_find(name, namelen);
		if ((c->var == VOX_AST_START || c->var == VOX_AST_ANSWER ||
		     c->var == VOX_AST_END) && memchr(opts, 'u', optlen))
			return vox_error_set(err, VOX_E_CONFIG, FORMAT ": "
					     "template column %zu: epoch times "
					     "(%.*s,u) are not read", k + 1,
					     (int)namelen, name);
	} else if (len > 3 && s[0] == '$' && s[1] == '{' &&
		   s[len - 1] == '}' && is_name(s + 2, len - 3)) {
		name = s + 2;	/* ${EPOCH}, ${UNIQUEID}: another variable */
		namelen = len - 3;
		c->var = V_OTHER;
	} else {
		return vox_error_set(err, VOX_E_CONFIG, FORMAT ": template "
				     "column %zu: \"%.*s\" is neither "
				     "${CDR(name)}, ${CSV_QUOTE(${CDR(name)})} "
				     "nor ${NAME}", k + 1,
				     (int)(len > 60 ? 60 : len), s);
	}
	if (c->var < 0)
		c->var = V_OTHER;
	c->name = name;
	c->namelen = namelen;
	return VOX_OK;
}

/* One column: literal text, at most one ${...}, literal text. */
static int parse_col(struct col *c, const char *s, size_t len, size_t k,
		     struct vox_error *err)
{
	size_t i, start = len, depth = 0;

	memset(c, 0, sizeof(*c));
	c->var = V_NONE;
	c->pre = s;
	c->prelen = len;
	c->post = s + len;	/* never NULL: memcmp() takes it */
	for (i = 0; i + 1 < len; i++)
		if (s[i] == '$' && s[i + 1] == '{')
			break;
	if (i + 1 >= len)
		return VOX_OK;	/* literal text only */
	start = i;
	for (; i < len; i++) {
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			break;
	}
	if (i >= len)
		return vox_error_set(err, VOX_E_CONFIG, FORMAT ": template "
				     "column %zu: unterminated ${", k + 1);
	c->prelen = start;
	c->post = s + i + 1;
	c->postlen = len - i - 1;
	if (memchr(c->post, '$', c->postlen))
		return vox_error_set(err, VOX_E_CONFIG, FORMAT ": template "
				     "column %zu: more than one value", k + 1);
	return parse_value(c, s + start, i + 1 - start, k, err);
}

static int tmpl_parse(struct tmpl *t, const char *s, struct vox_error *err)
{
	size_t i, from = 0, depth = 0, len = strlen(s);

	t->n = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] == '{')
			depth++;
		else if (i < len && s[i] == '}' && depth)
			depth--;
		if (i < len && (s[i] != ',' || depth))
			continue;
		if (t->n == MAX_COLS)
			return vox_error_set(err, VOX_E_CONFIG, FORMAT ": "
					     "template: more than %d columns",
					     MAX_COLS);
		if (parse_col(&t->c[t->n], s + from, i - from, t->n, err) !=
		    VOX_OK)
			return VOX_ERR;
		t->n++;
		from = i + 1;
	}
	for (i = 0; i < t->n; i++)
		if (t->c[i].var != V_NONE)
			return VOX_OK;
	return vox_error_set(err, VOX_E_CONFIG, FORMAT ": template: no "
			     "${CDR(...)} in it");
}

/* ---- a line against the template -------------------------------------- */

struct value {
	const char *s;
	size_t len;
};

/* Columns of a line as a CSV reader would count them; 0 when a quote is
 * left open. */
static size_t csv_count(const char *s, size_t len)
{
	size_t i, n = 1;
	int q = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			q = !q;
		else if (s[i] == ',' && !q)
			n++;
	}
	return q ? 0 : n;
}

static const char *find(const char *s, size_t len, const char *pat,
			size_t plen)
{
	size_t i;

	if (!plen)
		return s;
	for (i = 0; i + plen <= len; i++)
		if (s[i] == pat[0] && memcmp(s + i, pat, plen) == 0)
			return s + i;
	return NULL;
}

/*
 * Read line s[0..len) against t into v[] (one per column); unquoted
 * values are copied to scratch (len bytes).  Returns the column, from 1,
 * where it stopped fitting, or 0.
 */
static size_t match(const struct tmpl *t, const char *s, size_t len,
		    char *scratch, struct value *v)
{
	size_t k, pos = 0, o = 0;

	for (k = 0; k < t->n; k++) {
		const struct col *c = &t->c[k], *nx = NULL;
		const char *end;
		char term[256];
		size_t tl = 0;

		if (len - pos < c->prelen || memcmp(s + pos, c->pre, c->prelen))
			return k + 1;
		pos += c->prelen;
		v[k].s = s + pos;
		v[k].len = 0;
		if (c->var == V_NONE) {
			/* literal only: nothing more */
		} else if (c->quoted) {
			if (pos >= len || s[pos] != '"')
				return k + 1;
			v[k].s = scratch + o;
			for (pos++;; pos++) {
				if (pos >= len)
					return k + 1;	/* unterminated */
				if (s[pos] == '"') {
					if (pos + 1 < len && s[pos + 1] == '"')
						pos++;
					else
						break;
				}
				scratch[o++] = s[pos];
				v[k].len++;
			}
			pos++;
		} else {
			/* up to what must follow: its text, ',', the next's */
			if (k + 1 < t->n)
				nx = &t->c[k + 1];
			if (c->postlen + 1 + (nx ? nx->prelen + 1 : 0) >
			    sizeof(term))
				return k + 1;
			memcpy(term, c->post, c->postlen);
			tl = c->postlen;
			if (nx) {
				term[tl++] = ',';
				memcpy(term + tl, nx->pre, nx->prelen);
				tl += nx->prelen;
				if (!nx->prelen && nx->quoted)
					term[tl++] = '"';
				end = find(s + pos, len - pos, term, tl);
			} else {
				end = len - pos >= tl &&
					memcmp(s + len - tl, term, tl) == 0 ?
					s + len - tl : NULL;
			}
			if (!end)
				return k + 1;
			v[k].len = (size_t)(end - (s + pos));
			pos += v[k].len;
		}
		if (len - pos < c->postlen ||
		    memcmp(s + pos, c->post, c->postlen))
			return k + 1;
		pos += c->postlen;
		if (k + 1 < t->n) {
			if (pos >= len || s[pos] != ',')
				return k + 1;
			pos++;
		}
	}
	return pos == len ? 0 : t->n;
}

/* ---- bidding ---------------------------------------------------------- */

static int bid(const unsigned char *buf, size_t len)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct tmpl t;
	struct value v[MAX_COLS];
	char scratch[4096];
	const char *s = (const char *)buf, *nl, *dot;
	size_t n;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
	}
	nl = memchr(s, '\n', len);
	if (!nl)
		return 0;	/* a line is far shorter than a peek */
	n = (size_t)(nl - s);
	if (n && s[n - 1] == '\r')
		n--;
	if (n > sizeof(scratch) || tmpl_parse(&t, sample, &err) != VOX_OK)
		return 0;
	if (match(&t, s, n, scratch, v) != 0)
		return 0;
	/*
	 * The sample's start (column 9), duration (12, "135" or with
	 * CDR(duration,f) "135.402000") and sequence (19) look right: more
	 * than cdr_csv bids on the same line (its column 10 is a date too).
	 */
	dot = memchr(v[11].s, '.', v[11].len);
	n = dot ? (size_t)(dot - v[11].s) : v[11].len;
	if (!vox_ast_date_shape(v[8].s, v[8].len) ||
	    !vox_ast_digits(v[11].s, n) ||
	    (dot && !vox_ast_digits(dot + 1, v[11].len - n - 1)) ||
	    !vox_ast_digits(v[18].s, v[18].len))
		return 10;
	return 45;
}

/* ---- reading ---------------------------------------------------------- */

/* The next line, without its end; 0 at the end of the file. */
static int read_line(struct reader *r, size_t *len, int *too_long)
{
	int c;

	*len = 0;
	*too_long = 0;
	while ((c = getc(r->in)) != EOF && c != '\n') {
		if (*len < MAX_LINE)
			r->buf[(*len)++] = (char)c;
		else
			*too_long = 1;	/* read on, keep nothing */
	}
	if (c == EOF && !*len && !*too_long)
		return 0;
	if (*len && r->buf[*len - 1] == '\r')
		(*len)--;
	r->line++;
	return 1;
}

static int fill(struct reader *r, size_t len, struct vox_error *err)
{
	struct value v[MAX_COLS];
	struct vox_ast_row row;
	size_t k, bad, nother = 0;
	char s[300];

	if (memchr(r->buf, '\0', len))
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: NUL bytes "
				     "(UTF-16 or binary, not the text "
				     "cdr_custom writes)", r->name,
				     (unsigned long long)r->line);
	bad = match(&r->t, r->buf, len, r->scratch, v);
	if (bad) {
		size_t n = csv_count(r->buf, len);

		if (!n)
			return vox_error_set(err, VOX_E_DATA, "%s:%llu: "
					     "unterminated quoted value",
					     r->name,
					     (unsigned long long)r->line);
		if (n != r->t.n)
			return vox_error_set(err, VOX_E_DATA, "%s:%llu: %zu "
					     "columns, the template has %zu",
					     r->name,
					     (unsigned long long)r->line, n,
					     r->t.n);
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: column %zu "
				     "does not fit the template: \"%s\"",
				     r->name, (unsigned long long)r->line,
				     bad, vox_ast_show(s, sizeof(s), r->buf,
						       len));
	}
	memset(&row, 0, sizeof(row));
	row.line = r->line;
	for (k = 0; k < r->t.n; k++) {
		int var = r->t.c[k].var;

		if (var == V_NONE)
			continue;
		if (var == V_OTHER) {
			r->other[nother].name = r->other_names[k];
			r->other[nother].v.s = v[k].s;
			r->other[nother].v.len = v[k].len;
			r->other[nother].v.given = 1;
			nother++;
			continue;
		}
		row.v[var].s = v[k].s;
		row.v[var].len = v[k].len;
		row.v[var].given = 1;
	}
	row.other = r->other;
	row.nother = nother;
	return vox_ast_cdr_fill(&r->map, &row, err);
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;
	size_t len;
	int too_long;

	do {
		if (!read_line(r, &len, &too_long))
			return ferror(r->in) ? vox_error_set(err, VOX_E_IO,
							     "%s: read error",
							     r->name)
					     : VOX_EOF;
		if (too_long)
			return vox_error_set(err, VOX_E_DATA, "%s:%llu: line "
					     "longer than %d bytes", r->name,
					     (unsigned long long)r->line,
					     MAX_LINE);
	} while (!len);	/* cdr_custom writes no empty lines; skip them */
	if (fill(r, len, err) != VOX_OK)
		return VOX_ERR;
	*rec = &r->map.rec;
	return VOX_OK;
}

/* ---- options, open and close ------------------------------------------ */

static void free_names(struct reader *r)
{
	size_t k;

	if (r->other_names)
		for (k = 0; k < MAX_COLS; k++)
			free(r->other_names[k]);
	free(r->other_names);
	r->other_names = NULL;
}

/* Parse text into the template, with the names of other variables. */
static int use_template(struct reader *r, const char *text,
			struct vox_error *err)
{
	struct tmpl *t = malloc(sizeof(*t));
	size_t k;

	/* A refused template leaves the one before. */
	if (!t)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	if (tmpl_parse(t, text, err) != VOX_OK) {
		free(t);
		return VOX_ERR;
	}
	r->t = *t;
	free(t);
	free_names(r);
	r->other_names = calloc(MAX_COLS, sizeof(*r->other_names));
	if (!r->other_names)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	for (k = 0; k < r->t.n; k++) {
		const struct col *c = &r->t.c[k];

		if (c->var != V_OTHER)
			continue;
		r->other_names[k] = strndup(c->name, c->namelen);
		if (!r->other_names[k])
			return vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
	}
	return VOX_OK;
}

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	struct reader *r = state;
	char *copy;

	if (strcmp(key, "template") == 0) {
		size_t len;

		/* as Asterisk trims a configuration value */
		value = value ? value : "";
		value += strspn(value, " \t\r\n");
		for (len = strlen(value); len && strchr(" \t\r\n",
							value[len - 1]); len--)
			;
		copy = strndup(value, len);
		if (!copy)
			return vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
		if (use_template(r, copy, err) != VOX_OK) {
			free(copy);
			return VOX_ERR;
		}
		free(r->text);
		r->text = copy;	/* the columns point into it */
		return VOX_OK;
	}
	return vox_error_set(err, VOX_E_CONFIG,
			     FORMAT ": unknown option \"%.60s\"", key);
}

static void close_reader(void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	vox_ast_cdr_release(&r->map);
	free_names(r);
	free(r->other);
	free(r->buf);
	free(r->scratch);
	free(r->text);
	free(r);
}

static void *open_reader(const struct vox_source_args *args,
			 struct vox_error *err)
{
	struct reader *r = calloc(1, sizeof(*r));

	if (!r) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	r->in = args->in;
	r->name = args->name ? args->name : "-";
	vox_ast_cdr_init(&r->map, FORMAT, r->name, args->tz, args->plan);
	r->map.fractions = 1;
	r->buf = malloc(MAX_LINE);
	r->scratch = malloc(MAX_LINE);
	r->other = calloc(MAX_COLS, sizeof(*r->other));
	if (!r->buf || !r->scratch || !r->other ||
	    use_template(r, sample, err) != VOX_OK) {
		if (!err->code)
			vox_error_set(err, VOX_E_NOMEM, "out of memory");
		close_reader(r);
		return NULL;
	}
	return r;
}

const struct vox_source vox_source_asterisk_cdr_custom = {
	.name = FORMAT,
	.summary = "Asterisk cdr_custom lines, by a legacy mapping template "
		   "(default: the sample's 19 columns)",
	.kinds = VOX_CALL,
	.options = "template=TEMPLATE: the mapping's right-hand side in "
		   "cdr_custom.conf, e.g. ${CSV_QUOTE(${CDR(clid)})},"
		   "${CDR(sequence)} (default: the sample legacy mapping)",
	.bid = bid,
	.open = open_reader,
	.option = set_option,
	.next = next_record,
	.close = close_reader,
};
