/* Differential fuzz target: sign with dbcsign, verify by an independent path.
 *
 * Input: byte 0 picks the scheme, bytes 1..32 are the seed, the rest is the message.
 * dbcsign makes the key (dbc_keypair_from_seed) and signs through its signer seam
 * (dbc_signer_sign, which already self-verifies). Then, without dbcsign's code:
 *  - ed25519: libsodium derives the key from the seed (same public key) and signs the message
 *    (Ed25519 is deterministic: same signature bytes); crypto_sign_verify_detached accepts it.
 *  - ecdsa: libsecp256k1 directly. The seed is a valid key iff ec_seckey_verify says so; the
 *    compressed public key matches; blake2b-256(msg) (libsodium) signed with the default
 *    RFC 6979 nonce gives the same r‖s‖v; ecdsa_verify accepts it, recovery gives the key.
 *  - sr25519: the mini-secret is expanded here (SHA-512, clamp, divide by the cofactor, as
 *    schnorrkel's ExpandEd25519) and the public key compared; the signature is checked by a
 *    second formulation written in this file from the schnorrkel/Merlin/STROBE-128 specs
 *    (own Keccak-f[1600], STROBE, Merlin transcript "SigningContext" / "substrate" /
 *    "sign-bytes" / "Schnorr-sig" / sign:pk / sign:R / sign:c) using libsodium's ristretto255
 *    arithmetic: R' = s·B − k·A must equal R.
 * Then one bit of the signature, and separately one bit of the message, is flipped: both
 * dbc_verify and the independent verifier must refuse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include "sign/signer.h"
#include "wallet/keypair.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- Keccak-f[1600] (FIPS 202 §3), lanes little-endian ---- */
static const uint64_t keccak_rc[24] = {
	0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
	0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
	0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
	0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
	0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
	0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL
};

static uint64_t
rol64(uint64_t x, unsigned n)
{
	return n == 0 ? x : (x << n) | (x >> (64 - n));
}

/* ρ offsets r[x][y] and the π step B[y][2x+3y] = rot(A[x][y]) written out from the spec. */
static void
keccak_f(uint8_t st[200])
{
	static const unsigned rho[5][5] = {
		{ 0, 36, 3, 41, 18 }, { 1, 44, 10, 45, 2 }, { 62, 6, 43, 15, 61 },
		{ 28, 55, 25, 21, 56 }, { 27, 20, 39, 8, 14 }
	};
	uint64_t a[5][5], b[5][5], c[5], d[5];
	int x, y, i, round;

	for (y = 0; y < 5; y++)
		for (x = 0; x < 5; x++) {
			uint64_t v = 0;
			for (i = 7; i >= 0; i--)
				v = (v << 8) | st[8 * (x + 5 * y) + i];
			a[x][y] = v;
		}
	for (round = 0; round < 24; round++) {
		for (x = 0; x < 5; x++)
			c[x] = a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4];
		for (x = 0; x < 5; x++)
			d[x] = c[(x + 4) % 5] ^ rol64(c[(x + 1) % 5], 1);
		for (x = 0; x < 5; x++)
			for (y = 0; y < 5; y++)
				a[x][y] ^= d[x];
		for (x = 0; x < 5; x++)
			for (y = 0; y < 5; y++)
				b[y][(2 * x + 3 * y) % 5] = rol64(a[x][y], rho[x][y]);
		for (x = 0; x < 5; x++)
			for (y = 0; y < 5; y++)
				a[x][y] = b[x][y] ^ (~b[(x + 1) % 5][y] & b[(x + 2) % 5][y]);
		a[0][0] ^= keccak_rc[round];
	}
	for (y = 0; y < 5; y++)
		for (x = 0; x < 5; x++)
			for (i = 0; i < 8; i++)
				st[8 * (x + 5 * y) + i] = (uint8_t)(a[x][y] >> (8 * i));
}

/* ---- STROBE-128 as Merlin uses it (rate 166; flags I=1 A=2 C=4 T=8 M=16 K=32) ---- */
#define STROBE_R 166
typedef struct {
	uint8_t st[200];
	uint8_t pos, pos_begin, cur_flags;
} strobe_t;

static void
strobe_run_f(strobe_t *s)
{
	s->st[s->pos] ^= s->pos_begin;
	s->st[s->pos + 1] ^= 0x04;
	s->st[STROBE_R + 1] ^= 0x80;
	keccak_f(s->st);
	s->pos = 0;
	s->pos_begin = 0;
}

