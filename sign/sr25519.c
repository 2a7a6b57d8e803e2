/* sr25519: schnorrkel Schnorr signatures over ristretto255 (libsodium), Substrate flavour.
 * Byte layouts and transcripts follow substrate-crypto.md §A2/§A4 (schnorrkel keys.rs,
 * sign.rs, derive.rs, scalars.rs). Secret scalars are always < l, so libsodium's habit of
 * ignoring bit 255 never matters; the identity result (-1) of a scalar multiplication is an
 * error everywhere. No branch or table index depends on secret data; every secret
 * intermediate is wiped on every path. */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sign/merlin.h"
#include "sign/sr25519.h"

/* l = 2^252 + 27742317777372353535851937790883648493, little-endian. */
static const uint8_t group_order[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
};

/* 1 if s < l, else 0; constant time (the final borrow of s - l). */
static int
scalar_is_canonical(const uint8_t s[32])
{
	unsigned int borrow = 0, t;
	int i;

	for (i = 0; i < 32; i++) {
		t = (unsigned int)s[i] - group_order[i] - borrow;
		borrow = (t >> 8) & 1;
	}
	return (int)borrow;
}

/* schnorrkel scalars.rs divide_scalar_bytes_by_cofactor: 256-bit right shift by 3. */
static void
divide_by_cofactor(uint8_t b[32])
{
	uint8_t low = 0, r;
	int i;

	for (i = 31; i >= 0; i--) {
		r = b[i] & 7;
		b[i] = (uint8_t)((b[i] >> 3) + low);
		low = (uint8_t)(r << 5);
	}
}

/* multiply_scalar_bytes_by_cofactor: left shift by 3 (the top 3 bits are dropped; for
 * a key < l they are zero). */
static void
multiply_by_cofactor(uint8_t b[32])
{
	uint8_t high = 0, r;
	int i;

	for (i = 0; i < 32; i++) {
		r = b[i] & 0xe0;
		b[i] = (uint8_t)((b[i] << 3) + high);
		high = (uint8_t)(r >> 5);
	}
}

/* Merlin length prefixes are u32; larger inputs cannot be encoded (merlin asserts). */
static int
fits_u32(size_t n)
{
	return (uint64_t)n <= 0xffffffffULL;
}

int
dbc_sr25519_secret_check(const uint8_t secret[64])
{
	return scalar_is_canonical(secret) ? DBC_OK : DBC_ERR_SEED;
}

int
dbc_sr25519_keypair_from_seed(uint8_t secret[64], uint8_t pub[32], const uint8_t seed[32])
{
	uint8_t h[64];
	int rc = DBC_OK;

	/* ExpansionMode::Ed25519: clamp like ed25519, then divide by the cofactor so the
	 * scalar is < l while key*8 still equals the ed25519 clamped value. */
	if (crypto_hash_sha512(h, seed, 32) != 0) {
		rc = DBC_ERR_INTERNAL;
		goto out;
	}
	h[0] &= 248;
	h[31] &= 63;
	h[31] |= 64;
	divide_by_cofactor(h);
	if (crypto_scalarmult_ristretto255_base(pub, h) != 0) {
		rc = DBC_ERR_INTERNAL;
		goto out;
	}
	memcpy(secret, h, 64);
out:
	sodium_memzero(h, sizeof(h));
	if (rc != DBC_OK) {
		sodium_memzero(secret, 64);
		sodium_memzero(pub, 32);
	}
	return rc;
}

int
dbc_sr25519_public_from_secret(uint8_t pub[32], const uint8_t secret[64])
{
	if (!scalar_is_canonical(secret))
		return DBC_ERR_SEED;
	if (crypto_scalarmult_ristretto255_base(pub, secret) != 0)
		return DBC_ERR_SEED; /* key 0: the identity is no usable public key */
	return DBC_OK;
}

int
dbc_sr25519_secret_to_ed25519_form(uint8_t out[64], const uint8_t secret[64])
{
	uint8_t tmp[64];

	if (!scalar_is_canonical(secret))
		return DBC_ERR_SEED;
	memcpy(tmp, secret, 64);
	multiply_by_cofactor(tmp);
	memcpy(out, tmp, 64);
	sodium_memzero(tmp, sizeof(tmp));
	return DBC_OK;
}

