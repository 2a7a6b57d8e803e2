/* Fuzz target: strict hex decoding. Decoded output re-encodes to the input (lowercased). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "sign/hex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[512];
	char re[1025];
	size_t n;

	if (size > 1024)
		return 0;
	if (dbc_hex_decode(out, sizeof(out), &n, (const char *)data, size, DBC_HEX_ALLOW_0X) == DBC_OK) {
		const char *h = (const char *)data;
		size_t hl = size;
		if (hl >= 2 && h[0] == '0' && (h[1] == 'x' || h[1] == 'X')) {
			h += 2;
			hl -= 2;
		}
		dbc_hex_encode(re, out, n);
		if (strlen(re) != hl || strncasecmp(re, h, hl) != 0)
			abort();
	}
	return 0;
}
