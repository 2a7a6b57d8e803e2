/* wallet/suri.c: sp-core SURI grammar and derivation (substrate-crypto.md A4, B1, B2).
 * Sources: grammar cases = paritytech/polkadot-sdk substrate/primitives/core/src/address_uri.rs
 * tests test00..test22 (@ 0476638c9d); chain-code examples = spec A4 [checked]; keys =
 * vectors/sr25519.json (dev_phrase, dev_account, derive_uri, mnemonic, derive_soft),
 * vectors/ed25519.json and vectors/ecdsa.json (uri, mnemonic, legacy_string_seed) — each vector
 * names its upstream (polkadot-js/common keyring, sp-core tests, subkey docs, polkadot-labs/hdkd
 * Notes.md), see vectors/SOURCES.md; DBC key KA = fixtures/dbc/node-auth.json (DBC-Wiki @ 66a2950). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "tests/unit/check.h"
#include "sign/sr25519.h"
#include "wallet/keypair.h"
#include "wallet/ss58.h"
#include "wallet/suri.h"

#define DEV_ROOT_PUB "46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a"
#define ALICE_PUB "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"

static dbc_keypair_t *kp;

static int
derive(dbc_scheme_t scheme, const char *suri, const char *pw)
{
	return dbc_suri_to_keypair(kp, scheme, suri, strlen(suri), pw);
}

/* Derive and compare the public key (hex). */
static void
expect_pub(dbc_scheme_t scheme, const char *suri, const char *pw, const char *want)
{
	char what[300];

	snprintf(what, sizeof(what), "%s %s%s%s", dbc_scheme_name(scheme), suri,
	         pw ? " pw=" : "", pw ? pw : "");
	CHECK_OK(derive(scheme, suri, pw), what);
	CHECK(kp->publen == dbc_scheme_publen(scheme), "%s: publen %zu", what, kp->publen);
	CHECK_HEX(kp->pub, kp->publen, want, what);
}

/* Compare an SS58 of the account id (ecdsa: blake2b of the key) or of the key itself. */
static void
expect_ss58(const char *what, uint16_t prefix, int of_account, const char *want)
{
	char addr[DBC_SS58_MAX];
	uint8_t acct[32];

	if (of_account) {
		CHECK_OK(dbc_account_id(kp->scheme, kp->pub, kp->publen, acct), "account id");
		CHECK_OK(dbc_ss58_encode(addr, prefix, acct, 32), "ss58");
	} else {
		CHECK_OK(dbc_ss58_encode(addr, prefix, kp->pub, kp->publen), "ss58");
	}
	CHECK(strcmp(addr, want) == 0, "%s @%u: got %s want %s", what, prefix, addr, want);
}

/* ---- grammar ---- */

struct parse_case {
	const char *in;
	int ok;
	const char *phrase;  /* NULL: absent */
	const char *paths;   /* junctions as sp-core lists them, joined by '|' ("/a" = hard a) */
	const char *pass;    /* NULL: absent */
};

/* address_uri.rs tests test00..test22 */
static const struct parse_case parse_cases[] = {
	{ "///", 1, NULL, "", "" },
	{ "////////", 1, NULL, "", "/////" },
	{ "sdasd///asda", 1, "sdasd", "", "asda" },
	{ "sdasd//asda", 1, "sdasd", "/asda", NULL },
	{ "sdasd//a", 1, "sdasd", "/a", NULL },
	{ "sdasd//", 0, NULL, NULL, NULL },
	{ "sdasd/xx//asda", 1, "sdasd", "xx|/asda", NULL },
	{ "sdasd/xx//a/b//c///pass", 1, "sdasd", "xx|/a|b|/c", "pass" },
	{ "sdasd/xx//a", 1, "sdasd", "xx|/a", NULL },
	{ "sdasd/xx//", 0, NULL, NULL, NULL },
	{ "sdasd/asda", 1, "sdasd", "asda", NULL },
	{ "sdasd/asda//x", 1, "sdasd", "asda|/x", NULL },
	{ "sdasd/a", 1, "sdasd", "a", NULL },
	{ "sdasd/", 0, NULL, NULL, NULL },
	{ "sdasd", 1, "sdasd", "", NULL },
	{ "sd.asd", 0, NULL, NULL, NULL },
	{ "sd.asd/asd.a", 0, NULL, NULL, NULL },
	{ "sd.asd//asd.a", 0, NULL, NULL, NULL },
	{ "sdasd/asd.a", 1, "sdasd", "asd.a", NULL },
	{ "sdasd//asd.a", 1, "sdasd", "/asd.a", NULL },
	{ "///\n", 0, NULL, NULL, NULL },
	{ "///a\n", 0, NULL, NULL, NULL },
	{ "sd.asd///asd.a\n", 0, NULL, NULL, NULL },
	/* ours, in the same spirit */
	{ "", 1, NULL, "", NULL },
	{ "//Alice", 1, NULL, "/Alice", NULL },
	{ "hello world/s//h///pass", 1, "hello world", "s|/h", "pass" },  /* AddressUri doc example */
	{ "//a///b///c", 1, NULL, "/a", "b///c" },
	{ "//é/ü", 1, NULL, "/é|ü", NULL },
	{ "a b\tc", 0, NULL, NULL, NULL },
};

