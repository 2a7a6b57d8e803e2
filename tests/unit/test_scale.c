/* SCALE codec: compact modes (vectors from parity-scale-codec's compact tests and the
 * Substrate docs' "SCALE codec" page), canonical-form checks, fixed ints, strings, bounds. */
#include <string.h>
#include <stdlib.h>

#include "tests/unit/check.h"
#include "sign/scale.h"

struct cvec {
	dbc_u128_t v;
	const char *hex;
};

static void
test_compact(void)
{
	/* parity-scale-codec src/compact.rs `compact_128_encoding_works` and the docs table. */
	static const struct cvec vec[] = {
		{ 0, "00" },
		{ 1, "04" },
		{ 42, "a8" },
		{ 63, "fc" },
		{ 64, "0101" },
		{ 69, "1501" },
		{ 16383, "fdff" },
		{ 16384, "02000100" },
		{ 1073741823, "feffffff" },
		{ 1073741824, "0300000040" },
		{ 4294967295u, "03ffffffff" },
		{ 4294967296ull, "070000000001" },
		{ 1000000000000ull, "070010a5d4e8" },
		{ 18446744073709551615ull, "13ffffffffffffffff" },
	};
	size_t i;

	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		dbc_buf_t b;
		dbc_scale_rd_t r;
		dbc_u128_t back = 0;

		dbc_buf_init(&b);
		dbc_scale_put_compact(&b, vec[i].v);
		CHECK(dbc_buf_error(&b) == 0, "compact %zu: writer error", i);
		CHECK_HEX(b.p, b.len, vec[i].hex, "compact encoding");
		CHECK(dbc_scale_compact_size(vec[i].v) == b.len, "compact size %zu", i);
		dbc_scale_rd_init(&r, b.p, b.len);
		CHECK_OK(dbc_scale_read_compact_u128(&r, &back), "read compact");
		CHECK(back == vec[i].v && dbc_scale_rd_left(&r) == 0, "compact %zu roundtrip", i);
		dbc_buf_free(&b);
	}
	/* u128::MAX: 0x33 then 16 x 0xff */
	{
		dbc_buf_t b;
		dbc_scale_rd_t r;
		dbc_u128_t back = 0;
		uint64_t u64;
		uint32_t u32;

		dbc_buf_init(&b);
		dbc_scale_put_compact(&b, ~(dbc_u128_t)0);
		CHECK_HEX(b.p, b.len, "33ffffffffffffffffffffffffffffffff", "u128 max");
		dbc_scale_rd_init(&r, b.p, b.len);
		CHECK(dbc_scale_read_compact_u64(&r, &u64) == DBC_ERR_RANGE, "u128 max into u64");
		CHECK(r.pos == 0, "failed read leaves the position");
		CHECK(dbc_scale_read_compact_u32(&r, &u32) == DBC_ERR_RANGE, "u128 max into u32");
		CHECK_OK(dbc_scale_read_compact_u128(&r, &back), "u128 max");
		CHECK(back == ~(dbc_u128_t)0, "u128 max value");
		dbc_buf_free(&b);
	}
}

static int
read_hex_compact(const char *hex, dbc_u128_t *v)
{
	uint8_t buf[80];
	long n = check_unhex(buf, sizeof(buf), hex);
	dbc_scale_rd_t r;

	dbc_scale_rd_init(&r, buf, (size_t)n);
	return dbc_scale_read_compact_u128(&r, v);
}

