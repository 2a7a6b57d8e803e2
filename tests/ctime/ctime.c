/* Constant-time check of the secret paths in sign/, the libsecp256k1 way
 * (valgrind_ctime_test.c): every secret input is marked undefined with memcheck's client
 * requests, so memcheck reports any conditional branch or memory index that depends on
 * it. Results that are public by construction (return codes that only say "valid key",
 * public keys, signatures, chain codes) are marked defined again before the test uses
 * them, exactly where a real caller would publish them.
 *
 * Run: valgrind --error-exitcode=42 --track-origins=yes build/ctime/ctime
 * (make ctime). Without valgrind the client requests are no-ops and the program only
 * checks that the operations succeed.
 *
 * -DCTIME_SELFTEST=1 adds a secret-dependent branch, =2 a secret-dependent table index:
 * memcheck must then fail, which proves the harness can catch what it is meant to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <valgrind/memcheck.h>

#include "sign/ecdsa.h"
#include "sign/ed25519.h"
#include "sign/err.h"
#include "sign/hash.h"
#include "sign/sr25519.h"

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

static int failures;

static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "ctime: FAILED: %s\n", what);
		failures++;
	}
}

/* A return code is public once the caller acts on it (libsecp256k1 declassifies the
 * same way); mark it defined, then test it. */
static int
rc_ok(int rc, const char *what)
{
	PUBLIC(&rc, sizeof(rc));
	check(rc == DBC_OK, what);
	return rc == DBC_OK;
}

#ifdef CTIME_SELFTEST
static volatile int selftest_sink;

