/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pipeline_workers.c: the finish in worker processes (`bulk -j N`),
 * forked after the route; they take subjects in turn from a shared
 * counter and hand back each one's result through shared memory.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pipe.h"

/* What a worker process hands back for a subject. */
struct slot {
	int state;		/* 0 waiting, 1 taken, 2 done */
	int status;
	struct vox_error err;
	struct vox_export_result res;
};

struct shared {
	size_t next;		/* the next subject to take */
	size_t done;
	struct slot slots[];
};

static void worker(struct pipe *pp, struct shared *sh)
{
	size_t i;

	while ((i = __atomic_fetch_add(&sh->next, 1, __ATOMIC_SEQ_CST)) <
	       pp->n) {
		struct slot *sl = &sh->slots[i];

		if (pp->set[i].state != VOX_BULK_TODO)
			continue;
		__atomic_store_n(&sl->state, 1, __ATOMIC_SEQ_CST);
		pipe_finish_one(pp, i);
		sl->status = pp->set[i].status;
		sl->err = pp->set[i].err;
		sl->res = pp->set[i].res;
		__atomic_store_n(&sl->state, 2, __ATOMIC_SEQ_CST);
		__atomic_fetch_add(&sh->done, 1, __ATOMIC_SEQ_CST);
	}
}

/* The finish in jobs worker processes, forked now that the spill is full. */
int pipe_finish_forked(struct pipe *pp, unsigned jobs, size_t base,
			 struct vox_error *err)
{
	size_t size = sizeof(struct shared) + pp->n * sizeof(struct slot);
	struct shared *sh = mmap(NULL, size, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t *pids;
	unsigned k, started = 0, running;
	size_t i;

	if (sh == MAP_FAILED)
		return vox_error_errno(err, VOX_E_NOMEM, "shared memory");
	memset(sh, 0, size);
	if (!(pids = calloc(jobs, sizeof(*pids)))) {
		munmap(sh, size);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	fflush(NULL);
	for (k = 0; k < jobs; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			worker(pp, sh);
			/* Not exit(): the parent's files and folders are not
			 * this process's to close or remove. */
			_exit(0);
		}
		if (pids[k] < 0)
			break;
		started++;
	}
	/* No worker at all: this process does the work. */
	if (!started)
		worker(pp, sh);
	for (running = started; running;) {
		for (k = 0; k < started; k++) {
			int wst;

			if (pids[k] > 0 && waitpid(pids[k], &wst, WNOHANG) ==
			    pids[k]) {
				pids[k] = 0;
				running--;
			}
		}
		pp->prog.done = base + __atomic_load_n(&sh->done,
						       __ATOMIC_SEQ_CST);
		pipe_progress(pp);
		if (running)
			usleep(100000);
	}
	for (i = 0; i < pp->n; i++) {
		struct vox_bulk_subject *s = &pp->set[i];
		struct slot *sl = &sh->slots[i];

		if (s->state != VOX_BULK_TODO)
			continue;
		s->state = VOX_BULK_DONE;
		if (sl->state == 2) {
			s->status = sl->status;
			s->err = sl->err;
			s->res = sl->res;
		} else {
			s->status = vox_error_set(&s->err, VOX_E_IO, "its "
						  "worker process stopped "
						  "before it was done");
		}
	}
	free(pids);
	munmap(sh, size);
	return VOX_OK;
}

