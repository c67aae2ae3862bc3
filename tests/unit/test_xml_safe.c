/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_xml_safe.c: src/xml_safe.c, the XML input of every XML reader:
 * XXE and entity expansion refused, limits, errors with lines, character
 * reference repair (also split across read buffers), streamed base64.
 */
#include "unit.h"

#include <openssl/evp.h>
#include <unistd.h>

#include "xml_safe.h"

struct doc {
	FILE *f;
	struct vox_xml *x;
	struct vox_error err;
};

static const struct vox_xml_blob_attr BLOB = { "part", "data" };

static void doc_open(struct doc *d, const char *text, size_t len)
{
	memset(d, 0, sizeof(*d));
	d->f = tmpfile();
	assert_non_null(d->f);
	assert_int_equal(fwrite(text, 1, len, d->f), len);
	rewind(d->f);
	d->x = vox_xml_open(d->f, "t.xml", &BLOB, NULL, &d->err);
	assert_non_null(d->x);
}

static void doc_close(struct doc *d)
{
	vox_xml_free(d->x);
	fclose(d->f);
}

/* Read to the end; the status of the last read. */
static int doc_drain(struct doc *d)
{
	int rc;

	while ((rc = vox_xml_read(d->x, &d->err)) == VOX_OK)
		;
	return rc;
}

static void assert_fails(const char *text, int code, const char *msg)
{
	struct doc d;

	doc_open(&d, text, strlen(text));
	assert_int_equal(doc_drain(&d), VOX_ERR);
	assert_int_equal(d.err.code, code);
	if (!strstr(d.err.msg, msg))
		fail_msg("\"%s\" lacks \"%s\"", d.err.msg, msg);
	assert_null(strchr(d.err.msg, '\n'));	/* one line */
	doc_close(&d);
}

/* The value of attribute a of the first element named el. */
static char *attr_of(const char *text, size_t len, const char *el,
		     const char *a)
{
	struct doc d;
	char *v = NULL;

	doc_open(&d, text, len);
	while (!v && vox_xml_read(d.x, &d.err) == VOX_OK) {
		xmlTextReaderPtr r = vox_xml_reader(d.x);

		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
		    strcmp((const char *)xmlTextReaderConstName(r), el) == 0)
			v = (char *)xmlTextReaderGetAttribute(
				r, (const xmlChar *)a);
	}
	if (!v)
		fail_msg("no %s/@%s: %s", el, a, d.err.msg);
	doc_close(&d);
	return v;
}

static void test_xxe(void **state)
{
	static const char ext[] =
		"<!DOCTYPE r SYSTEM \"secret.dtd\">\n<r a=\"&x;\">&x;</r>";
	char text[1024];
	struct doc d;
	int rc;

	(void)state;
	unit_write("secret.txt", "TOPSECRET");
	unit_write("secret.dtd", "<!ENTITY x SYSTEM \"secret.txt\">");
	/* an external entity: refused before libxml2 sees it */
	snprintf(text, sizeof(text),
		 "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n"
		 "  <!ENTITY x SYSTEM \"file://%s/secret.txt\">\n]>\n"
		 "<r a=\"&x;\">&x;</r>\n", getenv("PWD") ? getenv("PWD") : ".");
	assert_fails(text, VOX_E_LIMIT, "t.xml:3: entity declaration refused");
	/* a parameter entity, the same */
	assert_fails("<!DOCTYPE r [<!ENTITY % p SYSTEM \"secret.dtd\"> %p;]>"
		     "<r>&x;</r>", VOX_E_LIMIT, "entity declaration refused");
	/* an external DTD that would declare it: never loaded */
	doc_open(&d, ext, strlen(ext));
	while ((rc = vox_xml_read(d.x, &d.err)) == VOX_OK) {
		xmlTextReaderPtr r = vox_xml_reader(d.x);
		const xmlChar *v = xmlTextReaderConstValue(r);
		xmlChar *a = xmlTextReaderGetAttribute(r, (const xmlChar *)"a");

		assert_null(v ? strstr((const char *)v, "TOPSECRET") : NULL);
		assert_null(a ? strstr((const char *)a, "TOPSECRET") : NULL);
		xmlFree(a);
	}
	assert_null(strstr(d.err.msg, "TOPSECRET"));
	doc_close(&d);
}

