/* wallet/keypair.c (software keys and their dbc_signer_t) and wallet/secret_input.c (secrets
 * from files, descriptors and the terminal).
 * Key vectors: vectors/sr25519.json, ed25519.json, ecdsa.json kind "keypair_from_seed" and
 * "sign" (sp-core sr25519.rs/ed25519.rs/ecdsa.rs tests, polkadot-js fromSeed specs,
 * sr25519-crust keypair_from_seed.cpp; see vectors/SOURCES.md); RFC 8032 §7.1 TEST 1. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>

#include "tests/unit/check.h"
#include "sign/sr25519.h"
#include "wallet/keypair.h"
#include "wallet/secret_input.h"
#include "wallet/suri.h"

#define RFC8032_SEED "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
#define DEV_SEED "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e"
#define DEV_ROOT_PUB "46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a"

/* ---- keypairs ---- */

static void
test_new_free(void)
{
	dbc_keypair_t *kp = dbc_keypair_new();

	CHECK(kp != NULL, "keypair_new");
	if (kp == NULL)
		return;
	CHECK(sodium_is_zero((const unsigned char *)kp, sizeof(*kp)), "new keypair is zeroed");
	dbc_keypair_free(&kp);
	CHECK(kp == NULL, "free clears the pointer");
	dbc_keypair_free(&kp); /* NULL is fine */
	dbc_keypair_free(NULL);
}

static void
test_from_seed_vectors(const char *file, dbc_scheme_t scheme, int want)
{
	cJSON *j = check_load_shared_json(file);
	const cJSON *v;
	dbc_keypair_t *kp = dbc_keypair_new();
	int n = 0;

	if (j == NULL || kp == NULL) {
		cJSON_Delete(j);
		dbc_keypair_free(&kp);
		return;
	}
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
		uint8_t seed[32], edf[64];

		if (strcmp(check_jstr(v, "kind"), "keypair_from_seed") != 0)
			continue;
		CHECK(check_unhex(seed, 32, check_jstr(v, "seed")) == 32, "seed hex");
		CHECK_OK(dbc_keypair_from_seed(kp, scheme, seed), check_jstr(v, "seed"));
		CHECK(kp->scheme == scheme && kp->has_seed && kp->publen == dbc_scheme_publen(scheme),
		      "fields");
		CHECK(memcmp(kp->seed, seed, 32) == 0, "seed kept");
		CHECK_HEX(kp->pub, kp->publen, check_jstr(v, "public"), "public");
		if (scheme == DBC_SR25519) {
			if (*check_jstr(v, "secret_canonical"))
				CHECK_HEX(kp->secret, 64, check_jstr(v, "secret_canonical"), "canonical secret");
			if (*check_jstr(v, "secret_ed25519_form")) {
				CHECK_OK(dbc_sr25519_secret_to_ed25519_form(edf, kp->secret), "ed form");
				CHECK_HEX(edf, 64, check_jstr(v, "secret_ed25519_form"), "ed25519-form secret");
			}
		} else if (scheme == DBC_ED25519 && *check_jstr(v, "secret_key")) {
			CHECK_HEX(kp->secret, 64, check_jstr(v, "secret_key"), "ed25519 seed||pub");
		} else if (scheme == DBC_ECDSA) {
			CHECK(memcmp(kp->secret, seed, 32) == 0 && sodium_is_zero(kp->secret + 32, 32),
			      "ecdsa secret||0");
		}
		n++;
	}
	CHECK(n == want, "%s: %d keypair_from_seed vectors (want %d)", file, n, want);
	cJSON_Delete(j);
	dbc_keypair_free(&kp);
}

