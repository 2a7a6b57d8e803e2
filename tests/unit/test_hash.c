/* Known answers for sign/hash.c.
 * Sources: FIPS 180-2 appendix examples (SHA-256/512 of "abc"); RFC 7693 appendix A and the
 * BLAKE2 reference KAT (blake2b-512 of "" and "abc"); RFC 4231 test cases 1, 2 and 6
 * (HMAC with a 20-, 4- and 131-byte key); paritytech/substrate-bip39 src/lib.rs VECTORS via
 * vectors/substrate-bip39.json (PBKDF2-HMAC-SHA512(entropy, "mnemonic"+password, 2048));
 * substrate-crypto.md A10 cross-check (dev phrase entropy → fac7959d…); Substrate storage keys
 * System / System.Account / Balances (twox128, polkadot.js docs and every storage-key dump);
 * XXH64 reference value for the empty input (Cyan4973/xxHash sanity check, 0xEF46DB3751D8E999).
 * Values marked [computed] come from CPython hashlib (OpenSSL), an independent implementation. */
#include <string.h>
#include <sodium.h>

#include "tests/unit/check.h"
#include "sign/hash.h"

static const uint8_t *
u8(const char *s)
{
	return (const uint8_t *)s;
}

/* Digests shorter than libsodium's 16-byte minimum go through our own RFC 7693 code; the
 * inputs straddle the 128-byte block boundary [computed: CPython hashlib.blake2b]. */
static void
test_blake2b_short(void)
{
	static const struct {
		size_t outlen, inlen;
		const char *want;
	} kat[] = {
		{ 1, 0, "2e" }, { 1, 3, "6b" }, { 1, 128, "f4" }, { 1, 129, "c7" }, { 1, 300, "ac" },
		{ 8, 0, "e4a6a0577479b2b4" }, { 8, 3, "d8bb14d833d59559" }, { 8, 128, "c2d13df1b6617e82" },
		{ 8, 129, "f667e47a6d5350a6" }, { 8, 300, "d325a9e186fa61cc" },
		{ 15, 0, "b7db87196c483405e40f8401fa1fc9" }, { 15, 3, "cb322ea749b92c9a46ca598e516025" },
		{ 15, 128, "43d00cae2d3f664cd1c7d38519566f" }, { 15, 129, "b98e82f294980618514660157d94c3" },
		{ 15, 300, "f02e012a48b543ebc7676e4a979a3b" },
	};
	uint8_t in[300], h[16];
	size_t i;

	for (i = 0; i < sizeof(kat) / sizeof(kat[0]); i++) {
		/* inputs: "abc" for length 3, otherwise bytes 0,1,2,... mod 256 */
		size_t k;

		for (k = 0; k < kat[i].inlen; k++)
			in[k] = kat[i].inlen == 3 ? (uint8_t)"abc"[k] : (uint8_t)k;
		dbc_blake2b(h, kat[i].outlen, in, kat[i].inlen);
		CHECK_HEX(h, kat[i].outlen, kat[i].want, "short blake2b");
	}
}