static void
test_compact_bad(void)
{
	dbc_u128_t v;
	uint8_t mag[DBC_COMPACT_MAX_BYTES], big[80];
	size_t n;
	dbc_scale_rd_t r;
	dbc_buf_t b;

	/* Non-canonical: 0 in two-byte mode, 63 in two-byte mode, 16383 in four-byte mode. */
	CHECK(read_hex_compact("0100", &v) == DBC_ERR_SCALE, "0 in 2-byte mode");
	CHECK(read_hex_compact("fd00", &v) == DBC_ERR_SCALE, "63 in 2-byte mode");
	CHECK(read_hex_compact("feff0000", &v) == DBC_ERR_SCALE, "16383 in 4-byte mode");
	CHECK(read_hex_compact("03ffffff3f", &v) == DBC_ERR_SCALE, "2^30-1 in big mode");
	CHECK(read_hex_compact("070000000000", &v) == DBC_ERR_SCALE, "zero top byte");
	/* Truncated input in every mode. */
	CHECK(read_hex_compact("", &v) == DBC_ERR_SCALE, "empty");
	CHECK(read_hex_compact("01", &v) == DBC_ERR_SCALE, "2-byte truncated");
	CHECK(read_hex_compact("020001", &v) == DBC_ERR_SCALE, "4-byte truncated");
	CHECK(read_hex_compact("07000000", &v) == DBC_ERR_SCALE, "big truncated");
	/* Largest big-integer mode: 67 bytes. */
	memset(big, 0xff, sizeof(big));
	big[0] = 0xff; /* (67-4)<<2 | 3 */
	dbc_scale_rd_init(&r, big, 68);
	CHECK_OK(dbc_scale_read_compact_big(&r, mag, &n), "67-byte compact");
	CHECK(n == 67 && dbc_scale_rd_left(&r) == 0, "67-byte compact length");
	dbc_scale_rd_init(&r, big, 68);
	CHECK(dbc_scale_read_compact_u128(&r, &v) == DBC_ERR_RANGE, "67-byte into u128");
	dbc_buf_init(&b);
	dbc_scale_put_compact_big(&b, mag, n);
	CHECK(b.len == 68 && memcmp(b.p, big, 68) == 0, "67-byte compact re-encodes");
	dbc_buf_free(&b);
}

static void
test_fixed(void)
{
	dbc_buf_t b;
	dbc_scale_rd_t r;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;
	dbc_u128_t u128;
	int bo;
	static const uint8_t badbool[] = { 2 };

	dbc_buf_init(&b);
	dbc_scale_put_u8(&b, 0x45);
	dbc_scale_put_u16(&b, 0x2a);
	dbc_scale_put_u32(&b, 12345);
	dbc_scale_put_u64(&b, 12345);
	dbc_scale_put_u128(&b, (dbc_u128_t)1000000000000000ull);
	dbc_scale_put_bool(&b, 1);
	CHECK_HEX(b.p, b.len,
	          "452a003930000039300000000000000080c6a47e8d0300000000000000000001",
	          "fixed ints");
	dbc_scale_rd_init(&r, b.p, b.len);
	CHECK_OK(dbc_scale_read_u8(&r, &u8), "u8");
	CHECK_OK(dbc_scale_read_u16(&r, &u16), "u16");
	CHECK_OK(dbc_scale_read_u32(&r, &u32), "u32");
	CHECK_OK(dbc_scale_read_u64(&r, &u64), "u64");
	CHECK_OK(dbc_scale_read_u128(&r, &u128), "u128");
	CHECK_OK(dbc_scale_read_bool(&r, &bo), "bool");
	CHECK(u8 == 0x45 && u16 == 0x2a && u32 == 12345 && u64 == 12345 &&
	      u128 == 1000000000000000ull && bo == 1, "fixed ints roundtrip");
	CHECK(dbc_scale_read_u8(&r, &u8) == DBC_ERR_SCALE, "read past end");
	CHECK(dbc_scale_read_u64(&r, &u64) == DBC_ERR_SCALE, "u64 past end");
	dbc_buf_free(&b);
	dbc_scale_rd_init(&r, badbool, 1);
	CHECK(dbc_scale_read_bool(&r, &bo) == DBC_ERR_SCALE && r.pos == 0, "bool 2 refused");
	CHECK(dbc_scale_read_option(&r, &bo) == DBC_ERR_SCALE, "option tag 2 refused");
}