static void
test_bad_seeds_and_secrets(void)
{
	dbc_keypair_t *kp = dbc_keypair_new();
	uint8_t seed[32], secret[64], edf[64];
	int r;

	if (kp == NULL)
		return;
	/* secp256k1: 0 and n are not secret keys */
	memset(seed, 0, 32);
	r = dbc_keypair_from_seed(kp, DBC_ECDSA, seed);
	CHECK(r == DBC_ERR_SEED, "ecdsa zero seed: %d", r);
	CHECK(sodium_is_zero((const unsigned char *)kp, sizeof(*kp)), "zeroed on error");
	CHECK(check_unhex(seed, 32, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141") ==
	          32, "n");
	r = dbc_keypair_from_seed(kp, DBC_ECDSA, seed);
	CHECK(r == DBC_ERR_SEED, "ecdsa seed n: %d", r);
	r = dbc_keypair_from_seed(kp, (dbc_scheme_t)9, seed);
	CHECK(r == DBC_ERR_SCHEME, "unknown scheme: %d", r);

	/* sr25519 from a 64-byte secret, both layouts (vectors/sr25519.json DEV keypair) */
	CHECK(check_unhex(secret, 64, "05d65584630d16cd4af6d0bec10f34bb504a5dcb62dba2122d49f5a663763d0a"
	                              "fd190cce74df356432b410bd64682309d6dedb27c76845daf388557cbac3ca34") ==
	          64, "canonical hex");
	CHECK_OK(dbc_keypair_from_sr25519_secret(kp, secret, 0), "canonical layout");
	CHECK_HEX(kp->pub, 32, DEV_ROOT_PUB, "public from canonical");
	CHECK(kp->scheme == DBC_SR25519 && !kp->has_seed && kp->publen == 32, "fields");
	CHECK(check_unhex(edf, 64, "28b0ae221c6bb06856b287f60d7ea0d98552ea5a16db16956849aa371db3eb51"
	                           "fd190cce74df356432b410bd64682309d6dedb27c76845daf388557cbac3ca34") ==
	          64, "ed form hex");
	CHECK_OK(dbc_keypair_from_sr25519_secret(kp, edf, 1), "ed25519 layout");
	CHECK_HEX(kp->pub, 32, DEV_ROOT_PUB, "public from ed25519 form");
	CHECK_HEX(kp->secret, 64, "05d65584630d16cd4af6d0bec10f34bb504a5dcb62dba2122d49f5a663763d0a"
	                          "fd190cce74df356432b410bd64682309d6dedb27c76845daf388557cbac3ca34",
	          "stored canonical");
	/* the ed25519-form bytes are not a canonical scalar (key*8 >= l) */
	r = dbc_keypair_from_sr25519_secret(kp, edf, 0);
	CHECK(r != DBC_OK, "ed25519 form given as canonical is refused: %d", r);
	CHECK(sodium_is_zero((const unsigned char *)kp, sizeof(*kp)), "zeroed on error");
	memset(secret, 0xff, 32);
	r = dbc_keypair_from_sr25519_secret(kp, secret, 0);
	CHECK(r != DBC_OK, "scalar >= l refused: %d", r);
	dbc_keypair_free(&kp);
}

/* Sign through the dbc_signer_t (which verifies) and check with dbc_verify independently. */
static void
signer_round_trip(dbc_scheme_t scheme, const char *suri, const char *det_msg, const char *det_sig)
{
	static const uint8_t msg[] = "dbcsign keypair signer test";
	dbc_keypair_t *kp = dbc_keypair_new();
	dbc_signer_t *s = NULL;
	uint8_t pub[DBC_PUB_MAX], sig[DBC_SIG_MAX], sig2[DBC_SIG_MAX], bad[sizeof(msg)];
	const uint8_t *sp;
	size_t publen, siglen = 0, siglen2 = 0;
	int r;

	if (kp == NULL)
		return;
	CHECK_OK(dbc_suri_to_keypair(kp, scheme, suri, strlen(suri), NULL), suri);
	CHECK_OK(dbc_keypair_signer(&s, kp), "keypair_signer");
	if (s == NULL) {
		dbc_keypair_free(&kp);
		return;
	}
	memcpy(pub, kp->pub, kp->publen);
	publen = kp->publen;
	/* The signer holds its own copy: the caller may wipe and free the keypair at once. */
	dbc_keypair_free(&kp);

	CHECK(dbc_signer_scheme(s) == scheme, "scheme");
	CHECK(dbc_signer_flags(s) == (DBC_SIGNER_CAN_RAW | DBC_SIGNER_CAN_WRAPPED |
	                              DBC_SIGNER_CAN_EXTRINSIC | DBC_SIGNER_SOFTWARE),
	      "flags %#x", dbc_signer_flags(s));
	CHECK(strcmp(dbc_signer_source(s), "software") == 0, "source");
	sp = dbc_signer_public(s, &siglen);
	CHECK(siglen == publen && memcmp(sp, pub, publen) == 0, "signer public key");

	CHECK_OK(dbc_signer_sign(s, msg, sizeof(msg) - 1, sig, &siglen), "sign");
	CHECK(siglen == dbc_scheme_siglen(scheme), "%s siglen %zu", dbc_scheme_name(scheme), siglen);
	r = dbc_verify(scheme, pub, publen, msg, sizeof(msg) - 1, sig, siglen);
	CHECK(r == DBC_OK, "%s %s: dbc_verify: %d", dbc_scheme_name(scheme), suri, r);
	memcpy(bad, msg, sizeof(msg));
	bad[0] ^= 1;
	r = dbc_verify(scheme, pub, publen, bad, sizeof(msg) - 1, sig, siglen);
	CHECK(r == DBC_ERR_VERIFY, "%s: other message must not verify: %d", dbc_scheme_name(scheme), r);

	CHECK_OK(dbc_signer_sign(s, msg, sizeof(msg) - 1, sig2, &siglen2), "sign again");
	if (scheme == DBC_SR25519)
		CHECK(memcmp(sig, sig2, siglen) != 0, "sr25519 signatures are randomized");
	else
		CHECK(siglen == siglen2 && memcmp(sig, sig2, siglen) == 0, "%s is deterministic",
		      dbc_scheme_name(scheme));
	if (det_sig != NULL) {
		CHECK_OK(dbc_signer_sign(s, (const uint8_t *)det_msg, strlen(det_msg), sig, &siglen),
		         "sign vector message");
		CHECK_HEX(sig, siglen, det_sig, "known signature");
	}
	dbc_signer_free(&s);
	CHECK(s == NULL, "signer_free clears the pointer");
}

static void
test_signers(void)
{
	dbc_keypair_t *kp = dbc_keypair_new();
	dbc_signer_t *s = NULL;
	int r;

	signer_round_trip(DBC_SR25519, "//Alice", NULL, NULL);
	signer_round_trip(DBC_SR25519, "//Alice/soft", NULL, NULL); /* no seed, soft-derived secret */
	/* DBC node-auth key KA (fixtures/dbc/node-auth.json) */
	signer_round_trip(DBC_SR25519,
	                  "0xb0afb3faa47534b5348b4ea731b75deae179b0e6f13a80bf2fe9c4307bf97fe9", NULL, NULL);
	/* RFC 8032 §7.1 TEST 1: sign("") (sp-core ed25519.rs test_vector_should_work) */
	signer_round_trip(DBC_ED25519, "0x" RFC8032_SEED, "",
	                  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590"
	                  "a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
	signer_round_trip(DBC_ED25519, "//Alice", NULL, NULL);
	/* sp-core ecdsa.rs test_vector_should_work: blake2b-256 prehash, RFC 6979 */
	signer_round_trip(DBC_ECDSA, "0x" RFC8032_SEED, "",
	                  "3dde91174bd9359027be59a428b8146513df80a2a3c7eda2194f64de04a69ab97b753169e9"
	                  "4db6ffd50921a2668a48b94ca11e3d32c1ff19cfe88890aa7e8f3c00");
	signer_round_trip(DBC_ECDSA, "//Alice", NULL, NULL);

	if (kp == NULL)
		return;
	r = dbc_keypair_signer(&s, kp); /* zeroed: no public key */
	CHECK(r == DBC_ERR_INTERNAL && s == NULL, "empty keypair refused: %d", r);
	dbc_keypair_free(&kp);
}

/* ---- secret input: files and descriptors ---- */

static char tmpdir[] = "/tmp/dbcsign-test-XXXXXX";

static const char *
write_tmp(const char *name, const void *data, size_t len, mode_t mode)
{
	static char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	(void)unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)) < 0 ||
	    (len > 0 && write(fd, data, len) != (ssize_t)len) || fchmod(fd, mode) != 0) {
		CHECK(0, "write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return path;
	}
	close(fd);
	return path;
}

