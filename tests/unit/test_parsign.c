/* cli/parsign.c: many messages signed over a few threads must give what one thread gives
 * (ed25519 is deterministic: byte for byte, slot for slot), keep input order, report the
 * lowest failing message with its own error, wipe everything from it on, and never sign from
 * a second thread with a key that is not a software key. Keys are random or fixed test seeds;
 * no speed is measured. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "tests/unit/check.h"
#include "cli/parsign.h"
#include "sign/ed25519.h"
#include "wallet/keypair.h"

#define NMSG 1000

static uint8_t *msgbuf[NMSG];
static const uint8_t *msgs[NMSG];
static size_t lens[NMSG];
static uint8_t sigs[NMSG][DBC_SIG_MAX], want[NMSG][DBC_SIG_MAX];
static size_t siglens[NMSG];

/* Messages of varied lengths (i in the first bytes), and a run of four of 100 KiB: a group is
 * also cut when its messages add up to 256 KiB. */
static int
make_msgs(void)
{
	size_t i;

	for (i = 0; i < NMSG; i++) {
		lens[i] = i >= 500 && i < 504 ? 100u * 1024u : 8 + i % 40;
		if ((msgbuf[i] = malloc(lens[i])) == NULL)
			return 0;
		memset(msgbuf[i], 'a' + (int)(i % 26), lens[i]);
		memcpy(msgbuf[i], &i, sizeof(i) < lens[i] ? sizeof(i) : lens[i]);
		msgs[i] = msgbuf[i];
	}
	return 1;
}

static void
free_msgs(void)
{
	size_t i;

	for (i = 0; i < NMSG; i++)
		free(msgbuf[i]);
}

static void
clear_sigs(void)
{
	size_t i;

	memset(sigs, 0xee, sizeof(sigs));
	for (i = 0; i < NMSG; i++)
		siglens[i] = 999;
}

/* ---- a test key source: ed25519 with a fixed seed; a message starting "REJECT" is refused
 * (DBC_ERR_REJECTED), one starting "CORRUPT" gets a wrong signature (the verification must
 * catch it: DBC_ERR_INTERNAL). It notes which threads called it. ---- */
static const uint8_t test_seed[32] = { 7, 7, 7 };
static pthread_t main_tid;
static atomic_int off_main, wait_for_helper;

static int
test_sign(void *ctx, const uint8_t *msg, size_t msglen, uint8_t sig[DBC_SIG_MAX], size_t *siglen)
{
	int i;

	(void)ctx;
	if (!pthread_equal(pthread_self(), main_tid)) {
		atomic_store(&off_main, 1);
	} else if (atomic_load(&wait_for_helper)) {
		/* Hold the calling thread's first group until a helper has signed something: proves
		 * the helpers work, without any timing in the assertion (30 s is only a guard
		 * against hanging if they never come). */
		struct timespec ms = { 0, 1000000 };

		for (i = 0; i < 30000 && !atomic_load(&off_main); i++)
			nanosleep(&ms, NULL);
	}
	if (msglen >= 6 && memcmp(msg, "REJECT", 6) == 0)
		return DBC_ERR_REJECTED;
	if (dbc_ed25519_sign(sig, test_seed, msg, msglen) != DBC_OK)
		return DBC_ERR_INTERNAL;
	if (msglen >= 7 && memcmp(msg, "CORRUPT", 7) == 0)
		sig[33] ^= 0x10;
	*siglen = 64;
	return DBC_OK;
}

static const dbc_signer_ops_t test_ops = { "test", test_sign, NULL };

static dbc_signer_t *
test_signer(unsigned flags)
{
	dbc_signer_t *s = NULL;
	uint8_t pub[32];

	if (dbc_ed25519_public_from_seed(pub, test_seed) != DBC_OK ||
	    dbc_signer_new(&s, DBC_ED25519, pub, 32, DBC_SIGNER_CAN_RAW | flags, &test_ops, NULL) !=
	        DBC_OK)
		return NULL;
	return s;
}

