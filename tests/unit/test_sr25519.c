/* sr25519 (schnorrkel, Substrate flavour) against third-party vectors, plus negative cases.
 * Vectors: /work/shared/vectors/sr25519.json (each carries its "source"):
 *  - keypair_from_seed: sp-core sr25519.rs tests, polkadot-js/wasm test/all/sr25519.js,
 *    Warchant/sr25519-crust keypair_from_seed.cpp, sr25519-donna test_check.c, subkey docs;
 *  - sign_deterministic and soft_derive_deterministic: paulmillr/scure-sr25519
 *    test/basic.test.ts (zero randomness);
 *  - verify: polkadot-js/wasm sr25519.rs, sc-cli verify.rs, polkadot-js verify.spec,
 *    sr25519-crust ds.cpp, sp-core (deprecated signatures that must fail);
 *  - derive_hard / derive_soft: polkadot-js/wasm, scure, sr25519-donna, sr25519-crust
 *    derive.cpp; key_agreement: polkadot-js/wasm sr25519.rs, scure.
 * Kinds needing mnemonic/SURI parsing (mnemonic, dev_account, derive_uri) are tested by the
 * wallet suite. The derived chain code of the deterministic soft vector is the [computed]
 * value of substrate-crypto.md §B3. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "sign/merlin.h" /* DBC_LIT */
#include "sign/ed25519.h"
#include "sign/signer.h"
#include "sign/sr25519.h"
#include "tests/unit/check.h"
#include "wallet/keypair.h"

static const uint8_t CTX[] = "substrate";
#define CTXLEN (sizeof(CTX) - 1)

static int
unhex_exact(uint8_t *out, size_t want, const char *hex, const char *what)
{
	long n = check_unhex(out, want, hex);

	CHECK(n == (long)want, "%s: want %zu bytes, got %ld", what, want, n);
	return n == (long)want;
}

/* message_hex wins (it is exact); otherwise the UTF-8 message. */
static size_t
vector_message(uint8_t *out, size_t cap, const cJSON *v)
{
	const char *h = check_jstr(v, "message_hex");
	const char *m;
	long n;

	if (*h != '\0') {
		n = check_unhex(out, cap, h);
		CHECK(n >= 0, "message_hex");
		return n < 0 ? 0 : (size_t)n;
	}
	m = check_jstr(v, "message");
	n = (long)strlen(m);
	CHECK((size_t)n <= cap, "message fits");
	if ((size_t)n > cap)
		n = (long)cap;
	memcpy(out, m, (size_t)n);
	return (size_t)n;
}

/* The parent keypair of a derivation vector: from a seed or a 96-byte canonical keypair. */
static int
parent_keypair(uint8_t secret[64], uint8_t pub[32], const cJSON *v)
{
	uint8_t seed[32], kp[96];
	const char *s = check_jstr(v, "parent_seed");

	if (*s != '\0') {
		if (!unhex_exact(seed, 32, s, "parent_seed"))
			return 0;
		CHECK_OK(dbc_sr25519_keypair_from_seed(secret, pub, seed), "parent from seed");
		if (*check_jstr(v, "parent_public") != '\0')
			CHECK_HEX(pub, 32, check_jstr(v, "parent_public"), "parent public");
		return 1;
	}
	if (!unhex_exact(kp, 96, check_jstr(v, "parent_keypair_canonical"), "parent keypair"))
		return 0;
	memcpy(secret, kp, 64);
	memcpy(pub, kp + 64, 32);
	{
		uint8_t chk[32];
		CHECK_OK(dbc_sr25519_public_from_secret(chk, secret), "parent public");
		CHECK(memcmp(chk, pub, 32) == 0, "96-byte keypair is consistent");
	}
	return 1;
}

static void
test_keypair(const cJSON *v)
{
	uint8_t seed[32], secret[64], pub[32], ed[64], back[64];
	const char *edf = check_jstr(v, "secret_ed25519_form");
	const char *can = check_jstr(v, "secret_canonical");

	if (!unhex_exact(seed, 32, check_jstr(v, "seed"), "seed"))
		return;
	CHECK_OK(dbc_sr25519_keypair_from_seed(secret, pub, seed), "keypair_from_seed");
	CHECK_HEX(pub, 32, check_jstr(v, "public"), "public from seed");
	CHECK_OK(dbc_sr25519_secret_check(secret), "expanded key is canonical");
	CHECK_OK(dbc_sr25519_secret_to_ed25519_form(ed, secret), "to ed25519 form");
	if (*edf != '\0')
		CHECK_HEX(ed, 64, edf, "secret ed25519 form");
	if (*can != '\0')
		CHECK_HEX(secret, 64, can, "secret canonical");
	CHECK_OK(dbc_sr25519_secret_from_ed25519_form(back, ed), "from ed25519 form");
	CHECK(memcmp(back, secret, 64) == 0, "ed25519 form round trip");
	CHECK_OK(dbc_sr25519_public_from_secret(back, secret), "public_from_secret");
	CHECK(memcmp(back, pub, 32) == 0, "public_from_secret matches");
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(ed, sizeof(ed));
}

static void
test_sign_deterministic(const cJSON *v)
{
	uint8_t seed[32], secret[64], pub[32], ed[64], from_ed[64], rnd[32], sig[64], msg[256];
	size_t mlen;

	if (!unhex_exact(seed, 32, check_jstr(v, "seed"), "seed") ||
	    !unhex_exact(rnd, 32, check_jstr(v, "random"), "random") ||
	    !unhex_exact(ed, 64, check_jstr(v, "secret_ed25519_form"), "secret"))
		return;
	CHECK(strcmp(check_jstr(v, "context"), "substrate") == 0, "context is substrate");
	mlen = vector_message(msg, sizeof(msg), v);
	CHECK_OK(dbc_sr25519_keypair_from_seed(secret, pub, seed), "keypair");
	CHECK_HEX(pub, 32, check_jstr(v, "public"), "public");
	/* The upstream passes the polkadot-js (ed25519-form) secret: both routes must agree. */
	CHECK_OK(dbc_sr25519_secret_from_ed25519_form(from_ed, ed), "from ed25519 form");
	CHECK(memcmp(from_ed, secret, 64) == 0, "ed25519-form secret == expanded seed");
	CHECK_OK(dbc_sr25519_sign(sig, from_ed, pub, CTX, CTXLEN, msg, mlen, rnd), "sign");
	CHECK_HEX(sig, 64, check_jstr(v, "signature"), "deterministic signature (scure)");
	CHECK(dbc_sr25519_verify(sig, pub, CTX, CTXLEN, msg, mlen) == DBC_OK, "verify it");
}

