/* SPDX-License-Identifier: Apache-2.0 */
/*
 * model.h: the canonical records every reader yields and every writer takes.
 *
 * The field lists follow schemas/v1 (subject, contact, call, message,
 * recording); the JSON form of each struct is written by src/record_json.c
 * and must stay in step with its schema.
 *
 * Ownership: every pointer in a record is borrowed.  A record returned by a
 * reader's next() belongs to the reader and stays valid until its next call
 * to next() or close(); whoever keeps a record longer copies it
 * (vox_call_copy and friends copy into an arena the caller owns).
 * Strings are NUL-terminated UTF-8; NULL means "not given".
 *
 * Conventions:
 *   times      int64_t milliseconds since 1970-01-01T00:00:00Z;
 *              VOX_TIME_NONE when unset
 *   durations  int64_t seconds; -1 when unknown
 *   arrays     a pointer and a count (n...); cap fields belong to whoever
 *              fills the record
 */
#ifndef VOXPORT_MODEL_H
#define VOXPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define VOX_TIME_NONE INT64_MIN

/* Record kinds, also used as a bit set (what a source yields). */
enum vox_kind {
	VOX_SUBJECT = 1 << 0,
	VOX_CONTACT = 1 << 1,
	VOX_CALL = 1 << 2,
	VOX_MESSAGE = 1 << 3,
	VOX_RECORDING = 1 << 4,
};

/* Where a record came from: "asterisk-cdr-csv", "Master.csv", line 12. */
struct vox_source_ref {
	const char *format;
	const char *file;	/* the file's base name, never a full path */
	uint64_t line;		/* 0 when the source has no lines */
	const char *id;		/* the source's own id, when it has one */
};

/* Source fields with no canonical place: kept, as strings. */
struct vox_field {
	const char *key;
	const char *value;
};

struct vox_extra {
	struct vox_field *v;
	size_t n, cap;
};

/* A party to a call or message. */
struct vox_party {
	const char *number;	/* E.164 where it could be normalised, else raw */
	const char *raw;	/* exactly as the source wrote it */
	const char *name;	/* a display name, if the source has one */
};

enum vox_direction {
	VOX_DIR_UNKNOWN = 0,
	VOX_DIR_INBOUND,	/* to the subject */
	VOX_DIR_OUTBOUND,	/* from the subject */
	VOX_DIR_INTERNAL,	/* from the subject to the subject */
};

/* ---- subject and contacts -------------------------------------------- */

/* Contexts of a phone, e-mail or address (JSContact "contexts"). */
enum {
	VOX_CTX_HOME = 1 << 0,
	VOX_CTX_WORK = 1 << 1,
	VOX_CTX_OTHER = 1 << 2,
};

/* Features of a phone (JSContact "features", vCard TEL TYPE values). */
enum {
	VOX_TEL_VOICE = 1 << 0,
	VOX_TEL_MOBILE = 1 << 1,
	VOX_TEL_FAX = 1 << 2,
	VOX_TEL_PAGER = 1 << 3,
	VOX_TEL_TEXT = 1 << 4,
	VOX_TEL_VIDEO = 1 << 5,
	VOX_TEL_TEXTPHONE = 1 << 6,
	VOX_TEL_MAIN = 1 << 7,	/* vCard 3 "main number" / Apple _$!<Main>!$_ */
};

struct vox_phone {
	const char *number;	/* E.164 where possible, else raw */
	const char *raw;
	unsigned features;	/* VOX_TEL_* */
	unsigned contexts;	/* VOX_CTX_* */
	const char *label;	/* a free-text label (Apple X-ABLabel, CSV) */
	int pref;		/* 1 (most preferred) .. 100; 0 = none */
	const char *ext;	/* digits of an extension dialled after the
				   number (";ext=12", "x12"), or NULL */
};

struct vox_email {
	const char *address;
	unsigned contexts;
	const char *label;
	int pref;
};

struct vox_address {
	const char *pobox, *extended, *street, *locality, *region, *postcode,
		*country;
	const char *full;	/* a formatted, multi-line form, if given */
	unsigned contexts;
	const char *label;
	int pref;
};