static void
test_grammar(void)
{
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		dbc_suri_parts_t p;
		int r = dbc_suri_parse(&p, c->in, strlen(c->in));
		char joined[256] = "";
		const char *code;
		size_t codelen, pos = 0, o = 0;
		int hard;

		if (!c->ok) {
			CHECK(r == DBC_ERR_SURI, "parse '%s' must fail: %d", c->in, r);
			continue;
		}
		CHECK(r == DBC_OK, "parse '%s': %d", c->in, r);
		if (r != DBC_OK)
			continue;
		if (c->phrase == NULL)
			CHECK(!p.has_phrase, "'%s': no phrase", c->in);
		else
			CHECK(p.has_phrase && p.phrase_len == strlen(c->phrase) &&
			          memcmp(p.phrase, c->phrase, p.phrase_len) == 0,
			      "'%s': phrase", c->in);
		if (c->pass == NULL)
			CHECK(!p.has_password, "'%s': no password", c->in);
		else
			CHECK(p.has_password && p.password_len == strlen(c->pass) &&
			          memcmp(p.password, c->pass, p.password_len) == 0,
			      "'%s': password '%.*s'", c->in, (int)p.password_len, p.password);
		while (dbc_suri_next_junction(&p, &pos, &code, &codelen, &hard))
			o += (size_t)snprintf(joined + o, sizeof(joined) - o, "%s%s%.*s", o ? "|" : "",
			                      hard ? "/" : "", (int)codelen, code);
		CHECK(strcmp(joined, c->paths) == 0, "'%s': paths '%s' want '%s'", c->in, joined,
		      c->paths);
	}
	/* Things a C string can carry but a Rust &str cannot. */
	CHECK(dbc_suri_parse(&(dbc_suri_parts_t){ 0 }, "//A\0b", 5) == DBC_ERR_SURI, "NUL byte");
	CHECK(dbc_suri_parse(&(dbc_suri_parts_t){ 0 }, "//\xff", 3) == DBC_ERR_SURI, "bad UTF-8");
	CHECK(dbc_suri_parse(&(dbc_suri_parts_t){ 0 }, "//\xc0\xaf", 4) == DBC_ERR_SURI, "overlong");
	CHECK(dbc_suri_parse(&(dbc_suri_parts_t){ 0 }, "//\xed\xa0\x80", 5) == DBC_ERR_SURI,
	      "surrogate");
	CHECK(dbc_suri_parse(&(dbc_suri_parts_t){ 0 }, "///\xe2\x82", 5) == DBC_ERR_SURI,
	      "truncated sequence in password");
}

/* ---- junction chain codes (spec A4) ---- */

