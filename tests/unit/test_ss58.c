/* wallet/ss58.c and wallet/base58.c.
 * Sources: vectors/ss58.json (polkadot-js/common util-crypto address specs and checksum.ts,
 * paritytech/polkadot-sdk crypto.rs / ecdsa.rs; see vectors/SOURCES.md); substrate-crypto.md
 * A5 (prefix bytes) and B10 (PeerId of node key 00..01, substrate node-template docs);
 * bitcoin/bitcoin src/test/data/base58_encode_decode.json (Base58 pairs); Bitcoin wiki
 * "Technical background of version 1 Bitcoin addresses" (Base58Check example). */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "tests/unit/check.h"
#include "sign/ed25519.h"
#include "sign/err.h"
#include "wallet/base58.h"
#include "wallet/ss58.h"

static int n_vectors;

/* The base58 body of every vector address must be prefix_bytes || payload || checksum_bytes:
 * this checks the layout independently of our SS58 code. */
static void
check_body(const cJSON *v, const char *addr, const uint8_t *payload, size_t plen)
{
	uint8_t body[64], want[64];
	size_t n = 0;
	long a, b;

	CHECK_OK(dbc_base58_decode(body, sizeof(body), &n, addr, strlen(addr)), "base58 decode");
	a = check_unhex(want, sizeof(want), check_jstr(v, "prefix_bytes"));
	CHECK(a > 0, "prefix_bytes");
	if (a <= 0 || (size_t)a + plen > sizeof(want))
		return;
	memcpy(want + a, payload, plen);
	b = check_unhex(want + a + plen, sizeof(want) - (size_t)a - plen, check_jstr(v, "checksum_bytes"));
	CHECK(b > 0 && n == (size_t)a + plen + (size_t)b && memcmp(body, want, n) == 0,
	      "%s = prefix || payload || checksum", addr);
}

static void
run_encode_decode(const cJSON *v)
{
	const cJSON *pj = cJSON_GetObjectItemCaseSensitive(v, "prefix");
	const char *addr = check_jstr(v, "address");
	int polkadot_js_only = strcmp(check_jstr(v, "implementation"), "polkadot-js") == 0;
	uint8_t payload[64], got[33];
	char enc[DBC_SS58_MAX];
	size_t glen = 0;
	uint16_t gprefix = 0;
	long plen = check_unhex(payload, sizeof(payload), check_jstr(v, "payload"));
	int r;

	CHECK(plen > 0 && cJSON_IsNumber(pj), "vector shape %s", addr);
	if (plen <= 0 || !cJSON_IsNumber(pj))
		return;
	check_body(v, addr, payload, (size_t)plen);
	if (polkadot_js_only) {
		/* 1-byte checksums on short payloads exist only in polkadot-js; sp-core (and so a
		 * Substrate node) accepts 32/33-byte payloads only: we are sp-core-strict. */
		r = dbc_ss58_encode(enc, (uint16_t)pj->valueint, payload, (size_t)plen);
		CHECK(r == DBC_ERR_SS58_LENGTH, "encode %ld-byte payload refused: %d", plen, r);
		r = dbc_ss58_decode(got, &glen, &gprefix, addr);
		CHECK(r == DBC_ERR_SS58_LENGTH, "decode %s refused as bad length: %d", addr, r);
		n_vectors++;
		return;
	}
	CHECK_OK(dbc_ss58_encode(enc, (uint16_t)pj->valueint, payload, (size_t)plen), "encode");
	CHECK(strcmp(enc, addr) == 0, "encode @%d: got %s want %s", pj->valueint, enc, addr);
	CHECK_OK(dbc_ss58_decode(got, &glen, &gprefix, addr), "decode");
	CHECK(glen == (size_t)plen && memcmp(got, payload, glen) == 0 && gprefix == pj->valueint,
	      "decode %s: len %zu prefix %u", addr, glen, gprefix);
	n_vectors++;
}