static void
strobe_absorb(strobe_t *s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		s->st[s->pos++] ^= p[i];
		if (s->pos == STROBE_R)
			strobe_run_f(s);
	}
}

static void
strobe_squeeze(strobe_t *s, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i] = s->st[s->pos];
		s->st[s->pos++] = 0;
		if (s->pos == STROBE_R)
			strobe_run_f(s);
	}
}

static void
strobe_begin_op(strobe_t *s, uint8_t flags, int more)
{
	uint8_t hdr[2];

	if (more) {
		if (flags != s->cur_flags)
			abort();
		return;
	}
	hdr[0] = s->pos_begin;
	hdr[1] = flags;
	s->pos_begin = (uint8_t)(s->pos + 1);
	s->cur_flags = flags;
	strobe_absorb(s, hdr, 2);
	if ((flags & (4 | 32)) != 0 && s->pos != 0)
		strobe_run_f(s);
}

static void
strobe_init(strobe_t *s, const char *proto)
{
	static const uint8_t head[6] = { 1, STROBE_R + 2, 1, 0, 1, 96 };

	memset(s, 0, sizeof(*s));
	memcpy(s->st, head, 6);
	memcpy(s->st + 6, "STROBEv1.0.2", 12);
	keccak_f(s->st);
	strobe_begin_op(s, 16 | 2, 0); /* meta-AD of the protocol label */
	strobe_absorb(s, (const uint8_t *)proto, strlen(proto));
}

/* ---- Merlin transcripts ---- */
static void
merlin_append(strobe_t *s, const char *label, const uint8_t *msg, size_t n)
{
	uint8_t len[4] = { (uint8_t)n, (uint8_t)(n >> 8), (uint8_t)(n >> 16), (uint8_t)(n >> 24) };

	strobe_begin_op(s, 16 | 2, 0);
	strobe_absorb(s, (const uint8_t *)label, strlen(label));
	strobe_begin_op(s, 16 | 2, 1);
	strobe_absorb(s, len, 4);
	strobe_begin_op(s, 2, 0);
	strobe_absorb(s, msg, n);
}

static void
merlin_challenge(strobe_t *s, const char *label, uint8_t *out, size_t n)
{
	uint8_t len[4] = { (uint8_t)n, (uint8_t)(n >> 8), (uint8_t)(n >> 16), (uint8_t)(n >> 24) };

	strobe_begin_op(s, 16 | 2, 0);
	strobe_absorb(s, (const uint8_t *)label, strlen(label));
	strobe_begin_op(s, 16 | 2, 1);
	strobe_absorb(s, len, 4);
	strobe_begin_op(s, 1 | 2 | 4, 0);
	strobe_squeeze(s, out, n);
}

static void
merlin_new(strobe_t *s, const char *label)
{
	strobe_init(s, "Merlin v1.0");
	merlin_append(s, "dom-sep", (const uint8_t *)label, strlen(label));
}

/* schnorrkel verify with signing_context(b"substrate").bytes(msg). 0 = valid. */
static int
indep_sr25519_verify(const uint8_t sig[64], const uint8_t pub[32], const uint8_t *msg, size_t n)
{
	strobe_t t;
	uint8_t s[32], wide[64], k[32], sb[32], ka[32], r2[32];

	if ((sig[63] & 0x80) == 0)
		return -1; /* not marked as a schnorrkel signature */
	memcpy(s, sig + 32, 32);
	s[31] &= 0x7f;
	/* s must be canonical: reducing it must not change it */
	memset(wide, 0, sizeof(wide));
	memcpy(wide, s, 32);
	crypto_core_ristretto255_scalar_reduce(k, wide);
	if (sodium_memcmp(k, s, 32) != 0)
		return -1;
	if (crypto_core_ristretto255_is_valid_point(pub) != 1)
		return -1;
	merlin_new(&t, "SigningContext");
	merlin_append(&t, "", (const uint8_t *)"substrate", 9);
	merlin_append(&t, "sign-bytes", msg, n);
	merlin_append(&t, "proto-name", (const uint8_t *)"Schnorr-sig", 11);
	merlin_append(&t, "sign:pk", pub, 32);
	merlin_append(&t, "sign:R", sig, 32);
	merlin_challenge(&t, "sign:c", wide, 64);
	crypto_core_ristretto255_scalar_reduce(k, wide);
	/* R' = s·B − k·A */
	if (crypto_scalarmult_ristretto255_base(sb, s) != 0)
		return -1;
	if (crypto_scalarmult_ristretto255(ka, k, pub) != 0)
		return -1;
	if (crypto_core_ristretto255_sub(r2, sb, ka) != 0)
		return -1;
	return sodium_memcmp(r2, sig, 32) == 0 ? 0 : -1;
}