static void
test_verify_vector(const cJSON *v)
{
	uint8_t pub[32], sig[64], msg[512];
	size_t mlen;
	int want = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "valid"));
	int rc;

	if (!unhex_exact(pub, 32, check_jstr(v, "public"), "public") ||
	    !unhex_exact(sig, 64, check_jstr(v, "signature"), "signature"))
		return;
	mlen = vector_message(msg, sizeof(msg), v);
	rc = dbc_sr25519_verify(sig, pub, CTX, CTXLEN, msg, mlen);
	CHECK(rc == (want ? DBC_OK : DBC_ERR_VERIFY), "verify %s (%s): rc %d, want %s",
	      check_jstr(v, "signature"), check_jstr(v, "message"), rc, want ? "valid" : "invalid");
}

static void
test_soft_deterministic(const cJSON *v)
{
	uint8_t seed[32], secret[64], pub[32], ed[64], parent[64], rnd[32], cc[32];
	uint8_t child[64], cpub[32], ccout[32], ched[64], ppub[32];

	if (!unhex_exact(seed, 32, check_jstr(v, "parent_seed"), "seed") ||
	    !unhex_exact(ed, 64, check_jstr(v, "parent_secret_ed25519_form"), "parent secret") ||
	    !unhex_exact(cc, 32, check_jstr(v, "chain_code"), "chain code") ||
	    !unhex_exact(rnd, 32, check_jstr(v, "random"), "random"))
		return;
	CHECK_OK(dbc_sr25519_keypair_from_seed(secret, pub, seed), "keypair");
	CHECK_OK(dbc_sr25519_secret_from_ed25519_form(parent, ed), "parent from ed25519 form");
	CHECK(memcmp(parent, secret, 64) == 0, "parent secret == expanded seed");
	CHECK_OK(dbc_sr25519_derive_soft(child, cpub, ccout, parent, pub, cc, rnd), "derive_soft");
	CHECK_OK(dbc_sr25519_secret_to_ed25519_form(ched, child), "child to ed25519 form");
	CHECK_HEX(ched, 64, check_jstr(v, "derived_secret_ed25519_form"), "soft child secret");
	CHECK_HEX(cpub, 32, check_jstr(v, "derived_public"), "soft child public");
	CHECK_HEX(ccout, 32, "74d4da28ae0eaab20c591c19eba77fe88d44b3404f14a2569a9ddea536086e35",
	          "soft child chain code");
	/* cc_out may be NULL; public-only derivation gives the same key and chain code. */
	CHECK_OK(dbc_sr25519_derive_soft(child, cpub, NULL, parent, pub, cc, rnd), "cc_out NULL");
	CHECK_OK(dbc_sr25519_derive_soft_public(ppub, ccout, pub, cc), "derive_soft_public");
	CHECK(memcmp(ppub, cpub, 32) == 0, "public soft == secret soft");
	CHECK_HEX(ccout, 32, "74d4da28ae0eaab20c591c19eba77fe88d44b3404f14a2569a9ddea536086e35",
	          "public soft chain code");
	/* A pub that does not belong to the secret is refused. */
	CHECK(dbc_sr25519_derive_soft(child, cpub, NULL, parent, ppub, cc, rnd) == DBC_ERR_MISMATCH,
	      "derive_soft with a foreign pub");
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(parent, sizeof(parent));
	sodium_memzero(child, sizeof(child));
}

static void
test_derive_hard(const cJSON *v)
{
	uint8_t secret[64], pub[32], cc[32], cseed[32], child[64], cpub[32], ed[64], cc1[32];
	const char *edf = check_jstr(v, "secret_ed25519_form");

	if (!parent_keypair(secret, pub, v) ||
	    !unhex_exact(cc, 32, check_jstr(v, "chain_code"), "chain code"))
		return;
	CHECK_OK(dbc_sr25519_derive_hard(cseed, NULL, secret, cc), "derive_hard");
	CHECK_OK(dbc_sr25519_keypair_from_seed(child, cpub, cseed), "child keypair");
	CHECK_HEX(cpub, 32, check_jstr(v, "public"), "hard child public");
	if (*edf != '\0') {
		CHECK_OK(dbc_sr25519_secret_to_ed25519_form(ed, child), "ed form");
		CHECK_HEX(ed, 64, edf, "hard child secret");
	}
	CHECK_OK(dbc_sr25519_derive_hard(cseed, cc1, secret, cc), "derive_hard cc_out");
	CHECK(memcmp(cc1, cc, 32) != 0, "hard chain code output differs from input");
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(child, sizeof(child));
	sodium_memzero(cseed, sizeof(cseed));
}

static void
test_derive_soft(const cJSON *v)
{
	uint8_t secret[64], pub[32], cc[32], c1[64], c2[64], p1[32], p2[32], pp[32];

	if (!parent_keypair(secret, pub, v) ||
	    !unhex_exact(cc, 32, check_jstr(v, "chain_code"), "chain code"))
		return;
	/* OS randomness: the public key is fixed, the nonce half differs between runs. */
	CHECK_OK(dbc_sr25519_derive_soft(c1, p1, NULL, secret, pub, cc, NULL), "derive_soft 1");
	CHECK_OK(dbc_sr25519_derive_soft(c2, p2, NULL, secret, pub, cc, NULL), "derive_soft 2");
	CHECK_HEX(p1, 32, check_jstr(v, "public"), "soft child public");
	CHECK(memcmp(p1, p2, 32) == 0 && memcmp(c1, c2, 32) == 0, "same child key both runs");
	CHECK(memcmp(c1 + 32, c2 + 32, 32) != 0, "child nonce is randomized");
	CHECK_OK(dbc_sr25519_derive_soft_public(pp, NULL, pub, cc), "derive_soft_public");
	CHECK_HEX(pp, 32, check_jstr(v, "public"), "soft public-only child");
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(c1, sizeof(c1));
	sodium_memzero(c2, sizeof(c2));
}

