/* dbcsign micro-benchmarks: operations per second of our signing paths next to the libsodium /
 * libsecp256k1 primitives they are built on. A benchmark, not a test: it asserts nothing about
 * speed. Output: one row per line, "key<TAB>value<TAB>label" (value in operations per second,
 * or milliseconds for --cold), which bench/run.sh joins with polkadot-js into one table.
 * Rates are per second of this thread's CPU time, not of wall time: on a shared, loaded
 * machine the wall clock also counts the time other processes held the core.
 *
 *   bench [SECONDS]                       C rows, each measured for about SECONDS of CPU, in
 *                                         ROUNDS interleaved slots (the median is printed)
 *   bench --cold RUNS CMD ARGS...         median wall time and median CPU time (user + system,
 *                                         ms) of a fresh process: "wall<TAB>cpu"
 *   bench --stream FILE CMD ARGS...       run CMD once with stdin from FILE (stdout discarded):
 *                                         "lines/s by wall time<TAB>lines/s by CPU time" */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <sodium.h>

#include "sign/ecdsa.h"
#include "sign/ed25519.h"
#include "sign/hash.h"
#include "sign/signer.h"
#include "sign/sr25519.h"
#include "wallet/keypair.h"
#include "wallet/keystore.h"
#include "wallet/mnemonic.h"

static double budget = 1.0;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The C rows run round-robin: ROUNDS rounds, and in each round every row for budget/ROUNDS
 * seconds of CPU, in the same order. A row's rate is the median of its rounds. On a shared
 * VM the speed of a core drifts with its neighbours' load; interleaving puts a primitive and
 * the dbcsign path built on it into the same stretches of time, so their ratio holds even
 * when the absolute rates move, and the median drops the rounds a burst of load hit. */
#define ROUNDS 7
#define MAXROWS 32

struct row {
	const char *key, *label;
	long per;          /* operations per call of the statement */
	double rate[ROUNDS];
};
static struct row rows[MAXROWS];
static int nrows;

/* ROW(key, label, per, stmt): in round `round_`, the row with this index runs stmt until its
 * slot of CPU time is spent (at least once). Rows are numbered in the order they appear. */
#define ROW(k_, l_, per_, stmt) do { \
	if (row_ >= MAXROWS) abort(); \
	if (round_ == 0) { rows[row_].key = (k_); rows[row_].label = (l_); rows[row_].per = (per_); } \
	double t0_ = cpu_now(), t_; long n_ = 0; \
	do { stmt; n_ += (per_); t_ = cpu_now() - t0_; } while (t_ < slot_); \
	rows[row_].rate[round_] = (double)n_ / t_; \
	row_++; \
} while (0)
/* A statement repeated `batch` times per call, for fast operations. */
#define REP(batch, stmt) for (int i_ = 0; i_ < (batch); i_++) { stmt; }

#define MUST(x) do { if ((x) != 0) { fprintf(stderr, "bench: %s failed\n", #x); exit(1); } } while (0)

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One line per row: the median of its rounds. */
static void
print_rows(void)
{
	double r[ROUNDS];

	for (int k = 0; k < nrows; k++) {
		memcpy(r, rows[k].rate, sizeof(r));
		qsort(r, ROUNDS, sizeof(double), cmp_double);
		printf("%s\t%.1f\t%s\n", rows[k].key, r[ROUNDS / 2], rows[k].label);
	}
	fflush(stdout);
}

/* Fork and exec cmd with stdin from `in` (a path) and stdout to /dev/null. Returns the pid. */
static pid_t
spawn(char **cmd, const char *in)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			(void)dup2(fd, 1);
		if (in != NULL) {
			int ifd = open(in, O_RDONLY);

			if (ifd < 0 || dup2(ifd, 0) < 0)
				_exit(126);
		}
		execvp(cmd[0], cmd);
		_exit(127);
	}
	return pid;
}