/* ---- a real software key: every thread count gives the one-by-one signatures ---- */
static void
test_equal_to_one_thread(void)
{
	static const uint8_t seed[32] = { 1, 2, 3, 4 };
	dbc_keypair_t *kp = dbc_keypair_new();
	dbc_signer_t *s = NULL;
	size_t i, t, failed, bad;
	static const size_t counts[] = { 1, 2, 4, 8 };
	static const size_t sizes[] = { 1, 15, 16, 17, 64, 65, 257, NMSG };
	size_t z;

	if (kp == NULL || dbc_keypair_from_seed(kp, DBC_ED25519, seed) != DBC_OK ||
	    dbc_keypair_signer(&s, kp) != DBC_OK) {
		CHECK(0, "ed25519 keypair signer");
		dbc_keypair_free(&kp);
		return;
	}
	dbc_keypair_free(&kp);
	CHECK(dbc_signer_flags(s) & DBC_SIGNER_SOFTWARE, "a keypair signer is a software key");
	t = cli_parsign_threads(s);
	CHECK(t >= 1 && t <= CLI_PARSIGN_THREADS_MAX, "software key: 1..%d threads (%zu)",
	      CLI_PARSIGN_THREADS_MAX, t);
	/* The oracle: dbc_signer_sign, one message at a time on this thread. */
	for (i = 0; i < NMSG; i++) {
		size_t l = 0;

		CHECK_OK(dbc_signer_sign(s, msgs[i], lens[i], want[i], &l), "one-by-one sign");
		CHECK(l == 64, "ed25519 signature length");
	}
	for (t = 0; t < sizeof(counts) / sizeof(counts[0]); t++) {
		for (z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
			size_t n = sizes[z];

			clear_sigs();
			failed = 77;
			CHECK_OK(cli_parsign(s, counts[t], msgs, lens, n, sigs, siglens, &failed),
			         "cli_parsign");
			CHECK(failed == 0, "%zu threads, %zu messages: failed is 0 on success", counts[t], n);
			for (i = 0, bad = 0; i < n; i++)
				if (siglens[i] != 64 || memcmp(sigs[i], want[i], 64) != 0)
					bad++;
			CHECK(bad == 0, "%zu threads, %zu messages: %zu signatures differ from one thread's",
			      counts[t], n, bad);
			/* Slots past n are not touched. */
			CHECK(n == NMSG || siglens[n] == 999, "%zu threads: slot %zu untouched",
			      counts[t], n);
		}
	}
	failed = 5;
	CHECK_OK(cli_parsign(s, 4, msgs, lens, 0, sigs, siglens, &failed), "no messages");
	CHECK(failed == 0, "no messages: failed 0");
	dbc_signer_free(&s);
}

/* ---- sr25519 (randomized): every signature verifies for its own message, not a neighbour's */
static void
test_sr25519_order(void)
{
	static const uint8_t seed[32] = { 9, 8, 7 };
	dbc_keypair_t *kp = dbc_keypair_new();
	dbc_signer_t *s = NULL;
	const uint8_t *pub;
	size_t publen, i, failed, bad = 0, cross = 0, n = 300;

	if (kp == NULL || dbc_keypair_from_seed(kp, DBC_SR25519, seed) != DBC_OK ||
	    dbc_keypair_signer(&s, kp) != DBC_OK) {
		CHECK(0, "sr25519 keypair signer");
		dbc_keypair_free(&kp);
		return;
	}
	dbc_keypair_free(&kp);
	pub = dbc_signer_public(s, &publen);
	clear_sigs();
	CHECK_OK(cli_parsign(s, CLI_PARSIGN_THREADS_MAX, msgs, lens, n, sigs, siglens, &failed),
	         "sr25519 cli_parsign");
	for (i = 0; i < n; i++) {
		if (dbc_verify(DBC_SR25519, pub, publen, msgs[i], lens[i], sigs[i], siglens[i]) != DBC_OK)
			bad++;
		if (dbc_verify(DBC_SR25519, pub, publen, msgs[(i + 1) % n], lens[(i + 1) % n], sigs[i],
		               siglens[i]) == DBC_OK)
			cross++;
	}
	CHECK(bad == 0, "sr25519, %zu messages over threads: %zu do not verify", n, bad);
	CHECK(cross == 0, "sr25519: %zu signatures verify for the next message (order)", cross);
	dbc_signer_free(&s);
}

/* ---- failures: the lowest failing index wins, with its own error; the rest is wiped ---- */
static void
expect_failure(dbc_signer_t *s, size_t threads, size_t n, int want_rc, size_t want_failed,
               const char *what)
{
	size_t i, failed = 12345, bad = 0, dirty = 0, good = want_rc == DBC_OK ? n : want_failed;
	int rc;

	clear_sigs();
	rc = cli_parsign(s, threads, msgs, lens, n, sigs, siglens, &failed);
	CHECK(rc == want_rc, "%s, %zu threads: rc %d, want %d", what, threads, rc, want_rc);
	CHECK(failed == want_failed, "%s, %zu threads: failed %zu, want %zu", what, threads, failed,
	      want_failed);
	for (i = 0; i < good && i < n; i++)
		if (siglens[i] != 64 || memcmp(sigs[i], want[i], 64) != 0)
			bad++;
	for (; i < n; i++)
		if (siglens[i] != 0 || !sodium_is_zero(sigs[i], DBC_SIG_MAX))
			dirty++;
	CHECK(bad == 0, "%s, %zu threads: %zu of the signatures before the failure are wrong", what,
	      threads, bad);
	CHECK(dirty == 0, "%s, %zu threads: %zu slots from the failure on are not wiped", what,
	      threads, dirty);
}