#if CTIME_SELFTEST == 1
static void __attribute__((noinline))
selftest_hit(void)
{
	selftest_sink++;
}
#else
static const int selftest_table[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
#endif

/* The defects the check exists to catch, planted on a secret byte. */
static void __attribute__((noinline))
selftest_leak(const uint8_t *secret)
{
#if CTIME_SELFTEST == 1
	if (secret[0] & 1) /* secret-dependent branch */
		selftest_hit();
#else
	selftest_sink += selftest_table[secret[0] & 15]; /* secret-dependent index */
#endif
}
#endif

static const uint8_t ctx[] = "substrate";
static const uint8_t msg[] = "dbcsign constant-time check";

static void
check_sr25519(void)
{
	uint8_t seed[32], secret[64], pub[32], rnd[32], sig[64], cc[32], ccn[32];
	uint8_t child_seed[32], child_secret[64], child_pub[32];

	randombytes_buf(seed, sizeof(seed));
	randombytes_buf(rnd, sizeof(rnd));
	randombytes_buf(cc, sizeof(cc)); /* chain codes come from the (public) path */

	/* mini-secret → expanded key||nonce and public key */
	SECRET(seed, sizeof(seed));
	if (!rc_ok(dbc_sr25519_keypair_from_seed(secret, pub, seed), "sr25519 keypair_from_seed"))
		return;
	PUBLIC(pub, sizeof(pub));
#ifdef CTIME_SELFTEST
	selftest_leak(secret);
#endif

	/* sign: the expanded key and nonce and the signing randomness are secret */
	SECRET(secret, sizeof(secret));
	SECRET(rnd, sizeof(rnd));
	if (rc_ok(dbc_sr25519_sign(sig, secret, pub, ctx, sizeof(ctx) - 1, msg, sizeof(msg) - 1, rnd),
	          "sr25519 sign")) {
		PUBLIC(sig, sizeof(sig));
		check(dbc_sr25519_verify(sig, pub, ctx, sizeof(ctx) - 1, msg, sizeof(msg) - 1) == DBC_OK,
		      "sr25519 signature verifies");
	}

	/* hard derivation: child mini-secret, then its expansion */
	SECRET(secret, sizeof(secret));
	if (rc_ok(dbc_sr25519_derive_hard(child_seed, ccn, secret, cc), "sr25519 derive_hard")) {
		PUBLIC(ccn, sizeof(ccn));
		if (rc_ok(dbc_sr25519_keypair_from_seed(child_secret, child_pub, child_seed),
		          "sr25519 keypair_from_seed (hard child)"))
			PUBLIC(child_pub, sizeof(child_pub));
	}

	/* soft derivation: key, nonce and the nonce randomness are secret */
	SECRET(secret, sizeof(secret));
	SECRET(rnd, sizeof(rnd));
	if (rc_ok(dbc_sr25519_derive_soft(child_secret, child_pub, ccn, secret, pub, cc, rnd),
	          "sr25519 derive_soft")) {
		PUBLIC(child_pub, sizeof(child_pub));
		PUBLIC(ccn, sizeof(ccn));
		/* sign with the soft child: its secret is still secret */
		SECRET(child_secret, sizeof(child_secret));
		SECRET(rnd, sizeof(rnd));
		if (rc_ok(dbc_sr25519_sign(sig, child_secret, child_pub, ctx, sizeof(ctx) - 1, msg,
		                           sizeof(msg) - 1, rnd), "sr25519 sign (soft child)")) {
			PUBLIC(sig, sizeof(sig));
			check(dbc_sr25519_verify(sig, child_pub, ctx, sizeof(ctx) - 1, msg,
			                         sizeof(msg) - 1) == DBC_OK, "sr25519 soft child verifies");
		}
		/* the soft public derivation must agree (public data only) */
		{
			uint8_t p2[32];
			if (rc_ok(dbc_sr25519_derive_soft_public(p2, NULL, pub, cc),
			          "sr25519 derive_soft_public"))
				check(memcmp(p2, child_pub, 32) == 0, "sr25519 soft public matches");
		}
	}
	/* keystore import/export: ed25519-form conversions and the public key of a secret */
	{
		uint8_t edform[64], back[64], p3[32];

		SECRET(secret, sizeof(secret));
		if (rc_ok(dbc_sr25519_secret_to_ed25519_form(edform, secret), "sr25519 to_ed25519_form") &&
		    rc_ok(dbc_sr25519_secret_from_ed25519_form(back, edform), "sr25519 from_ed25519_form") &&
		    rc_ok(dbc_sr25519_public_from_secret(p3, back), "sr25519 public_from_secret")) {
			PUBLIC(p3, sizeof(p3));
			check(memcmp(p3, pub, 32) == 0, "sr25519 public_from_secret matches");
		}
		sodium_memzero(edform, sizeof(edform));
		sodium_memzero(back, sizeof(back));
	}

	/* key agreement with another (public) key: the shared secret stays secret */
	{
		uint8_t other_seed[32], other_secret[64], other_pub[32], shared[32];

		randombytes_buf(other_seed, sizeof(other_seed));
		if (rc_ok(dbc_sr25519_keypair_from_seed(other_secret, other_pub, other_seed),
		          "sr25519 keypair_from_seed (other)")) {
			PUBLIC(other_pub, sizeof(other_pub));
			SECRET(secret, sizeof(secret));
			(void)rc_ok(dbc_sr25519_agree(shared, secret, other_pub), "sr25519 agree");
		}
		sodium_memzero(other_secret, sizeof(other_secret));
		sodium_memzero(shared, sizeof(shared));
	}
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(child_secret, sizeof(child_secret));
	sodium_memzero(child_seed, sizeof(child_seed));
}

static void
check_ed25519(void)
{
	uint8_t seed[32], pub[32], sig[64], cc[32], child[32];

	randombytes_buf(seed, sizeof(seed));
	randombytes_buf(cc, sizeof(cc));

	SECRET(seed, sizeof(seed));
	if (!rc_ok(dbc_ed25519_public_from_seed(pub, seed), "ed25519 public_from_seed"))
		return;
	PUBLIC(pub, sizeof(pub));

	SECRET(seed, sizeof(seed));
	if (rc_ok(dbc_ed25519_sign(sig, seed, msg, sizeof(msg) - 1), "ed25519 sign")) {
		PUBLIC(sig, sizeof(sig));
		check(dbc_ed25519_verify(sig, pub, msg, sizeof(msg) - 1) == DBC_OK,
		      "ed25519 signature verifies");
	}

	SECRET(seed, sizeof(seed));
	if (rc_ok(dbc_ed25519_derive_hard(child, seed, cc), "ed25519 derive_hard")) {
		SECRET(child, sizeof(child));
		if (rc_ok(dbc_ed25519_sign(sig, child, msg, sizeof(msg) - 1), "ed25519 sign (child)"))
			PUBLIC(sig, sizeof(sig));
	}
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(child, sizeof(child));
}

static void
check_ecdsa(void)
{
	uint8_t seed[32], pub[33], sig[65], cc[32], child[32];

	randombytes_buf(seed, sizeof(seed));
	randombytes_buf(cc, sizeof(cc));

	SECRET(seed, sizeof(seed));
	if (!rc_ok(dbc_ecdsa_public_from_seed(pub, seed), "ecdsa public_from_seed"))
		return;
	PUBLIC(pub, sizeof(pub));

	SECRET(seed, sizeof(seed));
	if (rc_ok(dbc_ecdsa_sign(sig, seed, msg, sizeof(msg) - 1), "ecdsa sign")) {
		PUBLIC(sig, sizeof(sig));
		check(dbc_ecdsa_verify(sig, pub, msg, sizeof(msg) - 1) == DBC_OK,
		      "ecdsa signature verifies");
	}

	SECRET(seed, sizeof(seed));
	if (rc_ok(dbc_ecdsa_derive_hard(child, seed, cc), "ecdsa derive_hard")) {
		SECRET(child, sizeof(child));
		if (rc_ok(dbc_ecdsa_sign(sig, child, msg, sizeof(msg) - 1), "ecdsa sign (child)"))
			PUBLIC(sig, sizeof(sig));
	}
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(child, sizeof(child));
}

/* PBKDF2-HMAC-SHA512 turns a mnemonic's entropy (password) and "mnemonic" || passphrase
 * (salt) into the mini-secret: both inputs are secret, and so is every output byte. The
 * inner loop is dbcsign's own SHA-512 compression (sign/sha512.c). */
static void
check_pbkdf2(void)
{
	uint8_t pw[32], salt[24], out[100];

	randombytes_buf(pw, sizeof(pw));
	randombytes_buf(salt, sizeof(salt));
	SECRET(pw, sizeof(pw));
	SECRET(salt, sizeof(salt));
	(void)rc_ok(dbc_pbkdf2_sha512(out, 64, pw, sizeof(pw), salt, sizeof(salt), 2048),
	            "pbkdf2-sha512 x2048, one block");
	(void)rc_ok(dbc_pbkdf2_sha512(out, sizeof(out), pw, sizeof(pw), salt, sizeof(salt), 3),
	            "pbkdf2-sha512, two blocks");
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(out, sizeof(out));
}

int
main(void)
{
	int i;

	if (sodium_init() < 0) {
		fprintf(stderr, "ctime: sodium_init failed\n");
		return 2;
	}
	printf("ctime: %s\n", RUNNING_ON_VALGRIND ? "under valgrind" : "NOT under valgrind (no check)");
	/* a few rounds: different secrets take every data-dependent path there is */
	for (i = 0; i < 4; i++) {
		check_sr25519();
		check_ed25519();
		check_ecdsa();
		check_pbkdf2();
	}
	if (failures != 0) {
		fprintf(stderr, "ctime: %d functional failures\n", failures);
		return 1;
	}
	printf("ctime: all operations ran\n");
	return 0;
}
