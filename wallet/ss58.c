/* SS58 addresses exactly as sp-core's Ss58Codec (substrate-crypto.md A5): 1- or 2-byte
 * prefix, 32- or 33-byte payload, 2-byte checksum blake2b-512("SS58PRE" || body)[0..2].
 * The decoder is sp-core-strict: polkadot-js's short payloads with 1-byte checksums are
 * rejected, as are reserved prefixes 46/47, a first byte >= 128, and (stricter than sp-core)
 * a prefix below 64 spelled in the 2-byte form. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>

#include "wallet/ss58.h"
#include "wallet/base58.h"
#include "sign/hash.h"

#define SS58_MAX_IDENT 16383u      /* 14 bits */
#define SS58_CHECKSUM_LEN 2u
#define SS58_MAX_BODY (2u + 33u + SS58_CHECKSUM_LEN)

static int
ident_allowed(unsigned ident)
{
	return ident <= SS58_MAX_IDENT && ident != 46 && ident != 47;
}

static void
ss58_checksum(uint8_t sum[SS58_CHECKSUM_LEN], const uint8_t *body, size_t len)
{
	crypto_generichash_state st;
	uint8_t h[64];

	if (crypto_generichash_init(&st, NULL, 0, sizeof(h)) != 0 ||
	    crypto_generichash_update(&st, (const uint8_t *)"SS58PRE", 7) != 0 ||
	    crypto_generichash_update(&st, body, len) != 0 ||
	    crypto_generichash_final(&st, h, sizeof(h)) != 0)
		abort();
	memcpy(sum, h, SS58_CHECKSUM_LEN);
}

int
dbc_ss58_encode(char out[DBC_SS58_MAX], uint16_t prefix, const uint8_t *payload, size_t len)
{
	uint8_t body[SS58_MAX_BODY];
	size_t n;

	out[0] = '\0';
	if (!ident_allowed(prefix))
		return DBC_ERR_SS58_PREFIX;
	if (len != 32 && len != 33)
		return DBC_ERR_SS58_LENGTH;
	if (prefix < 64) {
		body[0] = (uint8_t)prefix;
		n = 1;
	} else {
		/* low 6 bits of the lower byte go in byte 0 (with the 0x40 marker), the remaining
		 * 2 bits of it and the upper byte in byte 1 */
		body[0] = (uint8_t)(((prefix & 0xfc) >> 2) | 0x40);
		body[1] = (uint8_t)((prefix >> 8) | ((prefix & 0x03) << 6));
		n = 2;
	}
	memcpy(body + n, payload, len);
	n += len;
	ss58_checksum(body + n, body, n);
	n += SS58_CHECKSUM_LEN;
	return dbc_base58_encode(out, DBC_SS58_MAX, body, n);
}

int
dbc_ss58_decode(uint8_t payload[33], size_t *len, uint16_t *prefix, const char *addr)
{
	uint8_t data[DBC_SS58_MAX];
	uint8_t sum[SS58_CHECKSUM_LEN];
	size_t alen, n = 0, plen, body;
	unsigned ident;
	int r;

	*len = 0;
	*prefix = 0;
	if (addr == NULL || (alen = strlen(addr)) == 0)
		return DBC_ERR_SS58_LENGTH;
	/* Any real address is < 60 characters; this also bounds the base58 work. */
	if (alen >= DBC_SS58_MAX)
		/* still report a non-base58 string as such (e.g. a pasted "0x…" key) */
		return dbc_base58_valid(addr, alen) ? DBC_ERR_SS58_LENGTH : DBC_ERR_BASE58;
	r = dbc_base58_decode(data, sizeof(data), &n, addr, alen);
	if (r == DBC_ERR_LENGTH || r == DBC_ERR_TOO_LARGE)
		return DBC_ERR_SS58_LENGTH;
	if (r != DBC_OK)
		return r;
	if (n < 2)
		return DBC_ERR_SS58_LENGTH;
	if (data[0] < 64) {
		ident = data[0];
		plen = 1;
	} else if (data[0] < 128) {
		/* Mask before shifting: in C, data[0] << 2 is an int and the 0x40 marker bit would
		 * land in bit 8 (Rust's u8 arithmetic drops it). */
		unsigned lower = ((data[0] & 0x3fu) << 2) | (data[1] >> 6);
		unsigned upper = data[1] & 0x3fu;
		ident = lower | (upper << 8);
		plen = 2;
	} else {
		return DBC_ERR_SS58_PREFIX;
	}
	if (n < plen + SS58_CHECKSUM_LEN)
		return DBC_ERR_SS58_LENGTH;
	body = n - plen - SS58_CHECKSUM_LEN;
	if (body != 32 && body != 33)
		return DBC_ERR_SS58_LENGTH;
	ss58_checksum(sum, data, n - SS58_CHECKSUM_LEN);
	if (memcmp(sum, data + n - SS58_CHECKSUM_LEN, SS58_CHECKSUM_LEN) != 0)
		return DBC_ERR_SS58_CHECKSUM;
	/* sp-core checks format_is_allowed after the checksum */
	if (!ident_allowed(ident))
		return DBC_ERR_SS58_PREFIX;
	/* A prefix below 64 written in the 2-byte form is accepted by sp-core but produced by no
	 * encoder; refusing it keeps address ↔ (prefix, payload) one-to-one. */
	if (plen == 2 && ident < 64)
		return DBC_ERR_SS58_PREFIX;
	memcpy(payload, data + plen, body);
	*len = body;
	*prefix = (uint16_t)ident;
	return DBC_OK;
}

int
dbc_network_parse(const char *s, uint16_t *prefix)
{
	static const struct {
		const char *name;
		uint16_t prefix;
	} names[] = {
		{ "dbc", DBC_NETWORK_DBC },
		{ "deepbrainchain", DBC_NETWORK_DBC },
		{ "substrate", 42 },
		{ "polkadot", 0 },
		{ "kusama", 2 },
	};
	unsigned long v = 0;
	size_t i, n;

	*prefix = 0;
	if (s == NULL || (n = strlen(s)) == 0)
		return DBC_ERR_SS58_PREFIX;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(s, names[i].name) == 0) {
			*prefix = names[i].prefix;
			return DBC_OK;
		}
	}
	/* plain decimal only: no sign, no spaces, no hex; 5 digits cover 16383 */
	if (n > 5)
		return DBC_ERR_SS58_PREFIX;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return DBC_ERR_SS58_PREFIX;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (!ident_allowed((unsigned)v))
		return DBC_ERR_SS58_PREFIX;
	*prefix = (uint16_t)v;
	return DBC_OK;
}
