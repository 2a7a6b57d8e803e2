/* Hash helpers: thin wrappers over libsodium (blake2b, SHA-2, HMAC) and libxxhash (twox).
 * HMACs go through the _init/_update/_final API because libsodium's one-shot
 * crypto_auth_hmacsha512() fixes the key at 32 bytes, while BIP39/PBKDF2 and the Ledger
 * derivation need arbitrary key lengths (substrate-crypto.md A10). */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <xxhash.h>

#include "sign/hash.h"
#include "sign/sha512.h"

/* BLAKE2b (RFC 7693) for digest lengths below libsodium's minimum of 16 bytes. The output
 * length is a parameter of the hash (it enters the IV), so a short digest is not a truncation
 * of a long one and libsodium cannot produce it. Unkeyed, sequential mode only. */
static const uint64_t b2b_iv[8] = {
	0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
	0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static const uint8_t b2b_sigma[12][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
};

static uint64_t
rotr64(uint64_t x, unsigned n)
{
	return (x >> n) | (x << (64 - n));
}

static uint64_t
load_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void
b2b_compress(uint64_t h[8], const uint8_t block[128], uint64_t t, int last)
{
	uint64_t v[16], m[16];
	int i, r;

	for (i = 0; i < 16; i++)
		m[i] = load_le64(block + 8 * i);
	for (i = 0; i < 8; i++) {
		v[i] = h[i];
		v[i + 8] = b2b_iv[i];
	}
	v[12] ^= t;             /* inputs here are < 2^64 bytes: the high counter word stays 0 */
	if (last)
		v[14] = ~v[14];
#define B2B_G(a, b, c, d, x, y) do { \
	v[a] = v[a] + v[b] + (x); v[d] = rotr64(v[d] ^ v[a], 32); \
	v[c] = v[c] + v[d]; v[b] = rotr64(v[b] ^ v[c], 24); \
	v[a] = v[a] + v[b] + (y); v[d] = rotr64(v[d] ^ v[a], 16); \
	v[c] = v[c] + v[d]; v[b] = rotr64(v[b] ^ v[c], 63); } while (0)
	for (r = 0; r < 12; r++) {
		const uint8_t *s = b2b_sigma[r];

		B2B_G(0, 4, 8, 12, m[s[0]], m[s[1]]);
		B2B_G(1, 5, 9, 13, m[s[2]], m[s[3]]);
		B2B_G(2, 6, 10, 14, m[s[4]], m[s[5]]);
		B2B_G(3, 7, 11, 15, m[s[6]], m[s[7]]);
		B2B_G(0, 5, 10, 15, m[s[8]], m[s[9]]);
		B2B_G(1, 6, 11, 12, m[s[10]], m[s[11]]);
		B2B_G(2, 7, 8, 13, m[s[12]], m[s[13]]);
		B2B_G(3, 4, 9, 14, m[s[14]], m[s[15]]);
	}
#undef B2B_G
	for (i = 0; i < 8; i++)
		h[i] ^= v[i] ^ v[i + 8];
	sodium_memzero(v, sizeof(v));
	sodium_memzero(m, sizeof(m));
}

static void
blake2b_short(uint8_t *out, size_t outlen, const uint8_t *in, size_t len)
{
	uint64_t h[8];
	uint8_t block[128];
	size_t i, off = 0;

	for (i = 0; i < 8; i++)
		h[i] = b2b_iv[i];
	h[0] ^= 0x01010000ULL ^ (uint64_t)outlen;       /* fanout 1, depth 1, no key */
	/* every block but the last is compressed as non-final; an empty input is one
	 * all-zero final block */
	while (len - off > 128) {
		b2b_compress(h, in + off, (uint64_t)(off + 128), 0);
		off += 128;
	}
	memset(block, 0, sizeof(block));
	if (len > off)
		memcpy(block, in + off, len - off);
	b2b_compress(h, block, (uint64_t)len, 1);
	for (i = 0; i < outlen; i++)
		out[i] = (uint8_t)(h[i / 8] >> (8 * (i % 8)));
	sodium_memzero(h, sizeof(h));
	sodium_memzero(block, sizeof(block));
}

void
dbc_blake2b(uint8_t *out, size_t outlen, const uint8_t *in, size_t len)
{
	/* outlen outside 1..64 is a programming error (the header documents the range); we
	 * refuse to return an unwritten buffer silently. */
	if (outlen < 1 || outlen > crypto_generichash_BYTES_MAX)
		abort();
	if (outlen < crypto_generichash_BYTES_MIN) {
		blake2b_short(out, outlen, in, len);
		return;
	}
	if (crypto_generichash(out, outlen, in, len, NULL, 0) != 0)
		abort();
}

