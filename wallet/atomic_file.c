/* Atomic, non-clobbering key-file writes and defensive reads (practice.md §10: O_EXCL,
 * O_NOFOLLOW, 0600, no overwrite without force; signify's fstat check on reads). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#include "sign/hex.h"
#include "wallet/atomic_file.h"
#include "wallet/secmem.h"

#define TMP_TRIES 8

static int
name_ok(const char *name)
{
	size_t n = name != NULL ? strlen(name) : 0;

	if (n == 0 || n > 200 || strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return 0;
	return 1;
}

static int
write_all(int fd, const uint8_t *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return DBC_ERR_IO;
		}
		if (w == 0) {
			errno = EIO;
			return DBC_ERR_IO;
		}
		p += w;
		len -= (size_t)w;
	}
	return DBC_OK;
}

/* Existing target: NOREPLACE refuses it; REPLACE only replaces a regular file. */
static int
target_check(int dirfd, const char *name, int mode)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? DBC_OK : DBC_ERR_IO;
	if (!S_ISREG(st.st_mode))
		return DBC_ERR_FILE_TYPE;
	return mode == DBC_AF_REPLACE ? DBC_OK : DBC_ERR_EXISTS;
}

static int
create_temp(int dirfd, const char *name, char *tmp, size_t cap)
{
	uint8_t rnd[6];
	char hex[2 * sizeof(rnd) + 1];
	int i, fd, n;

	for (i = 0; i < TMP_TRIES; i++) {
		randombytes_buf(rnd, sizeof(rnd));
		dbc_hex_encode(hex, rnd, sizeof(rnd));
		/* A leading dot keeps temp files out of wallet listings. */
		n = snprintf(tmp, cap, ".%s.tmp-%s", name, hex);
		if (n < 0 || (size_t)n >= cap)
			return -1;
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

static int
move_into_place(int dirfd, const char *tmp, const char *name, int mode)
{
	if (mode == DBC_AF_REPLACE) {
		/* Re-check right before: never replace a symlink or a directory. */
		int rc = target_check(dirfd, name, mode);

		if (rc != DBC_OK)
			return rc;
		return renameat(dirfd, tmp, dirfd, name) == 0 ? DBC_OK : DBC_ERR_IO;
	}
	if (renameat2(dirfd, tmp, dirfd, name, RENAME_NOREPLACE) == 0)
		return DBC_OK;
	if (errno == EEXIST)
		return DBC_ERR_EXISTS;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return DBC_ERR_IO;
	/* File systems without RENAME_NOREPLACE: link() also refuses an existing name. */
	if (linkat(dirfd, tmp, dirfd, name, 0) != 0)
		return errno == EEXIST ? DBC_ERR_EXISTS : DBC_ERR_IO;
	(void)unlinkat(dirfd, tmp, 0);
	return DBC_OK;
}

int
dbc_atomic_write_at(int dirfd, const char *name, const void *data, size_t len, int mode)
{
	char tmp[NAME_MAX + 1];
	int fd, rc, err = 0, placed = 0;

	if (!name_ok(name))
		return DBC_ERR_NAME;
	if (mode != DBC_AF_REPLACE && mode != DBC_AF_NOREPLACE)
		return DBC_ERR_INTERNAL;
	if ((rc = target_check(dirfd, name, mode)) != DBC_OK)
		return rc;
	if ((fd = create_temp(dirfd, name, tmp, sizeof(tmp))) < 0)
		return DBC_ERR_IO;
	/* err keeps the errno of the first failing call, so the caller can say "no space left"
	 * rather than just "I/O error" after the clean-up calls below have run. */
	if ((rc = write_all(fd, data, len)) != DBC_OK)
		err = errno;
	if (rc == DBC_OK && fsync(fd) != 0) {
		rc = DBC_ERR_IO;
		err = errno;
	}
	if (close(fd) != 0 && rc == DBC_OK) {
		rc = DBC_ERR_IO;
		err = errno;
	}
	if (rc == DBC_OK) {
		rc = move_into_place(dirfd, tmp, name, mode);
		placed = rc == DBC_OK;
		err = errno;
	}
	if (!placed) {
		(void)unlinkat(dirfd, tmp, 0);
		errno = err;
		return rc;
	}
	/* Make the new directory entry durable too. */
	if (fsync(dirfd) != 0 && errno != EINVAL)
		return DBC_ERR_IO;
	return DBC_OK;
}

/* Split path into an opened directory (*dirfd) and the last component (*base). */
static int
open_parent(const char *path, const char **base, int *dirfd)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t dlen;
	int fd;

	if (slash == NULL) {
		*base = path;
		fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else {
		*base = slash + 1;
		dlen = slash == path ? 1 : (size_t)(slash - path);
		if (dlen >= sizeof(dir))
			return DBC_ERR_TOO_LARGE;
		memcpy(dir, path, dlen);
		dir[dlen] = '\0';
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd < 0)
		return errno == ENOENT ? DBC_ERR_NOT_FOUND :
		       errno == ENOTDIR ? DBC_ERR_FILE_TYPE : DBC_ERR_IO;
	*dirfd = fd;
	return DBC_OK;
}

int
dbc_atomic_write(const char *path, const void *data, size_t len, int mode)
{
	const char *base;
	int dirfd = -1, rc, err;

	if (path == NULL || path[0] == '\0')
		return DBC_ERR_NAME;
	if ((rc = open_parent(path, &base, &dirfd)) != DBC_OK)
		return rc;
	rc = dbc_atomic_write_at(dirfd, base, data, len, mode);
	err = errno;
	(void)close(dirfd);
	errno = err;
	return rc;
}

int
dbc_fd_read(int fd, size_t cap, char **out, size_t *len)
{
	char *buf;
	size_t have = 0;
	ssize_t r;

	*out = NULL;
	*len = 0;
	if ((buf = dbc_secmem_alloc(cap + 1)) == NULL)
		return DBC_ERR_NOMEM;
	for (;;) {
		if (have == cap) {
			/* Probe one more byte: a file of exactly cap bytes is fine. */
			char extra;

			do
				r = read(fd, &extra, 1);
			while (r < 0 && errno == EINTR);
			sodium_memzero(&extra, sizeof(extra));
			if (r != 0) {
				dbc_secmem_free(buf);
				return r < 0 ? DBC_ERR_IO : DBC_ERR_TOO_LARGE;
			}
			break;
		}
		r = read(fd, buf + have, cap - have);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			dbc_secmem_free(buf);
			return DBC_ERR_IO;
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	buf[have] = '\0';
	*out = buf;
	*len = have;
	return DBC_OK;
}

int
dbc_file_read_at(int dirfd, const char *name, size_t cap, char **out, size_t *len)
{
	struct stat st;
	int fd, rc, fl;

	*out = NULL;
	*len = 0;
	/* O_NONBLOCK so a FIFO cannot hang the open; fstat rejects it right after. */
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return errno == ELOOP ? DBC_ERR_FILE_TYPE : errno == ENOENT ? DBC_ERR_NOT_FOUND :
		       errno == ENOTDIR ? DBC_ERR_FILE_TYPE : DBC_ERR_IO;
	if (fstat(fd, &st) != 0) {
		rc = DBC_ERR_IO;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = DBC_ERR_FILE_TYPE;
		goto out;
	}
	if ((uint64_t)st.st_size > cap) {
		rc = DBC_ERR_TOO_LARGE;
		goto out;
	}
	if ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		rc = DBC_ERR_IO;
		goto out;
	}
	rc = dbc_fd_read(fd, cap, out, len);
out:
	(void)close(fd);
	return rc;
}

int
dbc_file_read(const char *path, size_t cap, char **out, size_t *len)
{
	if (path == NULL || path[0] == '\0') {
		*out = NULL;
		*len = 0;
		return DBC_ERR_NOT_FOUND;
	}
	return dbc_file_read_at(AT_FDCWD, path, cap, out, len);
}