/* schnorrkel MiniSecretKey::expand(ExpandEd25519) → public key. */
static void
indep_sr25519_public(uint8_t pub[32], const uint8_t seed[32])
{
	uint8_t h[64], key[32];
	int i;

	crypto_hash_sha512(h, seed, 32);
	memcpy(key, h, 32);
	key[0] &= 248;
	key[31] &= 63;
	key[31] |= 64;
	/* divide the 256-bit little-endian number by 8 (the cofactor) */
	for (i = 0; i < 31; i++)
		key[i] = (uint8_t)((key[i] >> 3) | (key[i + 1] << 5));
	key[31] >>= 3;
	if (crypto_scalarmult_ristretto255_base(pub, key) != 0)
		abort();
	sodium_memzero(h, sizeof(h));
	sodium_memzero(key, sizeof(key));
}

/* The independent verifier must itself be right, not merely agree with dbcsign: once per
 * process it checks published vectors (shared/vectors/sr25519.json):
 * - "sign_deterministic", paulmillr/scure-sr25519 test/basic.test.ts @ 51c59c6: seed → public,
 *   and its signature of "this is a message" verifies;
 * - "verify", polkadot-js/wasm sr25519.rs @ 8bf7e88: //Alice's signature verifies. */
static void
unhex(uint8_t *out, const char *h)
{
	size_t i, n = strlen(h) / 2;

	for (i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			abort();
		out[i] = (uint8_t)v;
	}
}

static void
self_test(void)
{
	static int done;
	static const char m2[] = "I hereby verify that I control 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	uint8_t seed[32], pub[32], pk[32], sig[64];

	if (done)
		return;
	done = 1;
	unhex(seed, "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e");
	unhex(pub, "46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a");
	unhex(sig, "dc4831339346dc294d21dd6efa22c078b6eb6602a30fb9c67540c1fb4e20936e"
	           "17489f36dbe14aec6d2b1e56d979f7b420ca34143aca1691db0bab9535c49a86");
	indep_sr25519_public(pk, seed);
	if (memcmp(pk, pub, 32) != 0 ||
	    indep_sr25519_verify(sig, pub, (const uint8_t *)"this is a message", 17) != 0)
		abort();
	sig[5] ^= 1;
	if (indep_sr25519_verify(sig, pub, (const uint8_t *)"this is a message", 17) == 0)
		abort();
	unhex(pub, "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
	unhex(sig, "1037eb7e51613d0dcf5930ae518819c87d655056605764840d9280984e1b7063"
	           "c4566b55bf292fcab07b369d01095879b50517beca4d26e6a65866e25fec0d83");
	if (indep_sr25519_verify(sig, pub, (const uint8_t *)m2, sizeof(m2) - 1) != 0)
		abort();
}

static secp256k1_context *
secp(void)
{
	static secp256k1_context *ctx;

	if (ctx == NULL && (ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE)) == NULL)
		abort();
	return ctx;
}