static void
test_chain_codes(void)
{
	static const struct {
		const char *j, *cc;
	} cases[] = {
		/* [checked] in spec A4 */
		{ "Alice", "14416c6963650000000000000000000000000000000000000000000000000000" },
		{ "foo", "0c666f6f00000000000000000000000000000000000000000000000000000000" },
		{ "polkadot", "20706f6c6b61646f740000000000000000000000000000000000000000000000" },
		{ "1", "0100000000000000000000000000000000000000000000000000000000000000" },
		{ "9007199254740991", "ffffffffffff1f00000000000000000000000000000000000000000000000000" },
		{ "900719925474099999", "1f0300000000800c000000000000000000000000000000000000000000000000" },
		/* [computed] in spec A4 */
		{ "0123456789012345678901234567890123456789",
		  "31502b57ec13c086b6b26cc0226da87e946e8b4461e7729b9d8e7887eea47863" },
		/* Rust parse::<u64>: '+' and leading zeros, u64::MAX; one more is text */
		{ "+1", "0100000000000000000000000000000000000000000000000000000000000000" },
		{ "0001", "0100000000000000000000000000000000000000000000000000000000000000" },
		{ "18446744073709551615", "ffffffffffffffff000000000000000000000000000000000000000000000000" },
		{ "18446744073709551616", "5031383434363734343037333730393535313631360000000000000000000000" },
		{ "-1", "082d310000000000000000000000000000000000000000000000000000000000" },
		{ "+", "042b000000000000000000000000000000000000000000000000000000000000" },
		/* SCALE boundaries: 31 bytes fit (1 + 31), 32 bytes are hashed; 2-byte compact;
		 * UTF-8 byte length. Expected values computed with Python hashlib (independent). */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "7c61616161616161616161616161616161616161616161616161616161616161" },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "75ad2af4378b683f716ddf82fef713e873c85a6376ce2acf71d04f79e221a068" },
		{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		  "312512981c49b52e78ee27c7c0725d4be43aaca9d81288de6979972b1505ec90" },
		{ "\xc3\xa9", "08c3a90000000000000000000000000000000000000000000000000000000000" },
	};
	uint8_t cc[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dbc_junction_chain_code(cc, cases[i].j, strlen(cases[i].j));
		CHECK_HEX(cc, 32, cases[i].cc, cases[i].j);
	}
}

/* ---- sr25519 ---- */

static void
test_sr25519_vectors(void)
{
	cJSON *j = check_load_shared_json("vectors/sr25519.json");
	const cJSON *v;
	int n_dev = 0, n_uri = 0, n_mn = 0, n_phrase = 0;

	if (j == NULL)
		return;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
		const char *kind = check_jstr(v, "kind");
		const cJSON *ss58 = cJSON_GetObjectItemCaseSensitive(v, "ss58");
		const cJSON *e;
		uint8_t edf[64];

		if (strcmp(kind, "dev_phrase") == 0) {
			expect_pub(DBC_SR25519, "", NULL, check_jstr(v, "public"));
			CHECK(kp->has_seed, "dev root has a seed");
			CHECK_HEX(kp->seed, 32, check_jstr(v, "mini_secret"), "DEV_SEED");
			expect_pub(DBC_SR25519, check_jstr(v, "phrase"), NULL, check_jstr(v, "public"));
			expect_ss58("dev phrase", 42, 0, check_jstr(v, "ss58_42"));
			n_phrase++;
		} else if (strcmp(kind, "dev_account") == 0) {
			/* hard junctions only: everything, the 64-byte secret included, is deterministic */
			expect_pub(DBC_SR25519, check_jstr(v, "suri"), NULL, check_jstr(v, "public"));
			CHECK(kp->has_seed, "%s: seed after hard junctions", check_jstr(v, "suri"));
			CHECK_OK(dbc_sr25519_secret_to_ed25519_form(edf, kp->secret), "ed form");
			CHECK_HEX(edf, 64, check_jstr(v, "secret_ed25519_form"), check_jstr(v, "suri"));
			if (*check_jstr(v, "mini_secret"))
				CHECK_HEX(kp->seed, 32, check_jstr(v, "mini_secret"), "//Alice secret seed");
			cJSON_ArrayForEach(e, ss58) {
				expect_ss58(check_jstr(v, "suri"), (uint16_t)atoi(e->string), 0, e->valuestring);
			}
			expect_pub(DBC_SR25519, check_jstr(v, "full_suri"), NULL, check_jstr(v, "public"));
			n_dev++;
		} else if (strcmp(kind, "derive_uri") == 0) {
			const char *suri = check_jstr(v, "suri");
			const char *pub = check_jstr(v, "public");

			CHECK_OK(derive(DBC_SR25519, suri, NULL), suri);
			if (*pub)
				CHECK_HEX(kp->pub, 32, pub, suri);
			cJSON_ArrayForEach(e, ss58) {
				expect_ss58(suri, (uint16_t)atoi(e->string), 0, e->valuestring);
			}
			if (*check_jstr(v, "full_suri")) {
				uint8_t first[32];

				memcpy(first, kp->pub, 32);
				CHECK_OK(derive(DBC_SR25519, check_jstr(v, "full_suri"), NULL), "full suri");
				CHECK(memcmp(first, kp->pub, 32) == 0, "%s == full_suri", suri);
			}
			n_uri++;
		} else if (strcmp(kind, "mnemonic") == 0) {
			const char *m = check_jstr(v, "mnemonic"), *pw = check_jstr(v, "password");
			const char *s42 = check_jstr(v, "ss58_42");
			char suri[512];

			/* the password both ways: ///password in the SURI and as an override */
			snprintf(suri, sizeof(suri), "%s%s%s", m, *pw ? "///" : "", pw);
			CHECK_OK(derive(DBC_SR25519, suri, NULL), suri);
			if (*check_jstr(v, "mini_secret"))
				CHECK_HEX(kp->seed, 32, check_jstr(v, "mini_secret"), "mnemonic seed");
			if (*s42)
				expect_ss58(m, 42, 0, s42);
			cJSON_ArrayForEach(e, ss58) {
				expect_ss58(m, (uint16_t)atoi(e->string), 0, e->valuestring);
			}
			CHECK_OK(derive(DBC_SR25519, m, pw), "override");
			if (*s42)
				expect_ss58("password override", 42, 0, s42);
			n_mn++;
		}
	}
	CHECK(n_phrase == 1 && n_dev == 8 && n_uri == 3 && n_mn == 4,
	      "sr25519.json: dev_phrase %d dev_account %d derive_uri %d mnemonic %d", n_phrase, n_dev,
	      n_uri, n_mn);
	cJSON_Delete(j);
}

