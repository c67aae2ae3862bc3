/* SPDX-License-Identifier: Apache-2.0 */
/* html_write.c: HTML elements and text through xmlTextWriter (html_write.h). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "html_write.h"

void vox_html_chk(struct vox_html *o, int rc)
{
	if (rc < 0)
		o->bad = 1;
}

void vox_html_start(struct vox_html *o, const char *el)
{
	vox_html_chk(o, xmlTextWriterStartElement(o->w, (const xmlChar *)el));
}

/* The end tag of an element that has one in HTML (all but void ones). */
void vox_html_end(struct vox_html *o)
{
	vox_html_chk(o, xmlTextWriterFullEndElement(o->w));
}

/* A void element (meta, br): "<meta .../>". */
void vox_html_end_void(struct vox_html *o)
{
	vox_html_chk(o, xmlTextWriterEndElement(o->w));
}

/* Values are cleaned as text is (an e-mail address from provider.json). */
void vox_html_attr(struct vox_html *o, const char *name, const char *value)
{
	char buf[1100];

	vox_html_clean(value, 1000, buf, sizeof(buf));
	vox_html_chk(o, xmlTextWriterWriteAttribute(o->w,
						    (const xmlChar *)name,
						    (const xmlChar *)buf));
}

void vox_html_attrf(struct vox_html *o, const char *name, const char *fmt,
		    ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	vox_html_attr(o, name, buf);
}

void vox_html_clean(const char *s, size_t max, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = 0;

	while (*p && n + 8 < size) {
		unsigned c = *p;
		/* C0, C1 and F5-FF never start a character */
		size_t len = c < 0x80 ? 1 : c < 0xc2 ? 0 : (c >> 5) == 6 ? 2 :
			(c >> 4) == 14 ? 3 : c < 0xf5 ? 4 : 0;
		size_t i;

		for (i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				len = 0;
		if (n + len > max) {
			memcpy(buf + n, "\xe2\x80\xa6", 3);
			n += 3;
			break;
		}
		if (!len) {
			buf[n++] = '?';
			p++;
		} else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ||
			   (c == 0xc2 && p[1] < 0xa0)) {
			buf[n++] = ' ';
			p += len;
		} else {
			memcpy(buf + n, p, len);
			n += len;
			p += len;
		}
	}
	buf[n] = '\0';
}

void vox_html_text_max(struct vox_html *o, const char *s, size_t max)
{
	char buf[VOX_HTML_TEXT_MAX + 16];

	if (!s)
		return;
	if (max > VOX_HTML_TEXT_MAX)
		max = VOX_HTML_TEXT_MAX;
	vox_html_clean(s, max, buf, sizeof(buf));
	vox_html_chk(o, xmlTextWriterWriteString(o->w, (const xmlChar *)buf));
}

void vox_html_text(struct vox_html *o, const char *s)
{
	vox_html_text_max(o, s, VOX_HTML_TEXT_MAX);
}

void vox_html_textf(struct vox_html *o, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	vox_html_text(o, buf);
}

void vox_html_elem(struct vox_html *o, const char *el, const char *s)
{
	vox_html_start(o, el);
	vox_html_text(o, s);
	vox_html_end(o);
}

void vox_html_nl(struct vox_html *o)
{
	vox_html_chk(o, xmlTextWriterWriteRaw(o->w, (const xmlChar *)"\n"));
}

void vox_html_duration(int64_t s, char buf[32])
{
	if (s < 0)
		buf[0] = '\0';
	else if (s >= 3600)
		snprintf(buf, 32, "%" PRId64 ":%02d:%02d", s / 3600,
			 (int)(s / 60 % 60), (int)(s % 60));
	else
		snprintf(buf, 32, "%d:%02d", (int)(s / 60), (int)(s % 60));
}