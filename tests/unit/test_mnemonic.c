/* wallet/mnemonic.c: Substrate BIP39 (substrate-crypto.md A1).
 * Vectors: vectors/substrate-bip39.json (paritytech/substrate-bip39 src/lib.rs VECTORS @ ceb4fe5a3c;
 * polkadot-js/common util-crypto mnemonic/{toMiniSecret,validate}.spec.ts and sr25519/pair/
 * testing.spec.ts @ 9281daa14c), vectors/sr25519.json kind "mnemonic" (subkey lib.rs docs
 * @ 35291ca570), and the wordlist vectors/bip39-english.txt (bitcoin/bips bip-0039/english.txt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "tests/unit/check.h"
#include "sign/hash.h"
#include "sign/sr25519.h"
#include "wallet/mnemonic.h"

static size_t
count_words(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		if (*s == ' ') {
			in = 0;
		} else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

static void
test_wordlist(void)
{
	char path[4096], line[64];
	FILE *f;
	unsigned i = 0;
	int same = 1, sorted = 1, index_ok = 1;

	CHECK(strcmp(dbc_bip39_word(0), "abandon") == 0, "word 0");
	CHECK(strcmp(dbc_bip39_word(2047), "zoo") == 0, "word 2047");
	CHECK(dbc_bip39_word(2048) == NULL, "word 2048 out of range");
	for (unsigned k = 0; k < DBC_BIP39_WORDS; k++) {
		const char *w = dbc_bip39_word(k);

		if (k > 0 && strcmp(dbc_bip39_word(k - 1), w) >= 0)
			sorted = 0;
		if (dbc_bip39_index(w, strlen(w)) != (int)k)
			index_ok = 0;
	}
	CHECK(sorted, "embedded list strictly sorted (binary search needs it)");
	CHECK(index_ok, "every word found at its own index");
	CHECK(dbc_bip39_index("aban", 4) == -1, "prefix is not a word");
	CHECK(dbc_bip39_index("abandonx", 8) == -1, "extension is not a word");
	CHECK(dbc_bip39_index("Abandon", 7) == -1, "case sensitive");
	CHECK(dbc_bip39_index("", 0) == -1, "empty");
	CHECK(dbc_bip39_index("zoozoozoo", 9) == -1, "too long");
	CHECK(dbc_bip39_index("zoo", 3) == 2047, "last");
	CHECK(dbc_bip39_index("abandon abandon", 7) == 0, "length-bounded lookup");

	/* The generated wallet/bip39_english.c must match the BIP-0039 file it claims to be. */
	if (check_shared_path("vectors/bip39-english.txt", path, sizeof(path)) == NULL)
		return;
	if ((f = fopen(path, "r")) == NULL) {
		CHECK(0, "open %s", path);
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (i >= DBC_BIP39_WORDS || strcmp(line, dbc_bip39_word(i)) != 0)
			same = 0;
		i++;
	}
	fclose(f);
	CHECK(same && i == DBC_BIP39_WORDS, "embedded list == bip39-english.txt (%u lines)", i);
}

