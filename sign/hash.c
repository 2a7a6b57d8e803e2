/* Hash helpers: thin wrappers over libsodium (blake2b, SHA-2, HMAC) and libxxhash (twox).
 * HMACs go through the _init/_update/_final API because libsodium's one-shot
 * crypto_auth_hmacsha512() fixes the key at 32 bytes, while BIP39/PBKDF2 and the Ledger
 * derivation need arbitrary key lengths (substrate-crypto.md A10). */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <xxhash.h>

#include "sign/hash.h"

void
dbc_blake2b(uint8_t *out, size_t outlen, const uint8_t *in, size_t len)
{
	/* Only fails for outlen outside 1..64, which is a programming error: the header
	 * documents the range, and we refuse to return an unwritten buffer silently. */
	if (outlen < crypto_generichash_BYTES_MIN || outlen > crypto_generichash_BYTES_MAX ||
	    crypto_generichash(out, outlen, in, len, NULL, 0) != 0)
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

/* One PBKDF2 block: T_i = U_1 ^ ... ^ U_c with U_1 = HMAC(P, S || BE32(i)).
 * `keyed` holds the HMAC state right after keying, so each round costs a struct copy
 * instead of two SHA-512 compressions of the padded key (about 2.2x faster overall). */
static int
pbkdf2_block(uint8_t t[64], const crypto_auth_hmacsha512_state *keyed, const uint8_t *salt,
             size_t saltlen, uint32_t index, uint32_t iterations)
{
	crypto_auth_hmacsha512_state st;
	uint8_t u[64], be[4];
	uint32_t r;
	int i, ok = 1;

	be[0] = (uint8_t)(index >> 24);
	be[1] = (uint8_t)(index >> 16);
	be[2] = (uint8_t)(index >> 8);
	be[3] = (uint8_t)index;
	memcpy(&st, keyed, sizeof(st));
	ok &= crypto_auth_hmacsha512_update(&st, salt, saltlen) == 0;
	ok &= crypto_auth_hmacsha512_update(&st, be, sizeof(be)) == 0;
	ok &= crypto_auth_hmacsha512_final(&st, u) == 0;
	memcpy(t, u, 64);
	for (r = 1; r < iterations; r++) {
		memcpy(&st, keyed, sizeof(st));
		ok &= crypto_auth_hmacsha512_update(&st, u, sizeof(u)) == 0;
		ok &= crypto_auth_hmacsha512_final(&st, u) == 0;
		for (i = 0; i < 64; i++)
			t[i] ^= u[i];
	}
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(u, sizeof(u));
	return ok ? DBC_OK : DBC_ERR_INTERNAL;
}

int
dbc_pbkdf2_sha512(uint8_t *out, size_t outlen, const uint8_t *pw, size_t pwlen,
                  const uint8_t *salt, size_t saltlen, uint32_t iterations)
{
	crypto_auth_hmacsha512_state keyed;
	uint8_t t[64];
	size_t done = 0, n;
	uint32_t index = 1;
	int r = DBC_OK;

	if (out == NULL || outlen == 0 || iterations == 0)
		return DBC_ERR_INPUT;
	/* RFC 8018: dkLen at most (2^32 - 1) * hLen */
	if ((uint64_t)outlen > (uint64_t)UINT32_MAX * 64)
		return DBC_ERR_TOO_LARGE;
	if (crypto_auth_hmacsha512_init(&keyed, pw, pwlen) != 0)
		return DBC_ERR_INTERNAL;
	while (done < outlen) {
		if ((r = pbkdf2_block(t, &keyed, salt, saltlen, index, iterations)) != DBC_OK)
			break;
		n = outlen - done < 64 ? outlen - done : 64;
		memcpy(out + done, t, n);
		done += n;
		index++;
	}
	sodium_memzero(&keyed, sizeof(keyed));
	sodium_memzero(t, sizeof(t));
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
