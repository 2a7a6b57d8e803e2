/* sr25519: schnorrkel Schnorr signatures over ristretto255, Substrate flavour.
 * Byte layouts and transcripts follow substrate-crypto.md §A2/§A4 (schnorrkel keys.rs,
 * sign.rs, derive.rs, scalars.rs).
 * Secret paths (keypair, sign, derive, agree) use libsodium's constant-time ristretto255
 * scalar and point operations only. Secret scalars are always < l, so libsodium's habit of
 * ignoring bit 255 of a scalar never matters; the identity result (-1) of a scalar
 * multiplication is an error everywhere. No branch or table index depends on secret data
 * (only on whether an input is valid at all); every secret intermediate is wiped on every
 * path.
 * Verification handles public data only and runs its own variable-time arithmetic (section
 * "Variable-time verification" below), about twice as fast as composing libsodium calls;
 * without 128-bit integers it falls back to the libsodium composition. */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sign/declassify.h"
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
	return dbc_public_int(scalar_is_canonical(secret)) ? DBC_OK : DBC_ERR_SEED;
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
	/* -1 only if pub is the identity: a property of the public key */
	if (dbc_public_int(crypto_scalarmult_ristretto255_base(pub, h)) != 0) {
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
	if (!dbc_public_int(scalar_is_canonical(secret))) /* key validity: public */
		return DBC_ERR_SEED;
	if (dbc_public_int(crypto_scalarmult_ristretto255_base(pub, secret)) != 0)
		return DBC_ERR_SEED; /* key 0: the identity is no usable public key */
	return DBC_OK;
}

