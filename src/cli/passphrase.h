/* SPDX-License-Identifier: Apache-2.0 */
/*
 * passphrase.h: the passphrase of an encrypted archive, from a file, a
 * file descriptor or the environment, never from the command line (where
 * ps(1) and shell histories would show it).
 */
#ifndef VOX_CLI_PASSPHRASE_H
#define VOX_CLI_PASSPHRASE_H

/* The longest passphrase read, in bytes. */
#define PASSPHRASE_MAX 1024

struct passphrase {
	const char *file;	/* --passphrase-file */
	int fd;			/* --passphrase-fd, or -1 */
	char value[PASSPHRASE_MAX + 1];
	int set;
};

/* Start empty (no option given). */
void passphrase_init(struct passphrase *p);

/* --passphrase-fd's value; 0, or 2 after a usage error. */
int passphrase_fd_option(struct passphrase *p, const char *arg);

/*
 * Read the passphrase from the option given, else $VOXPORT_PASSPHRASE:
 * its first line, without the line end.  0 with p->set when there is one,
 * 0 with it unset when none was given (required: 1 then, after an error),
 * or 1 after an error (unreadable, empty, too long).
 */
int passphrase_read(struct passphrase *p, int required);

/* Wipe it. */
void passphrase_clear(struct passphrase *p);

#endif