static void
test_sr25519_spec(void)
{
	uint8_t a[32], edf[64];
	int r;

	/* substrate-crypto.md B1 */
	expect_pub(DBC_SR25519, "//Alice///password", NULL,
	           "32fc18294f88e02ec071e59bb3996aa21f4519d92593dc6e01fda2921d459b23");
	expect_ss58("//Alice///password", 42, 0, "5DDZ925gBq5PjNFM8yKTKWVoq1mf9veLGFHvpC6sHWXk6Wpe");
	expect_pub(DBC_SR25519, "//Alice", "password",
	           "32fc18294f88e02ec071e59bb3996aa21f4519d92593dc6e01fda2921d459b23");
	/* an override wins over ///pw, even when empty */
	expect_pub(DBC_SR25519, "//Alice///password", "", ALICE_PUB);
	/* empty "///" = no password */
	expect_pub(DBC_SR25519, "///", NULL, DEV_ROOT_PUB);
	expect_pub(DBC_SR25519, "//Alice///", NULL, ALICE_PUB);
	expect_pub(DBC_SR25519, "//Alice/1", NULL,
	           "96f56ff25557d90198ffdea4a317664140e7f33a3cb4ec5edc9640104ddbbd79");
	expect_ss58("//Alice/1", 42, 0, "5FUdx3xPJdh2ZdD7DwPQRN2eMAFVUKpfPeoEZZiSraow9iVQ");
	CHECK(!kp->has_seed, "soft junction drops the seed");
	CHECK(sodium_is_zero(kp->seed, 32), "seed bytes wiped after soft");
	CHECK_OK(derive(DBC_SR25519, "//0", NULL), "//0");
	expect_ss58("//0", 42, 0, "5D34dL5prEUaGNQtPPZ3yN5Y6BnkfXunKXXz6fo7ZJbLwRRH");
	CHECK_OK(derive(DBC_SR25519, "//1", NULL), "//1");
	expect_ss58("//1", 42, 0, "5GBNeWRhZc2jXu7D55rBimKYDk8PGk8itRYFTPfC8RJLKG5o");
	memcpy(a, kp->pub, 32);
	CHECK_OK(derive(DBC_SR25519, "//0001", NULL), "//0001");
	CHECK(memcmp(a, kp->pub, 32) == 0, "//0001 == //1");
	CHECK_OK(derive(DBC_SR25519, "//+1", NULL), "//+1");
	CHECK(memcmp(a, kp->pub, 32) == 0, "//+1 == //1");
	CHECK_OK(derive(DBC_SR25519, "//polkadot", NULL), "//polkadot");
	expect_ss58("//polkadot", 42, 0, "5HdHWkvPFBLd57XgZTVN2WFxaHmrswAmhSrTipd75EKww1af");
	CHECK_OK(derive(DBC_SR25519, "//0123456789012345678901234567890123456789", NULL), "40-char");
	expect_ss58("40-char junction", 42, 0, "5EqF4hogopanypYs5rzGjvZfHsDdMPP1kBdM5c6SER2KA5nB");
	/* soft on the dev root: polkadot-js/wasm, sr25519-donna */
	expect_pub(DBC_SR25519, "/foo", NULL,
	           "40b9675df90efa6069ff623b0fdfcf706cd47ca7452a5056c7ad58194d23440a");
	/* soft-then-hard: the hard step uses only the (deterministic) secret scalar, so the
	 * public key repeats although the nonce half was randomized; the seed stays absent. */
	CHECK_OK(derive(DBC_SR25519, "/foo//bar", NULL), "/foo//bar");
	memcpy(a, kp->pub, 32);
	CHECK(!kp->has_seed, "no seed after soft then hard (sp-core)");
	CHECK_OK(derive(DBC_SR25519, "/foo//bar", NULL), "/foo//bar again");
	CHECK(memcmp(a, kp->pub, 32) == 0, "soft-then-hard public is deterministic");
	/* subkey README: 0x seed; a password is ignored for seeds (sp-core from_string_with_seed) */
	expect_pub(DBC_SR25519, "0xa05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92d",
	           NULL, "fec70cfbf1977c6965b5af10a4534a6a35d548eb14580594d0bc543286892515");
	CHECK(kp->has_seed, "0x seed kept");
	CHECK_HEX(kp->seed, 32, "a05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92d",
	          "seed");
	expect_pub(DBC_SR25519,
	           "0xa05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92d///ignored", NULL,
	           "fec70cfbf1977c6965b5af10a4534a6a35d548eb14580594d0bc543286892515");
	expect_pub(DBC_SR25519, "0xa05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92d",
	           "ignored", "fec70cfbf1977c6965b5af10a4534a6a35d548eb14580594d0bc543286892515");
	expect_pub(DBC_SR25519, "0xA05C75731970CC7868A2FB7CB577353CD5B31F62DCCCED92C441ACD8FEE0C92D",
	           NULL, "fec70cfbf1977c6965b5af10a4534a6a35d548eb14580594d0bc543286892515");
	/* 0x seed with a path: //Alice from DEV_SEED == //Alice */
	expect_pub(DBC_SR25519,
	           "0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e//Alice", NULL,
	           ALICE_PUB);
	/* bad seeds */
	r = derive(DBC_SR25519, "0xa05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92", NULL);
	CHECK(r == DBC_ERR_SEED, "63 hex digits: %d", r);
	r = derive(DBC_SR25519, "0xa05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92d00",
	           NULL);
	CHECK(r == DBC_ERR_SEED, "33 bytes: %d", r);
	r = derive(DBC_SR25519, "0xz05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92d", NULL);
	CHECK(r == DBC_ERR_SEED, "non-hex: %d", r);
	r = derive(DBC_SR25519, "0x", NULL);
	CHECK(r == DBC_ERR_SEED, "empty 0x: %d", r);
	CHECK(sodium_is_zero((const unsigned char *)kp, sizeof(*kp)), "keypair zeroed on error");
	/* bad phrases and paths */
	r = derive(DBC_SR25519, "bottom drive obey lake curtain smoke basket hold race lonely fit fit",
	           NULL);
	CHECK(r == DBC_ERR_MNEMONIC_CHECKSUM, "bad checksum phrase: %d", r);
	r = derive(DBC_SR25519, "bottom drive obey lake curtain smoke basket hold race lonely fit walkk",
	           NULL);
	CHECK(r == DBC_ERR_MNEMONIC_WORD, "bad word: %d", r);
	r = derive(DBC_SR25519, "//Alice/", NULL);
	CHECK(r == DBC_ERR_SURI, "trailing '/': %d", r);
	r = derive(DBC_SR25519, "bottom.drive", NULL);
	CHECK(r == DBC_ERR_SURI, "'.' in phrase: %d", r);
	r = derive((dbc_scheme_t)7, "//Alice", NULL);
	CHECK(r == DBC_ERR_SCHEME, "unknown scheme: %d", r);
	/* extra spaces inside the phrase part are tolerated like rust-bip39 */
	expect_pub(DBC_SR25519,
	           "bottom  drive obey lake curtain smoke basket hold race lonely fit walk //Alice", NULL,
	           ALICE_PUB);
	/* polkadot-js legacy raw-string seeds are not SURIs here (sp-core would fail too) */
	r = derive(DBC_SR25519, "Alice", NULL);
	CHECK(r == DBC_ERR_MNEMONIC_LENGTH, "'Alice' as a SURI: %d", r);

	/* the hard-derived //Alice secret in canonical layout (spec B1 [computed]) */
	CHECK_OK(derive(DBC_SR25519, "//Alice", NULL), "//Alice");
	CHECK_HEX(kp->secret, 64,
	          "33a6f3093f158a7109f679410bef1a0c54168145e0cecb4df006c1c2fffb1f09"
	          "925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011",
	          "//Alice canonical secret");
	CHECK_OK(dbc_sr25519_secret_to_ed25519_form(edf, kp->secret), "ed form");
	sodium_memzero(edf, sizeof(edf));
}

