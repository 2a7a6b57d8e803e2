/* hw/devlock: the exclusive advisory lock hw/io_hidapi.c takes on the hidraw node, exercised on
 * ordinary files. flock() locks belong to the open file description, so a second open() of the
 * same path conflicts even inside one process; the cross-process case (the one that matters: two
 * dbcsign runs on one Ledger) is checked from fork()ed children. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "hw/devlock.h"

static char dir[256], file[300], link_path[300], missing[300], fifo[300];

/* Run dbc_devlock_acquire(path) in a child process; return its dbc_err_t, or 1 if the child
 * did not exit normally. The child releases before exiting. */
static int
child_acquire(const char *path)
{
	pid_t pid;
	int status;

	fflush(NULL);
	if ((pid = fork()) < 0)
		return 1;
	if (pid == 0) {
		dbc_devlock_t l = DBC_DEVLOCK_INIT;
		int rc = dbc_devlock_acquire(path, &l);

		dbc_devlock_release(&l);
		_exit(rc == DBC_OK ? 0 : -rc); /* error codes are -1..-99: fits an exit status */
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (!WIFEXITED(status))
		return 1;
	return -WEXITSTATUS(status);
}

static void
test_exclusive(void)
{
	dbc_devlock_t a = DBC_DEVLOCK_INIT, b = DBC_DEVLOCK_INIT;
	int rc, fd;

	rc = dbc_devlock_acquire(file, &a);
	CHECK(rc == DBC_OK && a.fd >= 0, "acquire a free file: %d", rc);

	/* Another process must be refused, with the in-use error (exit class 3). */
	rc = child_acquire(file);
	CHECK(rc == DBC_ERR_DEVICE_BUSY, "child while held → DBC_ERR_DEVICE_BUSY: %d", rc);
	CHECK(dbc_err_class(DBC_ERR_DEVICE_BUSY) == 3, "busy is a device error (exit 3)");
	CHECK(strstr(dbc_strerror(DBC_ERR_DEVICE_BUSY), "in use by another process") != NULL,
	    "message: %s", dbc_strerror(DBC_ERR_DEVICE_BUSY));

	/* Same process, second open(): a new open file description, so it conflicts too. */
	rc = dbc_devlock_acquire(file, &b);
	CHECK(rc == DBC_ERR_DEVICE_BUSY && b.fd == -1, "second acquire in-process → busy: %d", rc);
	dbc_devlock_release(&b); /* release of a failed acquire is a no-op */

	/* A plain flock()-respecting tool (libfido2 does exactly this) is kept out as well. */
	fd = open(file, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0, "open for foreign flock");
	if (fd >= 0) {
		CHECK(flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK,
		    "foreign flock(LOCK_EX|LOCK_NB) refused while held");
		(void)close(fd);
	}

	dbc_devlock_release(&a);
	CHECK(a.fd == -1, "release clears the fd");
	rc = child_acquire(file);
	CHECK(rc == DBC_OK, "child acquires after release: %d", rc);
	dbc_devlock_release(&a); /* idempotent */
	dbc_devlock_release(&a);
	CHECK(a.fd == -1, "release twice is harmless");
	dbc_devlock_release(NULL);

	/* After the child let go, we can take it again. */
	rc = dbc_devlock_acquire(file, &a);
	CHECK(rc == DBC_OK, "re-acquire after the child released: %d", rc);
	dbc_devlock_release(&a);
}

/* The lock outlives nothing: a holder that exits without releasing frees the device. */
static void
test_holder_exit(void)
{
	pid_t pid;
	int status, rc, p[2];
	char c = 0;

	if (pipe(p) != 0) {
		CHECK(0, "pipe");
		return;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		CHECK(0, "fork");
		return;
	}
	if (pid == 0) {
		dbc_devlock_t l = DBC_DEVLOCK_INIT;
		char ok = dbc_devlock_acquire(file, &l) == DBC_OK ? 'y' : 'n';

		(void)close(p[0]);
		if (write(p[1], &ok, 1) != 1)
			_exit(1);
		/* Wait until the parent has probed, then exit still holding the lock. */
		(void)pause();
		_exit(0);
	}
	(void)close(p[1]);
	if (read(p[0], &c, 1) != 1)
		c = 0;
	(void)close(p[0]);
	CHECK(c == 'y', "child took the lock");
	{
		dbc_devlock_t a = DBC_DEVLOCK_INIT;

		rc = dbc_devlock_acquire(file, &a);
		CHECK(rc == DBC_ERR_DEVICE_BUSY, "held by a live child → busy: %d", rc);
		dbc_devlock_release(&a);
	}
	(void)kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	{
		dbc_devlock_t a = DBC_DEVLOCK_INIT;

		rc = dbc_devlock_acquire(file, &a);
		CHECK(rc == DBC_OK, "holder killed → lock free: %d", rc);
		dbc_devlock_release(&a);
	}
}

/* A child fork()ed while we hold the lock shares our open file description; release must still
 * free the device (LOCK_UN), not wait for that child to exit (plain close() would). */
static void
test_release_with_forked_sharer(void)
{
	dbc_devlock_t a = DBC_DEVLOCK_INIT, b = DBC_DEVLOCK_INIT;
	pid_t pid;
	int status, rc;

	rc = dbc_devlock_acquire(file, &a);
	CHECK(rc == DBC_OK, "acquire before fork: %d", rc);
	fflush(NULL);
	if ((pid = fork()) < 0) {
		CHECK(0, "fork");
		dbc_devlock_release(&a);
		return;
	}
	if (pid == 0) {
		(void)pause(); /* holds its inherited copy of the fd until killed */
		_exit(0);
	}
	dbc_devlock_release(&a);
	rc = dbc_devlock_acquire(file, &b);
	CHECK(rc == DBC_OK, "free after release although a forked child shares the fd: %d", rc);
	dbc_devlock_release(&b);
	(void)kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

static void
test_paths(void)
{
	dbc_devlock_t a = DBC_DEVLOCK_INIT;
	int rc;

	rc = dbc_devlock_acquire(missing, &a);
	CHECK(rc == DBC_ERR_DEVICE_ABSENT && a.fd == -1, "missing path → absent: %d", rc);

	/* A symlink is refused (O_NOFOLLOW), even to a free target: we would lock the node the
	 * link points to now, while hidapi opens whatever it points to a moment later. */
	rc = dbc_devlock_acquire(link_path, &a);
	CHECK(rc == DBC_ERR_FILE_TYPE && a.fd == -1, "symlink → DBC_ERR_FILE_TYPE: %d", rc);
	dbc_devlock_release(&a);

	/* A FIFO with no writer must not hang the open (O_NONBLOCK). */
	rc = dbc_devlock_acquire(fifo, &a);
	CHECK(rc == DBC_OK, "fifo without writer does not block: %d", rc);
	dbc_devlock_release(&a);

	if (geteuid() != 0) {
		CHECK(chmod(file, 0) == 0, "chmod 0");
		rc = dbc_devlock_acquire(file, &a);
		CHECK(rc == DBC_ERR_DEVICE_PERMISSION, "unreadable → permission: %d", rc);
		dbc_devlock_release(&a);
		CHECK(chmod(file, 0600) == 0, "chmod back");
	} else {
		/* Root opens anything: drop to nobody in a child, which then may not open the
		 * 0600 root-owned file (nor search the 0700 directory it sits in). */
		pid_t pid;
		int status;

		fflush(NULL);
		if ((pid = fork()) == 0) {
			dbc_devlock_t l = DBC_DEVLOCK_INIT;

			if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
				_exit(100);
			rc = dbc_devlock_acquire(file, &l);
			dbc_devlock_release(&l);
			_exit(rc == DBC_OK ? 0 : -rc);
		}
		rc = 1;
		if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
			rc = WEXITSTATUS(status) == 100 ? 100 : -WEXITSTATUS(status);
		if (rc == 100)
			check_skip("cannot drop root privileges: permission case not testable");
		else
			CHECK(rc == DBC_ERR_DEVICE_PERMISSION, "unprivileged → permission: %d", rc);
	}
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	check_init("test_devlock");
	snprintf(dir, sizeof(dir), "%s/dbcsign-devlock-XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		CHECK(0, "mkdtemp: %s", strerror(errno));
		return check_done();
	}
	snprintf(file, sizeof(file), "%s/hidraw0", dir);
	snprintf(link_path, sizeof(link_path), "%s/hidraw1", dir);
	snprintf(missing, sizeof(missing), "%s/hidraw9", dir);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	CHECK(fd >= 0 && close(fd) == 0, "create temp file");
	CHECK(symlink(file, link_path) == 0, "symlink");
	CHECK(mkfifo(fifo, 0600) == 0, "mkfifo");

	test_exclusive();
	test_holder_exit();
	test_release_with_forked_sharer();
	test_paths();

	(void)unlink(fifo);
	(void)unlink(link_path);
	(void)unlink(file);
	(void)rmdir(dir);
	return check_done();
}