static void
test_key_agreement(const cJSON *v)
{
	uint8_t sa[32], sb[32], ka[64], kb[64], pa[32], pb[32], s1[32], s2[32];

	if (!unhex_exact(sa, 32, check_jstr(v, "seed_a"), "seed_a") ||
	    !unhex_exact(sb, 32, check_jstr(v, "seed_b"), "seed_b"))
		return;
	CHECK_OK(dbc_sr25519_keypair_from_seed(ka, pa, sa), "keypair a");
	CHECK_OK(dbc_sr25519_keypair_from_seed(kb, pb, sb), "keypair b");
	CHECK_OK(dbc_sr25519_agree(s1, ka, pb), "agree a");
	CHECK_OK(dbc_sr25519_agree(s2, kb, pa), "agree b");
	CHECK_HEX(s1, 32, check_jstr(v, "shared_secret"), "shared secret a·B");
	CHECK_HEX(s2, 32, check_jstr(v, "shared_secret"), "shared secret b·A");
}

static void
test_dev_phrase(const cJSON *v)
{
	uint8_t seed[32], secret[64], pub[32];

	/* Only the mini-secret → public step; phrase parsing belongs to the wallet tests. */
	if (!unhex_exact(seed, 32, check_jstr(v, "mini_secret"), "mini_secret"))
		return;
	CHECK_OK(dbc_sr25519_keypair_from_seed(secret, pub, seed), "dev keypair");
	CHECK_HEX(pub, 32, check_jstr(v, "public"), "dev public");
}

/* s + l (both little-endian 256-bit); still < 2^253 for s < l. */
static void
add_group_order(uint8_t s[32])
{
	static const uint8_t l[32] = {
		0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
		0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	};
	unsigned int carry = 0, t;
	int i;

	for (i = 0; i < 32; i++) {
		t = (unsigned int)s[i] + l[i] + carry;
		s[i] = (uint8_t)t;
		carry = t >> 8;
	}
}

/* Random keys and randomness; every tampering must fail. */
static void
test_round_trip_and_negatives(void)
{
	static const uint8_t msg[] = "transfer 10 DBC";
	const size_t mlen = sizeof(msg) - 1;
	uint8_t seed[32], secret[64], pub[32], sig[64], sig2[64], bad[64], badpub[32], ed[64];
	uint8_t tmp[64];
	int i;

	randombytes_buf(seed, sizeof(seed));
	CHECK_OK(dbc_sr25519_keypair_from_seed(secret, pub, seed), "random keypair");
	CHECK_OK(dbc_sr25519_sign(sig, secret, pub, CTX, CTXLEN, msg, mlen, NULL), "sign");
	CHECK(dbc_sr25519_verify(sig, pub, CTX, CTXLEN, msg, mlen) == DBC_OK, "round trip");
	CHECK((sig[63] & 0x80) != 0, "marker bit set");
	CHECK_OK(dbc_sr25519_sign(sig2, secret, pub, CTX, CTXLEN, msg, mlen, NULL), "sign again");
	CHECK(memcmp(sig, sig2, 64) != 0, "signatures are randomized");
	CHECK(dbc_sr25519_verify(sig2, pub, CTX, CTXLEN, msg, mlen) == DBC_OK, "second verifies");
	CHECK_OK(dbc_sr25519_sign(sig2, secret, pub, CTX, CTXLEN, NULL, 0, NULL), "sign empty");
	CHECK(dbc_sr25519_verify(sig2, pub, CTX, CTXLEN, NULL, 0) == DBC_OK, "empty message");

	CHECK(dbc_sr25519_verify(sig, pub, CTX, CTXLEN, msg, mlen - 1) == DBC_ERR_VERIFY,
	      "truncated message fails");
	memcpy(tmp, msg, mlen);
	tmp[0] ^= 1;
	CHECK(dbc_sr25519_verify(sig, pub, CTX, CTXLEN, tmp, mlen) == DBC_ERR_VERIFY,
	      "tampered message fails");
	CHECK(dbc_sr25519_verify(sig, pub, DBC_LIT("substrat"), msg, mlen) == DBC_ERR_VERIFY,
	      "other signing context fails");
	for (i = 0; i < 64; i += 9) {
		memcpy(bad, sig, 64);
		bad[i] ^= 0x04;
		CHECK(dbc_sr25519_verify(bad, pub, CTX, CTXLEN, msg, mlen) == DBC_ERR_VERIFY,
		      "flipped bit in signature byte %d fails", i);
	}
	memcpy(bad, sig, 64);
	bad[63] &= 0x7f;
	CHECK(dbc_sr25519_verify(bad, pub, CTX, CTXLEN, msg, mlen) == DBC_ERR_VERIFY,
	      "missing schnorrkel marker fails");
	/* Non-canonical s: s + l is the same scalar mod l, schnorrkel's check_scalar rejects it. */
	memcpy(bad, sig, 64);
	bad[63] &= 0x7f;
	add_group_order(bad + 32);
	CHECK((bad[63] & 0x80) == 0, "s + l leaves room for the marker");
	bad[63] |= 0x80;
	CHECK(dbc_sr25519_verify(bad, pub, CTX, CTXLEN, msg, mlen) == DBC_ERR_VERIFY,
	      "non-canonical s rejected");
	/* Public keys that do not decode: all 0xff (s >= p) and a negative field element. */
	memset(badpub, 0xff, sizeof(badpub));
	CHECK(dbc_sr25519_verify(sig, badpub, CTX, CTXLEN, msg, mlen) == DBC_ERR_VERIFY,
	      "undecodable public key (ff..) rejected");
	memcpy(badpub, pub, 32);
	badpub[0] ^= 1; /* odd s: not a canonical ristretto encoding */
	CHECK(!crypto_core_ristretto255_is_valid_point(badpub), "odd encoding is invalid");
	CHECK(dbc_sr25519_verify(sig, badpub, CTX, CTXLEN, msg, mlen) == DBC_ERR_VERIFY,
	      "non-canonical public key rejected");
	memset(badpub, 0, sizeof(badpub));
	CHECK(dbc_sr25519_verify(sig, badpub, CTX, CTXLEN, msg, mlen) == DBC_ERR_VERIFY,
	      "identity public key rejected");
	/* pub with bit 255 set: libsodium 1.0.18 decodes it to the same point, schnorrkel
	 * rejects it. A signature whose transcript commits to those bytes must still fail. */
	memcpy(badpub, pub, 32);
	badpub[31] |= 0x80;
	CHECK(crypto_core_ristretto255_is_valid_point(badpub), "libsodium 1.0.18 accepts bit 255");
	CHECK(!dbc_sr25519_public_is_valid(badpub), "public_is_valid rejects bit 255");
	CHECK_OK(dbc_sr25519_sign(sig2, secret, badpub, CTX, CTXLEN, msg, mlen, NULL),
	         "sign over the non-canonical pub bytes");
	CHECK(dbc_sr25519_verify(sig2, badpub, CTX, CTXLEN, msg, mlen) == DBC_ERR_VERIFY,
	      "non-canonical public key encoding (bit 255) rejected");
	CHECK(dbc_sr25519_agree(tmp, secret, badpub) == DBC_ERR_PUBKEY, "agree: bit 255 rejected");
	CHECK(dbc_sr25519_derive_soft_public(tmp, NULL, badpub, seed) == DBC_ERR_PUBKEY,
	      "soft public derivation: bit 255 rejected");
	CHECK(dbc_sr25519_public_is_valid(pub), "public_is_valid accepts a real key");
	CHECK(dbc_sr25519_derive_soft_public(tmp, NULL, (const uint8_t *)"\xff\xff\xff\xff"
	      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
	      "\xff\xff\xff\xff\xff\xff\xff\xff", secret) == DBC_ERR_PUBKEY,
	      "soft public derivation of a bad key");
	CHECK(dbc_sr25519_agree(tmp, secret, badpub) == DBC_ERR_PUBKEY, "agree with identity");

	/* Secret validation in both layouts. */
	memcpy(bad, secret, 64);
	memset(bad, 0xff, 32);
	CHECK(dbc_sr25519_secret_check(bad) == DBC_ERR_SEED, "key >= l rejected");
	CHECK(dbc_sr25519_sign(sig2, bad, pub, CTX, CTXLEN, msg, mlen, NULL) == DBC_ERR_SEED,
	      "sign with key >= l rejected");
	CHECK(dbc_sr25519_public_from_secret(tmp, bad) == DBC_ERR_SEED, "public of key >= l");
	CHECK(dbc_sr25519_secret_to_ed25519_form(ed, bad) == DBC_ERR_SEED, "to ed form of key >= l");
	CHECK(dbc_sr25519_derive_hard(tmp, NULL, bad, seed) == DBC_ERR_SEED, "hard of key >= l");
	memset(ed, 0xff, 64); /* /8 = 2^253 - 1 > l */
	CHECK(dbc_sr25519_secret_from_ed25519_form(tmp, ed) == DBC_ERR_SEED,
	      "ed25519 form with key/8 >= l rejected");
	/* The largest canonical key l - 1 passes; l itself fails. */
	memset(bad, 0, 64);
	add_group_order(bad);
	CHECK(dbc_sr25519_secret_check(bad) == DBC_ERR_SEED, "key == l rejected");
	bad[0] -= 1;
	CHECK_OK(dbc_sr25519_secret_check(bad), "key == l - 1 accepted");

	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(seed, sizeof(seed));
}

