/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tmpdir.c: the temporary folder an export writes in (src/tmpdir.h).
 *
 * Interruption.  A folder's names live in static slots, not on the heap:
 * a signal handler may read them at any moment.  A name is copied into its
 * slot and only then counted (a signal fence keeps that order), and it is
 * counted before its file is created, so the handler never misses a file;
 * removing a name that was never created is harmless.  The handler works
 * on descriptors opened when the folder was made (unlinkat(2) is
 * async-signal-safe; a path might be relative to a folder since renamed).
 *
 * Stale folders.  SIGKILL (or a power cut) runs no handler, so each new
 * folder first sweeps its parent.  A folder is removed only when all of
 * this holds: its name is .voxport- and six letters or digits as mkdtemp(3)
 * makes them; it is a real folder (opened with O_NOFOLLOW) owned by our
 * user; its owner file, a regular file, says it was made on this host and
 * either in an earlier boot, or in our pid namespace by a pid that is gone
 * or now belongs to a process started at another time (so a recycled pid
 * is not mistaken for the owner).  Anything else is left alone: a folder
 * on a shared disk from another host or container, or with no owner file.
 * Inside it only the names an export makes are unlinked (never followed,
 * never a folder), the owner file last, then the folder with rmdir(2),
 * which fails, leaving it, if anything else is inside.
 *
 * A SIGKILL between mkdtemp() and the owner file's write leaves a folder
 * with no owner file, or an empty one, and nothing else: no owner can be
 * proved gone, but it holds no data.  Such a folder is removed once it is
 * more than a minute old (its maker writes the owner file microseconds
 * after making it); rmdir(2) leaves it if anything is inside.
 */
#define _GNU_SOURCE	/* O_PATH, where there is one */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tmpdir.h"

#define PREFIX ".voxport-"
#define PREFIX_LEN 9
#define SUFFIX_LEN 6	/* mkdtemp's XXXXXX */
#define OWNER "owner"
#define SLOTS 4		/* folders alive at once in one process */
#define NAMES 32	/* files in one folder */
#define NAME_LEN 64

struct vox_tmpdir {
	volatile sig_atomic_t used;
	volatile sig_atomic_t nnames;
	int untracked;		/* files made after the slots were full */
	int parent;		/* descriptor of the output's folder */
	int fd;			/* descriptor of this folder */
	char base[PREFIX_LEN + SUFFIX_LEN + 1];
	char names[NAMES][NAME_LEN];
	char *path;
};

static struct vox_tmpdir slots[SLOTS];

