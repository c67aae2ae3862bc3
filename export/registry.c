/* SPDX-License-Identifier: Apache-2.0 */
/*
 * registry.c: the source readers this build has, in bidding order: formats
 * with a sure signature first (WAV's RIFF....WAVE, vCard's BEGIN:VCARD,
 * the <smses> or <calls> root of SMS Backup & Restore, Twilio's JSON with
 * its account and API version), then the text
 * the <smses> or <calls> root of SMS Backup & Restore, FreeSWITCH's <cdr>
 * root and its JSON CDR's keys), then the text
 * formats that need a look at their lines (a voicemail msgNNNN.txt, the
 * CSV dialects: cdr_custom's sample template before cdr_csv, which also
 * bids on its lines).
 *
 * The core never names this table: the CLI passes it to vox_provider_load()
 * and vox_reader_open(), which look in it with src/source_table.c.
 */
#include "source_table.h"
#include "voxport/source.h"

const struct vox_source *const vox_sources[] = {
	&vox_source_wav,
	&vox_source_vcard,
	&vox_source_sbr_xml,
	&vox_source_twilio_json,
	&vox_source_freeswitch_cdr_xml,
	&vox_source_freeswitch_cdr_json,
	&vox_source_subscribers_csv,
	&vox_source_google_contacts_csv,
	&vox_source_outlook_contacts_csv,
	&vox_source_asterisk_voicemail,
	&vox_source_asterisk_cdr_custom,
	&vox_source_asterisk_cdr_csv,
	/* Databases: chosen by name in provider.json, never by bidding. */
	&vox_source_asterisk_cdr_pgsql,
	&vox_source_subscribers_sql,
	NULL,
};

const struct vox_source *vox_source_find(const char *name)
{
	return vox_source_table_find(vox_sources, name);
}

const struct vox_source *vox_source_choose(const unsigned char *buf,
					   size_t len)
{
	return vox_source_table_choose(vox_sources, buf, len);
}