static void
expect_file(const char *what, const void *data, size_t len, int want_r, const char *want)
{
	const char *path = write_tmp("secret", data, len, 0600);
	char *s = (char *)1;
	size_t slen = 99;
	unsigned warn = 99;
	int r = dbc_secret_read_path(&s, &slen, path, &warn);

	CHECK(r == want_r, "%s: got %d want %d", what, r, want_r);
	if (want_r != DBC_OK) {
		CHECK(s == NULL && slen == 0, "%s: outputs cleared on error", what);
	} else {
		CHECK(s != NULL && slen == strlen(want) && memcmp(s, want, slen) == 0 && s[slen] == '\0',
		      "%s: content", what);
		CHECK(warn == 0, "%s: 0600 gives no warning", what);
	}
	dbc_secret_free(&s);
	CHECK(s == NULL, "secret_free clears");
}

static void
test_secret_files(void)
{
	char *big = malloc(DBC_SECRET_MAX + 16), *s = NULL;
	size_t slen;
	unsigned warn;
	int r;

	if (big == NULL || mkdtemp(tmpdir) == NULL) {
		CHECK(0, "setup");
		free(big);
		return;
	}
	expect_file("newline", "secret\n", 7, DBC_OK, "secret");
	expect_file("no newline", "secret", 6, DBC_OK, "secret");
	expect_file("CRLF", "secret\r\n", 8, DBC_OK, "secret");
	expect_file("only one newline stripped", "secret\n\n", 8, DBC_OK, "secret\n");
	expect_file("bare CR kept", "secret\r", 7, DBC_OK, "secret\r");
	expect_file("inner spaces kept", " a b \n", 6, DBC_OK, " a b ");
	expect_file("empty", "", 0, DBC_ERR_EMPTY, NULL);
	expect_file("just a newline", "\n", 1, DBC_ERR_EMPTY, NULL);
	expect_file("just CRLF", "\r\n", 2, DBC_ERR_EMPTY, NULL);
	expect_file("NUL inside", "se\0cret\n", 8, DBC_ERR_INPUT, NULL);

	memset(big, 'a', DBC_SECRET_MAX + 16);
	big[DBC_SECRET_MAX] = '\n';
	{
		const char *path = write_tmp("max", big, DBC_SECRET_MAX + 1, 0600);

		r = dbc_secret_read_path(&s, &slen, path, NULL);
		CHECK(r == DBC_OK && slen == DBC_SECRET_MAX, "exactly the maximum: %d %zu", r, slen);
		dbc_secret_free(&s);
	}
	big[DBC_SECRET_MAX] = '\r';
	big[DBC_SECRET_MAX + 1] = '\n';
	{
		const char *path = write_tmp("maxcrlf", big, DBC_SECRET_MAX + 2, 0600);

		r = dbc_secret_read_path(&s, &slen, path, NULL);
		CHECK(r == DBC_OK && slen == DBC_SECRET_MAX, "maximum + CRLF: %d %zu", r, slen);
		dbc_secret_free(&s);
	}
	memset(big, 'a', DBC_SECRET_MAX + 16);
	expect_file("one byte too many", big, DBC_SECRET_MAX + 1, DBC_ERR_TOO_LARGE, NULL);
	big[DBC_SECRET_MAX + 1] = '\n';
	expect_file("one byte too many + LF", big, DBC_SECRET_MAX + 2, DBC_ERR_TOO_LARGE, NULL);
	expect_file("far too large", big, DBC_SECRET_MAX + 16, DBC_ERR_TOO_LARGE, NULL);

	/* not a file */
	r = dbc_secret_read_path(&s, &slen, tmpdir, NULL);
	CHECK(r == DBC_ERR_FILE_TYPE && s == NULL, "directory refused: %d", r);
	r = dbc_secret_read_path(&s, &slen, "/dev/null", NULL);
	CHECK(r == DBC_ERR_FILE_TYPE, "device refused: %d", r);
	{
		char missing[300];

		snprintf(missing, sizeof(missing), "%s/missing", tmpdir);
		r = dbc_secret_read_path(&s, &slen, missing, NULL);
		CHECK(r == DBC_ERR_NOT_FOUND, "missing file: %d", r);
	}
	r = dbc_secret_read_path(&s, &slen, "", NULL);
	CHECK(r == DBC_ERR_INPUT, "empty path: %d", r);

	/* loose permissions are reported, not refused */
	{
		const char *path = write_tmp("loose", "pw\n", 3, 0644);

		r = dbc_secret_read_path(&s, &slen, path, &warn);
		CHECK(r == DBC_OK && (warn & DBC_SECRET_WARN_PERMS), "0644 warns: %d %u", r, warn);
		dbc_secret_free(&s);
		(void)unlink(path);
	}
	{
		char p[300];

		snprintf(p, sizeof(p), "%s/secret", tmpdir);
		(void)unlink(p);
		snprintf(p, sizeof(p), "%s/max", tmpdir);
		(void)unlink(p);
		snprintf(p, sizeof(p), "%s/maxcrlf", tmpdir);
		(void)unlink(p);
	}
	CHECK(rmdir(tmpdir) == 0, "temp dir cleaned up");
	free(big);
}