static void
run_invalid(const cJSON *v)
{
	const char *addr = check_jstr(v, "address");
	const char *err = check_jstr(v, "error");
	uint8_t got[33];
	size_t glen = 0;
	uint16_t gprefix = 0;
	int r = dbc_ss58_decode(got, &glen, &gprefix, addr), want;

	if (strcmp(err, "prefix mismatch") == 0) {
		/* a valid address for another network: the caller compares the prefix */
		const cJSON *exp = cJSON_GetObjectItemCaseSensitive(v, "expected_prefix");

		CHECK(r == DBC_OK && cJSON_IsNumber(exp) && gprefix != exp->valueint,
		      "%s decodes with prefix %u, not the expected one", addr, gprefix);
		n_vectors++;
		return;
	}
	if (strcmp(err, "bad checksum") == 0)
		want = DBC_ERR_SS58_CHECKSUM;
	else if (strcmp(err, "bad length") == 0)
		want = DBC_ERR_SS58_LENGTH;
	else if (strcmp(err, "invalid base58 character") == 0)
		want = DBC_ERR_BASE58;
	else if (strcmp(err, "reserved prefix") == 0 || strncmp(err, "invalid prefix", 14) == 0)
		want = DBC_ERR_SS58_PREFIX;
	else if (strcmp(err, "invalid ss58 address") == 0)
		want = 0;       /* generic: any input-class error */
	else {
		CHECK(0, "unknown error class '%s'", err);
		return;
	}
	if (want != 0)
		CHECK(r == want, "%s (%s): got %d (%s) want %d", addr, err, r, dbc_strerror(r), want);
	else
		CHECK(r != DBC_OK && dbc_err_class(r) == 2, "%s (%s): got %d", addr, err, r);
	CHECK(glen == 0, "no payload on error");
	n_vectors++;
}

static void
run_encode_error(const cJSON *v)
{
	const cJSON *pj = cJSON_GetObjectItemCaseSensitive(v, "prefix");
	const char *err = check_jstr(v, "error");
	uint8_t payload[64];
	char enc[DBC_SS58_MAX];
	long plen = check_unhex(payload, sizeof(payload), check_jstr(v, "payload"));
	int want = strstr(err, "length") != NULL ? DBC_ERR_SS58_LENGTH : DBC_ERR_SS58_PREFIX;
	int r;

	CHECK(plen > 0 && cJSON_IsNumber(pj), "vector shape");
	if (plen <= 0 || !cJSON_IsNumber(pj))
		return;
	/* 16384 does not fit 14 bits; the API takes uint16_t so it arrives intact */
	r = dbc_ss58_encode(enc, (uint16_t)pj->valueint, payload, (size_t)plen);
	CHECK(r == want && enc[0] == '\0', "encode error '%s': got %d want %d", err, r, want);
	n_vectors++;
}

static void
test_vectors(void)
{
	cJSON *j = check_load_shared_json("vectors/ss58.json");
	const cJSON *v;

	if (j == NULL)
		return;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
		const char *kind = check_jstr(v, "kind");

		if (strcmp(kind, "encode_decode") == 0)
			run_encode_decode(v);
		else if (strcmp(kind, "invalid") == 0)
			run_invalid(v);
		else if (strcmp(kind, "encode_error") == 0)
			run_encode_error(v);
		else
			CHECK(0, "unknown kind %s", kind);
	}
	CHECK(n_vectors == 45, "ss58 vectors run: %d", n_vectors);
	cJSON_Delete(j);
}

/* Every allowed prefix round-trips, and the 2-byte layout matches A5's formula; this is
 * where the C integer-promotion pitfall (0x40 marker leaking into bit 8) would show. */
static void
test_all_prefixes(void)
{
	uint8_t payload[33], got[33], body[64];
	char enc[DBC_SS58_MAX];
	unsigned p, bad = 0;
	size_t glen, n;
	uint16_t gp;

	for (n = 0; n < 33; n++)
		payload[n] = (uint8_t)(n * 7 + 1);
	for (p = 0; p <= 16383; p++) {
		int r = dbc_ss58_encode(enc, (uint16_t)p, payload, 32 + (p & 1));

		if (p == 46 || p == 47) {
			bad += r != DBC_ERR_SS58_PREFIX;
			continue;
		}
		if (r != DBC_OK || dbc_ss58_decode(got, &glen, &gp, enc) != DBC_OK || gp != p ||
		    glen != 32 + (p & 1) || memcmp(got, payload, glen) != 0 ||
		    dbc_base58_decode(body, sizeof(body), &n, enc, strlen(enc)) != DBC_OK) {
			bad++;
			continue;
		}
		if (p < 64)
			bad += body[0] != p;
		else
			bad += body[0] != (((p & 0xfc) >> 2) | 0x40) ||
			       body[1] != ((p >> 8) | ((p & 0x03) << 6));
	}
	CHECK(bad == 0, "prefix round trips: %u bad", bad);
}