static void test_billion_laughs(void **state)
{
	char text[4096];
	size_t n;
	int i;

	(void)state;
	n = (size_t)snprintf(text, sizeof(text),
			     "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
			     " <!ENTITY lol \"lol\">\n");
	for (i = 1; i < 10; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      " <!ENTITY lol%d \"&lol%d;&lol%d;&lol%d;"
				      "&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;"
				      "&lol%d;&lol%d;\">\n", i, i - 1, i - 1,
				      i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
				      i - 1, i - 1);
	snprintf(text + n, sizeof(text) - n, "]>\n<lolz>&lol9;</lolz>\n");
	assert_fails(text, VOX_E_LIMIT, "t.xml:3: entity declaration refused");
}

static void test_depth(void **state)
{
	size_t n = 100000, i;
	char *text = malloc(3 * n + 1);
	struct doc d;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < n; i++)
		memcpy(text + 3 * i, "<a>", 3);
	text[3 * n] = '\0';
	assert_fails(text, VOX_E_LIMIT, "t.xml:1: elements nested deeper "
		     "than 64");
	/* and it stays the answer: nothing deeper is read */
	doc_open(&d, text, strlen(text));
	assert_int_equal(doc_drain(&d), VOX_ERR);
	assert_int_equal(vox_xml_read(d.x, &d.err), VOX_ERR);
	assert_int_equal(d.err.code, VOX_E_LIMIT);
	doc_close(&d);
	free(text);
}

static void test_errors_have_lines(void **state)
{
	(void)state;
	assert_fails("<r>\n<a x=\"1\"/>\n<b y=\"2", VOX_E_DATA,
		     "t.xml:3: not well-formed XML: ");
	assert_fails("<r>\n<a x=1/>\n</r>\n", VOX_E_DATA,
		     "t.xml:2: not well-formed XML: attValue");
	assert_fails("<r>\n\n</q>\n", VOX_E_DATA,
		     "t.xml:3: not well-formed XML: opening and ending tag "
		     "mismatch");
	assert_fails("<r>&nope;</r>", VOX_E_DATA,
		     "t.xml:1: not well-formed XML: entity 'nope' not defined");
	assert_fails("", VOX_E_DATA, "t.xml:1: not well-formed XML: empty file");
	/* whatever the declaration says, the input is UTF-8; one line */
	assert_fails("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		     "<r a=\"caf\xE9\"/>", VOX_E_DATA, "t.xml:2: not "
		     "well-formed XML: input is not proper UTF-8, indicate "
		     "encoding");
	/* UTF-16 is not read as such: the filter reads ASCII markup */
	assert_fails("\xFF\xFE<\0r\0/\0>\0", VOX_E_DATA, "t.xml:1: ");
	/* a limit names its line too */
	{
		size_t n = VOX_XML_MAX_ATTR + 100;
		char *big = malloc(n + 32);

		assert_non_null(big);
		memcpy(big, "<r>\n<a v=\"", 10);
		memset(big + 10, 'x', n);
		memcpy(big + 10 + n, "\"/></r>", 8);
		assert_fails(big, VOX_E_LIMIT, "t.xml:2: attribute value "
			     "longer than 4 MiB");
		free(big);
	}
}

static void test_charref_repair(void **state)
{
	static const char doc[] =
		"<r a=\"&#55357;&#56832;|&#xD83D;&#xDE00;|&#55357;x|&#56832;|"
		"&#0;&#1;&#x1F600;&amp;&#10;|&#55357;&#55357;&#56832;|&#55357;\">"
		"&#55357;&#56832;<!-- &#1; --></r>";
	char *v;

	(void)state;
	v = attr_of(doc, strlen(doc), "r", "a");
	assert_string_equal(v, "\xF0\x9F\x98\x80|\xF0\x9F\x98\x80|"
			    "\xEF\xBF\xBDx|\xEF\xBF\xBD|"
			    "\xEF\xBF\xBD\xEF\xBF\xBD\xF0\x9F\x98\x80&\n|"
			    "\xEF\xBF\xBD\xF0\x9F\x98\x80|\xEF\xBF\xBD");
	xmlFree(v);
}