/* libsodium 1.0.18 ignores bit 255 of a ristretto encoding (its canonicity check masks it),
 * whereas curve25519-dalek (schnorrkel) requires the encoding to re-encode byte for byte;
 * the reference adds that rule explicitly. */
static int
ref_public_valid(const uint8_t pub[32])
{
	return !sodium_is_zero(pub, 32) && (pub[31] & 0x80) == 0 &&
	       crypto_core_ristretto255_is_valid_point(pub);
}

/* Reference verifier built only from libsodium's constant-time ristretto255 API (the
 * straightforward route: s·B − k·A through encodings). dbc_sr25519_verify uses its own
 * variable-time arithmetic; the two must agree. */
static int
ref_verify(const uint8_t sig[64], const uint8_t pub[32], const uint8_t *msg, size_t mlen)
{
	dbc_merlin_t t;
	uint8_t s[32], wide[64], red[32], k[32], sB[32], kA[32], chk[32];

	if ((sig[63] & 0x80) == 0 || !ref_public_valid(pub))
		return 0;
	memcpy(s, sig + 32, 32);
	s[31] &= 0x7f;
	memset(wide, 0, sizeof(wide));
	memcpy(wide, s, 32);
	crypto_core_ristretto255_scalar_reduce(red, wide);
	if (memcmp(red, s, 32) != 0)
		return 0; /* s >= l */
	dbc_merlin_init(&t, DBC_LIT("SigningContext"));
	dbc_merlin_append(&t, DBC_LIT(""), CTX, CTXLEN);
	dbc_merlin_append(&t, DBC_LIT("sign-bytes"), msg, mlen);
	dbc_merlin_append(&t, DBC_LIT("proto-name"), DBC_LIT("Schnorr-sig"));
	dbc_merlin_append(&t, DBC_LIT("sign:pk"), pub, 32);
	dbc_merlin_append(&t, DBC_LIT("sign:R"), sig, 32);
	dbc_merlin_challenge(&t, DBC_LIT("sign:c"), wide, 64);
	crypto_core_ristretto255_scalar_reduce(k, wide);
	if (crypto_scalarmult_ristretto255(kA, k, pub) != 0 ||
	    crypto_scalarmult_ristretto255_base(sB, s) != 0 ||
	    crypto_core_ristretto255_sub(chk, sB, kA) != 0)
		return 0;
	return memcmp(chk, sig, 32) == 0;
}

