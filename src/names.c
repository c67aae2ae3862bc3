/* names.c: the enum names used in JSON, CSV and messages (model.h). */
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
