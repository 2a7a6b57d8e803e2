/* Safe key-file I/O: atomic 0600 writes that never overwrite silently, and bounded reads
 * that refuse symlinks, directories, FIFOs and devices. */
#ifndef DBC_ATOMIC_FILE_H
#define DBC_ATOMIC_FILE_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

#define DBC_AF_NOREPLACE 0 /* fail with DBC_ERR_EXISTS if the target exists */
#define DBC_AF_REPLACE 1   /* replace an existing regular file atomically */

/* Write data to `name` inside the directory dirfd: a temp file created there with
 * O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC and mode 0600, written fully, fsync'ed, then moved
 * into place (renameat2 RENAME_NOREPLACE, or linkat, for DBC_AF_NOREPLACE; renameat for
 * DBC_AF_REPLACE, which still refuses to replace a symlink or a non-regular file), and the
 * directory fsync'ed. On any failure the temp file is removed and the old file is intact.
 * Errors: DBC_ERR_EXISTS, DBC_ERR_FILE_TYPE, DBC_ERR_IO, DBC_ERR_NAME (name with '/').
 * After DBC_ERR_IO, errno is that of the system call that failed (ENOSPC, EIO, ...). */
int dbc_atomic_write_at(int dirfd, const char *name, const void *data, size_t len,
                        int mode) DBC_WUR;
/* Same for a path (its directory is opened first). */
int dbc_atomic_write(const char *path, const void *data, size_t len, int mode) DBC_WUR;

/* Read a whole regular file (O_NOFOLLOW; symlink, directory, FIFO, device →
 * DBC_ERR_FILE_TYPE; missing → DBC_ERR_NOT_FOUND; larger than cap → DBC_ERR_TOO_LARGE)
 * into guarded memory, NUL-terminated. Free *out with dbc_secmem_free. */
int dbc_file_read_at(int dirfd, const char *name, size_t cap, char **out, size_t *len) DBC_WUR;
int dbc_file_read(const char *path, size_t cap, char **out, size_t *len) DBC_WUR;

/* Read everything from an open descriptor (pipes too) the same way. */
int dbc_fd_read(int fd, size_t cap, char **out, size_t *len) DBC_WUR;

#endif