/* bench --cold RUNS CMD ARGS...: median wall time of a fresh process, stdout to /dev/null. */
static double
rusage_cpu(const struct rusage *ru)
{
	return (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6 +
	       (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
}

static int
cold(int runs, char **cmd)
{
	double *t, *c;
	int i;

	if (runs < 1 || (t = calloc((size_t)runs, sizeof(double))) == NULL)
		return 1;
	if ((c = calloc((size_t)runs, sizeof(double))) == NULL) {
		free(t);
		return 1;
	}
	for (i = 0; i < runs; i++) {
		double t0 = now();
		pid_t pid = spawn(cmd, NULL);
		struct rusage ru;
		int st;

		if (pid < 0 || wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			fprintf(stderr, "bench: %s failed\n", cmd[0]);
			free(t);
			free(c);
			return 1;
		}
		t[i] = now() - t0;
		c[i] = rusage_cpu(&ru);
	}
	qsort(t, (size_t)runs, sizeof(double), cmp_double);
	qsort(c, (size_t)runs, sizeof(double), cmp_double);
	printf("%.3f\t%.3f\n", t[runs / 2] * 1e3, c[runs / 2] * 1e3);
	free(t);
	free(c);
	return 0;
}

/* bench --stream FILE CMD ARGS...: lines of FILE per second of wall time and of the child's
 * CPU time (user + system; less sensitive to other load on a shared machine). */
static int
stream(const char *file, char **cmd)
{
	FILE *f = fopen(file, "r");
	struct rusage ru;
	long lines = 0;
	double t0, wall, cpu;
	pid_t pid;
	int c, st;

	if (f == NULL)
		return 1;
	while ((c = getc(f)) != EOF)
		lines += c == '\n';
	fclose(f);
	t0 = now();
	if ((pid = spawn(cmd, file)) < 0 || wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		fprintf(stderr, "bench: %s failed\n", cmd[0]);
		return 1;
	}
	wall = now() - t0;
	cpu = rusage_cpu(&ru);
	printf("%.1f\t%.1f\n", (double)lines / wall, cpu > 0 ? (double)lines / cpu : 0.0);
	return 0;
}

int
main(int argc, char **argv)
{
	uint8_t seed[32], sk[64], pub[32], sig[64], esig[65], epub[33], edpub[32], edsk[64];
	uint8_t scalar[32], point[32], out[32], h64[64], mini[32], hash[32], sigbuf[DBC_SIG_MAX];
	uint8_t salt[32], key64[64];
	static uint8_t bsigs[64][64], bsigbuf[64][DBC_SIG_MAX];
	const uint8_t *bmsgs[64], *bsigp[64], *bpub;
	size_t blens[64], bsiglens[64], bfailed = 0;
	const uint8_t msg[] = "5ymJfLN9B1FhkFpydEqKQfWbKpYvxhWxMxGgerSPk4JEYE7tWb18e23";
	const size_t msglen = sizeof(msg) - 1;
	const char *phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
	const char *pw = "bench pass phrase";
	secp256k1_context *secp;
	secp256k1_ecdsa_recoverable_signature rsig;
	secp256k1_pubkey spk;
	dbc_keypair_t *kp, *kp2;
	dbc_signer_t *signer = NULL;
	char *json = NULL;
	size_t jsonlen = 0, siglen = 0;
	volatile int sink = 0;

	if (argc > 3 && strcmp(argv[1], "--cold") == 0)
		return cold(atoi(argv[2]), argv + 3);
	if (argc > 3 && strcmp(argv[1], "--stream") == 0)
		return stream(argv[2], argv + 3);
	if (argc > 1)
		budget = atof(argv[1]);
	if (sodium_init() < 0)
		return 1;
	randombytes_buf(seed, sizeof(seed));
	randombytes_buf(h64, sizeof(h64));
	randombytes_buf(salt, sizeof(salt));
	MUST(dbc_sr25519_keypair_from_seed(sk, pub, seed));
	MUST(dbc_sr25519_sign(sig, sk, pub, (const uint8_t *)"substrate", 9, msg, msglen, NULL));
	MUST(dbc_ed25519_public_from_seed(edpub, seed));
	MUST(dbc_ecdsa_public_from_seed(epub, seed));
	MUST(dbc_ecdsa_sign(esig, seed, msg, msglen));
	MUST(crypto_sign_seed_keypair(edpub, edsk, seed));
	crypto_core_ristretto255_scalar_random(scalar);
	MUST(crypto_scalarmult_ristretto255_base(point, scalar));
	dbc_blake2b_256(hash, msg, msglen);
	if ((secp = secp256k1_context_create(SECP256K1_CONTEXT_NONE)) == NULL)
		return 1;
	if ((kp = dbc_keypair_new()) == NULL || (kp2 = dbc_keypair_new()) == NULL)
		return 1;
	MUST(dbc_keypair_from_seed(kp, DBC_SR25519, seed));
	MUST(dbc_keypair_signer(&signer, kp));
	MUST(dbc_keystore_encrypt(&json, &jsonlen, kp, pw, strlen(pw), 15, 42, NULL));

	for (int round_ = 0; round_ < ROUNDS; round_++) {
		double slot_ = budget / ROUNDS;
		int row_ = 0;

		/* The limits: what one operation of each scheme costs at least in the libraries. */
		ROW("prim.base", "ristretto255 scalarmult_base (libsodium)", 64,
		    REP(64, sink += crypto_scalarmult_ristretto255_base(out, scalar)));
		ROW("prim.var", "ristretto255 scalarmult, variable base (libsodium)", 64,
		    REP(64, sink += crypto_scalarmult_ristretto255(out, scalar, point)));
		ROW("prim.ed_sign", "crypto_sign_detached, expanded key (libsodium)", 64,
		    REP(64, sink += crypto_sign_detached(sig, NULL, msg, msglen, edsk)));
		MUST(crypto_sign_detached(sig, NULL, msg, msglen, edsk));
		ROW("prim.ed_verify", "crypto_sign_verify_detached (libsodium)", 64,
		    REP(64, sink += crypto_sign_verify_detached(sig, msg, msglen, edpub)));
		ROW("prim.ecdsa_sign", "secp256k1_ecdsa_sign_recoverable (libsecp256k1)", 64,
		    REP(64, sink += secp256k1_ecdsa_sign_recoverable(secp, &rsig, hash, seed, NULL, NULL)));
		ROW("prim.ecdsa_recover", "secp256k1_ecdsa_recover (libsecp256k1)", 64,
		    REP(64, sink += secp256k1_ecdsa_recover(secp, &spk, &rsig, hash)));
		/* PBKDF2-HMAC-SHA512 x2048 is 2 x 2048 SHA-512 compressions of one block each. */
		ROW("prim.pbkdf2", "4096 x sha512 of 64 B (= PBKDF2-SHA512 x2048)", 1,
		    REP(1, for (int j_ = 0; j_ < 4096; j_++) sink += crypto_hash_sha512(key64, h64, 64)));
		ROW("prim.scrypt15", "scrypt N=2^15 r=8 p=1 (libsodium _ll)", 1,
		    REP(1, sink += crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)pw, strlen(pw), salt,
		                                                     sizeof(salt), 1u << 15, 8, 1, key64, 64)));

		/* dbcsign's own paths. */
		MUST(dbc_sr25519_sign(sig, sk, pub, (const uint8_t *)"substrate", 9, msg, msglen, NULL));
		ROW("dbc.sr_sign", "sr25519 sign (dbc_sr25519_sign)", 64,
		    REP(64, sink += dbc_sr25519_sign(sig, sk, pub, (const uint8_t *)"substrate", 9, msg, msglen, NULL)));
		ROW("dbc.sr_verify", "sr25519 verify (dbc_sr25519_verify)", 64,
		    REP(64, sink += dbc_sr25519_verify(sig, pub, (const uint8_t *)"substrate", 9, msg, msglen)));
		ROW("dbc.sr_signer", "sr25519 sign + verify (dbc_signer_sign)", 64,
		    REP(64, sink += dbc_signer_sign(signer, msg, msglen, sigbuf, &siglen)));
		/* 64 messages signed by one key, as sign --lines groups them. */
		for (int j_ = 0; j_ < 64; j_++) {
			bmsgs[j_] = msg;
			blens[j_] = msglen - (size_t)(j_ % 5);
			MUST(dbc_sr25519_sign(bsigs[j_], sk, pub, (const uint8_t *)"substrate", 9, msg,
			                      blens[j_], NULL));
			bsigp[j_] = bsigs[j_];
		}
		bpub = pub;
		ROW("dbc.sr_verify_batch", "sr25519 batch verify, 64 signatures of one key, per signature (dbc_sr25519_verify_batch)", 64,
		    sink += dbc_sr25519_verify_batch(bsigp, &bpub, 1, (const uint8_t *)"substrate", 9, bmsgs, blens, 64));
		ROW("dbc.sr_signer_batch", "sr25519 sign + batch verify, 64 at a time (dbc_signer_sign_batch)", 64,
		    sink += dbc_signer_sign_batch(signer, bmsgs, blens, 64, bsigbuf, bsiglens, &bfailed));
		ROW("dbc.ed_sign", "ed25519 sign (dbc_ed25519_sign_sk, seed||public: the software signer)", 64,
		    REP(64, sink += dbc_ed25519_sign_sk(sig, edsk, msg, msglen)));
		ROW("dbc.ed_sign_seed", "ed25519 sign (dbc_ed25519_sign, from the seed)", 64,
		    REP(64, sink += dbc_ed25519_sign(sig, seed, msg, msglen)));
		MUST(dbc_ed25519_sign(sig, seed, msg, msglen));
		ROW("dbc.ed_verify", "ed25519 verify (dbc_ed25519_verify)", 64,
		    REP(64, sink += dbc_ed25519_verify(sig, edpub, msg, msglen)));
		ROW("dbc.ecdsa_sign", "ecdsa sign (blake2b prehash, recoverable)", 64,
		    REP(64, sink += dbc_ecdsa_sign(esig, seed, msg, msglen)));
		ROW("dbc.ecdsa_verify", "ecdsa verify (recover + compare)", 64,
		    REP(64, sink += dbc_ecdsa_verify(esig, epub, msg, msglen)));
		ROW("dbc.mnemonic", "mnemonic -> sr25519 key (PBKDF2 x2048 + keypair)", 1,
		    REP(1, sink += dbc_mnemonic_to_mini_secret(mini, phrase, strlen(phrase), "", 0);
		      sink += dbc_keypair_from_seed(kp2, DBC_SR25519, mini)));
		ROW("dbc.keystore", "keystore decrypt, scrypt N=2^15 (dbc_keystore_decrypt)", 1,
		    REP(1, sink += dbc_keystore_decrypt(kp2, NULL, json, jsonlen, pw, strlen(pw))));
		nrows = row_;
	}
	print_rows();

	dbc_signer_free(&signer);
	dbc_keypair_free(&kp);
	dbc_keypair_free(&kp2);
	free(json);
	secp256k1_context_destroy(secp);
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(edsk, sizeof(edsk));
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(mini, sizeof(mini));
	sodium_memzero(key64, sizeof(key64));
	return sink == 0x7fffffff;
}
