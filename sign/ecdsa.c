/* Substrate "ecdsa" (sp-core ecdsa.rs) over libsecp256k1 0.2.0: the 32-byte seed is the
 * secret scalar itself, public keys are 33-byte compressed, signatures are the 65-byte
 * recoverable form r || s || recid (0..3) over blake2b-256(message), nonces per RFC 6979.
 * Verification recovers the key and compares it, exactly as sp-core does, so high-S
 * signatures are accepted (substrate-crypto.md A6) while we only ever emit low-S. */
#include <pthread.h>
#include <string.h>
#include <sodium.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "sign/declassify.h"
#include "sign/ecdsa.h"
#include "sign/hash.h"

static secp256k1_context *ecdsa_ctx;
static int ecdsa_ctx_err = DBC_ERR_INTERNAL;
static pthread_once_t ecdsa_once = PTHREAD_ONCE_INIT;

/* One context for the process. Randomizing it (blinding) with OS randomness protects the
 * signing and key-generation paths against side channels; verification does not need it. */
static void
ecdsa_ctx_create(void)
{
	uint8_t rnd[32];
	secp256k1_context *c;

	if (sodium_init() < 0) {
		ecdsa_ctx_err = DBC_ERR_RANDOM;
		return;
	}
	if ((c = secp256k1_context_create(SECP256K1_CONTEXT_NONE)) == NULL) {
		ecdsa_ctx_err = DBC_ERR_NOMEM;
		return;
	}
	randombytes_buf(rnd, sizeof(rnd));
	if (!secp256k1_context_randomize(c, rnd)) {
		sodium_memzero(rnd, sizeof(rnd));
		secp256k1_context_destroy(c);
		ecdsa_ctx_err = DBC_ERR_RANDOM;
		return;
	}
	sodium_memzero(rnd, sizeof(rnd));
	ecdsa_ctx = c;
	ecdsa_ctx_err = DBC_OK;
}

static int
ecdsa_ctx_get(const secp256k1_context **out)
{
	if (pthread_once(&ecdsa_once, ecdsa_ctx_create) != 0)
		return DBC_ERR_INTERNAL;
	*out = ecdsa_ctx;
	return ecdsa_ctx_err;
}

static int
serialize_compressed(const secp256k1_context *ctx, uint8_t out[33], const secp256k1_pubkey *pk)
{
	size_t outlen = 33;

	if (!secp256k1_ec_pubkey_serialize(ctx, out, &outlen, pk, SECP256K1_EC_COMPRESSED) ||
	    outlen != 33)
		return DBC_ERR_INTERNAL;
	return DBC_OK;
}

int
dbc_ecdsa_public_from_seed(uint8_t pub[33], const uint8_t seed[32])
{
	const secp256k1_context *ctx;
	secp256k1_pubkey pk;
	int r;

	if ((r = ecdsa_ctx_get(&ctx)) != DBC_OK)
		return r;
	/* sp-core SecretKey::from_slice: 0 or >= n is InvalidSeed */
	if (!dbc_public_int(secp256k1_ec_seckey_verify(ctx, seed))) /* key validity: public */
		return DBC_ERR_SEED;
	if (!dbc_public_int(secp256k1_ec_pubkey_create(ctx, &pk, seed)))
		return DBC_ERR_SEED;
	DBC_DECLASSIFY(&pk, sizeof(pk)); /* the public key */
	return serialize_compressed(ctx, pub, &pk);
}

int
dbc_ecdsa_sign_prehashed(uint8_t sig[65], const uint8_t seed[32], const uint8_t hash[32])
{
	const secp256k1_context *ctx;
	secp256k1_ecdsa_recoverable_signature rs;
	int recid = -1, r;

	memset(sig, 0, 65);
	if ((r = ecdsa_ctx_get(&ctx)) != DBC_OK)
		return r;
	if (!dbc_public_int(secp256k1_ec_seckey_verify(ctx, seed))) /* key validity: public */
		return DBC_ERR_SEED;
	/* NULL nonce function = RFC 6979 (deterministic, what sp-core produces); the library
	 * always returns low-S. */
	if (!dbc_public_int(secp256k1_ecdsa_sign_recoverable(ctx, &rs, hash, seed, NULL, NULL)))
		return DBC_ERR_INTERNAL;
	DBC_DECLASSIFY(&rs, sizeof(rs)); /* the signature (r, s, recid) is published */
	if (!secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sig, &recid, &rs) ||
	    recid < 0 || recid > 3) {
		memset(sig, 0, 65);
		return DBC_ERR_INTERNAL;
	}
	sig[64] = (uint8_t)recid;
	return DBC_OK;
}

