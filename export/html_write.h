/* SPDX-License-Identifier: Apache-2.0 */
/*
 * html_write.h: elements and text of an HTML page through libxml2's
 * xmlTextWriter (export/html_write.c), for index.html.  The writer
 * escapes every text and attribute value; text is cleaned first (invalid
 * UTF-8, control characters) and cut to a length.  Void elements end with
 * vox_html_end_void() ("<meta .../>"), all others with vox_html_end(),
 * which always writes an end tag, as HTML needs.  A failed write sets bad
 * and the rest go on; the caller checks bad at the end.
 */
#ifndef VOX_HTML_WRITE_H
#define VOX_HTML_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/xmlwriter.h>

#define VOX_HTML_TEXT_MAX 300	/* bytes of one text, by default */

struct vox_html {
	xmlTextWriterPtr w;
	int bad;
};

/* Count a libxml2 writer call's result (below 0: failed). */
void vox_html_chk(struct vox_html *o, int rc);
void vox_html_start(struct vox_html *o, const char *el);
void vox_html_end(struct vox_html *o);
void vox_html_end_void(struct vox_html *o);
void vox_html_attr(struct vox_html *o, const char *name, const char *value);
void vox_html_attrf(struct vox_html *o, const char *name, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
/* Text, cut to max bytes (at most VOX_HTML_TEXT_MAX); NULL writes none. */
void vox_html_text_max(struct vox_html *o, const char *s, size_t max);
void vox_html_text(struct vox_html *o, const char *s);
void vox_html_textf(struct vox_html *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* <el>s</el> */
void vox_html_elem(struct vox_html *o, const char *el, const char *s);
/* A line break between elements, to keep the source readable. */
void vox_html_nl(struct vox_html *o);

/*
 * Copy s into buf (size bytes) as text a page can show: invalid UTF-8
 * bytes become "?", control characters a space (HTML forbids them), cut at
 * a character boundary to about max bytes, with an ellipsis.
 */
void vox_html_clean(const char *s, size_t max, char *buf, size_t size);

/* "1:05" or "2:03:07" for seconds; "" when negative (unknown). */
void vox_html_duration(int64_t s, char buf[32]);

#endif
