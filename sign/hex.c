#include <string.h>
#include "sign/hex.h"

static int
nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
dbc_hex_decode(uint8_t *out, size_t outcap, size_t *outlen, const char *hex, size_t hexlen,
               unsigned flags)
{
	size_t i;

	*outlen = 0;
	if ((flags & DBC_HEX_ALLOW_0X) && hexlen >= 2 && hex[0] == '0' &&
	    (hex[1] == 'x' || hex[1] == 'X')) {
		hex += 2;
		hexlen -= 2;
	}
	if (hexlen % 2 != 0)
		return DBC_ERR_HEX;
	for (i = 0; i < hexlen; i++)
		if (nibble(hex[i]) < 0)
			return DBC_ERR_HEX;
	if (hexlen / 2 > outcap)
		return DBC_ERR_LENGTH;
	for (i = 0; i < hexlen / 2; i++)
		out[i] = (uint8_t)((nibble(hex[2 * i]) << 4) | nibble(hex[2 * i + 1]));
	*outlen = hexlen / 2;
	return DBC_OK;
}

int
dbc_hex_decode_exact(uint8_t *out, size_t want, const char *hex, unsigned flags)
{
	size_t len = strlen(hex), got;
	const char *h = hex;
	int r;

	if ((flags & DBC_HEX_ALLOW_0X) && len >= 2 && h[0] == '0' && (h[1] == 'x' || h[1] == 'X')) {
		h += 2;
		len -= 2;
	}
	if (len % 2 == 0 && len / 2 != want) {
		/* distinguish "valid hex, wrong size" from "not hex" */
		for (size_t i = 0; i < len; i++)
			if (nibble(h[i]) < 0)
				return DBC_ERR_HEX;
		return DBC_ERR_LENGTH;
	}
	if ((r = dbc_hex_decode(out, want, &got, h, len, 0)) != DBC_OK)
		return r;
	return got == want ? DBC_OK : DBC_ERR_LENGTH;
}

void
dbc_hex_encode(char *out, const uint8_t *in, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * len] = '\0';
}