int
dbc_sr25519_secret_from_ed25519_form(uint8_t out[64], const uint8_t ed_form[64])
{
	uint8_t tmp[64];
	int rc = DBC_OK;

	/* schnorrkel from_ed25519_bytes: divide by 8 (dropping the low 3 bits, which a
	 * clamped key has clear) and require a canonical scalar. */
	memcpy(tmp, ed_form, 64);
	divide_by_cofactor(tmp);
	if (!scalar_is_canonical(tmp))
		rc = DBC_ERR_SEED;
	else
		memcpy(out, tmp, 64);
	sodium_memzero(tmp, sizeof(tmp));
	return rc;
}

/* SigningContext(ctx).bytes(msg) followed by the Schnorr-sig protocol header. */
static void
signing_transcript(dbc_merlin_t *t, const uint8_t pub[32], const uint8_t *ctx, size_t ctxlen,
                   const uint8_t *msg, size_t msglen)
{
	dbc_merlin_init(t, DBC_LIT("SigningContext"));
	dbc_merlin_append(t, DBC_LIT(""), ctx, ctxlen);
	dbc_merlin_append(t, DBC_LIT("sign-bytes"), msg, msglen);
	dbc_merlin_append(t, DBC_LIT("proto-name"), DBC_LIT("Schnorr-sig"));
	dbc_merlin_append(t, DBC_LIT("sign:pk"), pub, 32);
}

int
dbc_sr25519_sign(uint8_t sig[64], const uint8_t secret[64], const uint8_t pub[32],
                 const uint8_t *ctx, size_t ctxlen, const uint8_t *msg, size_t msglen,
                 const uint8_t *rand32)
{
	dbc_merlin_t t;
	dbc_merlin_rng_t rng;
	uint8_t rnd[32], wide[64], r[32], kx[32], k[32], R[32], s[32];
	int rc = DBC_OK;

	if (!fits_u32(msglen) || !fits_u32(ctxlen))
		return DBC_ERR_TOO_LARGE;
	if (!scalar_is_canonical(secret))
		return DBC_ERR_SEED;
	if (rand32 != NULL)
		memcpy(rnd, rand32, 32);
	else
		randombytes_buf(rnd, sizeof(rnd));

	signing_transcript(&t, pub, ctx, ctxlen, msg, msglen);
	/* witness_scalar("signing", [nonce]): the nonce and the random bytes make r. */
	dbc_merlin_rng_init(&rng, &t);
	dbc_merlin_rng_rekey(&rng, DBC_LIT("signing"), secret + 32, 32);
	dbc_merlin_rng_finalize(&rng, rnd);
	dbc_merlin_rng_fill(&rng, wide, sizeof(wide));
	crypto_core_ristretto255_scalar_reduce(r, wide);
	if (crypto_scalarmult_ristretto255_base(R, r) != 0) {
		rc = DBC_ERR_INTERNAL; /* r == 0: probability 2^-252 */
		goto out;
	}
	dbc_merlin_append(&t, DBC_LIT("sign:R"), R, 32);
	dbc_merlin_challenge(&t, DBC_LIT("sign:c"), wide, sizeof(wide));
	crypto_core_ristretto255_scalar_reduce(k, wide);
	crypto_core_ristretto255_scalar_mul(kx, k, secret);
	crypto_core_ristretto255_scalar_add(s, kx, r);
	memcpy(sig, R, 32);
	memcpy(sig + 32, s, 32);
	sig[63] |= 0x80; /* schnorrkel marker: s < 2^253, so bit 255 is free */
out:
	sodium_memzero(&rng, sizeof(rng));
	sodium_memzero(&t, sizeof(t));
	sodium_memzero(rnd, sizeof(rnd));
	sodium_memzero(wide, sizeof(wide));
	sodium_memzero(r, sizeof(r));
	sodium_memzero(kx, sizeof(kx));
	sodium_memzero(s, sizeof(s));
	if (rc != DBC_OK)
		sodium_memzero(sig, 64);
	return rc;
}

