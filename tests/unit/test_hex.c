/* sign/hex.c: strict hex (sign/hex.h contract). No third-party vectors: the cases follow the
 * header's promises (odd length / non-hex → DBC_ERR_HEX, too long → DBC_ERR_LENGTH, "0x" only
 * with DBC_HEX_ALLOW_0X, exact length for _exact, lowercase output). */
#include <string.h>

#include "tests/unit/check.h"
#include "sign/hex.h"

static void
test_decode(void)
{
	uint8_t out[8];
	size_t n = 99;
	int i;

	CHECK_OK(dbc_hex_decode(out, sizeof(out), &n, "00ff7Fa0", 8, 0), "mixed case");
	CHECK(n == 4 && out[0] == 0x00 && out[1] == 0xff && out[2] == 0x7f && out[3] == 0xa0, "bytes");
	CHECK_OK(dbc_hex_decode(out, sizeof(out), &n, "", 0, 0), "empty");
	CHECK(n == 0, "empty → 0 bytes");
	/* odd length */
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "abc", 3, 0) == DBC_ERR_HEX, "odd length");
	CHECK(n == 0, "outlen reset on error");
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "a", 1, 0) == DBC_ERR_HEX, "one digit");
	/* non-hex characters, anywhere */
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "0g", 2, 0) == DBC_ERR_HEX, "'g'");
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "g0", 2, 0) == DBC_ERR_HEX, "leading 'g'");
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "00 1", 4, 0) == DBC_ERR_HEX, "space");
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "0011\n\n", 6, 0) == DBC_ERR_HEX, "newlines");
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "0\0", 2, 0) == DBC_ERR_HEX, "NUL");
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "-1", 2, 0) == DBC_ERR_HEX, "sign");
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "\xc3\xa9", 2, 0) == DBC_ERR_HEX, "UTF-8");
	/* every byte value outside [0-9a-fA-F] is rejected, every one inside accepted */
	{
		int bad = 0;

		for (i = 0; i < 256; i++) {
			char h[2] = { '0', (char)i };
			int is_hex = (i >= '0' && i <= '9') || (i >= 'a' && i <= 'f') || (i >= 'A' && i <= 'F');
			int r = dbc_hex_decode(out, sizeof(out), &n, h, 2, 0);

			bad += is_hex ? (r != DBC_OK || out[0] != (uint8_t)(i <= '9' ? i - '0' : (i | 0x20) - 'a' + 10))
			              : r != DBC_ERR_HEX;
		}
		CHECK(bad == 0, "all 256 characters classified: %d wrong", bad);
	}
	/* "0x" only when allowed */
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "0x00ff", 6, 0) == DBC_ERR_HEX, "0x without flag");
	CHECK_OK(dbc_hex_decode(out, sizeof(out), &n, "0x00ff", 6, DBC_HEX_ALLOW_0X), "0x with flag");
	CHECK(n == 2 && out[1] == 0xff, "0x00ff");
	CHECK_OK(dbc_hex_decode(out, sizeof(out), &n, "0X00ff", 6, DBC_HEX_ALLOW_0X), "0X with flag");
	CHECK_OK(dbc_hex_decode(out, sizeof(out), &n, "0x", 2, DBC_HEX_ALLOW_0X), "bare 0x");
	CHECK(n == 0, "bare 0x → 0 bytes");
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "0x0x00", 6, DBC_HEX_ALLOW_0X) == DBC_ERR_HEX, "double 0x");
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "x00", 3, DBC_HEX_ALLOW_0X) == DBC_ERR_HEX, "x alone");
	CHECK(dbc_hex_decode(out, sizeof(out), &n, "0x0", 3, DBC_HEX_ALLOW_0X) == DBC_ERR_HEX, "0x + odd");
	/* "00" is data, not a half-prefix */
	CHECK_OK(dbc_hex_decode(out, sizeof(out), &n, "00", 2, DBC_HEX_ALLOW_0X), "00 with flag");
	CHECK(n == 1 && out[0] == 0, "00 is one zero byte");
	/* capacity */
	CHECK_OK(dbc_hex_decode(out, 8, &n, "0001020304050607", 16, 0), "exactly cap");
	CHECK(dbc_hex_decode(out, 8, &n, "000102030405060708", 18, 0) == DBC_ERR_LENGTH, "over cap");
	CHECK(dbc_hex_decode(out, 8, &n, "00010203040506070g", 18, 0) == DBC_ERR_HEX,
	      "non-hex wins over length");
	/* hexlen is honoured: characters beyond it are not read */
	CHECK_OK(dbc_hex_decode(out, sizeof(out), &n, "abZZ", 2, 0), "prefix of buffer");
	CHECK(n == 1 && out[0] == 0xab, "only hexlen characters");
}

