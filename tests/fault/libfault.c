/* dbcsign fault injection: an LD_PRELOAD shim that makes file I/O fail on purpose.
 *
 * Environment:
 *   DBCSIGN_FAULT       what to break (one of):
 *     write-short       every write() to a matching file moves at most 7 bytes (a correct
 *                       writer loops; the operation must still succeed, byte for byte);
 *     write-enospc      write() fails with ENOSPC (disk full);
 *     write-eio         write() fails with EIO;
 *     short-then-enospc the first write() is short (7 bytes), every later one ENOSPC;
 *     fsync-eio         fsync() of a matching file fails with EIO (data never reached disk);
 *     close-eio         close() of a matching file closes it but reports EIO (NFS-style);
 *     rename-eio        rename()/renameat()/renameat2()/linkat() fail with EIO
 *                       (the step that would replace the old file).
 *   DBCSIGN_FAULT_PATH  only regular files whose path contains this text are affected
 *                       (the test's wallet directory), so stdout/stderr and libraries are not.
 *                       For rename-eio: the calls are refused when either name contains it, or
 *                       always for the *at() forms (their names are relative).
 *   DBCSIGN_FAULT_LOG   if set, one line per injected fault is appended to this file, so a
 *                       test can prove the fault actually fired.
 * Build: cc -shared -fPIC -o libfault.so tests/fault/libfault.c -ldl
 * Use:   LD_PRELOAD=./libfault.so DBCSIGN_FAULT=write-enospc DBCSIGN_FAULT_PATH=/tmp/x dbcsign ...
 * (With an ASan build also set ASAN_OPTIONS=verify_asan_link_order=0.) */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum { F_NONE, F_SHORT, F_ENOSPC, F_EIO, F_SHORT_ENOSPC, F_FSYNC, F_CLOSE, F_RENAME };

static const struct {
	const char *name;
	int mode;
} modes[] = {
	{ "write-short", F_SHORT }, { "write-enospc", F_ENOSPC }, { "write-eio", F_EIO },
	{ "short-then-enospc", F_SHORT_ENOSPC }, { "fsync-eio", F_FSYNC }, { "close-eio", F_CLOSE },
	{ "rename-eio", F_RENAME },
};

static int fault = -1;
static int short_done;

static void *
real(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (f == NULL)
		abort();
	return f;
}

static int
mode(void)
{
	const char *m = getenv("DBCSIGN_FAULT");
	size_t i;

	if (fault >= 0)
		return fault;
	fault = F_NONE;
	for (i = 0; m != NULL && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(m, modes[i].name) == 0)
			fault = modes[i].mode;
	return fault;
}

/* Append "what path" to $DBCSIGN_FAULT_LOG with the real write/close. */
static void
note(const char *what, const char *path)
{
	ssize_t (*w)(int, const void *, size_t) = (ssize_t (*)(int, const void *, size_t))real("write");
	int (*c)(int) = (int (*)(int))real("close");
	const char *log = getenv("DBCSIGN_FAULT_LOG");
	char line[600];
	int fd, n, saved = errno;

	if (log != NULL) {
		n = snprintf(line, sizeof(line), "%s %s\n", what, path != NULL ? path : "");
		if (n < 0 || (size_t)n >= sizeof(line))
			n = (int)sizeof(line) - 1;
		if ((fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) >= 0) {
			(void)w(fd, line, (size_t)n);
			(void)c(fd);
		}
	}
	errno = saved;
}

/* 1 if fd is a regular file whose path contains $DBCSIGN_FAULT_PATH (path in buf). */
static int
matches(int fd, char *buf, size_t cap)
{
	const char *want = getenv("DBCSIGN_FAULT_PATH");
	char link[64];
	struct stat st;
	ssize_t n;
	int saved = errno, ok = 0;

	buf[0] = '\0';
	if (want != NULL && *want != '\0' && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		(void)snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		if ((n = readlink(link, buf, cap - 1)) > 0) {
			buf[n] = '\0';
			ok = strstr(buf, want) != NULL;
		}
	}
	errno = saved;
	return ok;
}

static int
name_matches(const char *a, const char *b)
{
	const char *want = getenv("DBCSIGN_FAULT_PATH");

	if (want == NULL || *want == '\0')
		return 0;
	return (a != NULL && strstr(a, want) != NULL) || (b != NULL && strstr(b, want) != NULL);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	ssize_t (*w)(int, const void *, size_t) = (ssize_t (*)(int, const void *, size_t))real("write");
	char path[512];
	int m = mode();

	if (m == F_NONE || m == F_FSYNC || m == F_CLOSE || m == F_RENAME || !matches(fd, path, sizeof(path)))
		return w(fd, buf, len);
	if (m == F_SHORT || (m == F_SHORT_ENOSPC && !short_done)) {
		short_done = 1;
		if (len > 7) {
			note("short-write", path);
			len = 7;
		}
		return w(fd, buf, len);
	}
	note(m == F_EIO ? "write-eio" : "write-enospc", path);
	errno = m == F_EIO ? EIO : ENOSPC;
	return -1;
}

int
fsync(int fd)
{
	int (*f)(int) = (int (*)(int))real("fsync");
	char path[512];

	if (mode() == F_FSYNC && matches(fd, path, sizeof(path))) {
		note("fsync-eio", path);
		errno = EIO;
		return -1;
	}
	return f(fd);
}

int
fdatasync(int fd)
{
	int (*f)(int) = (int (*)(int))real("fdatasync");
	char path[512];

	if (mode() == F_FSYNC && matches(fd, path, sizeof(path))) {
		note("fdatasync-eio", path);
		errno = EIO;
		return -1;
	}
	return f(fd);
}

int
close(int fd)
{
	int (*c)(int) = (int (*)(int))real("close");
	char path[512];

	if (mode() == F_CLOSE && matches(fd, path, sizeof(path))) {
		(void)c(fd);
		note("close-eio", path);
		errno = EIO;
		return -1;
	}
	return c(fd);
}

int
rename(const char *from, const char *to)
{
	int (*r)(const char *, const char *) = (int (*)(const char *, const char *))real("rename");

	if (mode() == F_RENAME && name_matches(from, to)) {
		note("rename-eio", to);
		errno = EIO;
		return -1;
	}
	return r(from, to);
}

int
renameat(int fd1, const char *from, int fd2, const char *to)
{
	int (*r)(int, const char *, int, const char *) =
	    (int (*)(int, const char *, int, const char *))real("renameat");

	if (mode() == F_RENAME) {
		note("renameat-eio", to);
		errno = EIO;
		return -1;
	}
	return r(fd1, from, fd2, to);
}

int
renameat2(int fd1, const char *from, int fd2, const char *to, unsigned int flags)
{
	int (*r)(int, const char *, int, const char *, unsigned int) =
	    (int (*)(int, const char *, int, const char *, unsigned int))real("renameat2");

	if (mode() == F_RENAME) {
		note("renameat2-eio", to);
		errno = EIO;
		return -1;
	}
	return r(fd1, from, fd2, to, flags);
}

int
linkat(int fd1, const char *from, int fd2, const char *to, int flags)
{
	int (*l)(int, const char *, int, const char *, int) =
	    (int (*)(int, const char *, int, const char *, int))real("linkat");

	if (mode() == F_RENAME) {
		note("linkat-eio", to);
		errno = EIO;
		return -1;
	}
	return l(fd1, from, fd2, to, flags);
}