static void
test_sha2_blake2(void)
{
	uint8_t h[64];

	dbc_sha256(h, u8("abc"), 3);
	CHECK_HEX(h, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "sha256(abc)");
	dbc_sha512(h, u8("abc"), 3);
	CHECK_HEX(h, 64, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	          "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", "sha512(abc)");
	dbc_blake2b_256(h, u8(""), 0);
	CHECK_HEX(h, 32, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
	          "blake2b-256('') (substrate-crypto.md B6)");
	dbc_blake2b(h, 64, u8(""), 0);
	CHECK_HEX(h, 64, "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
	          "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce", "blake2b-512('')");
	dbc_blake2b(h, 64, u8("abc"), 3);
	CHECK_HEX(h, 64, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
	          "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
	          "blake2b-512(abc) (RFC 7693 A)");
	/* the output length is a parameter of BLAKE2, not a truncation [computed] */
	dbc_blake2b(h, 32, u8("abc"), 3);
	CHECK_HEX(h, 32, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319", "blake2b-256(abc)");
	dbc_blake2b(h, 1, u8("abc"), 3);
	CHECK_HEX(h, 1, "6b", "blake2b-8(abc)");
	test_blake2b_short();
}

static void
test_hmac(void)
{
	static const char big_msg[] = "Test Using Larger Than Block-Size Key - Hash Key First";
	static const char jefe_msg[] = "what do ya want for nothing?";
	uint8_t key[131], h[64];

	/* RFC 4231 case 1: 20-byte key (not 32: libsodium's one-shot API would be wrong here) */
	memset(key, 0x0b, 20);
	dbc_hmac_sha512(h, key, 20, u8("Hi There"), 8);
	CHECK_HEX(h, 64, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	          "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854", "hmac512 case 1");
	dbc_hmac_sha256(h, key, 20, u8("Hi There"), 8);
	CHECK_HEX(h, 32, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", "hmac256 case 1");
	/* case 2: 4-byte key */
	dbc_hmac_sha512(h, u8("Jefe"), 4, u8(jefe_msg), strlen(jefe_msg));
	CHECK_HEX(h, 64, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	          "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737", "hmac512 case 2");
	dbc_hmac_sha256(h, u8("Jefe"), 4, u8(jefe_msg), strlen(jefe_msg));
	CHECK_HEX(h, 32, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "hmac256 case 2");
	/* case 6: 131-byte key, longer than the block, hashed first */
	memset(key, 0xaa, sizeof(key));
	dbc_hmac_sha512(h, key, sizeof(key), u8(big_msg), strlen(big_msg));
	CHECK_HEX(h, 64, "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	          "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598", "hmac512 case 6");
	dbc_hmac_sha256(h, key, sizeof(key), u8(big_msg), strlen(big_msg));
	CHECK_HEX(h, 32, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", "hmac256 case 6");
	/* Ledger BIP32-Ed25519 uses the 12-byte key "ed25519 seed" (substrate-crypto.md B9):
	 * must equal the generic construction, not libsodium's 32-byte-key one-shot. */
	{
		uint8_t oneshot_key[32] = { 0 }, one[64];

		memcpy(oneshot_key, "ed25519 seed", 12);
		dbc_hmac_sha512(h, u8("ed25519 seed"), 12, u8("x"), 1);
		CHECK(crypto_auth_hmacsha512(one, u8("x"), 1, oneshot_key) == 0, "one-shot hmac");
		/* HMAC zero-pads short keys, so both agree for a 12-byte key padded to 32 ... */
		CHECK(memcmp(h, one, 64) == 0, "12-byte key equals its zero padding (HMAC pads)");
		/* ... but a 40-byte key differs from its first 32 bytes: that is the one-shot bug */
		memset(key, 0x5a, 40);
		dbc_hmac_sha512(h, key, 40, u8("x"), 1);
		CHECK(crypto_auth_hmacsha512(one, u8("x"), 1, key) == 0, "one-shot hmac");
		CHECK(memcmp(h, one, 64) != 0, "40-byte key is not truncated to 32");
	}
}

static void
test_pbkdf2_known(void)
{
	static const uint8_t dev_entropy[16] = { 0x1a, 0x48, 0x6a, 0x5f, 0xbe, 0x53, 0x63, 0x99,
	                                         0x84, 0xcb, 0x64, 0xb0, 0x70, 0x75, 0x5f, 0x7b };
	uint8_t out[130], whole[64];

	/* widely published PBKDF2-HMAC-SHA512 vector (P="password", S="salt", c=1, 64 bytes) */
	CHECK_OK(dbc_pbkdf2_sha512(out, 64, u8("password"), 8, u8("salt"), 4, 1), "pbkdf2 c=1");
	CHECK_HEX(out, 64, "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
	          "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce", "pbkdf2 c=1");
	/* multi-block, odd length [computed] */
	CHECK_OK(dbc_pbkdf2_sha512(out, 130, u8("password"), 8, u8("salt"), 4, 3), "pbkdf2 130");
	CHECK_HEX(out, 130, "b6b07cb2cebf4ad84468391a543824fccffe0e0769dbe6bddf10a65673c4b648"
	          "e612d44918f9ce9a19a1294cf5140628084ba994c3b21a4ef4741220b811c633"
	          "cfc0641fccbcc4164f1bbfcb1f33f595ae9aa4a33ddcce570157775980362c0e"
	          "e28aa340c842a3ae84710167aea2f9ba34833cbf66a8922e5f165d886868fd3f"
	          "d426", "pbkdf2 130 bytes");
	CHECK_OK(dbc_pbkdf2_sha512(whole, 64, u8("password"), 8, u8("salt"), 4, 3), "pbkdf2 64");
	CHECK(memcmp(whole, out, 64) == 0, "first block independent of dkLen");
	/* 200-byte password (longer than the SHA-512 block) [computed] */
	{
		uint8_t pw[200];

		memset(pw, 1, sizeof(pw));
		CHECK_OK(dbc_pbkdf2_sha512(out, 64, pw, sizeof(pw), u8("NaCl"), 4, 2), "pbkdf2 long pw");
		CHECK_HEX(out, 64, "0fc3ddcb25dbb9117c97f24f8e1e995f62a713b0925558648913f41b17ae3e8d"
		          "3191e47065a6bda79155ea52ae75685fbb6969670b29b0afef97e32ad38c82d2", "pbkdf2 long pw");
	}
	/* substrate-crypto.md A10: dev phrase entropy → mini secret, same as polkadot-js */
	CHECK_OK(dbc_pbkdf2_sha512(out, 64, dev_entropy, 16, u8("mnemonic"), 8, 2048), "pbkdf2 dev");
	CHECK_HEX(out, 32, "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e",
	          "dev phrase mini secret");
	/* bad parameters */
	CHECK(dbc_pbkdf2_sha512(out, 64, u8("p"), 1, u8("s"), 1, 0) == DBC_ERR_INPUT, "0 iterations");
	CHECK(dbc_pbkdf2_sha512(out, 0, u8("p"), 1, u8("s"), 1, 1) == DBC_ERR_INPUT, "0 length");
}

static void
test_pbkdf2_substrate_bip39(void)
{
	cJSON *j = check_load_shared_json("vectors/substrate-bip39.json");
	const cJSON *v;
	int n = 0;

	if (j == NULL)
		return;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
		const char *ent_hex = check_jstr(v, "entropy");
		const char *pw = check_jstr(v, "password");
		const char *seed = check_jstr(v, "seed");
		const char *mini = check_jstr(v, "mini_secret");
		uint8_t entropy[32], salt[8 + 256], out[64];
		long elen;
		size_t pwlen = strlen(pw);

		if (*ent_hex == '\0')
			continue;       /* invalid-mnemonic rows have no entropy */
		elen = check_unhex(entropy, sizeof(entropy), ent_hex);
		CHECK(elen > 0 && pwlen <= 256, "entropy/password of %s", check_jstr(v, "mnemonic"));
		if (elen <= 0 || pwlen > 256)
			continue;
		memcpy(salt, "mnemonic", 8);
		memcpy(salt + 8, pw, pwlen);
		CHECK_OK(dbc_pbkdf2_sha512(out, 64, entropy, (size_t)elen, salt, 8 + pwlen, 2048), "pbkdf2");
		if (*seed != '\0')
			CHECK_HEX(out, 64, seed, "substrate-bip39 seed");
		if (*mini != '\0')
			CHECK_HEX(out, 32, mini, "substrate-bip39 mini secret");
		n++;
	}
	CHECK(n >= 25, "substrate-bip39 entropy vectors run: %d", n);
	cJSON_Delete(j);
}

static void
test_twox(void)
{
	uint8_t h[16];

	dbc_twox128(h, u8("System"), 6);
	CHECK_HEX(h, 16, "26aa394eea5630e07c48ae0c9558cef7", "twox128(System)");
	dbc_twox128(h, u8("Account"), 7);
	CHECK_HEX(h, 16, "b99d880ec681799c0cf30e8886371da9", "twox128(Account)");
	dbc_twox128(h, u8("Balances"), 8);
	CHECK_HEX(h, 16, "c2261276cc9d1f8598ea4b6a74b15c2f", "twox128(Balances)");
	/* XXH64("", seed 0) = 0xef46db3751d8e999, stored little-endian */
	dbc_twox64(h, u8(""), 0);
	CHECK_HEX(h, 8, "99e9d85137db46ef", "twox64('')");
	dbc_twox64(h, u8("System"), 6);
	CHECK_HEX(h, 8, "26aa394eea5630e0", "twox64 = first half of twox128");
}

int
main(void)
{
	check_init("test_hash");
	if (sodium_init() < 0)
		return 1;
	test_sha2_blake2();
	test_hmac();
	test_pbkdf2_known();
	test_pbkdf2_substrate_bip39();
	test_twox();
	return check_done();
}
