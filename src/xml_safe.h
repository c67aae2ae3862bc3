/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xml_safe.h: XML input for every XML reader, through libxml2's streaming
 * xmlTextReader, with the hostile-input defences in one place.
 *
 * The bytes reach libxml2 through a filter (xml_safe.c) that:
 *   - refuses entity declarations (<!ENTITY ...>), so neither external
 *     entities (XXE) nor entity expansion (billion laughs) can happen, and
 *     no DTD is loaded (no XML_PARSE_DTDLOAD, XML_PARSE_NOENT) nor any
 *     network used (XML_PARSE_NONET);
 *   - repairs character references that are not XML characters: a UTF-16
 *     surrogate pair written as two references (&#55357;&#56832;, as SMS
 *     Backup & Restore writes emoji) becomes one (&#128512;), a lone
 *     surrogate or a control character (&#1;) becomes U+FFFD;
 *   - limits an attribute value to VOX_XML_MAX_ATTR bytes, a start tag to
 *     VOX_XML_MAX_TAG bytes and VOX_XML_MAX_ATTRS attributes;
 *   - optionally streams one kind of base64 attribute (SMS Backup &
 *     Restore's <part data="...">, often megabytes) through a decoder and
 *     SHA-256 instead of passing it on, so memory stays flat whatever the
 *     size of a part: libxml2 sees a placeholder ("#7") and the reader gets
 *     the decoded size and digest with vox_xml_blob(), and, when given a
 *     spool file, where in it the decoded bytes are.
 * Elements may nest VOX_XML_MAX_DEPTH deep.  libxml2 prints nothing: its
 * errors are caught and reported as "FILE:LINE: what".
 */
#ifndef VOX_XML_SAFE_H
#define VOX_XML_SAFE_H

#include <stdint.h>
#include <stdio.h>

#include <libxml/xmlreader.h>

#include "voxport/error.h"

#define VOX_XML_MAX_DEPTH 64
#define VOX_XML_MAX_ATTR (4u << 20)	/* bytes of one attribute value */
#define VOX_XML_MAX_TAG (16u << 20)	/* bytes of one start tag */
#define VOX_XML_MAX_ATTRS 1024		/* attributes of one element */

struct vox_xml;

/* Which attribute of which element is base64 to stream, or NULL. */
struct vox_xml_blob_attr {
	const char *element;	/* "part" */
	const char *attribute;	/* "data" */
};

/* What a streamed attribute held. */
struct vox_xml_blob {
	uint64_t bytes;		/* decoded size, when valid */
	char sha256[65];	/* hex of the decoded bytes, when valid */
	int valid;		/* 0: not base64 (bytes and sha256 unset) */
	int spooled;		/* the bytes are in the spool ... */
	uint64_t offset;	/* ... from here */
};

/*
 * Read IN (borrowed; not closed) named NAME in messages.  With SPOOL
 * (borrowed, open for writing; or NULL) each valid blob's decoded bytes are
 * appended there too, and vox_xml_blob() says where they are; the bytes of
 * an invalid blob are written over, and vox_xml_read() fails with VOX_E_IO
 * when writing does.  Returns NULL and sets ERR (VOX_E_NOMEM) on failure.
 */
struct vox_xml *vox_xml_open(FILE *in, const char *name,
			     const struct vox_xml_blob_attr *blob, FILE *spool,
			     struct vox_error *err);
void vox_xml_free(struct vox_xml *x);

/*
 * Move to the next node (xmlTextReaderRead).  VOX_OK, VOX_EOF at the end of
 * the document, or VOX_ERR: VOX_E_DATA for XML that is not well-formed,
 * VOX_E_LIMIT beyond a limit or for an entity declaration, VOX_E_IO; the
 * message names the file and line.  After VOX_ERR the document is over.
 */
int vox_xml_read(struct vox_xml *x, struct vox_error *err);

/*
 * The blobs taken so far are no longer needed: those libxml2 read ahead
 * (not taken yet) are moved to the spool's start and it is written on from
 * there, so that it holds no more than the blobs of a record or two (the
 * file keeps the largest size it had).  An error is told by the next
 * vox_xml_read().
 */
void vox_xml_spool_release(struct vox_xml *x);

/* The libxml2 reader, for node types, names and attributes. */
xmlTextReaderPtr vox_xml_reader(struct vox_xml *x);

/* Line of the current node (of the parser's position, when unknown). */
unsigned long vox_xml_line(struct vox_xml *x);

/*
 * The blob behind a placeholder value that libxml2 gave for the streamed
 * attribute.  Blobs are taken in document order; taking one forgets the
 * earlier ones.  VOX_ERR when VALUE is no placeholder of a pending blob.
 */
int vox_xml_blob(struct vox_xml *x, const char *value,
		 struct vox_xml_blob *out);

#endif