/* Differential: own verification arithmetic vs the libsodium reference. */
static void
test_verify_differential(void)
{
	uint8_t seed[32], secret[64], pub[32], msg[200], sig[64], bad[64], other[32], enc[32];
	int i, j, agree = 1, valid_ok = 1, dec_agree = 1, n_valid_enc = 0;
	size_t mlen;

	for (i = 0; i < 300; i++) {
		randombytes_buf(seed, sizeof(seed));
		mlen = randombytes_uniform(sizeof(msg) + 1);
		randombytes_buf(msg, mlen);
		if (dbc_sr25519_keypair_from_seed(secret, pub, seed) != 0 ||
		    dbc_sr25519_sign(sig, secret, pub, CTX, CTXLEN, msg, mlen, NULL) != 0) {
			CHECK(0, "keypair/sign failed");
			return;
		}
		valid_ok &= dbc_sr25519_verify(sig, pub, CTX, CTXLEN, msg, mlen) == DBC_OK &&
		            ref_verify(sig, pub, msg, mlen);
		/* R replaced by another valid point; s by another canonical scalar; pub by
		 * another valid key: all must fail in both. */
		memcpy(bad, sig, 64);
		crypto_core_ristretto255_random(bad);
		agree &= (dbc_sr25519_verify(bad, pub, CTX, CTXLEN, msg, mlen) == DBC_OK) ==
		         ref_verify(bad, pub, msg, mlen);
		memcpy(bad, sig, 64);
		crypto_core_ristretto255_scalar_random(bad + 32);
		bad[63] |= 0x80;
		agree &= (dbc_sr25519_verify(bad, pub, CTX, CTXLEN, msg, mlen) == DBC_OK) ==
		         ref_verify(bad, pub, msg, mlen);
		crypto_core_ristretto255_random(other);
		agree &= (dbc_sr25519_verify(sig, other, CTX, CTXLEN, msg, mlen) == DBC_OK) ==
		         ref_verify(sig, other, msg, mlen);
	}
	CHECK(valid_ok, "300 random signatures verify in both implementations");
	CHECK(agree, "tampered signatures: both implementations agree");

	/* Point decoding against libsodium: random strings (mostly invalid), valid points,
	 * valid points with bit 255 set or negated (p - s), and the non-canonical s + p. */
	for (i = 0; i < 3000; i++) {
		randombytes_buf(enc, sizeof(enc));
		if (i % 3 == 1)
			enc[31] &= 0x7f;
		if (i % 3 == 2)
			crypto_core_ristretto255_random(enc);
		n_valid_enc += ref_public_valid(enc);
		dec_agree &= dbc_sr25519_public_is_valid(enc) == ref_public_valid(enc);
		if (i % 3 == 2) {
			uint8_t neg[32];
			unsigned int borrow = 0, d;
			static const uint8_t p[32] = {
				0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
			};
			for (j = 0; j < 32; j++) {
				d = (unsigned int)p[j] - enc[j] - borrow;
				neg[j] = (uint8_t)d;
				borrow = (d >> 8) & 1;
			}
			dec_agree &= dbc_sr25519_public_is_valid(neg) == ref_public_valid(neg);
			dec_agree &= ref_public_valid(neg) == 0;
			enc[31] |= 0x80;
			dec_agree &= dbc_sr25519_public_is_valid(enc) == 0 && !ref_public_valid(enc);
		}
	}
	for (i = 0; i < 19; i++) {
		/* s + p for s = 0..18: p = 2^255 - 19, so the encodings are 0xed+i, ff.., 7f */
		memset(enc, 0xff, 32);
		enc[31] = 0x7f;
		enc[0] = (uint8_t)(0xed + i);
		dec_agree &= dbc_sr25519_public_is_valid(enc) == ref_public_valid(enc);
		dec_agree &= !dbc_sr25519_public_is_valid(enc);
	}
	memset(enc, 0, 32);
	dec_agree &= !dbc_sr25519_public_is_valid(enc); /* identity */
	CHECK(dec_agree, "public key decoding agrees with libsodium (%d valid samples)",
	      n_valid_enc);
	CHECK(n_valid_enc > 1000, "enough valid encodings sampled (%d)", n_valid_enc);
	sodium_memzero(secret, sizeof(secret));
}


/* ---- batch verification ---------------------------------------------------------------- */

#define BMAX 140 /* more than two internal chunks of 64 */

typedef struct {
	uint8_t secret[BMAX][64], pub[BMAX][32], sig[BMAX][64], msg[BMAX][48];
	size_t mlen[BMAX];
	const uint8_t *sigp[BMAX], *pubp[BMAX], *msgp[BMAX];
} batch_t;

/* n valid signatures: by one key (shared) or one key each. */
static int
batch_fill(batch_t *b, size_t n, int shared)
{
	uint8_t seed[32];
	size_t i;

	for (i = 0; i < n; i++) {
		if (i == 0 || !shared) {
			randombytes_buf(seed, sizeof(seed));
			if (dbc_sr25519_keypair_from_seed(b->secret[i], b->pub[i], seed) != DBC_OK)
				return 0;
		} else {
			memcpy(b->secret[i], b->secret[0], 64);
			memcpy(b->pub[i], b->pub[0], 32);
		}
		b->mlen[i] = randombytes_uniform(sizeof(b->msg[i]) + 1);
		randombytes_buf(b->msg[i], b->mlen[i]);
		if (dbc_sr25519_sign(b->sig[i], b->secret[i], b->pub[i], CTX, CTXLEN, b->msg[i],
		                     b->mlen[i], NULL) != DBC_OK)
			return 0;
		b->sigp[i] = b->sig[i];
		b->pubp[i] = b->pub[i];
		b->msgp[i] = b->msg[i];
	}
	return 1;
}

static int
batch_verify(const batch_t *b, size_t n, int shared)
{
	return dbc_sr25519_verify_batch(b->sigp, b->pubp, shared ? 1 : n, CTX, CTXLEN, b->msgp,
	                                b->mlen, n);
}

