/* SPDX-License-Identifier: Apache-2.0 */
/*
 * signals.c: what export, import and convert do when interrupted.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tmpdir.h"

/*
 * SIGHUP, SIGINT, SIGTERM: remove the temporary folder, exit 128 + the
 * signal.  Only async-signal-safe calls: the folder's names are kept in
 * fixed storage for this (src/tmpdir.c), and _exit() skips atexit and
 * stdio.  Other signals are blocked meanwhile (sa_mask), so the handler
 * runs once.
 */
static void on_signal(int sig)
{
	vox_tmpdir_remove_all();
	_exit(128 + sig);
}

void catch_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		/* Ignored when we started (nohup, "cmd &"): still ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}
