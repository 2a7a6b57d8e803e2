/* dbcsign — an exclusive advisory lock on a device node (libfido2's hid_linux.c idea).
 *
 * hidapi keeps its own fd private, so the lock is taken on a second fd that we open on the
 * same path and hold for as long as the device handle lives. flock() locks belong to the
 * open file description: a second open() of the same path, in this process or another,
 * cannot take the lock while this one holds it.
 *
 * The lock is advisory. It keeps out other dbcsign processes and tools that flock() the
 * hidraw node the same way (libfido2); a process that never asks for the lock is not stopped. */
#ifndef DBC_HW_DEVLOCK_H
#define DBC_HW_DEVLOCK_H
#include "sign/err.h"

typedef struct dbc_devlock {
	int fd; /* -1 when not held */
} dbc_devlock_t;

#define DBC_DEVLOCK_INIT { -1 }

/* Open path (O_RDONLY, no terminal, not following a final symlink) and take
 * flock(LOCK_EX | LOCK_NB) on it, without waiting.
 * Returns: DBC_OK and lock->fd >= 0;
 *   DBC_ERR_DEVICE_BUSY        another open file description holds the lock;
 *   DBC_ERR_DEVICE_ABSENT      path (or a directory on it) does not exist;
 *   DBC_ERR_DEVICE_PERMISSION  not allowed to open it;
 *   DBC_ERR_FILE_TYPE          the last component is a symlink (refused: the lock must sit on
 *                              the node itself, and a link can be re-pointed between our open
 *                              and hidapi's);
 *   DBC_ERR_DEVICE             anything else (lock->fd stays -1).
 * Args: path non-NULL; lock non-NULL, overwritten (must not hold a lock already). */
int dbc_devlock_acquire(const char *path, dbc_devlock_t *lock) DBC_WUR;

/* Drop the lock and close the fd; lock->fd becomes -1. Safe to call again, or on
 * DBC_DEVLOCK_INIT / a failed acquire. NULL is ignored. */
void dbc_devlock_release(dbc_devlock_t *lock);

#endif