/* One tampering of signature i (kinds 0..6); the single verification must reject it. */
static void
batch_tamper(batch_t *b, size_t i, int kind)
{
	uint8_t seed[32], sk[64];

	switch (kind) {
	case 0: /* another canonical s */
		crypto_core_ristretto255_scalar_random(b->sig[i] + 32);
		b->sig[i][63] |= 0x80;
		break;
	case 1: /* marker bit cleared */
		b->sig[i][63] &= 0x7f;
		break;
	case 2: /* s + l: the same value mod l, non-canonical */
		b->sig[i][63] &= 0x7f;
		add_group_order(b->sig[i] + 32);
		b->sig[i][63] |= 0x80;
		break;
	case 3: /* R not decodable: negative field element (low bit set) */
		b->sig[i][0] |= 1;
		break;
	case 4: /* R another valid point */
		crypto_core_ristretto255_random(b->sig[i]);
		break;
	case 5: /* another message */
		b->msg[i][0] ^= 1;
		if (b->mlen[i] == 0)
			b->mlen[i] = 1;
		break;
	default: /* another (valid) key: given for this signature alone */
		randombytes_buf(seed, sizeof(seed));
		if (dbc_sr25519_keypair_from_seed(sk, b->pub[i], seed) != DBC_OK)
			CHECK(0, "keypair");
		sodium_memzero(sk, sizeof(sk));
		break;
	}
}

static void
test_verify_batch(void)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 17, 64, 65, 129, BMAX };
	static batch_t b; /* ~30 KiB: off the stack */
	uint8_t keep[64], other[32];
	size_t k, i, n;
	int shared, kind, ok_all = 1, bad_all = 1, agree = 1, n_bad = 0, n_good = 0, trial;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		for (shared = 0; shared < 2; shared++) {
			n = sizes[k];
			if (!batch_fill(&b, n, shared)) {
				CHECK(0, "batch_fill");
				return;
			}
			CHECK(batch_verify(&b, n, shared) == DBC_OK, "valid batch of %zu (%s key)",
			      n, shared ? "one" : "own");
		}

	/* One bad signature, at every position, of every kind: the batch fails. Positions
	 * cover both ends of the internal chunks (0, 63, 64, 127, 128, n-1). */
	for (shared = 0; shared < 2; shared++) {
		n = BMAX;
		if (!batch_fill(&b, n, shared)) {
			CHECK(0, "batch_fill");
			return;
		}
		for (i = 0; i < n; i++) {
			kind = (int)(i % 7);
			if (shared && kind == 6) {
				/* "wrong pub" with one shared key: the whole batch claims another
				 * key (tested below); here: another message */
				kind = 5;
			}
			memcpy(keep, b.sig[i], 64);
			memcpy(other, b.pub[i], 32);
			{
				uint8_t m0 = b.msg[i][0];
				size_t ml = b.mlen[i];

				batch_tamper(&b, i, kind);
				if (shared)
					memcpy(b.pub[i], b.pub[0], 32); /* unused anyway */
				bad_all &= dbc_sr25519_verify(b.sig[i], shared ? b.pub[0] : b.pub[i],
				                              CTX, CTXLEN, b.msg[i], b.mlen[i]) != DBC_OK;
				bad_all &= batch_verify(&b, n, shared) == DBC_ERR_VERIFY;
				b.msg[i][0] = m0;
				b.mlen[i] = ml;
			}
			memcpy(b.sig[i], keep, 64);
			memcpy(b.pub[i], other, 32);
		}
		ok_all &= batch_verify(&b, n, shared) == DBC_OK;
		/* the shared key replaced by another: every signature is wrong */
		memcpy(other, b.pub[0], 32);
		batch_tamper(&b, 0, 6);
		bad_all &= batch_verify(&b, n, 1) == DBC_ERR_VERIFY;
		memcpy(b.pub[0], other, 32);
		/* the identity as key */
		memset(b.pub[0], 0, 32);
		bad_all &= batch_verify(&b, 2, 1) == DBC_ERR_VERIFY;
		memcpy(b.pub[0], other, 32);
	}
	CHECK(ok_all, "batches verify again once restored");
	CHECK(bad_all, "one bad signature at each of %d positions (7 kinds), another shared key, "
	      "the identity key: the batch fails", BMAX);

	/* Two wrong signatures whose errors cancel in an unweighted sum (s_0 + d, s_1 − d):
	 * only random weights catch them. */
	if (batch_fill(&b, 2, 1)) {
		uint8_t d[32], s0[32], s1[32];

		crypto_core_ristretto255_scalar_random(d);
		memcpy(s0, b.sig[0] + 32, 32);
		s0[31] &= 0x7f;
		memcpy(s1, b.sig[1] + 32, 32);
		s1[31] &= 0x7f;
		crypto_core_ristretto255_scalar_add(s0, s0, d);
		crypto_core_ristretto255_scalar_sub(s1, s1, d);
		memcpy(b.sig[0] + 32, s0, 32);
		memcpy(b.sig[1] + 32, s1, 32);
		b.sig[0][63] |= 0x80;
		b.sig[1][63] |= 0x80;
		/* with equal messages and R the unweighted sums would match exactly */
		CHECK(batch_verify(&b, 2, 1) == DBC_ERR_VERIFY, "errors that cancel in a plain sum");
	}
	CHECK(dbc_sr25519_verify_batch(b.sigp, b.pubp, 2, CTX, CTXLEN, b.msgp, b.mlen, 3) ==
	      DBC_ERR_INTERNAL, "npubs neither 1 nor n");

	/* Differential against the single verification: batches of 1..8 where each signature
	 * is tampered with probability 1/6; the batch passes iff every single one does. */
	for (trial = 0; trial < 700; trial++) {
		int want = 1;

		n = 1 + randombytes_uniform(8);
		shared = (int)randombytes_uniform(2);
		if (!batch_fill(&b, n, shared)) {
			CHECK(0, "batch_fill");
			return;
		}
		for (i = 0; i < n; i++)
			if (randombytes_uniform(6) == 0)
				batch_tamper(&b, i, (int)randombytes_uniform(shared ? 6 : 7));
		for (i = 0; i < n; i++)
			want &= dbc_sr25519_verify(b.sig[i], b.pub[shared ? 0 : i], CTX, CTXLEN,
			                           b.msg[i], b.mlen[i]) == DBC_OK;
		agree &= (batch_verify(&b, n, shared) == DBC_OK) == want;
		n_good += want;
		n_bad += !want;
	}
	CHECK(agree, "700 random batches agree with single verification (%d all valid, %d not)",
	      n_good, n_bad);
	CHECK(n_good > 100 && n_bad > 100, "both outcomes sampled");
	sodium_memzero(&b, sizeof(b));
}