static void
test_vectors_strings(void)
{
	dbc_buf_t b;
	dbc_scale_rd_t r;
	const uint8_t *p;
	size_t n;
	char *s = NULL;
	/* compact(2^30) length on 5 bytes of input: must fail without allocating. */
	static const uint8_t huge[] = { 0x03, 0x00, 0x00, 0x00, 0x40, 'a', 'b' };
	static const uint8_t huge64[] = { 0x13, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t badutf8[] = { 0x08, 0xc0, 0xaf };
	static const uint8_t nul[] = { 0x08, 'a', 0x00 };

	dbc_buf_init(&b);
	dbc_scale_put_string(&b, "Hello, World!");
	CHECK_HEX(b.p, b.len, "3448656c6c6f2c20576f726c6421", "string");
	dbc_scale_rd_init(&r, b.p, b.len);
	CHECK_OK(dbc_scale_read_string(&r, &s), "read string");
	CHECK(s != NULL && strcmp(s, "Hello, World!") == 0, "string roundtrip");
	free(s);
	dbc_buf_free(&b);

	dbc_scale_rd_init(&r, huge, sizeof(huge));
	CHECK(dbc_scale_read_vec_u8(&r, &p, &n) == DBC_ERR_SCALE && r.pos == 0, "huge length");
	dbc_scale_rd_init(&r, huge64, sizeof(huge64));
	CHECK(dbc_scale_read_len(&r, &n) == DBC_ERR_SCALE, "u64 max length");
	dbc_scale_rd_init(&r, badutf8, sizeof(badutf8));
	CHECK(dbc_scale_read_string(&r, &s) == DBC_ERR_SCALE, "overlong utf-8 refused");
	dbc_scale_rd_init(&r, nul, sizeof(nul));
	CHECK(dbc_scale_read_string(&r, &s) == DBC_ERR_SCALE, "embedded NUL refused");
}

static void
test_writer(void)
{
	dbc_buf_t b;
	size_t i;
	char dec[40];
	dbc_u128_t v;

	dbc_buf_init(&b);
	for (i = 0; i < 10000; i++)
		dbc_scale_put_u32(&b, (uint32_t)i);
	CHECK(dbc_buf_error(&b) == 0 && b.len == 40000, "writer grows");
	CHECK(b.p[4 * 9999] == (9999 & 0xff) && b.p[4 * 9999 + 1] == (9999 >> 8), "contents kept");
	dbc_buf_printf(&b, "%s-%d", "x", 7);
	CHECK(strcmp(dbc_buf_cstr(&b) + 40000, "x-7") == 0, "printf and cstr");
	CHECK(dbc_buf_reserve(&b, DBC_BUF_MAX) == NULL && dbc_buf_error(&b) == DBC_ERR_TOO_LARGE,
	      "size cap is a sticky error");
	dbc_scale_put_u8(&b, 1);
	CHECK(b.len == 40003, "no writes after an error");
	dbc_buf_free(&b);

	dbc_u128_to_dec(dec, ~(dbc_u128_t)0);
	CHECK(strcmp(dec, "340282366920938463463374607431768211455") == 0, "u128 max decimal");
	CHECK_OK(dbc_u128_from_dec(&v, dec), "u128 from decimal");
	CHECK(v == ~(dbc_u128_t)0, "u128 decimal roundtrip");
	CHECK(dbc_u128_from_dec(&v, "340282366920938463463374607431768211456") == DBC_ERR_RANGE,
	      "u128 overflow");
	CHECK(dbc_u128_from_dec(&v, "-1") == DBC_ERR_INPUT, "sign refused");
	CHECK(dbc_u128_from_dec(&v, "") == DBC_ERR_INPUT, "empty refused");
	CHECK(dbc_u128_from_dec(&v, "1 ") == DBC_ERR_INPUT, "trailing space refused");
	dbc_u128_to_dec(dec, 0);
	CHECK(strcmp(dec, "0") == 0, "zero decimal");
}

int
main(void)
{
	check_init("test_scale");
	test_compact();
	test_compact_bad();
	test_fixed();
	test_vectors_strings();
	test_writer();
	return check_done();
}
