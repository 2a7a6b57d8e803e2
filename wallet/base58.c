/* Base58 (Bitcoin alphabet) and Base58Check.
 * The textbook big-number conversion is quadratic in the input length, so inputs are capped
 * well above anything we encode (SS58 bodies are at most 37 bytes, PeerIds 38) to keep a
 * hostile multi-megabyte "address" from burning CPU. Working buffers are fixed-size (no VLA)
 * and wiped, since callers may pass secret material. */
#include <string.h>
#include <sodium.h>

#include "wallet/base58.h"
#include "sign/hash.h"

#define B58_MAX_BYTES 1024u                                /* decoded / raw input cap */
#define B58_MAX_CHARS (B58_MAX_BYTES * 138u / 100u + 1u)   /* log(256)/log(58) < 1.38 */

static const char b58_alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

static int
b58_value(unsigned char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(b58_alphabet, c);
	return p == NULL ? -1 : (int)(p - b58_alphabet);
}

int
dbc_base58_valid(const char *in, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (b58_value((unsigned char)in[i]) < 0)
			return 0;
	return 1;
}

int
dbc_base58_encode(char *out, size_t cap, const uint8_t *in, size_t len)
{
	uint8_t digits[B58_MAX_CHARS];
	size_t zeros = 0, used = 0, i, j, total;
	int r = DBC_OK;

	if (cap > 0)
		out[0] = '\0';
	if (len > B58_MAX_BYTES)
		return DBC_ERR_TOO_LARGE;
	while (zeros < len && in[zeros] == 0)
		zeros++;
	/* digits[0..used) holds the value of in[zeros..i) in base 58, least significant first */
	for (i = zeros; i < len; i++) {
		unsigned carry = in[i];

		for (j = 0; j < used; j++) {
			carry += (unsigned)digits[j] << 8;
			digits[j] = (uint8_t)(carry % 58);
			carry /= 58;
		}
		while (carry > 0) {
			digits[used++] = (uint8_t)(carry % 58);
			carry /= 58;
		}
	}
	total = zeros + used;
	if (cap < total + 1) {
		r = DBC_ERR_LENGTH;
		goto done;
	}
	if (zeros > 0)
		memset(out, '1', zeros);
	for (i = 0; i < used; i++)
		out[zeros + i] = b58_alphabet[digits[used - 1 - i]];
	out[total] = '\0';
done:
	sodium_memzero(digits, sizeof(digits));
	return r;
}

int
dbc_base58_decode(uint8_t *out, size_t cap, size_t *outlen, const char *in, size_t len)
{
	uint8_t bytes[B58_MAX_BYTES + 2];
	size_t ones = 0, used = 0, i, j, total;
	int r = DBC_OK;

	*outlen = 0;
	if (len > B58_MAX_CHARS)
		return DBC_ERR_TOO_LARGE;
	/* validate every character first so a bad character is reported as such */
	if (!dbc_base58_valid(in, len))
		return DBC_ERR_BASE58;
	while (ones < len && in[ones] == '1')
		ones++;
	/* bytes[0..used) holds the value, least significant first */
	for (i = ones; i < len; i++) {
		unsigned carry = (unsigned)b58_value((unsigned char)in[i]);

		for (j = 0; j < used; j++) {
			carry += (unsigned)bytes[j] * 58;
			bytes[j] = (uint8_t)carry;
			carry >>= 8;
		}
		while (carry > 0) {
			if (used == sizeof(bytes)) {
				r = DBC_ERR_TOO_LARGE;
				goto done;
			}
			bytes[used++] = (uint8_t)carry;
			carry >>= 8;
		}
	}
	total = ones + used;
	if (total > cap) {
		r = DBC_ERR_LENGTH;
		goto done;
	}
	if (ones > 0)
		memset(out, 0, ones);
	for (i = 0; i < used; i++)
		out[ones + i] = bytes[used - 1 - i];
	*outlen = total;
done:
	sodium_memzero(bytes, sizeof(bytes));
	return r;
}

static void
b58check_sum(uint8_t sum[4], const uint8_t *in, size_t len)
{
	uint8_t h[32];

	dbc_sha256(h, in, len);
	dbc_sha256(h, h, sizeof(h));
	memcpy(sum, h, 4);
	sodium_memzero(h, sizeof(h));
}

int
dbc_base58check_encode(char *out, size_t cap, const uint8_t *in, size_t len)
{
	uint8_t buf[B58_MAX_BYTES];
	int r;

	if (cap > 0)
		out[0] = '\0';
	if (len > B58_MAX_BYTES - 4)
		return DBC_ERR_TOO_LARGE;
	if (len > 0)
		memcpy(buf, in, len);
	b58check_sum(buf + len, in, len);
	r = dbc_base58_encode(out, cap, buf, len + 4);
	sodium_memzero(buf, len + 4);
	return r;
}

int
dbc_base58check_decode(uint8_t *out, size_t cap, size_t *outlen, const char *in, size_t len)
{
	uint8_t buf[B58_MAX_BYTES + 2];
	uint8_t sum[4];
	size_t n = 0;
	int r;

	*outlen = 0;
	if ((r = dbc_base58_decode(buf, sizeof(buf), &n, in, len)) != DBC_OK) {
		if (r == DBC_ERR_LENGTH)
			r = DBC_ERR_TOO_LARGE;
		goto done;
	}
	if (n < 4) {
		r = DBC_ERR_LENGTH;
		goto done;
	}
	b58check_sum(sum, buf, n - 4);
	/* err.h has no generic checksum code; the SS58 one carries the same meaning and the
	 * same exit class (input). */
	if (sodium_memcmp(sum, buf + n - 4, 4) != 0) {
		r = DBC_ERR_SS58_CHECKSUM;
		goto done;
	}
	if (n - 4 > cap) {
		r = DBC_ERR_LENGTH;
		goto done;
	}
	if (n > 4)
		memcpy(out, buf, n - 4);
	*outlen = n - 4;
done:
	sodium_memzero(buf, sizeof(buf));
	return r;
}