/* A web page, SIP address or other URI of a contact. */
struct vox_link {
	const char *uri;
	const char *kind;	/* "url", "impp", "social" ... */
	unsigned contexts;
	const char *label;
};

/* A date that may lack its year (vCard "--0312"); 0 means missing. */
struct vox_date {
	int year, month, day;
	const char *text;	/* when the source's value was not a date */
};

/* A vCard property voxport has no place for, kept to write it back. */
struct vox_vcard_prop {
	const char *group;	/* "item1" or NULL */
	const char *name;	/* upper case, e.g. "X-ANDROID-CUSTOM" */
	const char *params;	/* as written, without the leading ';' */
	const char *value;	/* as written (escaped, unfolded, decoded) */
};

struct vox_strings {
	const char **v;
	size_t n, cap;
};

struct vox_contact {
	const char *uid;
	const char *kind;	/* "individual", "org", "group", ... or NULL */
	const char *full_name;
	const char *prefix, *given, *additional, *family, *suffix;
	struct vox_strings nicknames;
	const char *organization;
	struct vox_strings units;	/* departments, outermost first */
	const char *title;		/* job title */
	const char *role;
	struct vox_date birthday, anniversary;
	const char *gender;
	const char *note;
	const char *photo;		/* a URI: data:, https: ... */
	const char *revision;		/* vCard REV as written */
	struct vox_strings categories;

	struct vox_phone *phones;
	size_t nphones, capphones;
	struct vox_email *emails;
	size_t nemails, capemails;
	struct vox_address *addresses;
	size_t naddresses, capaddresses;
	struct vox_link *links;
	size_t nlinks, caplinks;
	struct vox_vcard_prop *props;	/* unknown properties, in order */
	size_t nprops, capprops;

	struct vox_source_ref source;
	struct vox_extra extra;
};

enum vox_consent {
	VOX_CONSENT_UNKNOWN = 0,
	VOX_CONSENT_GRANTED,
	VOX_CONSENT_REFUSED,
};

/* One marketing channel ("email", "sms", "phone", "post"). */
struct vox_marketing {
	const char *channel;
	enum vox_consent consent;
	const char *updated;	/* when given or withdrawn: ISO date or
				 * RFC 3339 UTC date-time, or NULL */
};

struct vox_subscription {
	const char *plan;
	const char *status;	/* "active", "ended", ... as the source says */
	const char *start, *end; /* ISO dates (YYYY-MM-DD), or NULL */
};

/* The data subject: identity, contact details, profile, preferences. */
struct vox_subject {
	const char *id;
	const char *title;	/* "Dr", "Ms" */
	const char *given, *family, *full_name;
	const char *organization, *job_title;
	struct vox_date birthday;

	struct vox_email *emails;
	size_t nemails, capemails;
	struct vox_phone *phones;
	size_t nphones, capphones;
	struct vox_address *addresses;
	size_t naddresses, capaddresses;

	/* Identifiers that find the subject in shared sources. */
	struct vox_strings extensions, account_codes, sip_usernames;

	struct vox_subscription *subscriptions;
	size_t nsubscriptions, capsubscriptions;
	struct vox_marketing *marketing;
	size_t nmarketing, capmarketing;
	const char *language;
	const char *created;	/* account created: ISO date, or NULL */

	struct vox_source_ref source;
	struct vox_extra extra;
};

/* ---- calls ------------------------------------------------------------ */

enum vox_call_status {
	VOX_CALL_UNKNOWN = 0,
	VOX_CALL_ANSWERED,
	VOX_CALL_NO_ANSWER,
	VOX_CALL_BUSY,
	VOX_CALL_FAILED,
	VOX_CALL_CONGESTION,
	VOX_CALL_CANCELLED,
};

/* One leg: one row of a CDR file, one FreeSWITCH leg. */
struct vox_call_leg {
	const char *id;			/* the source's leg id (uniqueid) */
	struct vox_party from, to;
	const char *channel;		/* the caller side's channel */
	const char *peer_channel;	/* the called side's channel */
	const char *context;		/* dialplan context */
	const char *application, *application_data;
	const char *account_code;	/* the caller side's account */
	const char *peer_account;	/* the called side's account */
	int64_t start, answer, end;
	int64_t duration;		/* start to end, seconds */
	int64_t billsec;		/* answer to end, seconds */
	const char *disposition;	/* as the source wrote it */
	enum vox_call_status status;
	enum vox_direction direction;	/* set by the subject matcher */
	struct vox_source_ref source;
	struct vox_extra extra;
};