static void
test_decode_exact(void)
{
	uint8_t out[32];

	CHECK_OK(dbc_hex_decode_exact(out, 4, "deadBEEF", 0), "exact 4");
	CHECK(out[0] == 0xde && out[3] == 0xef, "exact bytes");
	CHECK_OK(dbc_hex_decode_exact(out, 4, "0xdeadbeef", DBC_HEX_ALLOW_0X), "exact with 0x");
	CHECK(dbc_hex_decode_exact(out, 4, "0xdeadbeef", 0) == DBC_ERR_HEX, "0x not allowed");
	CHECK(dbc_hex_decode_exact(out, 4, "deadbe", 0) == DBC_ERR_LENGTH, "too short");
	CHECK(dbc_hex_decode_exact(out, 4, "deadbeef00", 0) == DBC_ERR_LENGTH, "too long");
	CHECK(dbc_hex_decode_exact(out, 4, "", 0) == DBC_ERR_LENGTH, "empty");
	CHECK(dbc_hex_decode_exact(out, 4, "0x", DBC_HEX_ALLOW_0X) == DBC_ERR_LENGTH, "bare 0x");
	CHECK(dbc_hex_decode_exact(out, 4, "deadbee", 0) == DBC_ERR_HEX, "odd");
	CHECK(dbc_hex_decode_exact(out, 4, "deadbeeg", 0) == DBC_ERR_HEX, "non-hex, right length");
	CHECK(dbc_hex_decode_exact(out, 4, "zz", 0) == DBC_ERR_HEX, "non-hex, wrong length");
	CHECK(dbc_hex_decode_exact(out, 4, "deadbeef ", 0) == DBC_ERR_HEX, "trailing space");
	CHECK(dbc_hex_decode_exact(out, 4, " deadbeef", 0) == DBC_ERR_HEX, "leading space");
	CHECK_OK(dbc_hex_decode_exact(out, 32,
	         "0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", DBC_HEX_ALLOW_0X),
	         "32-byte seed");
	CHECK(out[0] == 0x9d && out[31] == 0x60, "seed bytes");
	CHECK(dbc_hex_decode_exact(out, 32,
	      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f6", 0) == DBC_ERR_HEX,
	      "63 digits");
	CHECK(dbc_hex_decode_exact(out, 32,
	      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f6000", 0) == DBC_ERR_LENGTH,
	      "33 bytes");
	CHECK_OK(dbc_hex_decode_exact(out, 0, "", 0), "0 bytes wanted, empty given");
}

static void
test_encode(void)
{
	static const uint8_t in[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	char out[2 * sizeof(in) + 1];
	uint8_t back[sizeof(in)];

	memset(out, 'X', sizeof(out));
	dbc_hex_encode(out, in, sizeof(in));
	CHECK(strcmp(out, "00017f80abff") == 0, "lowercase, NUL-terminated: %s", out);
	CHECK_OK(dbc_hex_decode_exact(back, sizeof(back), out, 0), "round trip");
	CHECK(memcmp(back, in, sizeof(in)) == 0, "round trip bytes");
	memset(out, 'X', sizeof(out));
	dbc_hex_encode(out, in, 0);
	CHECK(out[0] == '\0', "empty encode");
}

int
main(void)
{
	check_init("test_hex");
	test_decode();
	test_decode_exact();
	test_encode();
	return check_done();
}
