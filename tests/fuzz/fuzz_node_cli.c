/* Fuzz target: client-node replies as `dbcsign node` handles them (cli/cmd_node.c).
 *
 * The reply handling (envelope, errcode, HTTP status, printing the "message") is static in
 * cli/cmd_node.c and ends the process on errors, so each input runs the real command in a
 * forked child, with the HTTP client replaced: this file defines cli/net/http.h's functions
 * (so cli/net/http.o is never linked) and every POST returns the input as the reply.
 * Byte 0 picks the command (tasks, task ID, machine, images, peers, logs ID, start ID,
 * session-id), byte 1 the HTTP status (200 mostly, 400, 404, 500) or a transport error, the
 * rest is the body.
 * Invariants: the child exits 0, 1 (the node said errcode ≠ 0), 2 or 3 — never a signal, a
 * sanitizer report (exit 86) or a hang (8 s); on exit 0 its stdout is exactly one JSON
 * document (the node's message), on any other exit stdout is empty.
 * Like fuzz_txsign, the forked child's coverage does not reach libFuzzer: a blind smoke test
 * of the command's reply path (fuzz_node_api covers the parsers with coverage). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cJSON.h>
#include "cli/cli.h"
#include "cli/net/http.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

#define CRASH_EXIT 86

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

static const uint8_t *reply;
static size_t reply_len;
static long reply_status;
static int reply_rc;

int
dbc_http_post_json(const char *url, const char *body, long timeout_ms, size_t max_body,
                   dbc_http_resp_t *resp)
{
	(void)url;
	(void)body;
	(void)timeout_ms;
	memset(resp, 0, sizeof(*resp));
	if (reply_rc != DBC_OK)
		return reply_rc;
	if (max_body != 0 && reply_len > max_body)
		return DBC_ERR_TOO_LARGE;
	if ((resp->body = malloc(reply_len + 1)) == NULL)
		return DBC_ERR_NOMEM;
	memcpy(resp->body, reply, reply_len);
	resp->body[reply_len] = '\0';
	resp->len = reply_len;
	resp->status = reply_status;
	return DBC_OK;
}

int
dbc_http_get(const char *url, long timeout_ms, size_t max_body, dbc_http_resp_t *resp)
{
	return dbc_http_post_json(url, "", timeout_ms, max_body, resp);
}

void
dbc_http_resp_free(dbc_http_resp_t *resp)
{
	free(resp->body);
	resp->body = NULL;
	resp->len = 0;
}

const char *
dbc_http_last_error(void)
{
	return "fake transport failure";
}

static void
child_exit(int status, void *arg)
{
	(void)arg;
	fflush(NULL);
	_exit(status);
}

static void
report(int errfd, int st, const char *why)
{
	char buf[4096];
	ssize_t n;

	(void)lseek(errfd, 0, SEEK_SET);
	while ((n = read(errfd, buf, sizeof(buf))) > 0)
		if (write(2, buf, (size_t)n) < 0)
			break;
	fprintf(stderr, "fuzz_node_cli: %s (child %s %d)\n", why,
	        WIFSIGNALED(st) ? "killed by signal" : "exit", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char a0[] = "node", a1[] = "--url", a2[] = "http://127.0.0.1:5002", a3[] = "--peer",
	    a4[] = "58fb618aa482c41114eb3cfdaefd3ba183172da9e25251449d045043fbd37f45",
	    a5[] = "--suri", a6[] = "//Alice", id[] = "vm_fuzz";
	static char c0[] = "tasks", c1[] = "task", c2[] = "machine", c3[] = "images", c4[] = "peers",
	    c5[] = "logs", c6[] = "start", c7[] = "session-id";
	char *cmds[8][2] = { { c0, NULL }, { c1, id }, { c2, NULL }, { c3, NULL }, { c4, NULL },
	                     { c5, id }, { c6, id }, { c7, NULL } };
	static int outfd = -1, errfd = -1;
	char *argv[10];
	int argc = 0, st;
	pid_t pid;
	off_t outlen;

	fuzz_init();
	if (size < 2 || size > 65536)
		return 0;
	if (outfd < 0) {
		char t1[] = "/tmp/dbcsign-fuzz-out-XXXXXX", t2[] = "/tmp/dbcsign-fuzz-err-XXXXXX";

		if ((outfd = mkstemp(t1)) < 0 || (errfd = mkstemp(t2)) < 0 || unlink(t1) != 0 ||
		    unlink(t2) != 0)
			abort();
	}
	switch (data[1] & 7) {
	case 0: reply_rc = DBC_ERR_NETWORK; break;
	case 1: reply_rc = DBC_OK; reply_status = 400; break;
	case 2: reply_rc = DBC_OK; reply_status = 404; break;
	case 3: reply_rc = DBC_OK; reply_status = 500; break;
	default: reply_rc = DBC_OK; reply_status = 200; break;
	}
	reply = data + 2;
	reply_len = size - 2;
	argv[argc++] = a0;
	argv[argc++] = a1;
	argv[argc++] = a2;
	argv[argc++] = a3;
	argv[argc++] = a4;
	argv[argc++] = a5;
	argv[argc++] = a6;
	argv[argc++] = cmds[data[0] % 8][0];
	if (cmds[data[0] % 8][1] != NULL)
		argv[argc++] = cmds[data[0] % 8][1];
	argv[argc] = NULL;
	if (ftruncate(outfd, 0) != 0 || lseek(outfd, 0, SEEK_SET) != 0 || ftruncate(errfd, 0) != 0 ||
	    lseek(errfd, 0, SEEK_SET) != 0)
		abort();
	fflush(NULL);
	if ((pid = fork()) < 0)
		abort();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null < 0 || dup2(null, 0) < 0 || dup2(outfd, 1) < 0 || dup2(errfd, 2) < 0 ||
		    on_exit(child_exit, NULL) != 0)
			_exit(CRASH_EXIT);
		signal(SIGALRM, SIG_DFL);
		alarm(8);
		exit(cmd_node(argc, argv));
	}
	/* libFuzzer's -timeout timer interrupts the wait: retry on EINTR */
	while (waitpid(pid, &st, 0) != pid)
		if (errno != EINTR)
			abort();
	if (!WIFEXITED(st) || WEXITSTATUS(st) > 3)
		report(errfd, st, "crash");
	outlen = lseek(outfd, 0, SEEK_END);
	if (WEXITSTATUS(st) != 0) {
		if (outlen != 0)
			report(errfd, st, "output on stdout from a failed command");
		return 0;
	}
	{
		char *out = malloc((size_t)outlen + 1);
		cJSON *j;

		if (out == NULL)
			return 0;
		if (pread(outfd, out, (size_t)outlen, 0) != (ssize_t)outlen)
			abort();
		out[outlen] = '\0';
		if ((j = cJSON_Parse(out)) == NULL)
			report(errfd, st, "stdout is not one JSON document");
		cJSON_Delete(j);
		free(out);
	}
	return 0;
}
