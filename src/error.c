/* SPDX-License-Identifier: Apache-2.0 */
/* error.c: the error object (see include/voxport/error.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "voxport/error.h"

int vox_error_set(struct vox_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return VOX_ERR;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return VOX_ERR;
}

int vox_error_prefix(struct vox_error *err, const char *fmt, ...)
{
	char head[VOX_ERROR_MAX], old[VOX_ERROR_MAX];
	va_list ap;

	if (!err)
		return VOX_ERR;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation is fine: a long message keeps its head. */
	if (snprintf(err->msg, sizeof(err->msg), "%.*s: %.*s", 400, head,
		     (int)(sizeof(err->msg) - 410), old) < 0)
		err->msg[0] = '\0';
	return VOX_ERR;
}

void vox_error_clear(struct vox_error *err)
{
	if (!err)
		return;
	err->code = VOX_E_NONE;
	err->msg[0] = '\0';
}

int vox_error_errno(struct vox_error *err, int code, const char *name)
{
	return vox_error_set(err, code, "%s: %s", name, strerror(errno));
}