/* Published verify vectors, each in a batch with a fresh valid signature (so the
 * multi-scalar path runs, n >= 2): same verdict as the vector; all valid ones together. */
static batch_t vb;
static size_t vb_n;

static void
test_verify_vector_batch(const cJSON *v)
{
	batch_t one;
	uint8_t pub[32], sig[64], msg[512];
	size_t mlen;
	int want = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "valid"));
	const uint8_t *sp[2], *pp[2], *mp[2];
	size_t ml[2];
	int rc;

	if (!unhex_exact(pub, 32, check_jstr(v, "public"), "public") ||
	    !unhex_exact(sig, 64, check_jstr(v, "signature"), "signature"))
		return;
	mlen = vector_message(msg, sizeof(msg), v);
	if (!batch_fill(&one, 1, 0)) {
		CHECK(0, "batch_fill");
		return;
	}
	sp[0] = one.sig[0];
	pp[0] = one.pub[0];
	mp[0] = one.msg[0];
	ml[0] = one.mlen[0];
	sp[1] = sig;
	pp[1] = pub;
	mp[1] = msg;
	ml[1] = mlen;
	rc = dbc_sr25519_verify_batch(sp, pp, 2, CTX, CTXLEN, mp, ml, 2);
	CHECK(rc == (want ? DBC_OK : DBC_ERR_VERIFY), "batch verify %s: rc %d, want %s",
	      check_jstr(v, "signature"), rc, want ? "valid" : "invalid");
	if (want && vb_n < BMAX && mlen <= sizeof(vb.msg[0])) {
		memcpy(vb.sig[vb_n], sig, 64);
		memcpy(vb.pub[vb_n], pub, 32);
		memcpy(vb.msg[vb_n], msg, mlen);
		vb.mlen[vb_n] = mlen;
		vb.sigp[vb_n] = vb.sig[vb_n];
		vb.pubp[vb_n] = vb.pub[vb_n];
		vb.msgp[vb_n] = vb.msg[vb_n];
		vb_n++;
	}
	sodium_memzero(&one, sizeof(one));
}


/* ---- the signer seam's batch path (sign/signer.c) ------------------------------------- */

/* A key source that signs correctly except for call number bad_at (0-based), whose
 * signature has a wrong s (a faulty device or a bug): the batch must catch it. */
typedef struct {
	uint8_t secret[64], pub[32];
	int calls, bad_at, fail_at;
} faulty_t;

static int
faulty_sign(void *ctx, const uint8_t *msg, size_t msglen, uint8_t sig[DBC_SIG_MAX],
            size_t *siglen)
{
	faulty_t *f = ctx;
	int call = f->calls++;

	if (call == f->fail_at)
		return DBC_ERR_REJECTED;
	if (dbc_sr25519_sign(sig, f->secret, f->pub, CTX, CTXLEN, msg, msglen, NULL) != DBC_OK)
		return DBC_ERR_INTERNAL;
	if (call == f->bad_at)
		sig[40] ^= 1;
	*siglen = 64;
	return DBC_OK;
}

static const dbc_signer_ops_t faulty_ops = { "faulty", faulty_sign, NULL };

static void
test_signer_batch(void)
{
	static faulty_t f;
	static uint8_t sigs[150][DBC_SIG_MAX], msgbuf[150][8];
	const uint8_t *msgs[150];
	size_t lens[150], siglens[150], failed, i, n = 150;
	dbc_signer_t *s = NULL;
	uint8_t seed[32];
	int ok = 1, bad_at, rc;

	randombytes_buf(seed, sizeof(seed));
	if (dbc_sr25519_keypair_from_seed(f.secret, f.pub, seed) != DBC_OK ||
	    dbc_signer_new(&s, DBC_SR25519, f.pub, 32, DBC_SIGNER_CAN_RAW, &faulty_ops, &f) !=
	        DBC_OK) {
		CHECK(0, "faulty signer");
		return;
	}
	for (i = 0; i < n; i++) {
		memcpy(msgbuf[i], "msg ", 4);
		msgbuf[i][4] = (uint8_t)('0' + i % 10);
		msgs[i] = msgbuf[i];
		lens[i] = 5;
	}
	f.bad_at = f.fail_at = -1;
	f.calls = 0;
	rc = dbc_signer_sign_batch(s, msgs, lens, n, sigs, siglens, &failed);
	CHECK(rc == DBC_OK, "signer batch of %zu: rc %d", n, rc);
	for (i = 0; i < n; i++)
		ok &= siglens[i] == 64 &&
		      dbc_sr25519_verify(sigs[i], f.pub, CTX, CTXLEN, msgs[i], lens[i]) == DBC_OK;
	CHECK(ok, "every signature of the batch verifies on its own");
	CHECK(dbc_signer_sign_batch(s, msgs, lens, 0, sigs, siglens, &failed) == DBC_OK,
	      "empty batch");

	/* A bad signature at the start, the end, inside the second and third group of 64:
	 * DBC_ERR_INTERNAL naming it; the ones before it stay, the rest are wiped. */
	for (bad_at = 0; bad_at < (int)n; bad_at += (bad_at < 60 ? 61 : 20)) {
		f.bad_at = bad_at;
		f.calls = 0;
		rc = dbc_signer_sign_batch(s, msgs, lens, n, sigs, siglens, &failed);
		ok = rc == DBC_ERR_INTERNAL && failed == (size_t)bad_at;
		for (i = 0; ok && i < n; i++)
			ok = i < (size_t)bad_at ? siglens[i] == 64 &&
			                              dbc_sr25519_verify(sigs[i], f.pub, CTX, CTXLEN,
			                                                 msgs[i], lens[i]) == DBC_OK
			                        : siglens[i] == 0 && sodium_is_zero(sigs[i], DBC_SIG_MAX);
		CHECK(ok, "bad signature %d of %zu caught and named (rc %d, failed %zu)", bad_at,
		      n, rc, failed);
	}
	/* The source refuses message 100: its error, and 0..99 signed and verified. */
	f.bad_at = -1;
	f.fail_at = 100;
	f.calls = 0;
	rc = dbc_signer_sign_batch(s, msgs, lens, n, sigs, siglens, &failed);
	CHECK(rc == DBC_ERR_REJECTED && failed == 100 && siglens[99] == 64 && siglens[100] == 0,
	      "a refused message: the source's error, the ones before it kept");
	/* Both: a bad signature before the refusal is reported first. */
	f.bad_at = 7;
	f.calls = 0;
	rc = dbc_signer_sign_batch(s, msgs, lens, n, sigs, siglens, &failed);
	CHECK(rc == DBC_ERR_INTERNAL && failed == 7, "bad signature before a refusal");
	dbc_signer_free(&s);
	sodium_memzero(&f, sizeof(f));
}