int
dbc_ecdsa_sign(uint8_t sig[65], const uint8_t seed[32], const uint8_t *msg, size_t len)
{
	uint8_t hash[32];

	dbc_blake2b_256(hash, msg, len);
	return dbc_ecdsa_sign_prehashed(sig, seed, hash);
}

int
dbc_ecdsa_recover(uint8_t pub[33], const uint8_t sig[65], const uint8_t hash[32])
{
	const secp256k1_context *ctx;
	secp256k1_ecdsa_recoverable_signature rs;
	secp256k1_pubkey pk;
	int r;

	/* sp-core takes the last byte as a raw recovery id: 27/28 (Ethereum "v") is not one. */
	if (sig[64] > 3)
		return DBC_ERR_SIGNATURE_FORMAT;
	if ((r = ecdsa_ctx_get(&ctx)) != DBC_OK)
		return r;
	/* r or s >= n (or zero) does not parse: a cryptographically invalid signature */
	if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs, sig, sig[64]))
		return DBC_ERR_VERIFY;
	if (!secp256k1_ecdsa_recover(ctx, &pk, &rs, hash))
		return DBC_ERR_VERIFY;
	return serialize_compressed(ctx, pub, &pk);
}

int
dbc_ecdsa_verify_prehashed(const uint8_t sig[65], const uint8_t pub[33], const uint8_t hash[32])
{
	uint8_t got[33], norm[33];
	int r;

	/* Reject a key that is not a valid compressed point up front, so a typo in the key
	 * reads as "bad key" rather than "bad signature". */
	if ((r = dbc_ecdsa_public_compress(norm, pub, 33)) != DBC_OK)
		return r;
	if ((r = dbc_ecdsa_recover(got, sig, hash)) != DBC_OK)
		return r;
	return sodium_memcmp(got, norm, 33) == 0 ? DBC_OK : DBC_ERR_VERIFY;
}

int
dbc_ecdsa_verify(const uint8_t sig[65], const uint8_t pub[33], const uint8_t *msg, size_t len)
{
	uint8_t hash[32];

	dbc_blake2b_256(hash, msg, len);
	return dbc_ecdsa_verify_prehashed(sig, pub, hash);
}

int
dbc_ecdsa_public_compress(uint8_t out[33], const uint8_t *in, size_t len)
{
	const secp256k1_context *ctx;
	secp256k1_pubkey pk;
	uint8_t full[65];
	int r;

	if ((r = ecdsa_ctx_get(&ctx)) != DBC_OK)
		return r;
	/* Accept exactly the shapes sp-core / polkadot-js produce. libsecp256k1 would also
	 * parse the "hybrid" 0x06/0x07 form; nobody means that, so refuse it. */
	if (len == 33) {
		if (in[0] != 0x02 && in[0] != 0x03)
			return DBC_ERR_PUBKEY;
		memcpy(full, in, 33);
	} else if (len == 65) {
		if (in[0] != 0x04)
			return DBC_ERR_PUBKEY;
		memcpy(full, in, 65);
	} else if (len == 64) {
		full[0] = 0x04;
		memcpy(full + 1, in, 64);
		len = 65;
	} else {
		return DBC_ERR_LENGTH;
	}
	if (!secp256k1_ec_pubkey_parse(ctx, &pk, full, len))
		return DBC_ERR_PUBKEY;
	return serialize_compressed(ctx, out, &pk);
}

int
dbc_ecdsa_derive_hard(uint8_t child_seed[32], const uint8_t seed[32], const uint8_t cc[32])
{
	/* SCALE(("Secp256k1HDKD", seed, cc)): compact(13) = 0x34, then the raw bytes. */
	static const char tag[] = "Secp256k1HDKD";
	uint8_t buf[1 + sizeof(tag) - 1 + 32 + 32];

	buf[0] = 0x34;
	memcpy(buf + 1, tag, sizeof(tag) - 1);
	memcpy(buf + sizeof(tag), seed, 32);
	memcpy(buf + sizeof(tag) + 32, cc, 32);
	dbc_blake2b_256(child_seed, buf, sizeof(buf));
	sodium_memzero(buf, sizeof(buf));
	return DBC_OK;
}