static void
test_vectors(void)
{
	cJSON *j = check_load_shared_json("vectors/substrate-bip39.json");
	const cJSON *v;
	int n_ok = 0;

	if (j == NULL)
		return;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
		const char *kind = check_jstr(v, "kind");
		const char *m = check_jstr(v, "mnemonic");
		const char *pw = check_jstr(v, "password");
		uint8_t ent[32], want_ent[32], mini[32], seed64[64], secret[64], pub[32], edf[64];
		char phrase[DBC_MNEMONIC_MAX];
		size_t entlen = 0;
		long wl;
		int r;

		if (strcmp(kind, "substrate-bip39") == 0 ||
		    strcmp(kind, "polkadot-js mnemonicToMiniSecret, empty password") == 0) {
			wl = check_unhex(want_ent, sizeof(want_ent), check_jstr(v, "entropy"));
			CHECK_OK(dbc_mnemonic_to_entropy(ent, &entlen, m, strlen(m)), m);
			CHECK(wl > 0 && entlen == (size_t)wl, "entropy length %zu for %s", entlen, m);
			CHECK_HEX(ent, entlen, check_jstr(v, "entropy"), "entropy");
			CHECK_OK(dbc_entropy_to_mini_secret(mini, ent, entlen, pw, strlen(pw)), "to mini");
			CHECK_HEX(mini, 32, check_jstr(v, "mini_secret"), "mini secret from entropy");
			memset(mini, 0, sizeof(mini));
			CHECK_OK(dbc_mnemonic_to_mini_secret(mini, m, strlen(m), pw, strlen(pw)), "mnemonic→mini");
			CHECK_HEX(mini, 32, check_jstr(v, "mini_secret"), "mini secret from mnemonic");
			/* encoding back gives the same phrase */
			CHECK_OK(dbc_mnemonic_from_entropy(phrase, sizeof(phrase), ent, entlen), "from entropy");
			CHECK(strcmp(phrase, m) == 0, "round trip: %s", phrase);
			if (*check_jstr(v, "seed")) {
				/* the full 64-byte PBKDF2 output the mini secret is cut from */
				char salt[64];
				int sl = snprintf(salt, sizeof(salt), "mnemonic%s", pw);

				CHECK_OK(dbc_pbkdf2_sha512(seed64, 64, ent, entlen, (const uint8_t *)salt,
				                           (size_t)sl, 2048), "pbkdf2");
				CHECK_HEX(seed64, 64, check_jstr(v, "seed"), "seed64");
			}
			if (*check_jstr(v, "sr25519_secret_ed25519_form")) {
				CHECK_OK(dbc_sr25519_keypair_from_seed(secret, pub, mini), "sr25519 expand");
				CHECK_OK(dbc_sr25519_secret_to_ed25519_form(edf, secret), "ed form");
				CHECK_HEX(edf, 64, check_jstr(v, "sr25519_secret_ed25519_form"),
				          "sr25519 expanded secret");
			}
			n_ok++;
		} else if (strstr(kind, "checksum") != NULL) {
			r = dbc_mnemonic_to_entropy(ent, &entlen, m, strlen(m));
			CHECK(r == DBC_ERR_MNEMONIC_CHECKSUM, "%s: got %d", m, r);
			CHECK(entlen == 0, "no entropy on error");
			r = dbc_mnemonic_to_mini_secret(mini, m, strlen(m), "", 0);
			CHECK(r == DBC_ERR_MNEMONIC_CHECKSUM, "mini: got %d", r);
			n_ok++;
		} else if (strstr(kind, "words not in list") != NULL) {
			/* "foo bar baz": 3 words — rust-bip39 reports the count before the words. */
			r = dbc_mnemonic_to_entropy(ent, &entlen, m, strlen(m));
			CHECK(r == DBC_ERR_MNEMONIC_LENGTH, "%s: got %d", m, r);
			n_ok++;
		} else if (strstr(kind, "Korean") != NULL) {
			/* 24 words, none of them English. */
			r = dbc_mnemonic_to_entropy(ent, &entlen, m, strlen(m));
			CHECK(r == DBC_ERR_MNEMONIC_WORD, "Korean mnemonic: got %d", r);
			n_ok++;
		} else {
			CHECK(0, "unknown vector kind %s", kind);
		}
	}
	CHECK(n_ok == 28, "all 28 substrate-bip39.json vectors run (%d)", n_ok);
	cJSON_Delete(j);
}

/* subkey's documented phrases (vectors/sr25519.json kind "mnemonic" with a mini_secret). */
static void
test_subkey_mnemonics(void)
{
	cJSON *j = check_load_shared_json("vectors/sr25519.json");
	const cJSON *v;
	int n = 0;

	if (j == NULL)
		return;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
		const char *m = check_jstr(v, "mnemonic"), *pw = check_jstr(v, "password");
		uint8_t mini[32];

		if (strcmp(check_jstr(v, "kind"), "mnemonic") != 0 || !*check_jstr(v, "mini_secret"))
			continue;
		CHECK_OK(dbc_mnemonic_to_mini_secret(mini, m, strlen(m), pw, strlen(pw)), m);
		CHECK_HEX(mini, 32, check_jstr(v, "mini_secret"), "subkey mini secret");
		n++;
	}
	CHECK(n == 3, "3 subkey mnemonic vectors (%d)", n);
	cJSON_Delete(j);
}

