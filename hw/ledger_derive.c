/* BIP32-Ed25519 as the Ledger does it. All intermediates are wiped. */
#include <string.h>
#include <sodium.h>

#include "hw/ledger_derive.h"
#include "sign/hash.h"

static const uint8_t ED_KEY[] = "ed25519 seed"; /* 12-byte HMAC key, no NUL */
#define ED_KEYLEN 12

int
dbc_bip39_seed(uint8_t seed[64], const char *phrase, size_t len, const char *password,
               size_t pwlen)
{
	uint8_t salt[8 + 256];
	int rc;

	if (pwlen > sizeof(salt) - 8)
		return DBC_ERR_TOO_LARGE;
	memcpy(salt, "mnemonic", 8);
	if (pwlen > 0)
		memcpy(salt + 8, password, pwlen);
	rc = dbc_pbkdf2_sha512(seed, 64, (const uint8_t *)phrase, len, salt, 8 + pwlen, 2048);
	sodium_memzero(salt, sizeof(salt));
	return rc;
}

void
dbc_ledger_master(uint8_t xprv[96], const uint8_t seed[64])
{
	uint8_t buf[65], priv[64], cc[32];

	buf[0] = 0x01;
	memcpy(buf + 1, seed, 64);
	dbc_hmac_sha256(cc, ED_KEY, ED_KEYLEN, buf, 65);
	dbc_hmac_sha512(priv, ED_KEY, ED_KEYLEN, seed, 64);
	/* Rehash until bit 5 of the last byte of kL is clear (Ledger's rule). */
	while (priv[31] & 0x20) {
		memcpy(buf, priv, 64);
		dbc_hmac_sha512(priv, ED_KEY, ED_KEYLEN, buf, 64);
	}
	priv[0] &= 0xf8;
	priv[31] &= 0x7f;
	priv[31] |= 0x40;
	memcpy(xprv, priv, 64);
	memcpy(xprv + 64, cc, 32);
	sodium_memzero(buf, sizeof(buf));
	sodium_memzero(priv, sizeof(priv));
	sodium_memzero(cc, sizeof(cc));
}

void
dbc_ledger_child(uint8_t out[96], const uint8_t xprv[96], uint32_t idx)
{
	uint8_t data[1 + 64 + 4], z[64], c[64], kl[32], kr[32];
	unsigned carry;
	size_t i;

	idx |= 0x80000000u;
	data[0] = 0x00;
	memcpy(data + 1, xprv, 64);
	data[65] = (uint8_t)idx;
	data[66] = (uint8_t)(idx >> 8);
	data[67] = (uint8_t)(idx >> 16);
	data[68] = (uint8_t)(idx >> 24);
	dbc_hmac_sha512(z, xprv + 64, 32, data, sizeof(data));
	data[0] = 0x01;
	dbc_hmac_sha512(c, xprv + 64, 32, data, sizeof(data));
	/* kL' = kL + 8·zL (zL = first 28 bytes, little-endian), mod 2^256 */
	carry = 0;
	for (i = 0; i < 32; i++) {
		unsigned zl8 = i < 28 ? ((unsigned)z[i] << 3) : 0;

		if (i > 0 && i <= 28)
			zl8 |= z[i - 1] >> 5;
		carry += (unsigned)xprv[i] + (zl8 & 0xff);
		kl[i] = (uint8_t)carry;
		carry >>= 8;
	}
	/* kR' = kR + zR mod 2^256 */
	carry = 0;
	for (i = 0; i < 32; i++) {
		carry += (unsigned)xprv[32 + i] + z[32 + i];
		kr[i] = (uint8_t)carry;
		carry >>= 8;
	}
	memcpy(out, kl, 32);
	memcpy(out + 32, kr, 32);
	memcpy(out + 64, c + 32, 32);
	sodium_memzero(data, sizeof(data));
	sodium_memzero(z, sizeof(z));
	sodium_memzero(c, sizeof(c));
	sodium_memzero(kl, sizeof(kl));
	sodium_memzero(kr, sizeof(kr));
}

int
dbc_ledger_ed25519_seed(uint8_t seed32[32], const char *phrase, size_t len, const char *password,
                        size_t pwlen, const uint32_t *path, size_t depth)
{
	uint8_t seed[64], a[96], b[96];
	size_t i;
	int rc;

	if (depth > 10)
		return DBC_ERR_RANGE;
	if ((rc = dbc_bip39_seed(seed, phrase, len, password, pwlen)) != DBC_OK)
		return rc;
	dbc_ledger_master(a, seed);
	for (i = 0; i < depth; i++) {
		dbc_ledger_child(b, a, path[i]);
		memcpy(a, b, 96);
	}
	memcpy(seed32, a, 32);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(a, sizeof(a));
	sodium_memzero(b, sizeof(b));
	return DBC_OK;
}