/* The software signer of each scheme through the batch path; ed25519 signs with the stored
 * seed || public (dbc_ed25519_sign_sk), which must equal signing from the seed. */
static void
test_keypair_batch(void)
{
	static const dbc_scheme_t schemes[] = { DBC_SR25519, DBC_ED25519, DBC_ECDSA };
	static uint8_t sigs[70][DBC_SIG_MAX];
	const uint8_t *msgs[70];
	size_t lens[70], siglens[70], failed, i, k, publen;
	uint8_t seed[32], sig1[64], sig2[64], sk[64], pub[32];
	dbc_keypair_t *kp;
	dbc_signer_t *s;
	const uint8_t *pk;
	int ok;

	for (i = 0; i < 70; i++) {
		msgs[i] = (const uint8_t *)"batch message";
		lens[i] = 1 + i % 13;
	}
	for (k = 0; k < 3; k++) {
		randombytes_buf(seed, sizeof(seed));
		seed[0] = 1; /* a valid secp256k1 scalar in practice */
		s = NULL;
		if ((kp = dbc_keypair_new()) == NULL ||
		    dbc_keypair_from_seed(kp, schemes[k], seed) != DBC_OK ||
		    dbc_keypair_signer(&s, kp) != DBC_OK) {
			CHECK(0, "keypair signer %zu", k);
			dbc_keypair_free(&kp);
			continue;
		}
		dbc_keypair_free(&kp);
		ok = dbc_signer_sign_batch(s, msgs, lens, 70, sigs, siglens, &failed) == DBC_OK;
		pk = dbc_signer_public(s, &publen);
		for (i = 0; ok && i < 70; i++)
			ok = dbc_verify(schemes[k], pk, publen, msgs[i], lens[i], sigs[i],
			                siglens[i]) == DBC_OK;
		CHECK(ok, "%s software signer: batch of 70 signed and verifying",
		      dbc_scheme_name(schemes[k]));
		dbc_signer_free(&s);
	}
	randombytes_buf(seed, sizeof(seed));
	CHECK(dbc_ed25519_public_from_seed(pub, seed) == DBC_OK, "ed25519 key");
	memcpy(sk, seed, 32);
	memcpy(sk + 32, pub, 32);
	CHECK(dbc_ed25519_sign(sig1, seed, msgs[0], 9) == DBC_OK &&
	      dbc_ed25519_sign_sk(sig2, sk, msgs[0], 9) == DBC_OK && memcmp(sig1, sig2, 64) == 0,
	      "ed25519: signing with seed||public equals signing with the seed");
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seed, sizeof(seed));
}

int
main(void)
{
	cJSON *j;
	const cJSON *v;
	int n_verify = 0, n_valid = 0, n_invalid = 0, n_kp = 0, n_other = 0;

	check_init("test_sr25519");
	if (sodium_init() < 0) {
		CHECK(0, "sodium_init");
		return check_done();
	}
	test_round_trip_and_negatives();
	test_verify_differential();
	test_verify_batch();
	test_signer_batch();
	test_keypair_batch();
	j = check_load_shared_json("vectors/sr25519.json");
	if (j != NULL) {
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
			const char *kind = check_jstr(v, "kind");

			if (strcmp(kind, "keypair_from_seed") == 0) {
				test_keypair(v);
				n_kp++;
			} else if (strcmp(kind, "sign_deterministic") == 0) {
				test_sign_deterministic(v);
				n_other++;
			} else if (strcmp(kind, "verify") == 0) {
				test_verify_vector(v);
				test_verify_vector_batch(v);
				n_verify++;
				if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "valid")))
					n_valid++;
				else
					n_invalid++;
			} else if (strcmp(kind, "soft_derive_deterministic") == 0) {
				test_soft_deterministic(v);
				n_other++;
			} else if (strcmp(kind, "derive_hard") == 0) {
				test_derive_hard(v);
				n_other++;
			} else if (strcmp(kind, "derive_soft") == 0) {
				test_derive_soft(v);
				n_other++;
			} else if (strcmp(kind, "key_agreement") == 0) {
				test_key_agreement(v);
				n_other++;
			} else if (strcmp(kind, "dev_phrase") == 0) {
				test_dev_phrase(v);
				n_other++;
			}
		}
		/* Guard against a silently emptied vector file. */
		CHECK(n_kp >= 7 && n_verify >= 15 && n_valid >= 10 && n_invalid >= 4 && n_other >= 8,
		      "vector counts: keypair %d verify %d (%d valid, %d invalid) other %d", n_kp,
		      n_verify, n_valid, n_invalid, n_other);
		CHECK(vb_n >= 5 && dbc_sr25519_verify_batch(vb.sigp, vb.pubp, vb_n, CTX, CTXLEN,
		                                            vb.msgp, vb.mlen, vb_n) == DBC_OK,
		      "the %zu valid published signatures (short messages) as one batch", vb_n);
		cJSON_Delete(j);
	}
	return check_done();
}
