/* sign_tool-compatible nonces (dbc-node-api.md §1.4, §1.7):
 * Base58Check(ascii(lowercase UUIDv4)). The 36-byte payload always starts with an ASCII hex
 * digit (0x30..0x66), so the 40-byte Base58Check input always encodes to 55 characters. */
#include <string.h>
#include <sodium.h>

#include "wallet/nonce.h"
#include "wallet/base58.h"

#define UUID_STR_LEN 36

/* 16 random bytes → 36-char lowercase 8-4-4-4-12 string with the v4 and RFC 4122 variant
 * bits forced, as libuuid's uuid_generate() + uuid_unparse_lower() do. */
static void
uuid_v4_format(char out[UUID_STR_LEN + 1], const uint8_t rnd[16])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t b[16];
	size_t i, o = 0;

	memcpy(b, rnd, sizeof(b));
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = digits[b[i] >> 4];
		out[o++] = digits[b[i] & 0x0f];
	}
	out[o] = '\0';
	sodium_memzero(b, sizeof(b));
}

int
dbc_nonce_from_random(char out[DBC_NONCE_LEN + 1], const uint8_t rnd[16])
{
	char uuid[UUID_STR_LEN + 1];
	int rc;

	uuid_v4_format(uuid, rnd);
	rc = dbc_base58check_encode(out, DBC_NONCE_LEN + 1, (const uint8_t *)uuid, UUID_STR_LEN);
	sodium_memzero(uuid, sizeof(uuid));
	if (rc != DBC_OK)
		return rc;
	/* Cannot happen for a hex-digit first byte; checked so a base58 bug cannot leak out. */
	if (strlen(out) != DBC_NONCE_LEN)
		return DBC_ERR_INTERNAL;
	return DBC_OK;
}

int
dbc_nonce_generate(char out[DBC_NONCE_LEN + 1])
{
	uint8_t rnd[16];
	int rc;

	randombytes_buf(rnd, sizeof(rnd));
	rc = dbc_nonce_from_random(out, rnd);
	sodium_memzero(rnd, sizeof(rnd));
	return rc;
}

int
dbc_uuid_v4_check(const char *s, size_t len)
{
	size_t i;

	if (len != UUID_STR_LEN)
		return DBC_ERR_LENGTH;
	for (i = 0; i < UUID_STR_LEN; i++) {
		char c = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return DBC_ERR_INPUT;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return DBC_ERR_INPUT; /* uppercase too: libuuid unparses lowercase */
		}
	}
	if (s[14] != '4')
		return DBC_ERR_INPUT; /* version nibble */
	if (s[19] != '8' && s[19] != '9' && s[19] != 'a' && s[19] != 'b')
		return DBC_ERR_INPUT; /* RFC 4122 variant 10xx */
	return DBC_OK;
}

int
dbc_nonce_check(const char *s)
{
	uint8_t payload[64];
	size_t len = 0;
	int rc;

	if (s == NULL)
		return DBC_ERR_EMPTY;
	if (strlen(s) != DBC_NONCE_LEN)
		return DBC_ERR_LENGTH;
	rc = dbc_base58check_decode(payload, sizeof(payload), &len, s, DBC_NONCE_LEN);
	if (rc != DBC_OK)
		return rc;
	return dbc_uuid_v4_check((const char *)payload, len);
}