/* DBC node-auth key KA: the sign_tool seed → wallet address (fixtures/dbc/node-auth.json). */
static void
test_dbc_key(void)
{
	cJSON *j = check_load_shared_json("fixtures/dbc/node-auth.json");
	const cJSON *v;
	int found = 0;

	if (j == NULL)
		return;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
		char suri[80];
		uint8_t edf[64];

		if (strcmp(check_jstr(v, "id"), "KA") != 0)
			continue;
		snprintf(suri, sizeof(suri), "0x%s", check_jstr(v, "seed"));
		expect_pub(DBC_SR25519, suri, NULL, check_jstr(v, "public"));
		expect_ss58("DBC KA", 42, 0, check_jstr(v, "ss58_42"));
		CHECK(strcmp(check_jstr(v, "ss58_42"), "5Dy8ULx1De6u3WE9ixpy1VKK2CVssvsjQT15qcmQsG662Zj4") == 0,
		      "fixture is the KA the issue names");
		CHECK_OK(dbc_sr25519_secret_to_ed25519_form(edf, kp->secret), "ed form");
		CHECK_HEX(edf, 64, check_jstr(v, "secret_ed25519_form"), "KA secret (ed25519 form)");
		CHECK_HEX(kp->secret, 32, check_jstr(v, "secret_scalar_le"), "KA secret scalar");
		found = 1;
	}
	CHECK(found, "KA in node-auth.json");
	cJSON_Delete(j);
}