/* A surrogate pair that straddles the filter's 64 KiB reads, at every
 * offset. */
static void test_charref_split(void **state)
{
	static const char tail[] = "<r a=\"&#55357;&#56832;\"/>";
	size_t base = 65536 - 24, k, len;
	char *text = malloc(65536 + 64);

	(void)state;
	assert_non_null(text);
	for (k = 0; k < 24; k++) {
		char *v;

		len = base + k;
		memset(text, ' ', len);
		memcpy(text, "<!--", 4);
		memcpy(text + len - 3, "-->", 3);
		memcpy(text + len, tail, sizeof(tail));
		v = attr_of(text, len + sizeof(tail) - 1, "r", "a");
		assert_string_equal(v, "\xF0\x9F\x98\x80");
		xmlFree(v);
	}
	free(text);
}

static void test_blobs(void **state)
{
	static const char doc[] =
		"<r>\n<part data=\"aGVsbG8=\"/>\n<part data='aGVsbG8'/>\n"
		"<part data=\"aGVs\nbG8=\" ct=\"x\"/>\n<part data=\"a&#10;GVsbG8=\"/>\n"
		"<part data=\"!!\"/>\n<part data=\"aGVsbG8==\"/>\n"
		"<part data=\"\"/>\n<other data=\"aGVsbG8=\"/>\n</r>";
	static const char hello[] =
		"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
	static const int valid[] = { 1, 1, 1, 1, 0, 0, 1 };
	struct vox_xml_blob b;
	struct doc d;
	int n = 0;

	(void)state;
	doc_open(&d, doc, strlen(doc));
	while (vox_xml_read(d.x, &d.err) == VOX_OK) {
		xmlTextReaderPtr r = vox_xml_reader(d.x);
		char *v;

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		v = (char *)xmlTextReaderGetAttribute(r,
						      (const xmlChar *)"data");
		if (strcmp((const char *)xmlTextReaderConstName(r), "other") ==
		    0) {
			assert_string_equal(v, "aGVsbG8=");
		} else if (v) {
			assert_int_equal(vox_xml_blob(d.x, v, &b), VOX_OK);
			assert_int_equal(b.valid, valid[n]);
			if (n < 4) {
				assert_int_equal(b.bytes, 5);
				assert_string_equal(b.sha256, hello);
			}
			if (n == 6)
				assert_int_equal(b.bytes, 0);
			n++;
		}
		xmlFree(v);
	}
	assert_int_equal(n, 7);
	assert_int_equal(vox_xml_blob(d.x, "#99", &b), VOX_ERR);
	assert_int_equal(vox_xml_blob(d.x, "aGVsbG8=", &b), VOX_ERR);
	doc_close(&d);
	/* the newlines inside a blob still count */
	assert_fails("<r>\n<part data=\"aGVs\nbG8=\n\"/>\n<a x=1/></r>",
		     VOX_E_DATA, "t.xml:5: not well-formed XML");
}

