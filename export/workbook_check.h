/* SPDX-License-Identifier: Apache-2.0 */
/*
 * workbook_check.h: data.xlsx read back once libxlsxwriter has written it
 * (export/workbook_check.c).
 *
 * libxlsxwriter writes a sheet's rows, and each part of the package, to
 * temporary files and does not check those writes: on a full disk it made
 * a workbook that opened, with rows missing.  So every XML part is parsed
 * whole, and the cells of the sheets are counted against those written.
 */
#ifndef VOX_WORKBOOK_CHECK_H
#define VOX_WORKBOOK_CHECK_H

#include <stdint.h>

#include "voxport/error.h"

/*
 * VOX_OK when the workbook at path is whole: every .xml and .rels part
 * well-formed, and its sheets holding cells cells.  VOX_ERR (VOX_E_IO)
 * saying what is missing otherwise.
 */
int vox_workbook_check(const char *path, uint64_t cells,
		       struct vox_error *err);

#endif
