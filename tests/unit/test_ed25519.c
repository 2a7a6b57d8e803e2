/* sign/ed25519.c against vectors/ed25519.json (sources per vector: paritytech/polkadot-sdk
 * substrate/primitives/core/src/ed25519.rs, polkadot-js/common util-crypto ed25519 and
 * signature specs, RFC 8032 section 7.1 test 1; see vectors/SOURCES.md).
 * Kinds uri / mnemonic / legacy_string_seed need SURI and mnemonic parsing and are tested by
 * the wallet tests. */
#include <string.h>
#include <sodium.h>

#include "tests/unit/check.h"
#include "sign/ed25519.h"

static int n_vectors;

/* Decode the vector's message: message_hex when present (possibly empty), else the text. */
static long
vector_message(uint8_t *out, size_t cap, const cJSON *v)
{
	const cJSON *mh = cJSON_GetObjectItemCaseSensitive(v, "message_hex");
	const char *m;

	if (cJSON_IsString(mh))
		return check_unhex(out, cap, mh->valuestring);
	m = check_jstr(v, "message");
	if (strlen(m) > cap)
		return -1;
	memcpy(out, m, strlen(m));
	return (long)strlen(m);
}

static void
run_keypair(const cJSON *v)
{
	uint8_t seed[32], pub[32];

	CHECK(check_unhex(seed, 32, check_jstr(v, "seed")) == 32, "seed hex");
	CHECK_OK(dbc_ed25519_public_from_seed(pub, seed), "public_from_seed");
	CHECK_HEX(pub, 32, check_jstr(v, "public"), "keypair_from_seed public");
	n_vectors++;
}

static void
run_sign(const cJSON *v)
{
	uint8_t seed[32], pub[32], sig[64], msg[256];
	long mlen = vector_message(msg, sizeof(msg) - 1, v);

	CHECK(mlen >= 0, "message");
	CHECK(check_unhex(seed, 32, check_jstr(v, "seed")) == 32, "seed hex");
	if (mlen < 0)
		return;
	CHECK_OK(dbc_ed25519_public_from_seed(pub, seed), "public_from_seed");
	CHECK_HEX(pub, 32, check_jstr(v, "public"), "sign vector public");
	/* deterministic: byte-exact */
	CHECK_OK(dbc_ed25519_sign(sig, seed, msg, (size_t)mlen), "sign");
	CHECK_HEX(sig, 64, check_jstr(v, "signature"), "ed25519 signature");
	CHECK_OK(dbc_ed25519_verify(sig, pub, msg, (size_t)mlen), "verify own signature");
	/* any flipped bit in message or signature must fail */
	sig[63] ^= 0x01;
	CHECK(dbc_ed25519_verify(sig, pub, msg, (size_t)mlen) == DBC_ERR_VERIFY, "flipped sig bit");
	sig[63] ^= 0x01;
	msg[mlen] = 'x';
	CHECK(dbc_ed25519_verify(sig, pub, msg, (size_t)mlen + 1) == DBC_ERR_VERIFY, "extended message");
	n_vectors++;
}

/* verify and verify_multisignature (type byte 0x00 = Ed25519 stripped first) */
static void
run_verify(const cJSON *v, int multisig)
{
	uint8_t pub[32], sig[65], msg[256];
	long mlen = vector_message(msg, sizeof(msg) - 1, v);
	long slen = check_unhex(sig, sizeof(sig), check_jstr(v, "signature"));
	int valid = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "valid"));
	const uint8_t *s = sig;
	int r;

	CHECK(mlen >= 0, "message");
	CHECK(check_unhex(pub, 32, check_jstr(v, "public")) == 32, "public hex");
	if (multisig) {
		CHECK(slen == 65 && sig[0] == 0x00, "MultiSignature::Ed25519 shape");
		s = sig + 1;
		slen--;
	}
	CHECK(slen == 64, "signature length");
	if (mlen < 0 || slen != 64)
		return;
	r = dbc_ed25519_verify(s, pub, msg, (size_t)mlen);
	CHECK(r == (valid ? DBC_OK : DBC_ERR_VERIFY), "verify %s: got %d want %s",
	      check_jstr(v, "notes"), r, valid ? "valid" : "invalid");
	n_vectors++;
}