static void
test_secret_fds(void)
{
	int p[2], saved, fd, r;
	char *s = NULL, big[DBC_SECRET_MAX + 100];
	size_t slen;

	/* a pipe, as with --suri-fd 3 or <(cmd) */
	if (pipe(p) != 0)
		return;
	CHECK(write(p[1], "//Alice\n", 8) == 8, "pipe write");
	close(p[1]);
	r = dbc_secret_read_fd(&s, &slen, p[0]);
	CHECK(r == DBC_OK && slen == 7 && strcmp(s, "//Alice") == 0, "pipe: %d", r);
	CHECK(fcntl(p[0], F_GETFD) != -1, "descriptor left open for the caller");
	close(p[0]);
	dbc_secret_free(&s);

	if (pipe(p) != 0)
		return;
	memset(big, 'x', sizeof(big));
	CHECK(write(p[1], big, sizeof(big)) == (ssize_t)sizeof(big), "pipe write big");
	close(p[1]);
	r = dbc_secret_read_fd(&s, &slen, p[0]);
	CHECK(r == DBC_ERR_TOO_LARGE && s == NULL, "pipe too large: %d", r);
	close(p[0]);

	if (pipe(p) != 0)
		return;
	close(p[1]);
	r = dbc_secret_read_fd(&s, &slen, p[0]);
	CHECK(r == DBC_ERR_EMPTY, "empty pipe: %d", r);
	close(p[0]);

	r = dbc_secret_read_fd(&s, &slen, -1);
	CHECK(r == DBC_ERR_INPUT, "negative fd: %d", r);
	if ((fd = open("/dev/null", O_RDONLY)) >= 0) {
		close(fd);
		r = dbc_secret_read_fd(&s, &slen, fd);
		CHECK(r == DBC_ERR_IO, "closed fd: %d", r);
	}

	/* "-" reads standard input */
	if (pipe(p) != 0 || (saved = dup(STDIN_FILENO)) < 0)
		return;
	CHECK(write(p[1], "pw-from-stdin\r\n", 15) == 15, "stdin write");
	close(p[1]);
	CHECK(dup2(p[0], STDIN_FILENO) == STDIN_FILENO, "dup2");
	close(p[0]);
	r = dbc_secret_read_path(&s, &slen, "-", NULL);
	CHECK(r == DBC_OK && strcmp(s, "pw-from-stdin") == 0, "'-' = stdin: %d", r);
	dbc_secret_free(&s);
	CHECK(dup2(saved, STDIN_FILENO) == STDIN_FILENO, "restore stdin");
	close(saved);

	/* descriptor numbers */
	CHECK(dbc_secret_fd_parse(&fd, "3") == DBC_OK && fd == 3, "'3'");
	CHECK(dbc_secret_fd_parse(&fd, "007") == DBC_OK && fd == 7, "'007'");
	CHECK(dbc_secret_fd_parse(&fd, "2147483647") == DBC_OK && fd == 2147483647, "INT_MAX");
	CHECK(dbc_secret_fd_parse(&fd, "2147483648") == DBC_ERR_INPUT && fd == -1, "INT_MAX + 1");
	CHECK(dbc_secret_fd_parse(&fd, "") == DBC_ERR_INPUT, "''");
	CHECK(dbc_secret_fd_parse(&fd, "-1") == DBC_ERR_INPUT, "'-1'");
	CHECK(dbc_secret_fd_parse(&fd, "+3") == DBC_ERR_INPUT, "'+3'");
	CHECK(dbc_secret_fd_parse(&fd, " 3") == DBC_ERR_INPUT, "' 3'");
	CHECK(dbc_secret_fd_parse(&fd, "3x") == DBC_ERR_INPUT, "'3x'");
	CHECK(dbc_secret_fd_parse(&fd, NULL) == DBC_ERR_INPUT, "NULL");
}

