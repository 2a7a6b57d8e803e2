/* Ledger BIP32-Ed25519 derivation against polkadot-js hd/ledger vectors (shared
 * vectors/ledger.json "ledger_master_xprv" / "ledger_ed25519_derivation", from
 * polkadot-js/common packages/util-crypto/src/hd/ledger/{index,master}.spec.ts @ 9281daa14c;
 * also substrate-crypto.md B9). */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "hw/ledger_derive.h"
#include "sign/ed25519.h"

/* "m/44'/354'/0'/0'/0'" → indexes (all levels here are hardened). */
static size_t
parse_path(const char *s, uint32_t *out, size_t cap)
{
	size_t n = 0;

	if (strncmp(s, "m/", 2) != 0)
		return 0;
	s += 2;
	while (*s != '\0' && n < cap) {
		char *end;
		unsigned long v = strtoul(s, &end, 10);

		if (end == s)
			return 0;
		out[n] = (uint32_t)v;
		if (*end == '\'') {
			out[n] |= 0x80000000u;
			end++;
		}
		n++;
		s = *end == '/' ? end + 1 : end;
	}
	return n;
}

int
main(void)
{
	cJSON *doc, *v;
	int masters = 0, derivs = 0;

	check_init("test_ledger_derive");
	if ((doc = check_load_shared_json("vectors/ledger.json")) == NULL)
		return check_done();
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "vectors")) {
		const char *kind = check_jstr(v, "kind");
		const char *mn = check_jstr(v, "mnemonic");
		const char *pw = check_jstr(v, "password");

		if (strcmp(kind, "ledger_master_xprv") == 0) {
			uint8_t seed[64], xprv[96];

			CHECK_OK(dbc_bip39_seed(seed, mn, strlen(mn), pw, strlen(pw)), "bip39 seed");
			dbc_ledger_master(xprv, seed);
			CHECK_HEX(xprv, 96, check_jstr(v, "xprv"), "master xprv");
			masters++;
		} else if (strcmp(kind, "ledger_ed25519_derivation") == 0) {
			uint32_t path[10];
			size_t depth = parse_path(check_jstr(v, "path"), path, 10);
			uint8_t seed[32], pub[32];

			CHECK(depth == 5, "path %s parses", check_jstr(v, "path"));
			CHECK_OK(dbc_ledger_ed25519_seed(seed, mn, strlen(mn), pw, strlen(pw), path, depth),
			    "derive");
			CHECK_HEX(seed, 32, check_jstr(v, "ed25519_seed"), check_jstr(v, "path"));
			if (cJSON_GetObjectItem(v, "public") != NULL) {
				CHECK_OK(dbc_ed25519_public_from_seed(pub, seed), "public");
				CHECK_HEX(pub, 32, check_jstr(v, "public"), "public key");
			}
			derivs++;
		}
	}
	CHECK(masters == 1, "one master vector (got %d)", masters);
	CHECK(derivs == 5, "five derivation vectors (got %d)", derivs);
	/* Non-hardened indexes are hardened on the device too: same child either way. */
	{
		uint8_t seed[64] = { 1 }, m[96], a[96], b[96];

		dbc_ledger_master(m, seed);
		dbc_ledger_child(a, m, 7);
		dbc_ledger_child(b, m, 7 | 0x80000000u);
		CHECK(memcmp(a, b, 96) == 0, "index hardened implicitly");
		CHECK(dbc_ledger_ed25519_seed(a, "x", 1, "", 0, NULL, 11) == DBC_ERR_RANGE, "depth cap");
	}
	cJSON_Delete(doc);
	return check_done();
}