void
dbc_blake2b_256(uint8_t out[32], const uint8_t *in, size_t len)
{
	dbc_blake2b(out, 32, in, len);
}

void
dbc_sha256(uint8_t out[32], const uint8_t *in, size_t len)
{
	if (crypto_hash_sha256(out, in, len) != 0)
		abort();
}

void
dbc_sha512(uint8_t out[64], const uint8_t *in, size_t len)
{
	if (crypto_hash_sha512(out, in, len) != 0)
		abort();
}

void
dbc_hmac_sha512(uint8_t out[64], const uint8_t *key, size_t keylen, const uint8_t *msg,
                size_t len)
{
	crypto_auth_hmacsha512_state st;

	if (crypto_auth_hmacsha512_init(&st, key, keylen) != 0 ||
	    crypto_auth_hmacsha512_update(&st, msg, len) != 0 ||
	    crypto_auth_hmacsha512_final(&st, out) != 0)
		abort();
	/* the keyed state is equivalent to the key itself */
	sodium_memzero(&st, sizeof(st));
}

void
dbc_hmac_sha256(uint8_t out[32], const uint8_t *key, size_t keylen, const uint8_t *msg,
                size_t len)
{
	crypto_auth_hmacsha256_state st;

	if (crypto_auth_hmacsha256_init(&st, key, keylen) != 0 ||
	    crypto_auth_hmacsha256_update(&st, msg, len) != 0 ||
	    crypto_auth_hmacsha256_final(&st, out) != 0)
		abort();
	sodium_memzero(&st, sizeof(st));
}

/* PBKDF2-HMAC-SHA512 (RFC 8018 section 5.2, RFC 2104). Every iteration after the first is
 * U_j = HMAC(P, U_{j-1}) of a 64-byte value: SHA-512 of ipad-key-block || U, then of
 * opad-key-block || that digest. Both messages are 192 bytes, so each hash is one chaining
 * value computed once from the key block (the "keyed state") plus one final block whose
 * padding is fixed. dbc_sha512_compress_hmac64() does exactly that block on words, so the
 * loop runs two compressions per iteration with no byte conversions, buffer copies or
 * padding logic (the libsodium update/final loop it replaces did all three every time).
 * The first iteration hashes salt || INT(i) of any length, through libsodium. */

/* The chaining values after the first block of each HMAC hash: H(0) compressed with
 * K0 ^ ipad and with K0 ^ opad (RFC 2104; K0 = the key, hashed first if longer than the
 * 128-byte block, zero-padded). */
static int
hmac_sha512_chains(uint64_t ichain[8], uint64_t ochain[8], const uint8_t *key, size_t keylen,
                   uint64_t *restrict w)
{
	uint8_t k0[128];
	uint64_t block[16];
	size_t i;
	int ok = 1;

	memset(k0, 0, sizeof(k0));
	if (keylen > sizeof(k0))
		ok = crypto_hash_sha512(k0, key, keylen) == 0;
	else if (keylen > 0)
		memcpy(k0, key, keylen);
	for (i = 0; i < sizeof(k0); i++)
		k0[i] ^= 0x36;
	dbc_sha512_load_be(block, k0, 16);
	dbc_sha512_init(ichain);
	dbc_sha512_compress(ichain, block, w);
	for (i = 0; i < sizeof(k0); i++)
		k0[i] ^= 0x36 ^ 0x5c;
	dbc_sha512_load_be(block, k0, 16);
	dbc_sha512_init(ochain);
	dbc_sha512_compress(ochain, block, w);
	sodium_memzero(k0, sizeof(k0));
	sodium_memzero(block, sizeof(block));
	return ok ? DBC_OK : DBC_ERR_INTERNAL;
}

/* The compression function keeps working variables and schedule words in its own stack
 * frame (register spills), out of reach of any wipe in C, and with them the HMAC chaining
 * values, which are as good as the password. Called after the work from the same frame
 * that made the calls, this overwrites the stack below that frame: the region those
 * callees used (the deepest, libsodium's HMAC, measured 1.1 KiB; our compression
 * 216 bytes). The "burn stack" practice of libgcrypt. */
static void __attribute__((noinline))
scrub_stack_below(void)
{
	uint8_t scratch[4096];

	sodium_memzero(scratch, sizeof(scratch));
}