/* ---- ed25519 / ecdsa ---- */

static void
test_other_schemes(const char *file, dbc_scheme_t scheme)
{
	cJSON *j = check_load_shared_json(file);
	const cJSON *v;
	int n_uri = 0, n_mn = 0, n_legacy = 0;

	if (j == NULL)
		return;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
		const char *kind = check_jstr(v, "kind");
		const cJSON *e;
		const char *suri;

		if (strcmp(kind, "uri") == 0 || strcmp(kind, "mnemonic") == 0) {
			int is_uri = kind[0] == 'u';

			suri = check_jstr(v, is_uri ? "suri" : "mnemonic");
			CHECK_OK(derive(scheme, suri, *check_jstr(v, "password") ? check_jstr(v, "password")
			                                                          : NULL),
			         suri);
			CHECK(kp->has_seed, "%s: seed present", suri);
			if (*check_jstr(v, "public"))
				CHECK_HEX(kp->pub, kp->publen, check_jstr(v, "public"), suri);
			if (*check_jstr(v, "seed"))
				CHECK_HEX(kp->seed, 32, check_jstr(v, "seed"), suri);
			if (*check_jstr(v, "account_id")) {
				uint8_t acct[32];

				CHECK_OK(dbc_account_id(scheme, kp->pub, kp->publen, acct), "account");
				CHECK_HEX(acct, 32, check_jstr(v, "account_id"), "account id");
			}
			cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(v, "ss58")) {
				expect_ss58(suri, (uint16_t)atoi(e->string), scheme == DBC_ECDSA, e->valuestring);
			}
			cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(v, "ss58_account")) {
				expect_ss58(suri, (uint16_t)atoi(e->string), 1, e->valuestring);
			}
			cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(v, "ss58_public")) {
				expect_ss58(suri, (uint16_t)atoi(e->string), 0, e->valuestring);
			}
			if (is_uri && *check_jstr(v, "full_suri")) {
				uint8_t first[33];

				memcpy(first, kp->pub, kp->publen);
				CHECK_OK(derive(scheme, check_jstr(v, "full_suri"), NULL), "full suri");
				CHECK(memcmp(first, kp->pub, kp->publen) == 0, "%s == full_suri", suri);
			}
			if (is_uri)
				n_uri++;
			else
				n_mn++;
		} else if (strcmp(kind, "legacy_string_seed") == 0) {
			/* polkadot-js pads a short non-mnemonic string to a 32-byte seed; sp-core's
			 * SURI parser does not, and neither do we. */
			int r = derive(scheme, check_jstr(v, "string"), NULL);

			CHECK(r == DBC_ERR_MNEMONIC_LENGTH, "legacy string seed '%s' rejected: %d",
			      check_jstr(v, "string"), r);
			n_legacy++;
		}
	}
	if (scheme == DBC_ED25519)
		CHECK(n_uri == 2 && n_mn == 2 && n_legacy == 1, "ed25519.json: uri %d mnemonic %d legacy %d",
		      n_uri, n_mn, n_legacy);
	else
		CHECK(n_uri == 2 && n_mn == 6, "ecdsa.json: uri %d mnemonic %d", n_uri, n_mn);
	cJSON_Delete(j);
}