/* ---- secret input: the terminal, on a pseudo-terminal ---- */

struct tty_result {
	int r;
	size_t len;
	char data[64];
};

static void
ignore_signal(int signo)
{
	(void)signo;
}

/* 1: the child reads "-" (stdin = the terminal) with dbc_secret_read_path_prompt instead of
 * asking /dev/tty with dbc_secret_read_tty (a secret typed into --suri-file -). */
static int tty_via_stdin;

/* In the child: become a session leader with the pty slave as controlling terminal (or with
 * no terminal when slave is NULL), read, and report through resfd. */
static void
tty_child(const char *slave, int resfd, const char *confirm, unsigned flags, int own_sigint)
{
	struct tty_result res;
	char *s = NULL;
	int fd;

	alarm(30); /* never hang the test run; SIGALRM is handled like SIGTERM */
	if (setsid() < 0)
		_exit(90);
	if (slave != NULL) {
		if ((fd = open(slave, O_RDWR)) < 0 || ioctl(fd, TIOCSCTTY, 0) != 0)
			_exit(91);
	}
	if (own_sigint) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = ignore_signal;
		sigaction(SIGINT, &sa, NULL);
	}
	memset(&res, 0, sizeof(res));
	if (tty_via_stdin) {
		if (slave == NULL || dup2(fd, STDIN_FILENO) != STDIN_FILENO)
			_exit(93);
		res.r = dbc_secret_read_path_prompt(&s, &res.len, "-", NULL, "Key password: ");
	} else {
		res.r = dbc_secret_read_tty(&s, &res.len, "Key password: ", confirm, flags);
	}
	if (s != NULL && res.len < sizeof(res.data))
		memcpy(res.data, s, res.len);
	dbc_secret_free(&s);
	if (write(resfd, &res, sizeof(res)) != (ssize_t)sizeof(res))
		_exit(92);
	_exit(0);
}

