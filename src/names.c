/* SPDX-License-Identifier: Apache-2.0 */
/* names.c: the enum names used in JSON, CSV and messages (model.h). */
#include <string.h>

#include "voxport/model.h"

const char *vox_kind_name(enum vox_kind kind)
{
	switch (kind) {
	case VOX_SUBJECT:
		return "subject";
	case VOX_CONTACT:
		return "contact";
	case VOX_CALL:
		return "call";
	case VOX_MESSAGE:
		return "message";
	case VOX_RECORDING:
		return "recording";
	}
	return "unknown";
}

const char *vox_direction_name(enum vox_direction dir)
{
	switch (dir) {
	case VOX_DIR_INBOUND:
		return "inbound";
	case VOX_DIR_OUTBOUND:
		return "outbound";
	case VOX_DIR_INTERNAL:
		return "internal";
	case VOX_DIR_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *vox_call_status_name(enum vox_call_status status)
{
	switch (status) {
	case VOX_CALL_ANSWERED:
		return "answered";
	case VOX_CALL_NO_ANSWER:
		return "no-answer";
	case VOX_CALL_BUSY:
		return "busy";
	case VOX_CALL_FAILED:
		return "failed";
	case VOX_CALL_CONGESTION:
		return "congestion";
	case VOX_CALL_CANCELLED:
		return "cancelled";
	case VOX_CALL_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *vox_message_box_name(enum vox_message_box box)
{
	switch (box) {
	case VOX_BOX_RECEIVED:
		return "received";
	case VOX_BOX_SENT:
		return "sent";
	case VOX_BOX_DRAFT:
		return "draft";
	case VOX_BOX_OUTBOX:
		return "outbox";
	case VOX_BOX_FAILED:
		return "failed";
	case VOX_BOX_QUEUED:
		return "queued";
	case VOX_BOX_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *vox_consent_name(enum vox_consent consent)
{
	switch (consent) {
	case VOX_CONSENT_GRANTED:
		return "granted";
	case VOX_CONSENT_REFUSED:
		return "refused";
	case VOX_CONSENT_UNKNOWN:
		break;
	}
	return "unknown";
}

/*
 * The reverse lookups try every value on the name functions above, so a
 * name and its value cannot drift apart.
 */
static int from_name(const char *name, const char *(*fn)(int), int last)
{
	int v;

	for (v = 0; name && v <= last; v++)
		if (strcmp(fn(v), name) == 0)
			return v;
	return -1;
}

static const char *kind_at(int i)
{
	return vox_kind_name((enum vox_kind)(1 << i));
}

int vox_kind_from_name(const char *name)
{
	int i = from_name(name, kind_at, 4);

	return i < 0 ? -1 : 1 << i;
}

static const char *direction_at(int v)
{
	return vox_direction_name((enum vox_direction)v);
}

int vox_direction_from_name(const char *name)
{
	return from_name(name, direction_at, VOX_DIR_INTERNAL);
}

static const char *call_status_at(int v)
{
	return vox_call_status_name((enum vox_call_status)v);
}

int vox_call_status_from_name(const char *name)
{
	return from_name(name, call_status_at, VOX_CALL_CANCELLED);
}

static const char *message_box_at(int v)
{
	return vox_message_box_name((enum vox_message_box)v);
}

int vox_message_box_from_name(const char *name)
{
	return from_name(name, message_box_at, VOX_BOX_QUEUED);
}

static const char *consent_at(int v)
{
	return vox_consent_name((enum vox_consent)v);
}

int vox_consent_from_name(const char *name)
{
	return from_name(name, consent_at, VOX_CONSENT_REFUSED);
}