static void
test_soft_rejection(void)
{
	int r;

	r = derive(DBC_ED25519, "//Alice/soft", NULL);
	CHECK(r == DBC_ERR_SOFT_DERIVATION, "soft on ed25519: %d", r);
	CHECK(sodium_is_zero((const unsigned char *)kp, sizeof(*kp)), "zeroed after refusal");
	r = derive(DBC_ECDSA, "/Alice", NULL);
	CHECK(r == DBC_ERR_SOFT_DERIVATION, "soft on ecdsa: %d", r);
	r = derive(DBC_ED25519, "0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60/x",
	           NULL);
	CHECK(r == DBC_ERR_SOFT_DERIVATION, "soft after a seed on ed25519: %d", r);
	/* ed25519 / ecdsa 0x seeds (spec B5/B6, sp-core test_vector_by_string_should_work) */
	expect_pub(DBC_ED25519, "0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	           NULL, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
	expect_pub(DBC_ECDSA, "0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	           NULL, "028db55b05db86c0b1786ca49f095d76344c9e6056b2f02701a7e7f3c20aabfd91");
	/* ecdsa: the seed must be a valid scalar */
	r = derive(DBC_ECDSA, "0x0000000000000000000000000000000000000000000000000000000000000000", NULL);
	CHECK(r == DBC_ERR_SEED, "ecdsa zero scalar: %d", r);
	/* ed25519 //Bob (spec B1) */
	expect_pub(DBC_ED25519, "//Bob", NULL,
	           "d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69");
	CHECK_HEX(kp->seed, 32, "3b7b60af2abcd57ba401ab398f84f4ca54bd6b2140d2503fbcf3286535fe3ff1",
	          "ed25519 //Bob seed");
}

/* ---- helpers for the CLI ---- */

static void
test_predicates(void)
{
	static const char hotel[] =
	    "hotel forest jar hover kite book view eight stuff angle legend defense";
	char buf[256];
	uint8_t base[32], pub[32];
	int r;

	CHECK(dbc_suri_is_dev("", 0) == 1, "'' is dev");
	CHECK(dbc_suri_is_dev("//Alice", 7) == 1, "//Alice is dev");
	CHECK(dbc_suri_is_dev("//Alice//stash/1", 16) == 1, "//Alice//stash/1 is dev");
	CHECK(dbc_suri_is_dev("//Alice///pw", 12) == 0, "a password makes it secret");
	CHECK(dbc_suri_is_dev("///", 3) == 0, "empty password part: not dev");
	CHECK(dbc_suri_is_dev(hotel, strlen(hotel)) == 0, "mnemonic is not dev");
	CHECK(dbc_suri_is_dev("0xa05c", 6) == 0, "seed is not dev");
	CHECK(dbc_suri_is_dev("//Alice/", 8) == 0, "invalid is not dev");
	CHECK(dbc_suri_is_dev(" //Alice", 8) == 0, "leading space: a (bad) phrase, not dev");

	CHECK(dbc_suri_has_mnemonic(hotel, strlen(hotel)) == 1, "plain mnemonic");
	snprintf(buf, sizeof(buf), "%s//x///pw", hotel);
	CHECK(dbc_suri_has_mnemonic(buf, strlen(buf)) == 1, "mnemonic with path");
	CHECK(dbc_suri_has_mnemonic("//Alice", 7) == 0, "dev: no explicit mnemonic");
	CHECK(dbc_suri_has_mnemonic("0xa05c75731970cc7868a2fb7cb577353cd5b31f62dccced92c441acd8fee0c92d",
	                            66) == 0, "seed");
	CHECK(dbc_suri_has_mnemonic("foo bar", 7) == 0, "not a mnemonic");

	/* public derivation (sp-core Public::from_string): soft only */
	CHECK(check_unhex(base, 32, DEV_ROOT_PUB) == 32, "hex");
	CHECK_OK(dbc_suri_public_derive(pub, base, "/foo", 4), "/foo");
	CHECK_HEX(pub, 32, "40b9675df90efa6069ff623b0fdfcf706cd47ca7452a5056c7ad58194d23440a",
	          "public /foo");
	CHECK_OK(dbc_suri_public_derive(pub, base, "/Alice", 6), "/Alice");
	CHECK_HEX(pub, 32, "d6c71059dbbe9ad2b0ed3f289738b800836eb425544ce694825285b958ca755e",
	          "public /Alice (sp-core derive_soft_known_pair_should_work)");
	CHECK_OK(dbc_suri_public_derive(pub, base, "", 0), "empty path");
	CHECK_HEX(pub, 32, DEV_ROOT_PUB, "empty path keeps the key");
	/* public and secret soft paths agree */
	CHECK_OK(derive(DBC_SR25519, "/Alice/1/foo", NULL), "secret soft path");
	CHECK_OK(dbc_suri_public_derive(pub, base, "/Alice/1/foo", 12), "public soft path");
	CHECK(memcmp(pub, kp->pub, 32) == 0, "public derivation == secret derivation");
	/* Warchant/sr25519-crust test/derive.cpp: soft /foo from a canonical keypair's public */
	CHECK(check_unhex(base, 32, "e661e416406384fe1ca091980958576d2bff7c461636e9f22c895f444905ea1f") ==
	          32, "hex");
	CHECK_OK(dbc_suri_public_derive(pub, base, "/foo", 4), "crust /foo");
	CHECK_HEX(pub, 32, "b21e5aabeeb35d6a1bf76226a6c65cd897016df09ef208243e59eed2401f5357",
	          "crust soft public");
	r = dbc_suri_public_derive(pub, base, "//Alice", 7);
	CHECK(r == DBC_ERR_SURI, "hard junction in public derivation: %d", r);
	r = dbc_suri_public_derive(pub, base, "/a///pw", 7);
	CHECK(r == DBC_ERR_SURI, "password in public derivation: %d", r);
	r = dbc_suri_public_derive(pub, base, "foo", 3);
	CHECK(r == DBC_ERR_SURI, "no leading '/': %d", r);
	r = dbc_suri_public_derive(pub, base, "/", 1);
	CHECK(r == DBC_ERR_SURI, "empty junction: %d", r);
}

int
main(void)
{
	check_init("test_suri");
	if (sodium_init() < 0 || (kp = dbc_keypair_new()) == NULL)
		return 1;
	test_grammar();
	test_chain_codes();
	test_sr25519_vectors();
	test_sr25519_spec();
	test_dbc_key();
	test_other_schemes("vectors/ed25519.json", DBC_ED25519);
	test_other_schemes("vectors/ecdsa.json", DBC_ECDSA);
	test_soft_rejection();
	test_predicates();
	dbc_keypair_free(&kp);
	CHECK(kp == NULL, "free clears the pointer");
	return check_done();
}