/* Read from the pty master until `want` has appeared (everything read goes to seen). */
static int
master_wait_for(int master, const char *want, char *seen, size_t cap)
{
	size_t n = strlen(seen);

	while (strstr(seen, want) == NULL) {
		struct pollfd pfd = { master, POLLIN, 0 };
		ssize_t k;

		if (poll(&pfd, 1, 20000) <= 0 || n + 1 >= cap)
			return 0;
		if ((k = read(master, seen + n, cap - n - 1)) <= 0)
			return 0;
		n += (size_t)k;
		seen[n] = '\0';
	}
	return 1;
}

static int
echo_is_on(int master)
{
	struct termios t;

	/* On Linux a termios request on the master reads the slave's settings. */
	if (tcgetattr(master, &t) != 0)
		return -1;
	return (t.c_lflag & ECHO) != 0;
}

/* mode: 0 type one line; 1 type twice (confirm) with `second`; 2 SIGTERM at the prompt;
 * 3 SIGINT at the prompt with a caller-installed SIGINT handler; 4 SIGTSTP at the prompt,
 * then type the line at the second prompt (the child's process group is orphaned, so the
 * kernel discards the re-raised stop and the read restarts at once). */
static void
tty_case(const char *what, int mode, const char *line, const char *second, unsigned flags,
         int want_r, const char *want)
{
	int master, rp[2], status = 0;
	char *slave, seen[4096] = "";
	pid_t pid;
	struct tty_result res;
	ssize_t k;

	if ((master = posix_openpt(O_RDWR | O_NOCTTY)) < 0 || grantpt(master) != 0 ||
	    unlockpt(master) != 0 || (slave = ptsname(master)) == NULL || pipe(rp) != 0) {
		CHECK(0, "%s: pty setup: %s", what, strerror(errno));
		return;
	}
	fflush(stdout);
	if ((pid = fork()) < 0) {
		CHECK(0, "fork");
		return;
	}
	if (pid == 0) {
		close(rp[0]);
		close(master);
		tty_child(slave, rp[1], mode == 1 ? "Repeat: " : NULL, flags, mode == 3);
	}
	close(rp[1]);
	CHECK(master_wait_for(master, "Key password: ", seen, sizeof(seen)), "%s: prompt on the tty",
	      what);
	CHECK(echo_is_on(master) == 0, "%s: echo off while reading", what);
	if (mode == 2 || mode == 3) {
		kill(pid, mode == 2 ? SIGTERM : SIGINT);
	} else if (mode == 4) {
		seen[0] = '\0';
		kill(pid, SIGTSTP);
		CHECK(master_wait_for(master, "Key password: ", seen, sizeof(seen)),
		      "%s: prompt again after Ctrl-Z", what);
		CHECK(echo_is_on(master) == 0, "%s: echo off again", what);
		CHECK(write(master, line, strlen(line)) == (ssize_t)strlen(line), "type");
	} else {
		CHECK(write(master, line, strlen(line)) == (ssize_t)strlen(line), "type");
		if (mode == 1) {
			CHECK(master_wait_for(master, "Repeat: ", seen, sizeof(seen)), "%s: confirm prompt",
			      what);
			CHECK(write(master, second, strlen(second)) == (ssize_t)strlen(second), "type 2");
		}
	}
	memset(&res, 0, sizeof(res));
	k = read(rp[0], &res, sizeof(res));
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	if (mode == 2) {
		CHECK(k == 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
		      "%s: the re-raised SIGTERM killed the child (status %#x)", what, status);
	} else {
		CHECK(k == (ssize_t)sizeof(res) && WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "%s: child finished (status %#x)", what, status);
		CHECK(res.r == want_r, "%s: got %d want %d", what, res.r, want_r);
		if (want != NULL)
			CHECK(res.len == strlen(want) && memcmp(res.data, want, res.len) == 0,
			      "%s: read '%.*s'", what, (int)res.len, res.data);
	}
	CHECK(echo_is_on(master) == 1, "%s: terminal echo restored", what);
	/* Nothing typed was echoed back. */
	CHECK(line == NULL || *line == '\n' || strstr(seen, "hunter2") == NULL, "%s: no echo", what);
	close(rp[0]);
	close(master);
}