int
dbc_sr25519_secret_to_ed25519_form(uint8_t out[64], const uint8_t secret[64])
{
	uint8_t tmp[64];

	if (!dbc_public_int(scalar_is_canonical(secret))) /* key validity: public */
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
	if (!dbc_public_int(scalar_is_canonical(tmp))) /* key validity: public */
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
	if (!dbc_public_int(scalar_is_canonical(secret))) /* key validity: public */
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
	/* R is published in the signature; -1 only if it is the identity */
	if (dbc_public_int(crypto_scalarmult_ristretto255_base(R, r)) != 0) {
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

/* ---------------------------------------------------------------------------------------
 * Variable-time verification arithmetic (public inputs only: signature, public key,
 * message). libsodium exposes ristretto255 only through constant-time single-scalar
 * ladders that take and return encodings, so s·B − k·A through its API costs two ladders
 * plus five encode/decode square roots (about twice an ed25519 verification). This
 * section does the one verification equation directly: field elements in radix 2^51,
 * extended twisted-Edwards coordinates (a = −1), width-5 wNAF double-scalar
 * multiplication, ristretto255 decoding (RFC 9496 §4.3.1) and ristretto equality
 * (§4.3.3). NEVER use it for secret scalars. test_sr25519 checks it against a
 * libsodium-only reference verifier and libsodium's point validation.
 * ------------------------------------------------------------------------------------- */
#if defined(__SIZEOF_INT128__) && !defined(DBC_SR25519_NO_INT128)
#define DBC_SR25519_VT 1

__extension__ typedef unsigned __int128 vt_u128;
typedef struct {
	uint64_t v[5]; /* value = sum v[i]·2^(51i); limbs kept below 2^51 + 2^18 */
} vt_fe;

typedef struct {
	vt_fe X, Y, Z, T; /* x = X/Z, y = Y/Z, x·y = T/Z */
} vt_point;

typedef struct {
	vt_fe YplusX, YminusX, Z2, T2d; /* addition-ready form of a point */
} vt_cached;

#define VT_MASK51 ((((uint64_t)1) << 51) - 1)

static const vt_fe vt_d = { { 0x34dca135978a3ULL, 0x1a8283b156ebdULL, 0x5e7a26001c029ULL,
                              0x739c663a03cbbULL, 0x52036cee2b6ffULL } };
static const vt_fe vt_d2 = { { 0x69b9426b2f159ULL, 0x35050762add7aULL, 0x3cf44c0038052ULL,
                               0x6738cc7407977ULL, 0x2406d9dc56dffULL } };
static const vt_fe vt_sqrtm1 = { { 0x61b274a0ea0b0ULL, 0x0d5a5fc8f189dULL, 0x7ef5e9cbd0c60ULL,
                                   0x78595a6804c9eULL, 0x2b8324804fc1dULL } };
/* Odd multiples B, 3B, ..., 15B of the ed25519 base point (x positive, y = 4/5) in cached
 * form with Z = 1: (y + x, y − x, 2, 2d·x·y). Its ristretto255 encoding is the RFC 9496
 * generator e2f2ae0a…2d76; generated offline with Python integers. */
static const vt_cached vt_base_odd[8] = {
	{ { { 0x493c6f58c3b85ULL, 0x0df7181c325f7ULL, 0x0f50b0b3e4cb7ULL, 0x5329385a44c32ULL, 0x07cf9d3a33d4bULL } },
	  { { 0x03905d740913eULL, 0x0ba2817d673a2ULL, 0x23e2827f4e67cULL, 0x133d2e0c21a34ULL, 0x44fd2f9298f81ULL } },
	  { { 0x0000000000002ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL } },
	  { { 0x11205877aaa68ULL, 0x479955893d579ULL, 0x50d66309b67a0ULL, 0x2d42d0dbee5eeULL, 0x6f117b689f0c6ULL } } },
	{ { { 0x5b0a84cee9730ULL, 0x61d10c97155e4ULL, 0x4059cc8096a10ULL, 0x47a608da8014fULL, 0x7a164e1b9a80fULL } },
	  { { 0x11fe8a4fcd265ULL, 0x7bcb8374faaccULL, 0x52f5af4ef4d4fULL, 0x5314098f98d10ULL, 0x2ab91587555bdULL } },
	  { { 0x0000000000002ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL } },
	  { { 0x6933f0dd0d889ULL, 0x44386bb4c4295ULL, 0x3cb6d3162508cULL, 0x26368b872a2c6ULL, 0x5a2826af12b9bULL } } },
	{ { { 0x2bc4408a5bb33ULL, 0x078ebdda05442ULL, 0x2ffb112354123ULL, 0x375ee8df5862dULL, 0x2945ccf146e20ULL } },
	  { { 0x182c3a447d6baULL, 0x22964e536eff2ULL, 0x192821f540053ULL, 0x2f9f19e788e5cULL, 0x154a7e73eb1b5ULL } },
	  { { 0x0000000000002ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL } },
	  { { 0x3dbf1812a8285ULL, 0x0fa17ba3f9797ULL, 0x6f69cb49c3820ULL, 0x34d5a0db3858dULL, 0x43aabe696b3bbULL } } },
	{ { { 0x25cd0944ea3bfULL, 0x75673b81a4d63ULL, 0x150b925d1c0d4ULL, 0x13f38d9294114ULL, 0x461bea69283c9ULL } },
	  { { 0x72c9aaa3221b1ULL, 0x267774474f74dULL, 0x064b0e9b28085ULL, 0x3f04ef53b27c9ULL, 0x1d6edd5d2e531ULL } },
	  { { 0x0000000000002ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL } },
	  { { 0x36dc801b8b3a2ULL, 0x0e0a7d4935e30ULL, 0x1deb7cecc0d7dULL, 0x053a94e20dd2cULL, 0x7a9fbb1c6a0f9ULL } } },
	{ { { 0x6678aa6a8632fULL, 0x5ea3788d8b365ULL, 0x21bd6d6994279ULL, 0x7ace75919e4e3ULL, 0x34b9ed338add7ULL } },
	  { { 0x6217e039d8064ULL, 0x6dea408337e6dULL, 0x57ac112628206ULL, 0x647cb65e30473ULL, 0x49c05a51fadc9ULL } },
	  { { 0x0000000000002ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL } },
	  { { 0x4e8bf9045af1bULL, 0x514e33a45e0d6ULL, 0x7533c5b8bfe0fULL, 0x583557b7e14c9ULL, 0x73c172021b008ULL } } },
	{ { { 0x700848a802adeULL, 0x1e04605c4e5f7ULL, 0x5c0d01b9767fbULL, 0x7d7889f42388bULL, 0x4275aae2546d8ULL } },
	  { { 0x75b0249864348ULL, 0x52ee11070262bULL, 0x237ae54fb5acdULL, 0x3bfd1d03aaab5ULL, 0x18ab598029d5cULL } },
	  { { 0x0000000000002ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL } },
	  { { 0x32cc5fd6089e9ULL, 0x426505c949b05ULL, 0x46a18880c7ad2ULL, 0x4a4221888ccdaULL, 0x3dc65522b53dfULL } } },
	{ { { 0x0c222a2007f6dULL, 0x356b79bdb77eeULL, 0x41ee81efe12ceULL, 0x120a9bd07097dULL, 0x234fd7eec346fULL } },
	  { { 0x7013b327fbf93ULL, 0x1336eeded6a0dULL, 0x2b565a2bbf3afULL, 0x253ce89591955ULL, 0x0267882d17602ULL } },
	  { { 0x0000000000002ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL } },
	  { { 0x0a119732ea378ULL, 0x63bf1ba8e2a6cULL, 0x69f94cc90df9aULL, 0x431d1779bfc48ULL, 0x497ba6fdaa097ULL } } },
	{ { { 0x6cc0313cfeaa0ULL, 0x1a313848da499ULL, 0x7cb534219230aULL, 0x39596dedefd60ULL, 0x61e22917f12deULL } },
	  { { 0x3cd86468ccf0bULL, 0x48553221ac081ULL, 0x6c9464b4e0a6eULL, 0x75fba84180403ULL, 0x43b5cd4218d05ULL } },
	  { { 0x0000000000002ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL } },
	  { { 0x2762f9bd0b516ULL, 0x1c6e7fbddcbb3ULL, 0x75909c3ace2bdULL, 0x42101972d3ec9ULL, 0x511d61210ae4dULL } } },
};

static void
vt_fe_set(vt_fe *h, uint64_t small)
{
	memset(h, 0, sizeof(*h));
	h->v[0] = small;
}

/* Weak reduction: every limb back below 2^51 (+ 19·carry in limb 0). */
static inline void
vt_fe_carry(vt_fe *h)
{
	uint64_t c;
	int i;

	for (i = 0; i < 4; i++) {
		c = h->v[i] >> 51;
		h->v[i] &= VT_MASK51;
		h->v[i + 1] += c;
	}
	c = h->v[4] >> 51;
	h->v[4] &= VT_MASK51;
	h->v[0] += 19 * c;
}

static inline void
vt_fe_add(vt_fe *h, const vt_fe *f, const vt_fe *g)
{
	int i;

	for (i = 0; i < 5; i++)
		h->v[i] = f->v[i] + g->v[i];
	vt_fe_carry(h);
}

/* f − g computed as f + 2p − g: every limb of 2p exceeds a reduced limb of g. */
static inline void
vt_fe_sub(vt_fe *h, const vt_fe *f, const vt_fe *g)
{
	h->v[0] = f->v[0] + 0xfffffffffffdaULL - g->v[0];
	h->v[1] = f->v[1] + 0xffffffffffffeULL - g->v[1];
	h->v[2] = f->v[2] + 0xffffffffffffeULL - g->v[2];
	h->v[3] = f->v[3] + 0xffffffffffffeULL - g->v[3];
	h->v[4] = f->v[4] + 0xffffffffffffeULL - g->v[4];
	vt_fe_carry(h);
}

static void
vt_fe_neg(vt_fe *h, const vt_fe *f)
{
	vt_fe zero;

	vt_fe_set(&zero, 0);
	vt_fe_sub(h, &zero, f);
}

/* Reduce five 128-bit column sums into limbs (inputs below 2^51 + 2^18 keep every column
 * below 2^109, so the top carry times 19 fits in 64 bits). */
static inline void
vt_fe_reduce128(vt_fe *h, vt_u128 r0, vt_u128 r1, vt_u128 r2, vt_u128 r3, vt_u128 r4)
{
	uint64_t c;

	r1 += (uint64_t)(r0 >> 51);
	r2 += (uint64_t)(r1 >> 51);
	r3 += (uint64_t)(r2 >> 51);
	r4 += (uint64_t)(r3 >> 51);
	c = (uint64_t)(r4 >> 51);
	h->v[0] = ((uint64_t)r0 & VT_MASK51) + 19 * c;
	h->v[1] = (uint64_t)r1 & VT_MASK51;
	h->v[2] = (uint64_t)r2 & VT_MASK51;
	h->v[3] = (uint64_t)r3 & VT_MASK51;
	h->v[4] = (uint64_t)r4 & VT_MASK51;
	c = h->v[0] >> 51;
	h->v[0] &= VT_MASK51;
	h->v[1] += c;
}

static inline void
vt_fe_mul(vt_fe *h, const vt_fe *f, const vt_fe *g)
{
	const uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
	const uint64_t g0 = g->v[0], g1 = g->v[1], g2 = g->v[2], g3 = g->v[3], g4 = g->v[4];
	const uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
	vt_u128 r0, r1, r2, r3, r4;

	/* 2^255 ≡ 19: column i gathers f_a·g_b with a + b ≡ i (mod 5), wrapped terms ·19. */
	r0 = (vt_u128)f0 * g0 + (vt_u128)f1 * g4_19 + (vt_u128)f2 * g3_19 +
	     (vt_u128)f3 * g2_19 + (vt_u128)f4 * g1_19;
	r1 = (vt_u128)f0 * g1 + (vt_u128)f1 * g0 + (vt_u128)f2 * g4_19 + (vt_u128)f3 * g3_19 +
	     (vt_u128)f4 * g2_19;
	r2 = (vt_u128)f0 * g2 + (vt_u128)f1 * g1 + (vt_u128)f2 * g0 + (vt_u128)f3 * g4_19 +
	     (vt_u128)f4 * g3_19;
	r3 = (vt_u128)f0 * g3 + (vt_u128)f1 * g2 + (vt_u128)f2 * g1 + (vt_u128)f3 * g0 +
	     (vt_u128)f4 * g4_19;
	r4 = (vt_u128)f0 * g4 + (vt_u128)f1 * g3 + (vt_u128)f2 * g2 + (vt_u128)f3 * g1 +
	     (vt_u128)f4 * g0;
	vt_fe_reduce128(h, r0, r1, r2, r3, r4);
}

static inline void
vt_fe_sq(vt_fe *h, const vt_fe *f)
{
	const uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
	const uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1, f3_19 = 19 * f3, f4_19 = 19 * f4;
	vt_u128 r0, r1, r2, r3, r4;

	r0 = (vt_u128)f0 * f0 + (vt_u128)(2 * f1) * f4_19 + (vt_u128)(2 * f2) * f3_19;
	r1 = (vt_u128)f0_2 * f1 + (vt_u128)(2 * f2) * f4_19 + (vt_u128)f3 * f3_19;
	r2 = (vt_u128)f0_2 * f2 + (vt_u128)f1 * f1 + (vt_u128)(2 * f3) * f4_19;
	r3 = (vt_u128)f0_2 * f3 + (vt_u128)f1_2 * f2 + (vt_u128)f4 * f4_19;
	r4 = (vt_u128)f0_2 * f4 + (vt_u128)f1_2 * f3 + (vt_u128)f2 * f2;
	vt_fe_reduce128(h, r0, r1, r2, r3, r4);
}

static void
vt_fe_sqn(vt_fe *h, const vt_fe *f, int n)
{
	vt_fe_sq(h, f);
	while (--n > 0)
		vt_fe_sq(h, h);
}

/* Canonical little-endian encoding (fully reduced mod p). */
static void
vt_fe_tobytes(uint8_t s[32], const vt_fe *f)
{
	vt_fe t = *f;
	uint64_t q, w[4];
	int i, j;

	vt_fe_carry(&t);
	vt_fe_carry(&t); /* now t < 2^255 + 2^18·19, limbs < 2^51 except a tiny limb 0 excess */
	/* q = 1 iff t >= p, i.e. t + 19 overflows 2^255 */
	q = (t.v[0] + 19) >> 51;
	q = (t.v[1] + q) >> 51;
	q = (t.v[2] + q) >> 51;
	q = (t.v[3] + q) >> 51;
	q = (t.v[4] + q) >> 51;
	t.v[0] += 19 * q;
	for (i = 0; i < 4; i++) {
		t.v[i + 1] += t.v[i] >> 51;
		t.v[i] &= VT_MASK51;
	}
	t.v[4] &= VT_MASK51; /* drops the 2^255 that q accounted for */
	w[0] = t.v[0] | (t.v[1] << 51);
	w[1] = (t.v[1] >> 13) | (t.v[2] << 38);
	w[2] = (t.v[2] >> 26) | (t.v[3] << 25);
	w[3] = (t.v[3] >> 39) | (t.v[4] << 12);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 8; j++)
			s[8 * i + j] = (uint8_t)(w[i] >> (8 * j));
}

/* Loads 255 bits (bit 255 ignored; callers that need canonical input check it). */
static void
vt_fe_frombytes(vt_fe *h, const uint8_t s[32])
{
	uint64_t w[4];
	int i, j;

	for (i = 0; i < 4; i++) {
		w[i] = 0;
		for (j = 0; j < 8; j++)
			w[i] |= (uint64_t)s[8 * i + j] << (8 * j);
	}
	h->v[0] = w[0] & VT_MASK51;
	h->v[1] = ((w[0] >> 51) | (w[1] << 13)) & VT_MASK51;
	h->v[2] = ((w[1] >> 38) | (w[2] << 26)) & VT_MASK51;
	h->v[3] = ((w[2] >> 25) | (w[3] << 39)) & VT_MASK51;
	h->v[4] = (w[3] >> 12) & VT_MASK51;
}

static int
vt_fe_is_negative(const vt_fe *f)
{
	uint8_t s[32];

	vt_fe_tobytes(s, f);
	return s[0] & 1;
}

static int
vt_fe_is_zero(const vt_fe *f)
{
	static const uint8_t zero[32];
	uint8_t s[32];

	vt_fe_tobytes(s, f);
	return memcmp(s, zero, 32) == 0;
}

static int
vt_fe_equal(const vt_fe *f, const vt_fe *g)
{
	uint8_t a[32], b[32];

	vt_fe_tobytes(a, f);
	vt_fe_tobytes(b, g);
	return memcmp(a, b, 32) == 0;
}

/* z^((p−5)/8) = z^(2^252 − 3) */
static void
vt_fe_pow22523(vt_fe *out, const vt_fe *z)
{
	vt_fe t0, t1, t2;

	vt_fe_sq(&t0, z);               /* 2 */
	vt_fe_sqn(&t1, &t0, 2);         /* 8 */
	vt_fe_mul(&t1, z, &t1);         /* 9 */
	vt_fe_mul(&t0, &t0, &t1);       /* 11 */
	vt_fe_sq(&t0, &t0);             /* 22 */
	vt_fe_mul(&t0, &t1, &t0);       /* 31 = 2^5 − 1 */
	vt_fe_sqn(&t1, &t0, 5);
	vt_fe_mul(&t0, &t1, &t0);       /* 2^10 − 1 */
	vt_fe_sqn(&t1, &t0, 10);
	vt_fe_mul(&t1, &t1, &t0);       /* 2^20 − 1 */
	vt_fe_sqn(&t2, &t1, 20);
	vt_fe_mul(&t1, &t2, &t1);       /* 2^40 − 1 */
	vt_fe_sqn(&t1, &t1, 10);
	vt_fe_mul(&t0, &t1, &t0);       /* 2^50 − 1 */
	vt_fe_sqn(&t1, &t0, 50);
	vt_fe_mul(&t1, &t1, &t0);       /* 2^100 − 1 */
	vt_fe_sqn(&t2, &t1, 100);
	vt_fe_mul(&t1, &t2, &t1);       /* 2^200 − 1 */
	vt_fe_sqn(&t1, &t1, 50);
	vt_fe_mul(&t0, &t1, &t0);       /* 2^250 − 1 */
	vt_fe_sqn(&t0, &t0, 2);         /* 2^252 − 4 */
	vt_fe_mul(out, &t0, z);         /* 2^252 − 3 */
}

/* RFC 9496 SQRT_RATIO_M1(u, v): r = +sqrt(u/v) or +sqrt(i·u/v); returns was_square. */
static int
vt_sqrt_ratio_m1(vt_fe *r, const vt_fe *u, const vt_fe *v)
{
	vt_fe v3, v7, t, check, neg_u, neg_u_i;
	int correct, flipped, flipped_i;

	vt_fe_sq(&v3, v);
	vt_fe_mul(&v3, &v3, v);         /* v^3 */
	vt_fe_sq(&v7, &v3);
	vt_fe_mul(&v7, &v7, v);         /* v^7 */
	vt_fe_mul(&t, u, &v7);
	vt_fe_pow22523(&t, &t);         /* (u·v^7)^((p−5)/8) */
	vt_fe_mul(r, u, &v3);
	vt_fe_mul(r, r, &t);
	vt_fe_sq(&check, r);
	vt_fe_mul(&check, &check, v);
	vt_fe_neg(&neg_u, u);
	vt_fe_mul(&neg_u_i, &neg_u, &vt_sqrtm1);
	correct = vt_fe_equal(&check, u);
	flipped = vt_fe_equal(&check, &neg_u);
	flipped_i = vt_fe_equal(&check, &neg_u_i);
	if (flipped || flipped_i)
		vt_fe_mul(r, r, &vt_sqrtm1);
	if (vt_fe_is_negative(r))
		vt_fe_neg(r, r);
	return correct || flipped;
}

/* RFC 9496 §4.3.1 DECODE; 0 on success, −1 for any invalid encoding. */
static int
vt_ristretto_decode(vt_point *p, const uint8_t enc[32])
{
	vt_fe s, ss, u1, u2, u2_sqr, v, t, inv, den_x, den_y, one;
	uint8_t canon[32];

	vt_fe_frombytes(&s, enc);
	vt_fe_tobytes(canon, &s);
	/* canonical (bit 255 clear, s < p) and non-negative */
	if (memcmp(canon, enc, 32) != 0 || (enc[0] & 1) != 0)
		return -1;
	vt_fe_set(&one, 1);
	vt_fe_sq(&ss, &s);
	vt_fe_sub(&u1, &one, &ss);
	vt_fe_add(&u2, &one, &ss);
	vt_fe_sq(&u2_sqr, &u2);
	vt_fe_sq(&t, &u1);
	vt_fe_mul(&t, &t, &vt_d);
	vt_fe_neg(&v, &t);
	vt_fe_sub(&v, &v, &u2_sqr);     /* v = −(D·u1²) − u2² */
	vt_fe_mul(&t, &v, &u2_sqr);
	if (!vt_sqrt_ratio_m1(&inv, &one, &t))
		return -1;
	vt_fe_mul(&den_x, &inv, &u2);
	vt_fe_mul(&den_y, &inv, &den_x);
	vt_fe_mul(&den_y, &den_y, &v);
	vt_fe_add(&t, &s, &s);
	vt_fe_mul(&p->X, &t, &den_x);
	if (vt_fe_is_negative(&p->X))
		vt_fe_neg(&p->X, &p->X);
	vt_fe_mul(&p->Y, &u1, &den_y);
	vt_fe_set(&p->Z, 1);
	vt_fe_mul(&p->T, &p->X, &p->Y);
	if (vt_fe_is_negative(&p->T) || vt_fe_is_zero(&p->Y))
		return -1;
	return 0;
}

/* RFC 9496 §4.3.3 EQUALS: same ristretto element iff X1·Y2 == Y1·X2 or Y1·Y2 == X1·X2. */
static int
vt_ristretto_equal(const vt_point *p, const vt_point *q)
{
	vt_fe a, b;

	vt_fe_mul(&a, &p->X, &q->Y);
	vt_fe_mul(&b, &p->Y, &q->X);
	if (vt_fe_equal(&a, &b))
		return 1;
	vt_fe_mul(&a, &p->Y, &q->Y);
	vt_fe_mul(&b, &p->X, &q->X);
	return vt_fe_equal(&a, &b);
}

static void
vt_to_cached(vt_cached *c, const vt_point *p)
{
	vt_fe_add(&c->YplusX, &p->Y, &p->X);
	vt_fe_sub(&c->YminusX, &p->Y, &p->X);
	vt_fe_add(&c->Z2, &p->Z, &p->Z);
	vt_fe_mul(&c->T2d, &p->T, &vt_d2);
}

/* r = p + q (neg = 0) or p − q (neg = 1); unified formula for a = −1 (add-2008-hwcd-3). */
static void
vt_add(vt_point *r, const vt_point *p, const vt_cached *q, int neg)
{
	vt_fe a, b, c, d, e, f, g, h, t;

	vt_fe_sub(&t, &p->Y, &p->X);
	vt_fe_mul(&a, &t, neg ? &q->YplusX : &q->YminusX);
	vt_fe_add(&t, &p->Y, &p->X);
	vt_fe_mul(&b, &t, neg ? &q->YminusX : &q->YplusX);
	vt_fe_mul(&c, &p->T, &q->T2d);
	if (neg)
		vt_fe_neg(&c, &c);
	vt_fe_mul(&d, &p->Z, &q->Z2);
	vt_fe_sub(&e, &b, &a);
	vt_fe_sub(&f, &d, &c);
	vt_fe_add(&g, &d, &c);
	vt_fe_add(&h, &b, &a);
	vt_fe_mul(&r->X, &e, &f);
	vt_fe_mul(&r->Y, &g, &h);
	vt_fe_mul(&r->T, &e, &h);
	vt_fe_mul(&r->Z, &f, &g);
}

/* r = 2p (dbl-2008-hwcd, a = −1). The formula never reads p->T, so T is only computed
 * when an addition (which needs it) comes next. */
static void
vt_double(vt_point *r, const vt_point *p, int with_t)
{
	vt_fe a, b, c, e, f, g, h, t;

	vt_fe_sq(&a, &p->X);
	vt_fe_sq(&b, &p->Y);
	vt_fe_sq(&c, &p->Z);
	vt_fe_add(&c, &c, &c);
	vt_fe_add(&h, &a, &b);
	vt_fe_add(&t, &p->X, &p->Y);
	vt_fe_sq(&t, &t);
	vt_fe_sub(&e, &h, &t);
	vt_fe_sub(&g, &a, &b);
	vt_fe_add(&f, &c, &g);
	vt_fe_mul(&r->X, &e, &f);
	vt_fe_mul(&r->Y, &g, &h);
	if (with_t)
		vt_fe_mul(&r->T, &e, &h);
	vt_fe_mul(&r->Z, &f, &g);
}

/* Width-5 non-adjacent form of a 256-bit little-endian scalar: odd digits in [−15, 15],
 * any two non-zero digits at least 5 positions apart. Runs of zero bits are skipped a
 * word-shift at a time (the batch weights make this hot). */
static void
vt_wnaf5(int8_t naf[257], const uint8_t s[32])
{
	uint64_t w[5] = { 0, 0, 0, 0, 0 };
	int i, j, d, pos = 0, sh;

	for (i = 0; i < 4; i++)
		for (j = 0; j < 8; j++)
			w[i] |= (uint64_t)s[8 * i + j] << (8 * j);
	memset(naf, 0, 257);
	while (pos < 257 && (w[0] | w[1] | w[2] | w[3] | w[4]) != 0) {
		if (w[0] & 1) {
			d = (int)(w[0] & 31);
			if (d >= 16)
				d -= 32;
			naf[pos] = (int8_t)d;
			if (d > 0) {
				w[0] -= (uint64_t)d; /* clears the low bits, no borrow */
			} else {
				uint64_t add = (uint64_t)(-d);
				for (j = 0; j < 5 && add != 0; j++) {
					w[j] += add;
					add = w[j] < add;
				}
			}
			sh = 5; /* the low 5 bits are now zero */
		} else {
			sh = w[0] != 0 ? __builtin_ctzll(w[0]) : 63;
		}
		for (j = 0; j < 4; j++)
			w[j] = (w[j] >> sh) | (w[j + 1] << (64 - sh));
		w[4] >>= sh;
		pos += sh;
	}
}

/* Odd multiples P, 3P, ..., 15P in cached form. */
static void
vt_odd_multiples(vt_cached tab[8], const vt_point *p)
{
	vt_point p2, acc;
	vt_cached c2;
	int i;

	vt_double(&p2, p, 1);
	vt_to_cached(&c2, &p2);
	acc = *p;
	vt_to_cached(&tab[0], &acc);
	for (i = 1; i < 8; i++) {
		vt_add(&acc, &acc, &c2, 0);
		vt_to_cached(&tab[i], &acc);
	}
}

/* out = a·A + b·B (B the base point), variable time. */
static void
vt_double_scalarmult(vt_point *out, const uint8_t a[32], const vt_point *A, const uint8_t b[32])
{
	const vt_cached *tb = vt_base_odd;
	int8_t na[257], nb[257];
	vt_cached ta[8];
	int i;

	vt_wnaf5(na, a);
	vt_wnaf5(nb, b);
	vt_odd_multiples(ta, A);
	memset(out, 0, sizeof(*out));
	vt_fe_set(&out->Y, 1);
	vt_fe_set(&out->Z, 1);
	for (i = 256; i >= 0 && na[i] == 0 && nb[i] == 0; i--)
		;
	for (; i >= 0; i--) {
		vt_double(out, out, na[i] != 0 || nb[i] != 0);
		if (na[i] > 0)
			vt_add(out, out, &ta[na[i] / 2], 0);
		else if (na[i] < 0)
			vt_add(out, out, &ta[-na[i] / 2], 1);
		if (nb[i] > 0)
			vt_add(out, out, &tb[nb[i] / 2], 0);
		else if (nb[i] < 0)
			vt_add(out, out, &tb[-nb[i] / 2], 1);
	}
}

/* Accept iff R == s·B − k·A as ristretto elements; A and R must decode. */
static int
vt_verify_equation(const uint8_t R_enc[32], const uint8_t pub[32], const uint8_t k[32],
                   const uint8_t s[32])
{
	vt_point A, R, chk;

	if (vt_ristretto_decode(&A, pub) != 0 || vt_ristretto_decode(&R, R_enc) != 0)
		return 0;
	vt_fe_neg(&A.X, &A.X); /* −A */
	vt_fe_neg(&A.T, &A.T);
	vt_double_scalarmult(&chk, k, &A, s);
	return vt_ristretto_equal(&chk, &R);
}

/* ---------------------------------------------------------------------------------------
 * Batch verification (public data). For signatures (R_i, s_i) with challenges k_i on keys
 * A_i and independent random 128-bit weights z_i, every signature is valid iff (except
 * with probability about 2^-128)
 *     (Σ z_i·s_i)·B − Σ (z_i·k_i)·A_i − Σ z_i·R_i = identity
 * in ristretto255, a group of prime order l, so there is no cofactor to clear: the decoded
 * Edwards representatives may differ by 4-torsion, which the ristretto identity test
 * (X = 0 or Y = 0, RFC 9496 §4.3.3 against (0, 1)) ignores. With one key the A terms merge
 * into one scalar. The sum is one Straus multi-scalar multiplication: all terms share the
 * 253 doublings, each R_i adds about 128/6 additions plus its table of odd multiples.
 * ------------------------------------------------------------------------------------- */
#define VT_BATCH_MAX 64 /* signatures per multi-scalar multiplication */

typedef struct {
	vt_cached *tabs;  /* term j: tabs[8j .. 8j+7] = odd multiples P, 3P, ..., 15P */
	int8_t *digits;   /* digit i of term j at digits[i·m + j]: one row per doubling */
	size_t m;         /* number of terms */
	int top;          /* highest digit position with a non-zero digit, −1 if none */
} vt_msm_t;

/* Add term j = (scalar, p) to the multi-scalar multiplication. */
static void
vt_msm_set(vt_msm_t *ms, size_t j, const uint8_t scalar[32], const vt_point *p)
{
	int8_t naf[257];
	int i;

	vt_odd_multiples(ms->tabs + 8 * j, p);
	vt_wnaf5(naf, scalar);
	for (i = 0; i < 257; i++) {
		ms->digits[(size_t)i * ms->m + j] = naf[i];
		if (naf[i] != 0 && i > ms->top)
			ms->top = i;
	}
}

/* out = b·B + Σ terms; nb is the wNAF of b. */
static void
vt_msm_run(vt_point *out, const vt_msm_t *ms, const int8_t nb[257])
{
	int i, top = ms->top;
	size_t j;

	for (i = 256; i > top; i--)
		if (nb[i] != 0) {
			top = i;
			break;
		}
	memset(out, 0, sizeof(*out));
	vt_fe_set(&out->Y, 1);
	vt_fe_set(&out->Z, 1);
	for (i = top; i >= 0; i--) {
		const int8_t *row = ms->digits + (size_t)i * ms->m;

		vt_double(out, out, 1);
		if (nb[i] > 0)
			vt_add(out, out, &vt_base_odd[nb[i] / 2], 0);
		else if (nb[i] < 0)
			vt_add(out, out, &vt_base_odd[-nb[i] / 2], 1);
		for (j = 0; j < ms->m; j++) {
			if (row[j] > 0)
				vt_add(out, out, &ms->tabs[8 * j + (size_t)(row[j] / 2)], 0);
			else if (row[j] < 0)
				vt_add(out, out, &ms->tabs[8 * j + (size_t)(-row[j] / 2)], 1);
		}
	}
}

/* Decode and negate: −P, for the subtracted terms. */
static int
vt_decode_neg(vt_point *p, const uint8_t enc[32])
{
	if (vt_ristretto_decode(p, enc) != 0)
		return -1;
	vt_fe_neg(&p->X, &p->X);
	vt_fe_neg(&p->T, &p->T);
	return 0;
}
#endif /* __SIZEOF_INT128__ */

/* The checks before the verification equation, and its scalars: s (marker cleared) and
 * the challenge k. 0 if the signature is rejected already. */
static int
verify_prepare(uint8_t s[32], uint8_t k[32], const uint8_t sig[64], const uint8_t pub[32],
               const uint8_t *ctx, size_t ctxlen, const uint8_t *msg, size_t msglen)
{
	dbc_merlin_t t;
	uint8_t wide[64];

	if (!fits_u32(msglen) || !fits_u32(ctxlen))
		return 0;
	/* The identity public key decodes, but anyone can sign for it: refuse it. */
	if (sodium_is_zero(pub, 32))
		return 0;
	/* Signature::from_bytes: marker required (pre-0.8 signatures lack it), then a
	 * canonical s. */
	if ((sig[63] & 0x80) == 0)
		return 0;
	memcpy(s, sig + 32, 32);
	s[31] &= 0x7f;
	if (!scalar_is_canonical(s))
		return 0;

	signing_transcript(&t, pub, ctx, ctxlen, msg, msglen);
	dbc_merlin_append(&t, DBC_LIT("sign:R"), sig, 32);
	dbc_merlin_challenge(&t, DBC_LIT("sign:c"), wide, sizeof(wide));
	crypto_core_ristretto255_scalar_reduce(k, wide);
	return 1;
}

/* Public-data path: variable time is fine here. */
int
dbc_sr25519_verify(const uint8_t sig[64], const uint8_t pub[32], const uint8_t *ctx,
                   size_t ctxlen, const uint8_t *msg, size_t msglen)
{
	uint8_t s[32], k[32];

	if (!verify_prepare(s, k, sig, pub, ctx, ctxlen, msg, msglen))
		return DBC_ERR_VERIFY;

#ifdef DBC_SR25519_VT
	return vt_verify_equation(sig, pub, k, s) ? DBC_OK : DBC_ERR_VERIFY;
#else
	{
		uint8_t sB[32], kA[32], Rcheck[32];

		if (!dbc_sr25519_public_is_valid(pub))
			return DBC_ERR_VERIFY;
		/* -1: pub does not decode, or s·B is the identity (s = 0, which no signer
		 * produces). */
		if (crypto_scalarmult_ristretto255(kA, k, pub) != 0)
			return DBC_ERR_VERIFY;
		if (crypto_scalarmult_ristretto255_base(sB, s) != 0)
			return DBC_ERR_VERIFY;
		if (crypto_core_ristretto255_sub(Rcheck, sB, kA) != 0)
			return DBC_ERR_VERIFY;
		/* Ristretto encodings are canonical, so comparing bytes compares points. */
		return memcmp(Rcheck, sig, 32) == 0 ? DBC_OK : DBC_ERR_VERIFY;
	}
#endif
}

#ifdef DBC_SR25519_VT
/* One multi-scalar multiplication over n <= VT_BATCH_MAX signatures; ms has room for
 * 2n terms. 1 if the batch equation holds and every signature passed its checks. */
static int
verify_batch_chunk(vt_msm_t *ms, const uint8_t *const *sigs, const uint8_t *const *pubs,
                   size_t npubs, const uint8_t *ctx, size_t ctxlen,
                   const uint8_t *const *msgs, const size_t *msglens, size_t n)
{
	uint8_t zr[16 * VT_BATCH_MAX], z[32], s[32], k[32], zs[32], zk[32];
	uint8_t sum_s[32], sum_k[32];
	int8_t nb[257];
	vt_point P, chk;
	size_t i;

	ms->m = npubs == 1 ? n + 1 : 2 * n;
	ms->top = -1;
	memset(sum_s, 0, 32);
	memset(sum_k, 0, 32);
	memset(z, 0, 32);
	/* The weights must be unpredictable to whoever chose the signatures. */
	randombytes_buf(zr, 16 * n);
	for (i = 0; i < n; i++) {
		const uint8_t *pub = pubs[npubs == 1 ? 0 : i];

		if (!verify_prepare(s, k, sigs[i], pub, ctx, ctxlen, msgs[i], msglens[i]))
			return 0;
		memcpy(z, zr + 16 * i, 16);
		crypto_core_ristretto255_scalar_mul(zs, z, s);
		crypto_core_ristretto255_scalar_add(sum_s, sum_s, zs);
		crypto_core_ristretto255_scalar_mul(zk, z, k);
		if (vt_decode_neg(&P, sigs[i]) != 0)
			return 0;
		vt_msm_set(ms, i, z, &P);      /* − z_i·R_i */
		if (npubs == 1) {
			crypto_core_ristretto255_scalar_add(sum_k, sum_k, zk);
		} else {
			if (vt_decode_neg(&P, pub) != 0)
				return 0;
			vt_msm_set(ms, n + i, zk, &P); /* − (z_i·k_i)·A_i */
		}
	}
	if (npubs == 1) {
		if (vt_decode_neg(&P, pubs[0]) != 0)
			return 0;
		vt_msm_set(ms, n, sum_k, &P); /* − (Σ z_i·k_i)·A */
	}
	vt_wnaf5(nb, sum_s);
	vt_msm_run(&chk, ms, nb);
	return vt_fe_is_zero(&chk.X) || vt_fe_is_zero(&chk.Y);
}
#endif

int
dbc_sr25519_verify_batch(const uint8_t *const *sigs, const uint8_t *const *pubs, size_t npubs,
                         const uint8_t *ctx, size_t ctxlen, const uint8_t *const *msgs,
                         const size_t *msglens, size_t n)
{
	size_t i;

	if (npubs != 1 && npubs != n)
		return DBC_ERR_INTERNAL;
#ifdef DBC_SR25519_VT
	if (n >= 2) {
		vt_msm_t ms;
		size_t chunk;
		int ok = 1;

		ms.tabs = malloc(2 * VT_BATCH_MAX * 8 * sizeof(vt_cached));
		ms.digits = malloc(2 * VT_BATCH_MAX * 257);
		if (ms.tabs == NULL || ms.digits == NULL) {
			free(ms.tabs);
			free(ms.digits);
			return DBC_ERR_NOMEM;
		}
		for (i = 0; ok && i < n; i += chunk) {
			chunk = n - i < VT_BATCH_MAX ? n - i : VT_BATCH_MAX;
			ok = verify_batch_chunk(&ms, sigs + i, npubs == 1 ? pubs : pubs + i, npubs,
			                        ctx, ctxlen, msgs + i, msglens + i, chunk);
		}
		free(ms.tabs);
		free(ms.digits);
		return ok ? DBC_OK : DBC_ERR_VERIFY;
	}
#endif
	/* One signature (or no 128-bit arithmetic): the single verification is as fast. */
	for (i = 0; i < n; i++)
		if (dbc_sr25519_verify(sigs[i], pubs[npubs == 1 ? 0 : i], ctx, ctxlen, msgs[i],
		                       msglens[i]) != DBC_OK)
			return DBC_ERR_VERIFY;
	return DBC_OK;
}

int
dbc_sr25519_public_is_valid(const uint8_t pub[32])
{
	if (sodium_is_zero(pub, 32))
		return 0;
#ifdef DBC_SR25519_VT
	{
		vt_point p;
		return vt_ristretto_decode(&p, pub) == 0;
	}
#else
	/* libsodium 1.0.18 masks bit 255 before its canonicity check; dalek does not. */
	return (pub[31] & 0x80) == 0 && crypto_core_ristretto255_is_valid_point(pub);
#endif
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

	if (!dbc_public_int(scalar_is_canonical(secret))) /* key validity: public */
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

	if (!dbc_public_int(scalar_is_canonical(secret))) /* key validity: public */
		return DBC_ERR_SEED;
	/* schnorrkel derives from the public key of the secret itself; a caller passing a
	 * different pub would silently get a key nobody else can reproduce. */
	if (dbc_public_int(crypto_scalarmult_ristretto255_base(own_pub, secret)) != 0)
		return DBC_ERR_SEED;
	DBC_DECLASSIFY(own_pub, sizeof(own_pub)); /* a public key */
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
	if (dbc_public_int(crypto_scalarmult_ristretto255_base(cpub, child)) != 0) { /* public key */
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

	if (!dbc_sr25519_public_is_valid(pub))
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
	if (!dbc_public_int(scalar_is_canonical(secret))) /* key validity: public */
		return DBC_ERR_SEED;
	if (!dbc_sr25519_public_is_valid(pub))
		return DBC_ERR_PUBKEY;
	/* -1: the product is the identity (secret key 0). */
	/* the bit "product is the identity" (an invalid key) is public, shared is not */
	if (dbc_public_int(crypto_scalarmult_ristretto255(shared, secret, pub)) != 0) {
		sodium_memzero(shared, 32);
		return DBC_ERR_PUBKEY;
	}
	return DBC_OK;
}
