/* SPDX-License-Identifier: Apache-2.0 */
/*
 * passphrase.c: the passphrase of an encrypted archive (passphrase.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "passphrase.h"

void passphrase_init(struct passphrase *p)
{
	memset(p, 0, sizeof(*p));
	p->fd = -1;
}

int passphrase_fd_option(struct passphrase *p, const char *arg)
{
	char *end;
	long fd = strtol(arg, &end, 10);

	if (!*arg || *end || fd < 0 || fd > 65535)
		return usage_error("--passphrase-fd: a file descriptor number, "
				   "not \"%s\"", cli_safe(arg));
	p->fd = (int)fd;
	return 0;
}

/* Up to PASSPHRASE_MAX + 1 bytes, so that a longer one is seen. */
static ssize_t read_all(int fd, char *buf, size_t cap)
{
	size_t n = 0;

	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		n += (size_t)r;
		if (memchr(buf, '\n', n))
			break;
	}
	return (ssize_t)n;
}

int passphrase_read(struct passphrase *p, int required)
{
	char buf[PASSPHRASE_MAX + 2];
	const char *env = getenv("VOXPORT_PASSPHRASE"), *from;
	ssize_t n;
	char *nl;

	if (p->file) {
		int fd = open(p->file, O_RDONLY | O_CLOEXEC);

		from = p->file;
		n = fd < 0 ? -1 : read_all(fd, buf, sizeof(buf) - 1);
		if (fd >= 0)
			close(fd);
	} else if (p->fd >= 0) {
		from = "--passphrase-fd";
		n = read_all(p->fd, buf, sizeof(buf) - 1);
	} else if (env) {
		from = "VOXPORT_PASSPHRASE";
		n = (ssize_t)strnlen(env, sizeof(buf) - 1);
		memcpy(buf, env, (size_t)n);
	} else {
		if (!required)
			return 0;
		error("no passphrase: give --passphrase-file, --passphrase-fd "
		      "or VOXPORT_PASSPHRASE");
		return 1;
	}
	if (n < 0) {
		error("%s: %s", cli_safe(from), strerror(errno));
		return 1;
	}
	buf[n] = '\0';
	if ((nl = strchr(buf, '\n')))
		*nl = '\0';
	n = (ssize_t)strlen(buf);
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	if (n == 0 || n > PASSPHRASE_MAX) {
		error("%s: the passphrase is %s", cli_safe(from),
		      n ? "longer than 1024 bytes" : "empty");
		memset(buf, 0, sizeof(buf));
		return 1;
	}
	memcpy(p->value, buf, (size_t)n + 1);
	memset(buf, 0, sizeof(buf));
	p->set = 1;
	return 0;
}

void passphrase_clear(struct passphrase *p)
{
	/* volatile: a plain memset of dead storage may be optimised away. */
	volatile char *v = p->value;

	for (size_t i = 0; i < sizeof(p->value); i++)
		v[i] = 0;
	p->set = 0;
}
