/* ed25519 as Substrate uses it: RFC 8032 with a 32-byte seed (libsodium), plus sp-core's
 * hard derivation. The 64-byte libsodium secret key (seed || public) is expanded on the
 * stack only for the duration of one call and wiped afterwards. */
#include <string.h>
#include <sodium.h>

#include "sign/ed25519.h"
#include "sign/hash.h"

int
dbc_ed25519_public_from_seed(uint8_t pub[32], const uint8_t seed[32])
{
	uint8_t sk[crypto_sign_SECRETKEYBYTES];
	int r;

	r = crypto_sign_seed_keypair(pub, sk, seed) == 0 ? DBC_OK : DBC_ERR_INTERNAL;
	sodium_memzero(sk, sizeof(sk));
	return r;
}

int
dbc_ed25519_sign(uint8_t sig[64], const uint8_t seed[32], const uint8_t *msg, size_t len)
{
	uint8_t pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t sk[crypto_sign_SECRETKEYBYTES];
	int r = DBC_ERR_INTERNAL;

	if (crypto_sign_seed_keypair(pk, sk, seed) == 0 &&
	    crypto_sign_detached(sig, NULL, msg, len, sk) == 0)
		r = DBC_OK;
	sodium_memzero(sk, sizeof(sk));
	if (r != DBC_OK)
		sodium_memzero(sig, 64);
	return r;
}

int
dbc_ed25519_sign_sk(uint8_t sig[64], const uint8_t sk[64], const uint8_t *msg, size_t len)
{
	/* crypto_sign_detached hashes the seed half for the scalar and nonce prefix and takes
	 * the public key from the second half: one base-point multiplication (R), not two. */
	if (crypto_sign_detached(sig, NULL, msg, len, sk) != 0) {
		sodium_memzero(sig, 64);
		return DBC_ERR_INTERNAL;
	}
	return DBC_OK;
}

int
dbc_ed25519_verify(const uint8_t sig[64], const uint8_t pub[32], const uint8_t *msg, size_t len)
{
	/* libsodium is strict (canonical S, rejects small-order keys and R); sp-core's
	 * ed25519-zebra is ZIP-215-permissive. They differ only on adversarial encodings,
	 * and being strict is the safe direction for a signer (substrate-crypto.md A10). */
	return crypto_sign_verify_detached(sig, msg, len, pub) == 0 ? DBC_OK : DBC_ERR_VERIFY;
}

int
dbc_ed25519_derive_hard(uint8_t child_seed[32], const uint8_t seed[32], const uint8_t cc[32])
{
	/* SCALE(("Ed25519HDKD", seed, cc)): compact(11) = 0x2c, the 11 ASCII bytes, then the
	 * two fixed-size arrays without length prefixes. */
	static const char tag[] = "Ed25519HDKD";
	uint8_t buf[1 + sizeof(tag) - 1 + 32 + 32];

	buf[0] = 0x2c;
	memcpy(buf + 1, tag, sizeof(tag) - 1);
	memcpy(buf + sizeof(tag), seed, 32);
	memcpy(buf + sizeof(tag) + 32, cc, 32);
	dbc_blake2b_256(child_seed, buf, sizeof(buf));
	sodium_memzero(buf, sizeof(buf));
	return DBC_OK;
}