/* Public-data path: variable time is fine here. */
int
dbc_sr25519_verify(const uint8_t sig[64], const uint8_t pub[32], const uint8_t *ctx,
                   size_t ctxlen, const uint8_t *msg, size_t msglen)
{
	dbc_merlin_t t;
	uint8_t s[32], wide[64], k[32], sB[32], kA[32], Rcheck[32];

	if (!fits_u32(msglen) || !fits_u32(ctxlen))
		return DBC_ERR_VERIFY;
	/* Signature::from_bytes: marker required (pre-0.8 signatures lack it), then a
	 * canonical s. */
	if ((sig[63] & 0x80) == 0)
		return DBC_ERR_VERIFY;
	memcpy(s, sig + 32, 32);
	s[31] &= 0x7f;
	if (!scalar_is_canonical(s))
		return DBC_ERR_VERIFY;

	signing_transcript(&t, pub, ctx, ctxlen, msg, msglen);
	dbc_merlin_append(&t, DBC_LIT("sign:R"), sig, 32);
	dbc_merlin_challenge(&t, DBC_LIT("sign:c"), wide, sizeof(wide));
	crypto_core_ristretto255_scalar_reduce(k, wide);

	/* -1 means: pub does not decode, or k·A / s·B is the identity. The identity public
	 * key (anyone can sign for it) and s = 0 are rejected on purpose. */
	if (crypto_scalarmult_ristretto255(kA, k, pub) != 0)
		return DBC_ERR_VERIFY;
	if (crypto_scalarmult_ristretto255_base(sB, s) != 0)
		return DBC_ERR_VERIFY;
	if (crypto_core_ristretto255_sub(Rcheck, sB, kA) != 0)
		return DBC_ERR_VERIFY;
	/* Ristretto encodings are canonical, so comparing bytes compares points. */
	return sodium_memcmp(Rcheck, sig, 32) == 0 ? DBC_OK : DBC_ERR_VERIFY;
}

/* Transcript("SchnorrRistrettoHDKD") with sign-bytes = "" and the chain code. */
static void
hdkd_transcript(dbc_merlin_t *t, const uint8_t cc[32])
{
	dbc_merlin_init(t, DBC_LIT("SchnorrRistrettoHDKD"));
	dbc_merlin_append(t, DBC_LIT("sign-bytes"), DBC_LIT(""));
	dbc_merlin_append(t, DBC_LIT("chain-code"), cc, 32);
}

int
dbc_sr25519_derive_hard(uint8_t child_seed[32], uint8_t *cc_out, const uint8_t secret[64],
                        const uint8_t cc[32])
{
	dbc_merlin_t t;
	uint8_t ccn[32];

	if (!scalar_is_canonical(secret))
		return DBC_ERR_SEED;
	/* hard_derive_mini_secret_key: the canonical (÷8) scalar goes in, not the
	 * ed25519-form bytes. */
	hdkd_transcript(&t, cc);
	dbc_merlin_append(&t, DBC_LIT("secret-key"), secret, 32);
	dbc_merlin_challenge(&t, DBC_LIT("HDKD-hard"), child_seed, 32);
	dbc_merlin_challenge(&t, DBC_LIT("HDKD-chaincode"), ccn, sizeof(ccn));
	if (cc_out != NULL)
		memcpy(cc_out, ccn, 32);
	sodium_memzero(&t, sizeof(t));
	sodium_memzero(ccn, sizeof(ccn));
	return DBC_OK;
}

/* derive_scalar_and_chaincode: public-key transcript → scalar offset and child chain code.
 * Leaves t ready for the nonce witness of a secret derivation. */
static void
soft_scalar(dbc_merlin_t *t, uint8_t sc[32], uint8_t ccn[32], const uint8_t pub[32],
            const uint8_t cc[32])
{
	uint8_t wide[64];

	hdkd_transcript(t, cc);
	dbc_merlin_append(t, DBC_LIT("public-key"), pub, 32);
	dbc_merlin_challenge(t, DBC_LIT("HDKD-scalar"), wide, sizeof(wide));
	crypto_core_ristretto255_scalar_reduce(sc, wide);
	dbc_merlin_challenge(t, DBC_LIT("HDKD-chaincode"), ccn, 32);
	sodium_memzero(wide, sizeof(wide));
}