static void
test_secret_tty(void)
{
	int rp[2], status = 0;
	pid_t pid;
	struct tty_result res;

	tty_case("typed line", 0, "hunter2\n", NULL, 0, DBC_OK, "hunter2");
	tty_case("empty line refused", 0, "\n", NULL, 0, DBC_ERR_EMPTY, NULL);
	tty_case("empty line allowed", 0, "\n", NULL, DBC_SECRET_ALLOW_EMPTY, DBC_OK, "");
	tty_case("confirmation matches", 1, "hunter2\n", "hunter2\n", 0, DBC_OK, "hunter2");
	tty_case("confirmation differs", 1, "hunter2\n", "hunter3\n", 0, DBC_ERR_INPUT, NULL);
	tty_case("SIGTERM at the prompt", 2, NULL, NULL, 0, 0, NULL);
	tty_case("SIGINT with the caller's handler", 3, NULL, NULL, 0, DBC_ERR_REJECTED, NULL);
	tty_case("Ctrl-Z re-prompts", 4, "hunter2\n", NULL, 0, DBC_OK, "hunter2");
	/* A terminal as the input ("-", --suri-fd N): one line, echo off, the same prompt and
	 * signal handling, not an echoing read to EOF. */
	tty_via_stdin = 1;
	tty_case("stdin terminal: typed line", 0, "hunter2\n", NULL, 0, DBC_OK, "hunter2");
	tty_case("stdin terminal: empty line refused", 0, "\n", NULL, 0, DBC_ERR_EMPTY, NULL);
	tty_case("stdin terminal: SIGTERM at the prompt", 2, NULL, NULL, 0, 0, NULL);
	tty_case("stdin terminal: SIGINT with the caller's handler", 3, NULL, NULL, 0,
	         DBC_ERR_REJECTED, NULL);
	tty_via_stdin = 0;

	/* no controlling terminal at all */
	if (pipe(rp) != 0)
		return;
	fflush(stdout);
	if ((pid = fork()) == 0) {
		close(rp[0]);
		tty_child(NULL, rp[1], NULL, 0, 0);
	}
	close(rp[1]);
	memset(&res, 0, sizeof(res));
	CHECK(read(rp[0], &res, sizeof(res)) == (ssize_t)sizeof(res), "result");
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	CHECK(res.r == DBC_ERR_TTY, "no terminal → DBC_ERR_TTY: %d", res.r);
	close(rp[0]);
}

int
main(void)
{
	check_init("test_keypair");
	if (sodium_init() < 0)
		return 1;
	test_new_free();
	test_from_seed_vectors("vectors/sr25519.json", DBC_SR25519, 7);
	test_from_seed_vectors("vectors/ed25519.json", DBC_ED25519, 1);
	test_from_seed_vectors("vectors/ecdsa.json", DBC_ECDSA, 3);
	test_bad_seeds_and_secrets();
	test_signers();
	test_secret_files();
	test_secret_fds();
	test_secret_tty();
	return check_done();
}