/* One PBKDF2 block: T_i = U_1 ^ ... ^ U_c with U_1 = HMAC(P, S || BE32(i)). */
static int
pbkdf2_block(uint8_t t[64], const crypto_auth_hmacsha512_state *keyed,
             const uint64_t ichain[8], const uint64_t ochain[8], const uint8_t *salt,
             size_t saltlen, uint32_t index, uint32_t iterations, uint64_t *restrict w)
{
	crypto_auth_hmacsha512_state st;
	uint64_t u[8], acc[8];
	uint8_t first[64], be[4];
	uint32_t r;
	int i, ok = 1;

	be[0] = (uint8_t)(index >> 24);
	be[1] = (uint8_t)(index >> 16);
	be[2] = (uint8_t)(index >> 8);
	be[3] = (uint8_t)index;
	memcpy(&st, keyed, sizeof(st));
	ok &= crypto_auth_hmacsha512_update(&st, salt, saltlen) == 0;
	ok &= crypto_auth_hmacsha512_update(&st, be, sizeof(be)) == 0;
	ok &= crypto_auth_hmacsha512_final(&st, first) == 0;
	dbc_sha512_load_be(u, first, 8);
	for (i = 0; i < 8; i++)
		acc[i] = u[i];
	for (r = 1; r < iterations; r++) {
		dbc_sha512_compress_hmac64(u, ichain, u, w);    /* inner hash */
		dbc_sha512_compress_hmac64(u, ochain, u, w);    /* outer hash = U_r */
		for (i = 0; i < 8; i++)
			acc[i] ^= u[i];
	}
	dbc_sha512_store_be(t, acc, 8);
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(first, sizeof(first));
	sodium_memzero(u, sizeof(u));
	sodium_memzero(acc, sizeof(acc));
	return ok ? DBC_OK : DBC_ERR_INTERNAL;
}

int
dbc_pbkdf2_sha512(uint8_t *out, size_t outlen, const uint8_t *pw, size_t pwlen,
                  const uint8_t *salt, size_t saltlen, uint32_t iterations)
{
	static const uint8_t no_bytes[1] = { 0 };
	crypto_auth_hmacsha512_state keyed;
	uint64_t ichain[8], ochain[8], w[16];
	uint8_t t[64];
	size_t done = 0, n;
	uint32_t index = 1;
	int r;

	if (out == NULL || outlen == 0 || iterations == 0)
		return DBC_ERR_INPUT;
	/* RFC 8018: dkLen at most (2^32 - 1) * hLen */
	if ((uint64_t)outlen > (uint64_t)UINT32_MAX * 64)
		return DBC_ERR_TOO_LARGE;
	/* libsodium declares its inputs nonnull even for length 0; empty ones may be NULL here */
	if (pwlen == 0)
		pw = no_bytes;
	if (saltlen == 0)
		salt = no_bytes;
	if (crypto_auth_hmacsha512_init(&keyed, pw, pwlen) != 0)
		return DBC_ERR_INTERNAL;
	r = hmac_sha512_chains(ichain, ochain, pw, pwlen, w);
	while (r == DBC_OK && done < outlen) {
		r = pbkdf2_block(t, &keyed, ichain, ochain, salt, saltlen, index, iterations, w);
		if (r != DBC_OK)
			break;
		n = outlen - done < 64 ? outlen - done : 64;
		memcpy(out + done, t, n);
		done += n;
		index++;
	}
	/* the chaining values are as good as the password; w holds the last schedule */
	sodium_memzero(&keyed, sizeof(keyed));
	sodium_memzero(ichain, sizeof(ichain));
	sodium_memzero(ochain, sizeof(ochain));
	sodium_memzero(w, sizeof(w));
	sodium_memzero(t, sizeof(t));
	scrub_stack_below();
	if (r != DBC_OK)
		sodium_memzero(out, outlen);
	return r;
}

static void
store_le64(uint8_t out[8], uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

/* Substrate's Twox128 = XXH64(seed 0) || XXH64(seed 1), each little-endian. */
void
dbc_twox128(uint8_t out[16], const uint8_t *in, size_t len)
{
	store_le64(out, (uint64_t)XXH64(in, len, 0));
	store_le64(out + 8, (uint64_t)XXH64(in, len, 1));
}

void
dbc_twox64(uint8_t out[8], const uint8_t *in, size_t len)
{
	store_le64(out, (uint64_t)XXH64(in, len, 0));
}