static int tmpdir_name(const char *name)
{
	size_t i;

	if (strncmp(name, PREFIX, PREFIX_LEN) != 0 ||
	    strlen(name) != PREFIX_LEN + SUFFIX_LEN)
		return 0;
	for (i = PREFIX_LEN; name[i]; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return 1;
}

/* ---- who owns a folder ------------------------------------------------ */

struct owner {
	char host[256];
	char boot[64];		/* /proc/sys/kernel/random/boot_id */
	char pidns[64];		/* readlink /proc/self/ns/pid */
	long long pid;
	unsigned long long start;	/* field 22 of /proc/PID/stat */
};

/* Read a small file whole into buf; its length, or -1. */
static ssize_t read_small(int dirfd, const char *path, char *buf, size_t n)
{
	int fd = openat(dirfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t got = 0, r;
	struct stat st;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	while ((size_t)got < n - 1 &&
	       (r = read(fd, buf + got, n - 1 - (size_t)got)) > 0)
		got += r;
	close(fd);
	buf[got] = '\0';
	return got;
}

/* A process's start time in clock ticks since boot; 0 when unknown. */
static unsigned long long proc_start(long long pid)
{
	char path[64], buf[1024], *p, *end;
	unsigned long long v;
	int field;

	snprintf(path, sizeof(path), "/proc/%lld/stat", pid);
	if (read_small(AT_FDCWD, path, buf, sizeof(buf)) <= 0)
		return 0;
	/* The command name, field 2, may hold spaces and ')': skip past it. */
	p = strrchr(buf, ')');
	if (!p)
		return 0;
	for (field = 2; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return 0;
	errno = 0;
	v = strtoull(p + 1, &end, 10);
	return errno || end == p + 1 ? 0 : v;
}

static void owner_self(struct owner *o)
{
	ssize_t n;

	memset(o, 0, sizeof(*o));
	if (gethostname(o->host, sizeof(o->host) - 1) != 0)
		o->host[0] = '\0';
	if (read_small(AT_FDCWD, "/proc/sys/kernel/random/boot_id", o->boot,
		       sizeof(o->boot)) < 0)
		o->boot[0] = '\0';
	o->boot[strcspn(o->boot, "\n")] = '\0';
	n = readlink("/proc/self/ns/pid", o->pidns, sizeof(o->pidns) - 1);
	o->pidns[n > 0 ? n : 0] = '\0';
	o->pid = (long long)getpid();
	o->start = proc_start(o->pid);
}

/* One "key value" line of the owner file into a field. */
static void owner_field(char *dst, size_t n, const char *line,
			const char *key)
{
	size_t k = strlen(key);

	if (strncmp(line, key, k) == 0 && line[k] == ' ')
		snprintf(dst, n, "%.*s", (int)strcspn(line + k + 1, "\n"),
			 line + k + 1);
}

static int owner_read(int dirfd, struct owner *o)
{
	char buf[1024], num[32] = "", start[32] = "", *line, *end;

	memset(o, 0, sizeof(*o));
	if (read_small(dirfd, OWNER, buf, sizeof(buf)) <= 0)
		return -1;
	for (line = buf; line && *line; line = strchr(line, '\n'),
	     line = line ? line + 1 : NULL) {
		owner_field(o->host, sizeof(o->host), line, "host");
		owner_field(o->boot, sizeof(o->boot), line, "boot");
		owner_field(o->pidns, sizeof(o->pidns), line, "pidns");
		owner_field(num, sizeof(num), line, "pid");
		owner_field(start, sizeof(start), line, "start");
	}
	o->pid = strtoll(num, &end, 10);
	if (!num[0] || *end || o->pid <= 0)
		return -1;
	o->start = strtoull(start, &end, 10);
	if (*end)
		o->start = 0;
	return 0;
}

/* 1 when the folder's owner is provably gone, 0 when it may be alive. */
static int owner_gone(int dirfd, const struct owner *me)
{
	struct owner o;
	unsigned long long now;

	if (owner_read(dirfd, &o) != 0 || !o.host[0] ||
	    strcmp(o.host, me->host) != 0)
		return 0;
	if (o.boot[0] && me->boot[0] && strcmp(o.boot, me->boot) != 0)
		return 1;
	/* Another pid namespace (container) numbers its processes apart. */
	if (!o.pidns[0] || strcmp(o.pidns, me->pidns) != 0 || !o.boot[0])
		return 0;
	if (kill((pid_t)o.pid, 0) != 0 && errno == ESRCH)
		return 1;
	now = proc_start(o.pid);
	return o.start && now && now != o.start;
}

/* ---- sweeping --------------------------------------------------------- */

/* Older than this, a folder with no owner was left by a SIGKILL. */
#define ORPHAN_SECONDS 60

/*
 * A folder left between mkdtemp() and the owner's write: no owner file or
 * an empty one, nothing else, made more than a minute ago.  Removed.
 */
static void remove_orphan(int parent, const char *name, int fd,
			  const struct stat *st)
{
	struct stat o;
	time_t now = time(NULL);

	/* mtime: when its last entry (the owner file) was made or removed */
	if (now - st->st_mtime < ORPHAN_SECONDS)
		return;
	if (fstatat(fd, OWNER, &o, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!S_ISREG(o.st_mode) || o.st_size != 0)
			return;
		unlinkat(fd, OWNER, 0);
	}
	unlinkat(parent, name, AT_REMOVEDIR);
}

static void remove_stale(int parent, const char *name, const struct owner *me,
			 vox_tmpdir_ours_fn *ours)
{
	int fd = openat(parent, name,
			O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid()) {
		close(fd);
		return;
	}
	if (!owner_gone(fd, me)) {
		/* an owner file that says nothing: maybe an orphan */
		struct owner o;

		if (owner_read(fd, &o) != 0)
			remove_orphan(parent, name, fd, &st);
		close(fd);
		return;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	/* flags 0: unlinkat() never removes a folder, never follows a link. */
	while ((e = readdir(d)))
		if (strcmp(e->d_name, OWNER) != 0 && e->d_name[0] != '.' &&
		    ours(e->d_name))
			unlinkat(fd, e->d_name, 0);
	unlinkat(fd, OWNER, 0);
	closedir(d);
	unlinkat(parent, name, AT_REMOVEDIR);
}

static int sweep_fd(int parent, vox_tmpdir_ours_fn *ours)
{
	struct owner me;
	struct dirent *e;
	int fd = dup(parent), n = 0;
	DIR *d;

	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	owner_self(&me);
	while ((e = readdir(d))) {
		if (!tmpdir_name(e->d_name))
			continue;
		remove_stale(parent, e->d_name, &me, ours);
		if (faccessat(parent, e->d_name, F_OK, AT_SYMLINK_NOFOLLOW) != 0)
			n++;
	}
	closedir(d);
	return n;
}

int vox_tmpdir_sweep(const char *dir, vox_tmpdir_ours_fn *ours)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), n;

	if (fd < 0)
		return 0;
	n = sweep_fd(fd, ours);
	close(fd);
	return n;
}

/* ---- a folder --------------------------------------------------------- */

/* Forget nothing: remove in reverse order, the owner file (first) last. */
static void remove_files(struct vox_tmpdir *t)
{
	sig_atomic_t i = t->nnames;

	while (i-- > 0)
		unlinkat(t->fd, t->names[i], 0);
	unlinkat(t->parent, t->base, AT_REMOVEDIR);
}

/* Every file but the owner file, which remove_files() takes last. */
static void remove_untracked(struct vox_tmpdir *t)
{
	int fd = openat(t->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, OWNER))
			unlinkat(t->fd, e->d_name, 0);
	closedir(d);
}

void vox_tmpdir_remove_all(void)
{
	int i;

	/* Newest first: a folder made inside an older one (export -o -)
	 * must be gone before the older one can be removed. */
	for (i = SLOTS - 1; i >= 0; i--)
		if (slots[i].used)
			remove_files(&slots[i]);
}

static int write_owner(struct vox_tmpdir *t, struct vox_error *err)
{
	struct owner me;
	char buf[1024];
	int fd, n;

	owner_self(&me);
	n = snprintf(buf, sizeof(buf),
		     "voxport export in progress, or killed (see "
		     "voxport-export(1))\nhost %s\nboot %s\npidns %s\n"
		     "pid %lld\nstart %llu\n", me.host, me.boot, me.pidns,
		     me.pid, me.start);
	if (n < 0 || (size_t)n >= sizeof(buf))
		n = (int)strlen(buf);
	fd = vox_tmpdir_create(t, OWNER, err);
	if (fd < 0)
		return VOX_ERR;
	/* One write: the file is whole or empty, never half a line. */
	if (write(fd, buf, (size_t)n) != n) {
		close(fd);
		return vox_error_errno(err, VOX_E_IO, t->path);
	}
	if (close(fd) != 0)
		return vox_error_errno(err, VOX_E_IO, t->path);
	return VOX_OK;
}

struct vox_tmpdir *vox_tmpdir_new(const char *dir, vox_tmpdir_ours_fn *ours,
				  struct vox_error *err)
{
	struct vox_tmpdir *t = NULL;
	sigset_t all, old;
	size_t n = strlen(dir) + PREFIX_LEN + SUFFIX_LEN + 2;
	char *path;
	int i, parent, fd, e;

	for (i = 0; i < SLOTS && !t; i++)
		if (!slots[i].used)
			t = &slots[i];
	if (!t) {
		vox_error_set(err, VOX_E_USAGE, "too many temporary folders");
		return NULL;
	}
	path = malloc(n);
	if (!path) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	parent = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (parent >= 0 && ours)
		sweep_fd(parent, ours);
#ifdef O_PATH
	/* A folder we may write in but not list: no sweep, still a folder. */
	else if (errno == EACCES)
		parent = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
#endif
	if (parent < 0)
		goto fail;
	snprintf(path, n, "%s/" PREFIX "XXXXXX", dir);
	/* Made and registered with no signal handler in between. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	fd = -1;
	if (mkdtemp(path)) {
		fd = openat(parent, path + strlen(dir) + 1,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		/* mkdtemp's 0700 is masked by the umask: set it whole. */
		if (fd < 0 || fchmod(fd, 0700) != 0) {
			e = errno;
			if (fd >= 0)
				close(fd);
			rmdir(path);
			errno = e;
			fd = -1;
		}
	}
	if (fd >= 0) {
		t->parent = parent;
		t->fd = fd;
		snprintf(t->base, sizeof(t->base), "%s", path + strlen(dir) + 1);
		t->path = path;
		t->nnames = 0;
		t->untracked = 0;
		atomic_signal_fence(memory_order_seq_cst);
		t->used = 1;
	}
	e = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = e;
	if (fd < 0)
		goto fail;
	if (write_owner(t, err) != VOX_OK) {
		vox_tmpdir_free(t);
		return NULL;
	}
	return t;
fail:
	vox_error_set(err, VOX_E_IO, "cannot write in %s: %s", dir,
		      strerror(errno));
	if (parent >= 0)
		close(parent);
	free(path);
	return NULL;
}

