/* dbcsign micro-benchmarks: operations per second of our signing paths next to the libsodium /
 * libsecp256k1 primitives they are built on. A benchmark, not a test: it asserts nothing about
 * speed. Usage: bench [seconds-per-row] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include <sodium.h>

#include "sign/sr25519.h"
#include "sign/ed25519.h"
#include "sign/ecdsa.h"
#include "sign/hash.h"
#include "wallet/mnemonic.h"

static double budget = 1.0;

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run fn in batches until the time budget is spent; print ops/s. */
#define BENCH(label, stmt) do { \
	double t0_ = now(), t_; long n_ = 0; \
	do { for (int i_ = 0; i_ < 64; i_++) { stmt; } n_ += 64; t_ = now() - t0_; } while (t_ < budget); \
	printf("%-44s %12.0f /s  %9.2f us\n", label, (double)n_ / t_, t_ * 1e6 / (double)n_); \
	fflush(stdout); \
} while (0)

#define MUST(x) do { if ((x) != 0) { fprintf(stderr, "bench: %s failed\n", #x); exit(1); } } while (0)

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* bench --cold RUNS CMD ARGS...: median wall time of a fresh process, stdout to /dev/null. */
static int
cold(int runs, char **cmd)
{
	double *t = calloc((size_t)runs, sizeof(double));
	int i;

	if (t == NULL)
		return 1;
	for (i = 0; i < runs; i++) {
		double t0 = now();
		pid_t pid = fork();
		int st;
		if (pid < 0)
			return 1;
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd >= 0)
				(void)dup2(fd, 1);
			execvp(cmd[0], cmd);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "bench: %s failed\n", cmd[0]);
			return 1;
		}
		t[i] = now() - t0;
	}
	qsort(t, (size_t)runs, sizeof(double), cmp_double);
	printf("%.3f\n", t[runs / 2] * 1e3);
	free(t);
	return 0;
}

int
main(int argc, char **argv)
{
	uint8_t seed[32], sk[64], pub[32], sig[64], esig[65], epub[33], edpub[32];
	uint8_t scalar[32], point[32], out[32], h64[64], mini[32];
	const uint8_t msg[] = "5ymJfLN9B1FhkFpydEqKQfWbKpYvxhWxMxGgerSPk4JEYE7tWb18e23";
	const char *phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
	volatile int sink = 0;

	if (argc > 3 && strcmp(argv[1], "--cold") == 0)
		return cold(atoi(argv[2]), argv + 3);
	if (argc > 1)
		budget = atof(argv[1]);
	if (sodium_init() < 0)
		return 1;
	randombytes_buf(seed, sizeof(seed));
	MUST(dbc_sr25519_keypair_from_seed(sk, pub, seed));
	MUST(dbc_sr25519_sign(sig, sk, pub, (const uint8_t *)"substrate", 9, msg, sizeof(msg) - 1, NULL));
	MUST(dbc_ed25519_public_from_seed(edpub, seed));
	MUST(dbc_ecdsa_public_from_seed(epub, seed));
	MUST(dbc_ecdsa_sign(esig, seed, msg, sizeof(msg) - 1));
	crypto_core_ristretto255_scalar_random(scalar);
	MUST(crypto_scalarmult_ristretto255_base(point, scalar));

	printf("# primitives (libsodium %s, libsecp256k1)\n", sodium_version_string());
	BENCH("ristretto255 scalarmult_base", sink += crypto_scalarmult_ristretto255_base(out, scalar));
	BENCH("ristretto255 scalarmult (variable base)", sink += crypto_scalarmult_ristretto255(out, scalar, point));
	BENCH("blake2b-256 of 64 bytes", dbc_blake2b_256(out, h64, 64));
	printf("# dbcsign\n");
	BENCH("sr25519 sign (nonce, 55 B)", sink += dbc_sr25519_sign(sig, sk, pub, (const uint8_t *)"substrate", 9, msg, sizeof(msg) - 1, NULL));
	BENCH("sr25519 verify", sink += dbc_sr25519_verify(sig, pub, (const uint8_t *)"substrate", 9, msg, sizeof(msg) - 1));
	BENCH("sr25519 keypair from seed", sink += dbc_sr25519_keypair_from_seed(sk, pub, seed));
	{
		uint8_t esk[64];
		memcpy(esk, seed, 32);
		memcpy(esk + 32, edpub, 32);
		BENCH("ed25519 sign", sink += dbc_ed25519_sign(sig, seed, msg, sizeof(msg) - 1));
		MUST(dbc_ed25519_sign(sig, seed, msg, sizeof(msg) - 1));
		BENCH("ed25519 verify", sink += dbc_ed25519_verify(sig, edpub, msg, sizeof(msg) - 1));
		sodium_memzero(esk, sizeof(esk));
	}
	BENCH("ecdsa sign (blake2b prehash, recoverable)", sink += dbc_ecdsa_sign(esig, seed, msg, sizeof(msg) - 1));
	BENCH("ecdsa verify (recover + compare)", sink += dbc_ecdsa_verify(esig, epub, msg, sizeof(msg) - 1));
	{
		double saved = budget;
		budget = saved < 1.0 ? saved : 1.0;
		BENCH("mnemonic -> mini-secret (PBKDF2 x2048)", sink += dbc_mnemonic_to_mini_secret(mini, phrase, strlen(phrase), "", 0));
		budget = saved;
	}
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seed, sizeof(seed));
	return sink == 0x7fffffff;
}