static void
set_msg(size_t i, const char *head)
{
	size_t l = strlen(head);

	if (lens[i] < l) {
		CHECK(0, "message %zu too short for %s", i, head);
		return;
	}
	memcpy(msgbuf[i], head, l);
}

/* Undo set_msg: message i starts with its index again. */
static void
put_index(size_t i)
{
	memcpy(msgbuf[i], &i, sizeof(i));
}

#define FAIL_N 400

static void
test_failures(void)
{
	dbc_signer_t *s = test_signer(DBC_SIGNER_SOFTWARE);
	size_t i, t, l;
	static const size_t counts[] = { 1, 2, 4 };

	if (s == NULL) {
		CHECK(0, "test signer");
		return;
	}
	main_tid = pthread_self();
	/* Reference: the test key's own signatures (no message is bad yet). */
	for (i = 0; i < FAIL_N; i++)
		if (dbc_signer_sign(s, msgs[i], lens[i], want[i], &l) != DBC_OK)
			CHECK(0, "reference signature %zu", i);
	/* 400 messages in groups of 64: the failures fall in different groups (threads). */
	for (t = 0; t < sizeof(counts) / sizeof(counts[0]); t++) {
		/* A refusal at 150 and a bad signature at 300, 350: the refusal is reported. */
		set_msg(150, "REJECT");
		set_msg(300, "CORRUPT");
		set_msg(350, "REJECT");
		expect_failure(s, counts[t], FAIL_N, DBC_ERR_REJECTED, 150, "refusal at 150");
		/* Only the bad signature at 300 is left before 350: caught by verification. */
		put_index(150);
		expect_failure(s, counts[t], FAIL_N, DBC_ERR_INTERNAL, 300, "bad signature at 300");
		/* The other way round: a bad signature early, a refusal later. */
		put_index(300);
		set_msg(90, "CORRUPT");
		expect_failure(s, counts[t], FAIL_N, DBC_ERR_INTERNAL, 90, "bad signature at 90");
		/* The very last message; and the very first. */
		put_index(90);
		put_index(350);
		set_msg(FAIL_N - 1, "REJECT");
		expect_failure(s, counts[t], FAIL_N, DBC_ERR_REJECTED, FAIL_N - 1, "refusal at the end");
		put_index(FAIL_N - 1);
		set_msg(0, "CORRUPT");
		expect_failure(s, counts[t], FAIL_N, DBC_ERR_INTERNAL, 0, "bad signature at 0");
		put_index(0);
		expect_failure(s, counts[t], FAIL_N, DBC_OK, 0, "all good again");
	}
	dbc_signer_free(&s);
}

/* ---- which threads sign: helpers for a software key, never for any other key ---- */
static void
test_threads(void)
{
	dbc_signer_t *dev = test_signer(0), *soft = test_signer(DBC_SIGNER_SOFTWARE);
	size_t failed;

	if (dev == NULL || soft == NULL) {
		CHECK(0, "test signers");
		dbc_signer_free(&dev);
		dbc_signer_free(&soft);
		return;
	}
	main_tid = pthread_self();
	CHECK(cli_parsign_threads(dev) == 1, "a key that is not a software key: one thread");
	atomic_store(&off_main, 0);
	CHECK_OK(cli_parsign(dev, CLI_PARSIGN_THREADS_MAX, msgs, lens, NMSG, sigs, siglens, &failed),
	         "device-like signer");
	CHECK(!atomic_load(&off_main), "a key that is not a software key is signed on the calling "
	      "thread only, whatever thread count is asked");
	/* A software key with 4 threads: this thread's first group waits for a helper. */
	atomic_store(&off_main, 0);
	atomic_store(&wait_for_helper, 1);
	CHECK_OK(cli_parsign(soft, 4, msgs, lens, 256, sigs, siglens, &failed), "software signer");
	atomic_store(&wait_for_helper, 0);
	CHECK(atomic_load(&off_main), "a software key is signed by helper threads too");
	dbc_signer_free(&dev);
	dbc_signer_free(&soft);
}

int
main(void)
{
	check_init("test_parsign");
	if (sodium_init() < 0 || !make_msgs()) {
		CHECK(0, "setup");
		return check_done();
	}
	test_equal_to_one_thread();
	test_sr25519_order();
	test_failures();
	test_threads();
	free_msgs();
	return check_done();
}