/*
 * A call: the legs that share a call id, summarised.  A reader yields
 * calls of one leg each, with group_id set when the source links legs
 * (Asterisk linkedid); src/call_group.c joins them.
 */
struct vox_call {
	const char *id;
	const char *group_id;		/* the key legs are joined on, or NULL */
	struct vox_party from, to;	/* of the first leg */
	int64_t start, answer, end;
	int64_t duration, billsec;
	enum vox_call_status status;
	enum vox_direction direction;
	const char *account_code;
	struct vox_call_leg *legs;
	size_t nlegs, caplegs;
	struct vox_source_ref source;	/* of the first leg */
};

/* ---- messages and recordings ------------------------------------------ */

enum vox_message_type { VOX_MSG_SMS = 0, VOX_MSG_MMS };

enum vox_message_box {
	VOX_BOX_UNKNOWN = 0,
	VOX_BOX_RECEIVED,
	VOX_BOX_SENT,
	VOX_BOX_DRAFT,
	VOX_BOX_OUTBOX,
	VOX_BOX_FAILED,
	VOX_BOX_QUEUED,
};

struct vox_message_part {
	const char *content_type;
	const char *name;
	const char *text;	/* text parts */
	uint64_t bytes;		/* binary parts */
	const char *sha256;	/* hex, binary parts */
	const char *member;	/* archive member path, when included */
	/*
	 * The decoded bytes, when the reader was given a spool
	 * (vox_source_args.spool) and the data was valid: `bytes` of them
	 * at spool_offset in it.  Not in JSON.
	 */
	int spooled;
	uint64_t spool_offset;
};

struct vox_message {
	const char *id;
	const char *thread;
	enum vox_message_type type;
	enum vox_direction direction;
	enum vox_message_box box;
	int64_t date, date_sent;
	struct vox_party from;
	struct vox_party *to;
	size_t nto, capto;
	const char *subject, *body;
	int read;		/* -1 unknown, 0, 1 */
	struct vox_message_part *parts;
	size_t nparts, capparts;
	struct vox_source_ref source;
	struct vox_extra extra;
};

enum vox_recording_kind { VOX_REC_CALL = 0, VOX_REC_VOICEMAIL };

struct vox_recording {
	const char *id;
	enum vox_recording_kind kind;
	const char *call_id;	/* the call it belongs to, if known */
	int64_t start;
	int64_t duration_ms;	/* -1 unknown */
	const char *media_type;	/* "audio/wav" */
	const char *codec;	/* "pcm_s16le", "gsm", "ulaw", ... */
	unsigned sample_rate, channels, bits_per_sample;
	uint64_t bytes;
	const char *sha256;	/* hex of the audio file */
	const char *member;	/* set by the archive writer: recordings/... */
	const char *file;	/* the audio on disk, or NULL; not in JSON */
	struct vox_source_ref source;
	struct vox_extra extra;
};

/* ---- one record of any kind ------------------------------------------- */

struct vox_record {
	enum vox_kind kind;
	union {
		struct vox_subject subject;
		struct vox_contact contact;
		struct vox_call call;
		struct vox_message message;
		struct vox_recording recording;
	} u;
};

/* Names used in JSON and messages: "inbound", "answered", ... */
const char *vox_kind_name(enum vox_kind kind);
const char *vox_direction_name(enum vox_direction dir);
const char *vox_call_status_name(enum vox_call_status status);
const char *vox_message_box_name(enum vox_message_box box);
const char *vox_consent_name(enum vox_consent consent);

/* And back: the value a name stands for, or -1 when it names none. */
int vox_kind_from_name(const char *name);
int vox_direction_from_name(const char *name);
int vox_call_status_from_name(const char *name);
int vox_message_box_from_name(const char *name);
int vox_consent_from_name(const char *name);

#endif