static void
test_decode_edges(void)
{
	uint8_t got[33], body[64], payload[32];
	char enc[DBC_SS58_MAX], longs[300];
	size_t glen, n;
	uint16_t gp;

	CHECK(dbc_ss58_decode(got, &glen, &gp, "") == DBC_ERR_SS58_LENGTH, "empty");
	CHECK(dbc_ss58_decode(got, &glen, &gp, "1") == DBC_ERR_SS58_LENGTH, "one char");
	CHECK(dbc_ss58_decode(got, &glen, &gp, " 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY") ==
	      DBC_ERR_BASE58, "leading space");
	CHECK(dbc_ss58_decode(got, &glen, &gp, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\n") ==
	      DBC_ERR_BASE58, "trailing newline");
	CHECK(dbc_ss58_decode(got, &glen, &gp, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY") == DBC_OK,
	      "Alice");
	/* long garbage is bounded: length error (base58) or character error (not base58) */
	memset(longs, 'z', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	CHECK(dbc_ss58_decode(got, &glen, &gp, longs) == DBC_ERR_SS58_LENGTH, "300 chars");
	longs[150] = '0';
	CHECK(dbc_ss58_decode(got, &glen, &gp, longs) == DBC_ERR_BASE58, "300 chars with '0'");
	/* a one-byte-prefix body of 34 bytes (payload 31) */
	memset(payload, 0xab, sizeof(payload));
	CHECK_OK(dbc_ss58_encode(enc, 42, payload, 32), "encode");
	CHECK_OK(dbc_base58_decode(body, sizeof(body), &n, enc, strlen(enc)), "body");
	CHECK(n == 35, "1 + 32 + 2");
	CHECK_OK(dbc_base58_encode(enc, sizeof(enc), body, n - 1), "truncated body");
	CHECK(dbc_ss58_decode(got, &glen, &gp, enc) == DBC_ERR_SS58_LENGTH, "34-byte body");
	/* first byte 64..127 needs a second byte: body of exactly 1 byte */
	body[0] = 0x50;
	CHECK_OK(dbc_base58_encode(enc, sizeof(enc), body, 1), "1 byte");
	CHECK(dbc_ss58_decode(got, &glen, &gp, enc) == DBC_ERR_SS58_LENGTH, "lone 2-byte marker");
	/* ident 42 spelled in the 2-byte form (0x4a 0x80) with a valid checksum: sp-core would
	 * accept it, we refuse the non-canonical spelling so decode/encode round-trips */
	{
		crypto_generichash_state st;
		uint8_t h[64];

		body[0] = (uint8_t)(((42 & 0xfc) >> 2) | 0x40);
		body[1] = (uint8_t)((42 >> 8) | ((42 & 0x03) << 6));
		memset(body + 2, 0xab, 32);
		CHECK(crypto_generichash_init(&st, NULL, 0, 64) == 0 &&
		      crypto_generichash_update(&st, (const uint8_t *)"SS58PRE", 7) == 0 &&
		      crypto_generichash_update(&st, body, 34) == 0 &&
		      crypto_generichash_final(&st, h, 64) == 0, "checksum");
		memcpy(body + 34, h, 2);
		CHECK_OK(dbc_base58_encode(enc, sizeof(enc), body, 36), "non-canonical");
		CHECK(dbc_ss58_decode(got, &glen, &gp, enc) == DBC_ERR_SS58_PREFIX, "2-byte form of 42");
		body[0] = 0x5a;    /* same with ident 106: canonical, accepted */
		body[1] = 0x80;
		CHECK(crypto_generichash_init(&st, NULL, 0, 64) == 0 &&
		      crypto_generichash_update(&st, (const uint8_t *)"SS58PRE", 7) == 0 &&
		      crypto_generichash_update(&st, body, 34) == 0 &&
		      crypto_generichash_final(&st, h, 64) == 0, "checksum");
		memcpy(body + 34, h, 2);
		CHECK_OK(dbc_base58_encode(enc, sizeof(enc), body, 36), "canonical");
		CHECK(dbc_ss58_decode(got, &glen, &gp, enc) == DBC_OK && gp == 106, "2-byte 106: %u", gp);
	}
	/* encode errors */
	CHECK(dbc_ss58_encode(enc, 47, payload, 32) == DBC_ERR_SS58_PREFIX, "47");
	CHECK(dbc_ss58_encode(enc, 65535, payload, 32) == DBC_ERR_SS58_PREFIX, "65535");
	CHECK(dbc_ss58_encode(enc, 42, payload, 31) == DBC_ERR_SS58_LENGTH, "31 bytes");
	CHECK(dbc_ss58_encode(enc, 42, payload, 0) == DBC_ERR_SS58_LENGTH, "0 bytes");
}

static void
test_network_parse(void)
{
	static const struct {
		const char *s;
		int rc;
		uint16_t prefix;
	} t[] = {
		{ "42", DBC_OK, 42 }, { "0", DBC_OK, 0 }, { "2", DBC_OK, 2 }, { "16383", DBC_OK, 16383 },
		{ "4242", DBC_OK, 4242 }, { "dbc", DBC_OK, 42 }, { "DBC", DBC_OK, 42 },
		{ "DeepBrainChain", DBC_OK, 42 }, { "substrate", DBC_OK, 42 }, { "Polkadot", DBC_OK, 0 },
		{ "KUSAMA", DBC_OK, 2 },
		{ "46", DBC_ERR_SS58_PREFIX, 0 }, { "47", DBC_ERR_SS58_PREFIX, 0 },
		{ "16384", DBC_ERR_SS58_PREFIX, 0 }, { "65578", DBC_ERR_SS58_PREFIX, 0 },
		{ "99999999999999999999", DBC_ERR_SS58_PREFIX, 0 }, { "-1", DBC_ERR_SS58_PREFIX, 0 },
		{ "+42", DBC_ERR_SS58_PREFIX, 0 }, { " 42", DBC_ERR_SS58_PREFIX, 0 },
		{ "42 ", DBC_ERR_SS58_PREFIX, 0 }, { "0x2a", DBC_ERR_SS58_PREFIX, 0 },
		{ "", DBC_ERR_SS58_PREFIX, 0 }, { "westend", DBC_ERR_SS58_PREFIX, 0 },
		{ "dbc2", DBC_ERR_SS58_PREFIX, 0 }, { "4.2", DBC_ERR_SS58_PREFIX, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint16_t p = 999;
		int r = dbc_network_parse(t[i].s, &p);

		CHECK(r == t[i].rc && (r != DBC_OK || p == t[i].prefix), "network '%s': rc %d prefix %u",
		      t[i].s, r, p);
	}
	{
		uint16_t p;
		CHECK(dbc_network_parse(NULL, &p) == DBC_ERR_SS58_PREFIX, "NULL network");
	}
}

static void
test_base58(void)
{
	/* bitcoin/bitcoin src/test/data/base58_encode_decode.json */
	static const struct {
		const char *hex, *b58;
	} t[] = {
		{ "", "" }, { "61", "2g" }, { "626262", "a3gV" }, { "636363", "aPEr" },
		{ "73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2" },
		{ "00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L" },
		{ "516b6fcd0f", "ABnLTmg" }, { "bf4f89001e670274dd", "3SEo3LWLoPntC" },
		{ "572e4794", "3EFU7m" }, { "ecac89cad93923c02321", "EJDM8drfXA6uyA" },
		{ "10c8511e", "Rt5zm" }, { "00000000000000000000", "1111111111" },
	};
	uint8_t bin[2048], back[2048];
	char txt[2048];
	size_t i, n;
	long blen;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		blen = check_unhex(bin, sizeof(bin), t[i].hex);
		CHECK(blen >= 0, "hex");
		CHECK_OK(dbc_base58_encode(txt, sizeof(txt), bin, (size_t)blen), "b58 encode");
		CHECK(strcmp(txt, t[i].b58) == 0, "b58 encode %s: %s", t[i].hex, txt);
		CHECK_OK(dbc_base58_decode(back, sizeof(back), &n, t[i].b58, strlen(t[i].b58)), "b58 decode");
		CHECK(n == (size_t)blen && memcmp(back, bin, n) == 0, "b58 decode %s", t[i].b58);
	}
	/* output capacity: "2g" needs 3 bytes with the NUL */
	CHECK(dbc_base58_encode(txt, 2, (const uint8_t *)"a", 1) == DBC_ERR_LENGTH, "encode cap");
	CHECK_OK(dbc_base58_encode(txt, 3, (const uint8_t *)"a", 1), "encode exact cap");
	CHECK(dbc_base58_decode(back, 2, &n, "a3gV", 4) == DBC_ERR_LENGTH && n == 0, "decode cap");
	CHECK(dbc_base58_decode(back, 2, &n, "111", 3) == DBC_ERR_LENGTH, "decode cap (zeros)");
	/* strict alphabet: 0 O I l, '+', NUL and bytes >= 0x80 are not base58 */
	CHECK(dbc_base58_decode(back, sizeof(back), &n, "a0", 2) == DBC_ERR_BASE58, "'0'");
	CHECK(dbc_base58_decode(back, sizeof(back), &n, "aO", 2) == DBC_ERR_BASE58, "'O'");
	CHECK(dbc_base58_decode(back, sizeof(back), &n, "aI", 2) == DBC_ERR_BASE58, "'I'");
	CHECK(dbc_base58_decode(back, sizeof(back), &n, "al", 2) == DBC_ERR_BASE58, "'l'");
	CHECK(dbc_base58_decode(back, sizeof(back), &n, "a+", 2) == DBC_ERR_BASE58, "'+'");
	CHECK(dbc_base58_decode(back, sizeof(back), &n, "a\0b", 3) == DBC_ERR_BASE58, "NUL");
	CHECK(dbc_base58_decode(back, sizeof(back), &n, "a\xc3\xa9", 3) == DBC_ERR_BASE58, "UTF-8");
	/* caps against quadratic work */
	memset(bin, 0xff, sizeof(bin));
	CHECK_OK(dbc_base58_encode(txt, sizeof(txt), bin, 1024), "1024 bytes");
	CHECK_OK(dbc_base58_decode(back, sizeof(back), &n, txt, strlen(txt)), "decode 1024 bytes");
	CHECK(n == 1024 && memcmp(back, bin, n) == 0, "1024-byte round trip");
	CHECK(dbc_base58_encode(txt, sizeof(txt), bin, 1025) == DBC_ERR_TOO_LARGE, "1025 bytes");
	memset(txt, 'z', 1500);
	CHECK(dbc_base58_decode(back, sizeof(back), &n, txt, 1500) == DBC_ERR_TOO_LARGE, "1500 chars");
	CHECK(dbc_base58_decode(back, sizeof(back), &n, txt, 1414) == DBC_ERR_TOO_LARGE,
	      "1414 'z' exceed 1024 bytes");
	/* random round trips with leading zeros */
	for (i = 0; i < 200; i++) {
		size_t len = 1 + randombytes_uniform(80), z = randombytes_uniform(4);

		randombytes_buf(bin, len);
		memset(bin, 0, z < len ? z : len);
		CHECK(dbc_base58_encode(txt, sizeof(txt), bin, len) == DBC_OK &&
		      dbc_base58_decode(back, sizeof(back), &n, txt, strlen(txt)) == DBC_OK &&
		      n == len && memcmp(back, bin, len) == 0, "random round trip %zu", i);
	}
}

static void
test_base58check(void)
{
	uint8_t bin[32], back[64];
	char txt[64];
	size_t n;
	long blen = check_unhex(bin, sizeof(bin), "00f54a5851e9372b87810a8e60cdd2e7cfd80b6e31");

	CHECK(blen == 21, "hex");
	CHECK_OK(dbc_base58check_encode(txt, sizeof(txt), bin, 21), "b58check encode");
	CHECK(strcmp(txt, "1PMycacnJaSqwwJqjawXBErnLsZ7RkXUAs") == 0, "Bitcoin wiki address: %s", txt);
	CHECK_OK(dbc_base58check_decode(back, sizeof(back), &n, txt, strlen(txt)), "b58check decode");
	CHECK(n == 21 && memcmp(back, bin, 21) == 0, "b58check round trip");
	/* last character changed: checksum */
	CHECK(dbc_base58check_decode(back, sizeof(back), &n, "1PMycacnJaSqwwJqjawXBErnLsZ7RkXUAt", 34) ==
	      DBC_ERR_SS58_CHECKSUM, "bad checksum");
	CHECK(dbc_base58check_decode(back, 20, &n, txt, strlen(txt)) == DBC_ERR_LENGTH, "cap");
	CHECK(dbc_base58check_decode(back, sizeof(back), &n, "2g", 2) == DBC_ERR_LENGTH, "< 4 bytes");
	CHECK(dbc_base58check_decode(back, sizeof(back), &n, "1PMy0", 5) == DBC_ERR_BASE58, "bad char");
	CHECK_OK(dbc_base58check_encode(txt, sizeof(txt), bin, 0), "empty payload");
	CHECK_OK(dbc_base58check_decode(back, sizeof(back), &n, txt, strlen(txt)), "empty decode");
	CHECK(n == 0, "empty payload round trip");
}

/* substrate-crypto.md B10: PeerId = base58(00 24 08 01 12 20 || ed25519 pub) */
static void
test_peer_id(void)
{
	uint8_t seed[32] = { 0 }, id[38] = { 0x00, 0x24, 0x08, 0x01, 0x12, 0x20 };
	char txt[64];

	seed[31] = 1;
	CHECK_OK(dbc_ed25519_public_from_seed(id + 6, seed), "node key public");
	CHECK_OK(dbc_base58_encode(txt, sizeof(txt), id, sizeof(id)), "peer id");
	CHECK(strcmp(txt, "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp") == 0, "PeerId %s", txt);
}

int
main(void)
{
	check_init("test_ss58");
	if (sodium_init() < 0)
		return 1;
	test_vectors();
	test_all_prefixes();
	test_decode_edges();
	test_network_parse();
	test_base58();
	test_base58check();
	test_peer_id();
	return check_done();
}