/* 0 if the independent path agrees with dbcsign's key and signature, and accepts it. */
static int
indep_verify(dbc_scheme_t scheme, const uint8_t seed[32], const uint8_t *pub, size_t publen,
             const uint8_t *msg, size_t n, const uint8_t *sig, size_t siglen, int exact)
{
	switch (scheme) {
	case DBC_ED25519: {
		uint8_t pk[32], sk[64], s2[64];

		if (publen != 32 || siglen != 64)
			return -1;
		if (exact) {
			if (crypto_sign_seed_keypair(pk, sk, seed) != 0 || memcmp(pk, pub, 32) != 0)
				abort();
			if (crypto_sign_detached(s2, NULL, msg, n, sk) != 0 || memcmp(s2, sig, 64) != 0)
				abort(); /* deterministic: the same bytes */
			sodium_memzero(sk, sizeof(sk));
		}
		return crypto_sign_verify_detached(sig, msg, n, pub);
	}
	case DBC_ECDSA: {
		secp256k1_pubkey pk, rec;
		secp256k1_ecdsa_signature plain;
		secp256k1_ecdsa_recoverable_signature rs;
		uint8_t hash[32], ser[33], compact[64];
		size_t serlen = 33;
		int recid;

		if (publen != 33 || siglen != 65)
			return -1;
		crypto_generichash(hash, 32, msg, n, NULL, 0);
		if (exact) {
			if (!secp256k1_ec_pubkey_create(secp(), &pk, seed) ||
			    !secp256k1_ec_pubkey_serialize(secp(), ser, &serlen, &pk, SECP256K1_EC_COMPRESSED) ||
			    memcmp(ser, pub, 33) != 0)
				abort();
			if (!secp256k1_ecdsa_sign_recoverable(secp(), &rs, hash, seed, NULL, NULL) ||
			    !secp256k1_ecdsa_recoverable_signature_serialize_compact(secp(), compact, &recid, &rs) ||
			    memcmp(compact, sig, 64) != 0 || sig[64] != (uint8_t)recid)
				abort(); /* RFC 6979: the same r, s and v */
		}
		if (sig[64] > 3)
			return -1;
		if (!secp256k1_ec_pubkey_parse(secp(), &pk, pub, 33) ||
		    !secp256k1_ecdsa_signature_parse_compact(secp(), &plain, sig))
			return -1;
		if (secp256k1_ecdsa_signature_normalize(secp(), NULL, &plain))
			return -1; /* high s: Substrate signs low-s only */
		if (!secp256k1_ecdsa_verify(secp(), &plain, hash, &pk))
			return -1;
		if (!secp256k1_ecdsa_recoverable_signature_parse_compact(secp(), &rs, sig, sig[64]) ||
		    !secp256k1_ecdsa_recover(secp(), &rec, &rs, hash) ||
		    !secp256k1_ec_pubkey_serialize(secp(), ser, &serlen, &rec, SECP256K1_EC_COMPRESSED) ||
		    memcmp(ser, pub, 33) != 0)
			return -1;
		return 0;
	}
	default: {
		uint8_t pk[32];

		if (publen != 32 || siglen != 64)
			return -1;
		if (exact) {
			indep_sr25519_public(pk, seed);
			if (memcmp(pk, pub, 32) != 0)
				abort();
		}
		return indep_sr25519_verify(sig, pub, msg, n);
	}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dbc_keypair_t *kp;
	dbc_signer_t *s = NULL;
	dbc_scheme_t scheme;
	uint8_t seed[32], sig[DBC_SIG_MAX], *msg;
	size_t siglen = 0, n, bit;
	int rc, secp_ok;

	fuzz_init();
	self_test();
	if (size < 33 || size > 4096)
		return 0;
	scheme = (dbc_scheme_t)(data[0] % 3);
	memcpy(seed, data + 1, 32);
	n = size - 33;
	if ((msg = malloc(n ? n : 1)) == NULL)
		return 0;
	memcpy(msg, data + 33, n);
	if ((kp = dbc_keypair_new()) == NULL)
		abort();
	rc = dbc_keypair_from_seed(kp, scheme, seed);
	if (scheme == DBC_ECDSA) {
		secp_ok = secp256k1_ec_seckey_verify(secp(), seed);
		if ((rc == DBC_OK) != (secp_ok == 1))
			abort(); /* both agree on which scalars are keys */
	} else if (rc != DBC_OK) {
		abort(); /* every 32-byte seed is a key for sr25519 and ed25519 */
	}
	if (rc != DBC_OK)
		goto out;
	if (dbc_keypair_signer(&s, kp) != DBC_OK)
		abort();
	if (dbc_signer_sign(s, msg, n, sig, &siglen) != DBC_OK)
		abort();
	if (siglen != dbc_scheme_siglen(scheme))
		abort();
	if (indep_verify(scheme, seed, kp->pub, kp->publen, msg, n, sig, siglen, 1) != 0)
		abort(); /* the independent verifier refuses what dbcsign signed */
	/* one flipped signature bit: both refuse */
	bit = (n > 0 ? msg[0] : data[1]) % (siglen * 8);
	sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	if (dbc_verify(scheme, kp->pub, kp->publen, msg, n, sig, siglen) == DBC_OK ||
	    indep_verify(scheme, seed, kp->pub, kp->publen, msg, n, sig, siglen, 0) == 0)
		abort();
	sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	/* one flipped message bit: both refuse (a zero-length message has none) */
	if (n > 0) {
		bit = data[2] % (n * 8 < 4096 ? n * 8 : 4096);
		msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (dbc_verify(scheme, kp->pub, kp->publen, msg, n, sig, siglen) == DBC_OK ||
		    indep_verify(scheme, seed, kp->pub, kp->publen, msg, n, sig, siglen, 0) == 0)
			abort();
	}
out:
	sodium_memzero(seed, sizeof(seed));
	dbc_signer_free(&s);
	dbc_keypair_free(&kp);
	free(msg);
	return 0;
}