static void
test_errors_and_whitespace(void)
{
	static const char abandon12[] =
	    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
	static const char messy[] =
	    "  abandon\tabandon abandon  abandon abandon abandon abandon abandon abandon abandon abandon about\n";
	uint8_t ent[32], mini[32];
	size_t entlen;
	int r;

	/* sp-core parses with rust-bip39, which splits on whitespace: tolerated. */
	CHECK_OK(dbc_mnemonic_to_entropy(ent, &entlen, messy, strlen(messy)), "messy whitespace");
	CHECK(entlen == 16, "16 bytes");
	CHECK_HEX(ent, entlen, "00000000000000000000000000000000", "messy entropy");

	r = dbc_mnemonic_to_entropy(ent, &entlen, abandon12, strlen(abandon12) - 1);
	CHECK(r == DBC_ERR_MNEMONIC_WORD, "truncated last word 'abou': %d", r);
	{
		char up[sizeof(abandon12)];

		memcpy(up, abandon12, sizeof(up));
		up[0] = 'A';
		r = dbc_mnemonic_to_entropy(ent, &entlen, up, strlen(up));
		CHECK(r == DBC_ERR_MNEMONIC_WORD, "uppercase word: %d", r);
	}
	r = dbc_mnemonic_to_entropy(ent, &entlen, abandon12, 0);
	CHECK(r == DBC_ERR_MNEMONIC_LENGTH, "empty: %d", r);
	r = dbc_mnemonic_to_entropy(ent, &entlen, "   \n", 4);
	CHECK(r == DBC_ERR_MNEMONIC_LENGTH, "only spaces: %d", r);
	/* 11 words */
	r = dbc_mnemonic_to_entropy(ent, &entlen, abandon12, strlen(abandon12) - 6);
	CHECK(r == DBC_ERR_MNEMONIC_LENGTH, "11 words: %d", r);
	{
		char buf[512];

		snprintf(buf, sizeof(buf), "%s abandon", abandon12);
		r = dbc_mnemonic_to_entropy(ent, &entlen, buf, strlen(buf));
		CHECK(r == DBC_ERR_MNEMONIC_LENGTH, "13 words: %d", r);
		snprintf(buf, sizeof(buf), "%s %s zoo", abandon12, abandon12);
		r = dbc_mnemonic_to_entropy(ent, &entlen, buf, strlen(buf));
		CHECK(r == DBC_ERR_MNEMONIC_LENGTH, "25 words: %d", r);
		/* right count, one unknown word */
		snprintf(buf, sizeof(buf), "abandon abandon abandon abandon abandon abandon abandon "
		                          "abandon abandon abandon bitcoin about");
		r = dbc_mnemonic_to_entropy(ent, &entlen, buf, strlen(buf));
		CHECK(r == DBC_ERR_MNEMONIC_WORD, "unknown word: %d", r);
		/* right words, wrong checksum word */
		snprintf(buf, sizeof(buf), "abandon abandon abandon abandon abandon abandon abandon "
		                          "abandon abandon abandon abandon abandon");
		r = dbc_mnemonic_to_entropy(ent, &entlen, buf, strlen(buf));
		CHECK(r == DBC_ERR_MNEMONIC_CHECKSUM, "checksum: %d", r);
		r = dbc_mnemonic_to_mini_secret(mini, buf, strlen(buf), "", 0);
		CHECK(r == DBC_ERR_MNEMONIC_CHECKSUM, "checksum via mini: %d", r);
		CHECK(sodium_is_zero(mini, 32), "mini wiped on error");
	}

	/* lengths substrate-bip39 refuses */
	memset(ent, 0, sizeof(ent));
	r = dbc_entropy_to_mini_secret(mini, ent, 15, "", 0);
	CHECK(r == DBC_ERR_LENGTH, "15-byte entropy: %d", r);
	r = dbc_entropy_to_mini_secret(mini, ent, 18, "", 0);
	CHECK(r == DBC_ERR_LENGTH, "18-byte entropy: %d", r);
	r = dbc_entropy_to_mini_secret(mini, ent, 36, "", 0);
	CHECK(r == DBC_ERR_LENGTH, "36-byte entropy: %d", r);
	{
		char out[DBC_MNEMONIC_MAX];

		r = dbc_mnemonic_from_entropy(out, sizeof(out), ent, 17);
		CHECK(r == DBC_ERR_LENGTH, "from_entropy 17: %d", r);
		r = dbc_mnemonic_from_entropy(out, 20, ent, 16);
		CHECK(r == DBC_ERR_LENGTH && out[0] == '\0', "from_entropy small cap: %d", r);
	}
	/* the A1 quirk: all-zero entropies of 16 and 32 bytes give the same seed */
	{
		uint8_t m16[32], m32[32];

		CHECK_OK(dbc_entropy_to_mini_secret(m16, ent, 16, "Substrate", 9), "zero16");
		CHECK_OK(dbc_entropy_to_mini_secret(m32, ent, 32, "Substrate", 9), "zero32");
		CHECK(memcmp(m16, m32, 32) == 0, "HMAC key zero-padding quirk");
	}
}

static void
test_generate(void)
{
	static const unsigned counts[] = { 12, 15, 18, 21, 24 };
	char a[DBC_MNEMONIC_MAX], b[DBC_MNEMONIC_MAX];
	uint8_t ent[32];
	size_t entlen;
	int r;

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		CHECK_OK(dbc_mnemonic_generate(a, sizeof(a), counts[i]), "generate");
		CHECK(count_words(a) == counts[i], "%u words: %s", counts[i], a);
		CHECK_OK(dbc_mnemonic_to_entropy(ent, &entlen, a, strlen(a)), "generated phrase parses");
		CHECK(entlen == counts[i] * 4 / 3, "entropy %zu bytes", entlen);
		CHECK(strchr(a, '\n') == NULL && a[0] != ' ' && a[strlen(a) - 1] != ' ',
		      "single-space separated");
	}
	CHECK_OK(dbc_mnemonic_generate(a, sizeof(a), 24), "generate a");
	CHECK_OK(dbc_mnemonic_generate(b, sizeof(b), 24), "generate b");
	CHECK(strcmp(a, b) != 0, "two generated phrases differ");
	r = dbc_mnemonic_generate(a, sizeof(a), 13);
	CHECK(r == DBC_ERR_MNEMONIC_LENGTH, "13 words refused: %d", r);
	r = dbc_mnemonic_generate(a, sizeof(a), 0);
	CHECK(r == DBC_ERR_MNEMONIC_LENGTH, "0 words refused: %d", r);
	r = dbc_mnemonic_generate(a, 10, 12);
	CHECK(r == DBC_ERR_LENGTH, "small buffer: %d", r);
}

int
main(void)
{
	check_init("test_mnemonic");
	if (sodium_init() < 0)
		return 1;
	test_wordlist();
	test_vectors();
	test_subkey_mnemonics();
	test_errors_and_whitespace();
	test_generate();
	return check_done();
}