static void
run_derive(const cJSON *v)
{
	uint8_t seed[32], cc[32], child[32];

	CHECK(check_unhex(seed, 32, check_jstr(v, "seed")) == 32, "seed hex");
	CHECK(check_unhex(cc, 32, check_jstr(v, "chain_code")) == 32, "chain code hex");
	CHECK_OK(dbc_ed25519_derive_hard(child, seed, cc), "derive_hard");
	CHECK_HEX(child, 32, check_jstr(v, "derived_seed"), "Ed25519HDKD");
	n_vectors++;
}

static void
test_vectors(void)
{
	cJSON *j = check_load_shared_json("vectors/ed25519.json");
	const cJSON *v;

	if (j == NULL)
		return;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
		const char *kind = check_jstr(v, "kind");

		if (strcmp(kind, "keypair_from_seed") == 0)
			run_keypair(v);
		else if (strcmp(kind, "sign") == 0)
			run_sign(v);
		else if (strcmp(kind, "verify") == 0)
			run_verify(v, 0);
		else if (strcmp(kind, "verify_multisignature") == 0)
			run_verify(v, 1);
		else if (strcmp(kind, "derive_hard") == 0)
			run_derive(v);
		else if (strcmp(kind, "uri") != 0 && strcmp(kind, "mnemonic") != 0 &&
		         strcmp(kind, "legacy_string_seed") != 0)
			CHECK(0, "unknown vector kind %s", kind);
	}
	/* 1 keypair + 3 sign + 4 verify + 1 multisig + 1 derive in the file as shipped */
	CHECK(n_vectors == 10, "ed25519 vectors run: %d", n_vectors);
	cJSON_Delete(j);
}

/* Fixed values from substrate-crypto.md B5 (independent of the JSON file). */
static void
test_spec_values(void)
{
	uint8_t seed[32], pub[32], sig[64], cc[32] = { 0 }, child[32], child2[32];

	CHECK(check_unhex(seed, 32, "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60") == 32, "seed");
	CHECK_OK(dbc_ed25519_public_from_seed(pub, seed), "pub");
	CHECK_HEX(pub, 32, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "RFC 8032 test 1 public");
	CHECK_OK(dbc_ed25519_sign(sig, seed, NULL, 0), "sign empty message with NULL pointer");
	CHECK_HEX(sig, 64, "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", "RFC 8032 test 1 sig");
	CHECK_OK(dbc_ed25519_derive_hard(child, seed, cc), "derive");
	CHECK_HEX(child, 32, "ede3354e133f9c8e337ddd6ee5415ed4b4ffe5fc7d21e933f4930a3730e5b21c", "Hard([0;32])");
	/* different chain code → different child; derivation is a pure function */
	cc[0] = 1;
	CHECK_OK(dbc_ed25519_derive_hard(child2, seed, cc), "derive cc=1");
	CHECK(memcmp(child, child2, 32) != 0, "chain code matters");
	/* DEV phrase mini secret → ed25519 public key (substrate-crypto.md A10 cross-check) */
	CHECK(check_unhex(seed, 32, "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e") == 32, "dev seed");
	CHECK_OK(dbc_ed25519_public_from_seed(pub, seed), "dev pub");
	CHECK_HEX(pub, 32, "345071da55e5dccefaaa440339415ef9f2663338a38f7da0df21be5ab4e055ef", "dev phrase ed25519 public");
	/* an all-zero public key is a small-order point: libsodium refuses it outright */
	memset(pub, 0, 32);
	CHECK(dbc_ed25519_verify(sig, pub, NULL, 0) == DBC_ERR_VERIFY, "zero public key");
}

int
main(void)
{
	check_init("test_ed25519");
	if (sodium_init() < 0)
		return 1;
	test_vectors();
	test_spec_values();
	return check_done();
}
