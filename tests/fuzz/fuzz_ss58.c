/* Fuzz target: SS58 and base58 decoding; anything that decodes re-encodes to the same text. */
#include <stdlib.h>
#include <string.h>
#include "wallet/ss58.h"
#include "wallet/base58.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[256], re[DBC_SS58_MAX];
	uint8_t payload[33], raw[256];
	size_t len;
	uint16_t prefix;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (dbc_ss58_decode(payload, &len, &prefix, s) == DBC_OK) {
		if (dbc_ss58_encode(re, prefix, payload, len) != DBC_OK || strcmp(re, s) != 0)
			abort();
	}
	if (dbc_base58_decode(raw, sizeof(raw), &len, s, size) == DBC_OK) {
		char again[512];
		/* base58 is a bijection on canonical strings */
		if (dbc_base58_encode(again, sizeof(again), raw, len) == DBC_OK && strcmp(again, s) != 0)
			abort();
	}
	if (dbc_base58check_decode(raw, sizeof(raw), &len, s, size) == DBC_OK && len > sizeof(raw))
		abort();
	return 0;
}
