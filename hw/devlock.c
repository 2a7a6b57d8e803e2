/* Exclusive advisory device lock (see hw/devlock.h). */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "hw/devlock.h"

static int
open_error(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
	case ENXIO:   /* a device node whose device is gone */
	case ENODEV:
		return DBC_ERR_DEVICE_ABSENT;
	case EACCES:
	case EPERM:
		return DBC_ERR_DEVICE_PERMISSION;
	case ELOOP:   /* Linux: O_NOFOLLOW met a symlink */
	case EMLINK:  /* FreeBSD says this instead */
		return DBC_ERR_FILE_TYPE;
	}
	return DBC_ERR_DEVICE;
}

int
dbc_devlock_acquire(const char *path, dbc_devlock_t *lock)
{
	int fd, r;

	lock->fd = -1;
	/* O_RDONLY is enough for flock() and needs no write permission beyond what hidapi asks.
	 * O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; this fd is
	 * never read. O_CLOEXEC: a child we exec must not inherit (and so keep) the lock. */
	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return open_error(errno);
	/* LOCK_NB: fail at once rather than queue behind the holder; libfido2 retries for a
	 * while, but a user at a terminal is better told now that something else has the device. */
	do
		r = flock(fd, LOCK_EX | LOCK_NB);
	while (r != 0 && errno == EINTR);
	if (r != 0) {
		int e = errno;

		(void)close(fd);
		return e == EWOULDBLOCK ? DBC_ERR_DEVICE_BUSY : DBC_ERR_DEVICE;
	}
	lock->fd = fd;
	return DBC_OK;
}

void
dbc_devlock_release(dbc_devlock_t *lock)
{
	if (lock == NULL || lock->fd < 0)
		return;
	/* Unlock explicitly: close() alone would keep the lock while a fork()ed child still
	 * shares the open file description. */
	(void)flock(lock->fd, LOCK_UN);
	(void)close(lock->fd);
	lock->fd = -1;
}