int
dbc_sr25519_derive_soft(uint8_t child_secret[64], uint8_t child_pub[32], uint8_t *cc_out,
                        const uint8_t secret[64], const uint8_t pub[32], const uint8_t cc[32],
                        const uint8_t *rand32)
{
	dbc_merlin_t t;
	dbc_merlin_rng_t rng;
	uint8_t own_pub[32], sc[32], ccn[32], rnd[32], child[64], cpub[32];
	int rc = DBC_OK;

	if (!scalar_is_canonical(secret))
		return DBC_ERR_SEED;
	/* schnorrkel derives from the public key of the secret itself; a caller passing a
	 * different pub would silently get a key nobody else can reproduce. */
	if (crypto_scalarmult_ristretto255_base(own_pub, secret) != 0)
		return DBC_ERR_SEED;
	if (sodium_memcmp(own_pub, pub, 32) != 0)
		return DBC_ERR_MISMATCH;
	if (rand32 != NULL)
		memcpy(rnd, rand32, 32);
	else
		randombytes_buf(rnd, sizeof(rnd));

	soft_scalar(&t, sc, ccn, pub, cc);
	crypto_core_ristretto255_scalar_add(child, secret, sc);
	/* witness_bytes("HDKD-nonce", [nonce, key||nonce]) with 32 random bytes. */
	dbc_merlin_rng_init(&rng, &t);
	dbc_merlin_rng_rekey(&rng, DBC_LIT("HDKD-nonce"), secret + 32, 32);
	dbc_merlin_rng_rekey(&rng, DBC_LIT("HDKD-nonce"), secret, 64);
	dbc_merlin_rng_finalize(&rng, rnd);
	dbc_merlin_rng_fill(&rng, child + 32, 32);
	if (crypto_scalarmult_ristretto255_base(cpub, child) != 0) {
		rc = DBC_ERR_INTERNAL; /* child key 0: probability 2^-252 */
		goto out;
	}
	memcpy(child_secret, child, 64);
	memcpy(child_pub, cpub, 32);
	if (cc_out != NULL)
		memcpy(cc_out, ccn, 32);
out:
	sodium_memzero(&t, sizeof(t));
	sodium_memzero(&rng, sizeof(rng));
	sodium_memzero(sc, sizeof(sc));
	sodium_memzero(rnd, sizeof(rnd));
	sodium_memzero(child, sizeof(child));
	return rc;
}

int
dbc_sr25519_derive_soft_public(uint8_t child_pub[32], uint8_t *cc_out, const uint8_t pub[32],
                               const uint8_t cc[32])
{
	dbc_merlin_t t;
	uint8_t sc[32], ccn[32], scB[32], cpub[32];

	if (!crypto_core_ristretto255_is_valid_point(pub))
		return DBC_ERR_PUBKEY;
	soft_scalar(&t, sc, ccn, pub, cc);
	if (crypto_scalarmult_ristretto255_base(scB, sc) != 0)
		return DBC_ERR_INTERNAL;
	if (crypto_core_ristretto255_add(cpub, pub, scB) != 0)
		return DBC_ERR_PUBKEY;
	memcpy(child_pub, cpub, 32);
	if (cc_out != NULL)
		memcpy(cc_out, ccn, 32);
	return DBC_OK;
}

int
dbc_sr25519_agree(uint8_t shared[32], const uint8_t secret[64], const uint8_t pub[32])
{
	if (!scalar_is_canonical(secret))
		return DBC_ERR_SEED;
	/* -1: pub does not decode (or the product is the identity, i.e. a degenerate pub). */
	if (crypto_scalarmult_ristretto255(shared, secret, pub) != 0) {
		sodium_memzero(shared, 32);
		return DBC_ERR_PUBKEY;
	}
	return DBC_OK;
}