/* Blobs nobody takes are dropped; the ones asked for are still there. */
static void test_blobs_untaken(void **state)
{
	size_t n = 150000, i, len;
	char *text = malloc(20 * n + 16);
	struct vox_xml_blob b;
	struct doc d;
	int taken = 0;

	(void)state;
	assert_non_null(text);
	memcpy(text, "<r>", 3);
	len = 3;
	for (i = 0; i < n; i++) {
		memcpy(text + len, "<part data=\"AA==\"/>", 19);
		len += 19;
	}
	memcpy(text + len, "</r>", 5);
	doc_open(&d, text, strlen(text));
	for (i = 0; vox_xml_read(d.x, &d.err) == VOX_OK;) {
		xmlTextReaderPtr r = vox_xml_reader(d.x);
		char *v;

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp((const char *)xmlTextReaderConstName(r), "part"))
			continue;
		if (++i % 70000)
			continue;
		v = (char *)xmlTextReaderGetAttribute(r,
						      (const xmlChar *)"data");
		assert_int_equal(vox_xml_blob(d.x, v, &b), VOX_OK);
		assert_int_equal(b.bytes, 1);
		taken++;
		xmlFree(v);
	}
	assert_int_equal(d.err.code, VOX_E_NONE);
	assert_int_equal(taken, 2);
	doc_close(&d);
	free(text);
}

/* Record i's part: 30000 + 10 * i bytes of a pattern. */
static unsigned char pattern(int i, size_t j)
{
	return (unsigned char)(i * 31 + j * 7 + j / 251);
}

/*
 * With a spool, each valid blob's bytes are there where vox_xml_blob()
 * says; an invalid one's are not kept; released blobs are written over,
 * so the spool stays near a record's size whatever the document's.
 */
static void test_blobs_spooled(void **state)
{
	enum { RECORDS = 60 };
	unsigned char raw[32000], b64[44000], back[32000];
	FILE *f = tmpfile(), *spool = tmpfile();
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_xml *x;
	struct vox_xml_blob b;
	uint64_t total = 0;
	int i = 0, rc;
	size_t j, n;

	(void)state;
	assert_non_null(f);
	assert_non_null(spool);
	fputs("<r>\n", f);
	for (i = 0; i < RECORDS; i++) {
		n = 30000 + 10 * (size_t)i;
		for (j = 0; j < n; j++)
			raw[j] = pattern(i, j);
		EVP_EncodeBlock(b64, raw, (int)n);
		fprintf(f, "<m><part data=\"!bad\"/><part data=\"%s\"/></m>\n",
			b64);
		total += n;
	}
	fputs("</r>\n", f);
	rewind(f);
	x = vox_xml_open(f, "t.xml", &BLOB, spool, &err);
	assert_non_null(x);
	i = 0;
	while ((rc = vox_xml_read(x, &err)) == VOX_OK) {
		xmlTextReaderPtr rd = vox_xml_reader(x);
		const char *name = (const char *)xmlTextReaderConstName(rd);
		char *v;

		if (xmlTextReaderNodeType(rd) == XML_READER_TYPE_END_ELEMENT &&
		    strcmp(name, "m") == 0)
			vox_xml_spool_release(x);
		if (xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT ||
		    strcmp(name, "part") != 0)
			continue;
		v = (char *)xmlTextReaderGetAttribute(rd, BAD_CAST "data");
		assert_int_equal(vox_xml_blob(x, v, &b), VOX_OK);
		xmlFree(v);
		if (!b.valid) {
			assert_false(b.spooled);
			continue;
		}
		assert_true(b.spooled);
		n = 30000 + 10 * (size_t)i;
		assert_int_equal(b.bytes, n);
		assert_int_equal(fflush(spool), 0);
		assert_int_equal(pread(fileno(spool), back, n, (off_t)b.offset),
				 (ssize_t)n);
		for (j = 0; j < n; j++)
			if (back[j] != pattern(i, j))
				fail_msg("record %d: byte %zu differs", i, j);
		i++;
	}
	assert_int_equal(rc, VOX_EOF);
	assert_int_equal(i, RECORDS);
	/* a few records' worth, not the whole document's */
	fseeko(spool, 0, SEEK_END);
	assert_true((uint64_t)ftello(spool) < total / 4);
	vox_xml_free(x);
	fclose(f);
	fclose(spool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xxe),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_errors_have_lines),
		cmocka_unit_test(test_charref_repair),
		cmocka_unit_test(test_charref_split),
		cmocka_unit_test(test_blobs),
		cmocka_unit_test(test_blobs_untaken),
		cmocka_unit_test(test_blobs_spooled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
