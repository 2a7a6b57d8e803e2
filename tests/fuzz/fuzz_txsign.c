/* Fuzz target: the air-gapped signing request read by `dbcsign tx sign REQUEST.json`.
 *
 * The request parser lives inside cli/cmd_tx.c (static, and it ends the process with one line
 * and exit 2 on bad input), so each input runs the real command in a forked child:
 *   tx sign FILE --suri //Alice --yes
 * with stdout (the signed extrinsic) on /dev/null and stderr captured. The child may exit 0 (signed), 1 (the key is
 * not the request's signer), 2 (bad request) or 3; anything else — a signal, a sanitizer
 * report (exit code 86, set below), a hang (8 s alarm) — is a crash, reported with the child's
 * stderr. The forked child's coverage does not reach libFuzzer, so this target mutates blind:
 * it is a crash smoke test for the request format, not a coverage-guided one.
 * The text "@DBC_METADATA@" in an input is replaced by the hex of DBC's real metadata
 * ($DBCSIGN_SHARED/fixtures/dbc/metadata-v14-spec400.scale), so the committed seeds stay small
 * while reaching call decoding and signing. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli/cli.h"
#include "sign/hex.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

#define CRASH_EXIT 86

/* A sanitizer report in the child exits CRASH_EXIT (not 1, which is a normal dbcsign exit);
 * leaks are not checked: the child leaves through exit() like the real CLI. */
const char *
__asan_default_options(void)
{
	return "exitcode=86:detect_leaks=0";
}

const char *
__ubsan_default_options(void)
{
	return "exitcode=86:print_stacktrace=1";
}

static char *
metadata_hex(void)
{
	static int tried;
	static char *hex;
	char path[4096];
	const char *dir = getenv("DBCSIGN_SHARED");
	uint8_t *raw;
	size_t len = 0;

	if (tried)
		return hex;
	tried = 1;
	if (dir == NULL || *dir == '\0')
		dir = "../shared";
	(void)snprintf(path, sizeof(path), "%s/fixtures/dbc/metadata-v14-spec400.scale", dir);
	if ((raw = fuzz_read_file(path, &len)) == NULL)
		return NULL;
	if ((hex = malloc(2 * len + 3)) != NULL) {
		hex[0] = '0';
		hex[1] = 'x';
		dbc_hex_encode(hex + 2, raw, len);
	}
	free(raw);
	return hex;
}

/* The request file: created and unlinked at once (libFuzzer may end with _Exit, skipping any
 * cleanup), and handed to the command as /proc/self/fd/N. */
static char req[64];

/* In the child, the command leaves through exit(); libFuzzer's own exit handler would call
 * that "fuzz target exited". Registered last, this handler runs first and leaves with the
 * command's status before libFuzzer's can run. */
static void
child_exit(int status, void *arg)
{
	(void)arg;
	fflush(NULL);
	_exit(status);
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char mark[] = "@DBC_METADATA@";
	static int reqfd = -1, errfd = -1;
	const uint8_t *at;
	pid_t pid;
	int st;

	fuzz_init();
	if (size > 65536)
		return 0;
	if (reqfd < 0) {
		char t1[] = "/tmp/dbcsign-fuzz-req-XXXXXX", t2[] = "/tmp/dbcsign-fuzz-err-XXXXXX";

		if ((reqfd = mkstemp(t1)) < 0 || (errfd = mkstemp(t2)) < 0 || unlink(t1) != 0 ||
		    unlink(t2) != 0)
			abort();
		(void)snprintf(req, sizeof(req), "/proc/self/fd/%d", reqfd);
	}
	if (ftruncate(reqfd, 0) != 0 || lseek(reqfd, 0, SEEK_SET) != 0)
		abort();
	at = memmem(data, size, mark, sizeof(mark) - 1);
	if (at != NULL) {
		const char *hex = metadata_hex();

		if (hex == NULL)
			return 0; /* no shared tree: this seed cannot be expanded */
		if (write_all(reqfd, data, (size_t)(at - data)) != 0 || write_all(reqfd, hex, strlen(hex)) != 0 ||
		    write_all(reqfd, at + sizeof(mark) - 1, size - (size_t)(at - data) - (sizeof(mark) - 1)) != 0)
			abort();
	} else if (write_all(reqfd, data, size) != 0) {
		abort();
	}
	if (ftruncate(errfd, 0) != 0 || lseek(errfd, 0, SEEK_SET) != 0)
		abort();
	fflush(NULL);
	if ((pid = fork()) < 0)
		abort();
	if (pid == 0) {
		static char a0[] = "tx", a1[] = "sign", a3[] = "--suri", a4[] = "//Alice",
		            a5[] = "--yes";
		char *argv[] = { a0, a1, req, a3, a4, a5, NULL };
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(errfd, 2) < 0)
			_exit(CRASH_EXIT);
		if (on_exit(child_exit, NULL) != 0)
			_exit(CRASH_EXIT);
		signal(SIGALRM, SIG_DFL);
		alarm(8); /* before libFuzzer's own -timeout=10 in the parent */
		exit(cmd_tx(6, argv));
	}
	/* libFuzzer's -timeout timer interrupts the wait: retry on EINTR */
	while (waitpid(pid, &st, 0) != pid)
		if (errno != EINTR)
			abort();
	if (WIFEXITED(st) && WEXITSTATUS(st) <= 3)
		return 0;
	/* a crash: show what the child said, then fail this input */
	{
		char buf[4096];
		ssize_t n;

		(void)lseek(errfd, 0, SEEK_SET);
		while ((n = read(errfd, buf, sizeof(buf))) > 0)
			(void)write_all(2, buf, (size_t)n);
		fprintf(stderr, "fuzz_txsign: child %s %d\n", WIFSIGNALED(st) ? "killed by signal" : "exit",
		        WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	}
	abort();
}