const char *vox_tmpdir_path(const struct vox_tmpdir *t)
{
	return t->path;
}

int vox_tmpdir_create(struct vox_tmpdir *t, const char *name,
		      struct vox_error *err)
{
	sig_atomic_t n = t->nnames;
	int fd;

	if (strlen(name) >= NAME_LEN || strchr(name, '/'))
		return vox_error_set(err, VOX_E_USAGE, "%s: cannot keep %s "
				     "among its temporary files", t->path,
				     name);
	if (n < NAMES) {
		/* Counted before it exists, so a signal handler removes it. */
		memcpy(t->names[n], name, strlen(name) + 1);
		atomic_signal_fence(memory_order_seq_cst);
		t->nnames = n + 1;
	} else {
		/*
		 * An import writing a file per call: past the slots a file
		 * is found by reading the folder in vox_tmpdir_free(); a
		 * signal handler cannot do that, so it leaves the folder to
		 * the next run's sweep (the names are the caller's, see
		 * vox_tmpdir_ours_fn).
		 */
		t->untracked = 1;
	}
	fd = openat(t->fd, name,
		    O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600) != 0) {
		vox_error_set(err, VOX_E_IO, "%s/%s: %s", t->path, name,
			      strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

FILE *vox_tmpdir_fopen(struct vox_tmpdir *t, const char *name,
		       struct vox_error *err)
{
	int fd = vox_tmpdir_create(t, name, err);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "wb");
	if (!f) {
		vox_error_set(err, VOX_E_IO, "%s/%s: %s", t->path, name,
			      strerror(errno));
		close(fd);
	}
	return f;
}

void vox_tmpdir_sync_parent(const struct vox_tmpdir *t)
{
	fsync(t->parent);
}

void vox_tmpdir_free(struct vox_tmpdir *t)
{
	if (!t || !t->used)
		return;
	if (t->untracked)
		remove_untracked(t);
	remove_files(t);
	t->used = 0;
	atomic_signal_fence(memory_order_seq_cst);
	close(t->fd);
	close(t->parent);
	free(t->path);
	t->path = NULL;
}
