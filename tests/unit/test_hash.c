/* Known answers for sign/hash.c.
 * Sources: FIPS 180-2 appendix examples (SHA-256/512 of "abc"); RFC 7693 appendix A and the
 * BLAKE2 reference KAT (blake2b-512 of "" and "abc"); RFC 4231 test cases 1, 2 and 6
 * (HMAC with a 20-, 4- and 131-byte key); paritytech/substrate-bip39 src/lib.rs VECTORS via
 * vectors/substrate-bip39.json (PBKDF2-HMAC-SHA512(entropy, "mnemonic"+password, 2048));
 * substrate-crypto.md A10 cross-check (dev phrase entropy → fac7959d…); Substrate storage keys
 * System / System.Account / Balances (twox128, polkadot.js docs and every storage-key dump);
 * XXH64 reference value for the empty input (Cyan4973/xxHash sanity check, 0xEF46DB3751D8E999).
 * PBKDF2-HMAC-SHA512: python/cpython Lib/test/test_hashlib.py (KDFTests.pbkdf2_results
 * "sha512", the RFC 6070 inputs with SHA-512); brycx/Test-Vector-Generation
 * PBKDF2/pbkdf2-hmac-sha2-test-vectors.md test cases 7 and 9 (also in cosmjs's pbkdf2.spec);
 * randombit/botan src/tests/data/pbkdf/pbkdf2.vec (PBKDF2(SHA-512), "xyz", 10000 iterations).
 * SHA-512 compression: FIPS 180-4 / NIST CSRC example SHA512.pdf ("abc", one block; the
 * 896-bit "abcdefghbcdefghi..." message, two blocks).
 * Values marked [computed] come from CPython hashlib (OpenSSL), an independent implementation. */
#include <string.h>
#include <sodium.h>

#include "tests/unit/check.h"
#include "sign/hash.h"
#include "sign/sha512.h"

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

/* SHA-512 over the word-level compression function of sign/sha512.c, with FIPS 180-4
 * section 5.1.2 padding done here: the test's own path to that function. */
static void
sha512_by_words(uint8_t out[64], const uint8_t *msg, size_t len)
{
	uint64_t h[8], block[16], w[16];
	uint8_t last[256];
	size_t off = 0, tail, i;

	dbc_sha512_init(h);
	for (; len - off >= 128; off += 128) {
		dbc_sha512_load_be(block, msg + off, 16);
		dbc_sha512_compress(h, block, w);
	}
	tail = len - off;
	memset(last, 0, sizeof(last));
	if (tail > 0)
		memcpy(last, msg + off, tail);
	last[tail] = 0x80;
	/* the 128-bit length ends the last block; one block if the tail leaves 17 bytes */
	tail = tail + 17 <= 128 ? 128 : 256;
	for (i = 0; i < 8; i++)
		last[tail - 1 - i] = (uint8_t)(((uint64_t)len * 8) >> (8 * i));
	for (i = 0; i < tail; i += 128) {
		dbc_sha512_load_be(block, last + i, 16);
		dbc_sha512_compress(h, block, w);
	}
	dbc_sha512_store_be(out, h, 8);
}

static void
test_sha512_compress(void)
{
	static const char two_blocks[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	                                 "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	uint8_t msg[300], want[64], got[64];
	uint64_t key_block[16], ichain[8], ochain[8], m[8], u[8], w[16];
	size_t len, i;
	int bad = 0;

	/* FIPS 180-4 examples: one block, and 896 bits = two blocks (the padding does not fit) */
	sha512_by_words(got, u8("abc"), 3);
	CHECK_HEX(got, 64, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	          "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
	          "compression: sha512(abc)");
	CHECK(strlen(two_blocks) == 112, "896-bit message");
	sha512_by_words(got, u8(two_blocks), 112);
	CHECK_HEX(got, 64, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
	          "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
	          "compression: sha512 of the 896-bit message");
	/* every length 0..300 (one to three blocks, every padding split) against libsodium */
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 1);
	for (len = 0; len <= sizeof(msg); len++) {
		sha512_by_words(got, msg, len);
		if (crypto_hash_sha512(want, msg, len) != 0 || memcmp(got, want, 64) != 0)
			bad++;
	}
	CHECK(bad == 0, "compression vs libsodium sha512, lengths 0..300: %d differ", bad);
	/* the fixed-padding block of PBKDF2 is one HMAC hash: HMAC(key, 64-byte m) =
	 * hmac64(ochain, hmac64(ichain, m)), chains = H(0) compressed with key ^ 0x36.., ^ 0x5c.. */
	memset(msg, 0, 128);
	memcpy(msg, "Jefe-but-forty-bytes-long-key-for-hmac64", 40);
	for (i = 0; i < 128; i++)
		msg[i] ^= 0x36;
	dbc_sha512_load_be(key_block, msg, 16);
	dbc_sha512_init(ichain);
	dbc_sha512_compress(ichain, key_block, w);
	for (i = 0; i < 128; i++)
		msg[i] ^= 0x36 ^ 0x5c;
	dbc_sha512_load_be(key_block, msg, 16);
	dbc_sha512_init(ochain);
	dbc_sha512_compress(ochain, key_block, w);
	for (i = 0; i < 64; i++)
		msg[128 + i] = (uint8_t)(0xf0 - i);
	dbc_sha512_load_be(m, msg + 128, 8);
	dbc_sha512_compress_hmac64(u, ichain, m, w);
	dbc_sha512_compress_hmac64(u, ochain, u, w);      /* output over its own input */
	dbc_sha512_store_be(got, u, 8);
	dbc_hmac_sha512(want, u8("Jefe-but-forty-bytes-long-key-for-hmac64"), 40, msg + 128, 64);
	CHECK(memcmp(got, want, 64) == 0, "compress_hmac64 twice = HMAC-SHA512 of 64 bytes");
	/* and one hmac64 block = the general compression of the same padded block */
	dbc_sha512_compress_hmac64(u, ichain, m, w);
	for (i = 0; i < 8; i++)
		key_block[i] = m[i];
	key_block[8] = 0x8000000000000000ULL;
	for (i = 9; i < 15; i++)
		key_block[i] = 0;
	key_block[15] = 1536;
	memcpy(m, ichain, sizeof(m));
	dbc_sha512_compress(m, key_block, w);
	CHECK(memcmp(m, u, sizeof(u)) == 0, "compress_hmac64 = compress of the padded block");
}

/* Published PBKDF2-HMAC-SHA512 vectors (sources in the header comment). */
static void
test_pbkdf2_published(void)
{
	static const struct {
		const char *pw;
		size_t pwlen;
		const char *salt;
		size_t saltlen;
		uint32_t c;
		size_t dklen;
		const char *want;
	} kat[] = {
		/* CPython test_hashlib, sha512 */
		{ "password", 8, "salt", 4, 1, 64,
		  "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
		  "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce" },
		{ "password", 8, "salt", 4, 2, 64,
		  "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c"
		  "f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e" },
		{ "password", 8, "salt", 4, 4096, 64,
		  "d197b1b33db0143e018b12f3d1d1479e6cdebdcc97c5c0f87f6902e072f457b5"
		  "143f30602641b3d55cd335988cb36b84376060ecd532e039b742a239434af2d5" },
		{ "passwordPASSWORDpassword", 24, "saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, 4096, 64,
		  "8c0511f4c6e597c6ac6315d8f0362e225f3c501495ba23b868c005174dc4ee71"
		  "115b59f9e60cd9532fa33e0f75aefe30225c583a186cd82bd4daea9724a3d3b8" },
		{ "pass\0word", 9, "sa\0lt", 5, 4096, 16, "9d9e9c4cd21fe4be24d5b8244c759665" },
		/* brycx test case 7: two blocks at c = 1 */
		{ "passwd", 6, "salt", 4, 1, 128,
		  "c74319d99499fc3e9013acff597c23c5baf0a0bec5634c46b8352b793e324723"
		  "d55caa76b2b25c43402dcfdc06cdcf66f95b7d0429420b39520006749c51a04e"
		  "f3eb99e576617395a178ba33214793e48045132928a9e9bf2661769fdc668f31"
		  "798597aaf6da70dd996a81019726084d70f152baed8aafe2227c07636c6ddece" },
		/* brycx test case 9: four blocks at c = 4096 */
		{ "Password", 8, "sa\0lt", 5, 4096, 256,
		  "10176fb32cb98cd7bb31e2bb5c8f6e425c103333a2e496058e3fd2bd88f65748"
		  "5c89ef92daa0668316bc23ebd1ef88f6dd14157b2320b5d54b5f26377c5dc279"
		  "b1dcdec044bd6f91b166917c80e1e99ef861b1d2c7bce1b961178125fb86867f"
		  "6db489a2eae0022e7bc9cf421f044319fac765d70cb89b45c214590e2ffb2c2b"
		  "565ab3b9d07571fde0027b1dc57f8fd25afa842c1056dd459af4074d7510a0c0"
		  "20b914a5e202445d4d3f151070589dd6a2554fc506018c4f001df6239643dc86"
		  "771286ae4910769d8385531bba57544d63c3640b90c98f1445ebdd129475e020"
		  "86b600f0beb5b05cc6ca9b3633b452b7dad634e9336f56ec4c3ac0b4fe54ced8" },
		/* Botan pbkdf2.vec: binary salt, 10000 iterations, 48 bytes */
		{ "xyz", 3, "\x00\x01\x02\x03\x04\x05\x06\x07", 8, 10000, 48,
		  "daf8a734327745eb63d19054dbd4018a682cef11086a1bfb63fdbc16158c2f8b"
		  "0742802f36aef1b1df92accbea5d31a5" },
	};
	uint8_t out[256];
	size_t i;

	for (i = 0; i < sizeof(kat) / sizeof(kat[0]); i++) {
		CHECK_OK(dbc_pbkdf2_sha512(out, kat[i].dklen, u8(kat[i].pw), kat[i].pwlen,
		                           u8(kat[i].salt), kat[i].saltlen, kat[i].c), "pbkdf2 published");
		CHECK_HEX(out, kat[i].dklen, kat[i].want, "pbkdf2 published vector");
	}
}

/* Edge shapes [computed: CPython hashlib.pbkdf2_hmac (OpenSSL)]: empty password and salt,
 * output lengths 1, 63, 65, 128, a salt longer than the block, passwords of 127, 128 (the
 * longest used as is) and 129 bytes (hashed first). */
static void
test_pbkdf2_edges(void)
{
	static const char *pw_127_128_129[3] = {
		"6f57a272ec0ed695bf4e8d98533447be6df457e1ca934912b93a8ab7aab3e27b"
		"2451614a4db32f4f4caf0ff1a10c3847fe2bc1198ef85e09ca2198ff6b6185f5",
		"040cf2ab0053b9c89fc4b29331c540833ef81d0a6f5eb9d1133c1fd203b8a5bb"
		"ce1eeb96114db511c3d36a4f9fd0976ebb136cf870dbb3155ce135d3fb517c1d",
		"47eff3304d8264682f92a8fdfc53061428a705daf95554b3842aee63ff5c119f"
		"72bcd21a4edbb6efae299d1684b5336a6c47c8bec1d1c6032cf1433bd8b0f6cf",
	};
	uint8_t out[128], pw[129], salt[200];
	size_t i;

	CHECK_OK(dbc_pbkdf2_sha512(out, 64, u8(""), 0, u8(""), 0, 1), "empty c=1");
	CHECK_HEX(out, 64, "6d2ecbbbfb2e6dcd7056faf9af6aa06eae594391db983279a6bf27e0eb228614"
	          "3ab0c996f33ca4b667e945829ea693340f2831797324e5f31df18ed171d18c97", "empty c=1");
	CHECK_OK(dbc_pbkdf2_sha512(out, 65, NULL, 0, NULL, 0, 2), "empty (NULL) c=2 65");
	CHECK_HEX(out, 65, "a422663fda8609a1e2fd53541260edf886ec636605814c2e17b4c78d8f9e2332"
	          "66f223f65cb2b7440b12c099ce1aa3279e29aa848e29825103d2bc5a5f4f4ad373",
	          "empty c=2 65 bytes");
	CHECK_OK(dbc_pbkdf2_sha512(out, 1, u8(""), 0, u8(""), 0, 4096), "empty c=4096 1");
	CHECK_HEX(out, 1, "91", "empty c=4096 1 byte");
	CHECK_OK(dbc_pbkdf2_sha512(out, 63, u8("password"), 8, u8("salt"), 4, 2), "63 bytes");
	CHECK_HEX(out, 63, "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c"
	          "f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf", "63 bytes");
	CHECK_OK(dbc_pbkdf2_sha512(out, 128, u8("password"), 8, u8("salt"), 4, 4096), "128 bytes");
	CHECK_HEX(out, 128, "d197b1b33db0143e018b12f3d1d1479e6cdebdcc97c5c0f87f6902e072f457b5"
	          "143f30602641b3d55cd335988cb36b84376060ecd532e039b742a239434af2d5"
	          "d6883f0be4c24d363b638f4c2f8d917533cd4158937d0b490697a64adadb07f1"
	          "80c323080a7368033eeadf9e612b2ef76f568bef04f402a227e0895d14105489",
	          "c=4096 128 bytes");
	for (i = 0; i < sizeof(salt); i++)
		salt[i] = (uint8_t)i;
	CHECK_OK(dbc_pbkdf2_sha512(out, 65, u8("password"), 8, salt, sizeof(salt), 4), "long salt");
	CHECK_HEX(out, 65, "c2869eae3fb34fe72ee4503ebe4ed6d53982182e331ed317a2fb0ae22d5e5b8d"
	          "5f4036563026f189689ee64e8fd3b4d55c427526b9080b6e3d375d7a64d37fc97c",
	          "200-byte salt, 65 bytes");
	memset(pw, 0xa5, sizeof(pw));
	for (i = 0; i < 3; i++) {
		CHECK_OK(dbc_pbkdf2_sha512(out, 64, pw, 127 + i, u8("salt"), 4, 2), "password 127..129");
		CHECK_HEX(out, 64, pw_127_128_129[i], "password of 127, 128, 129 bytes");
	}
}

/* PBKDF2 written the plain way, RFC 8018 section 5.2 over libsodium's HMAC with the
 * password re-keyed for every U: the oracle for the differential test. */
static int
pbkdf2_reference(uint8_t *out, size_t outlen, const uint8_t *pw, size_t pwlen,
                 const uint8_t *salt, size_t saltlen, uint32_t c)
{
	crypto_auth_hmacsha512_state st;
	uint8_t u[64], t[64], be[4];
	uint32_t block, j;
	size_t done, k;

	for (block = 1, done = 0; done < outlen; block++, done += 64) {
		be[0] = (uint8_t)(block >> 24);
		be[1] = (uint8_t)(block >> 16);
		be[2] = (uint8_t)(block >> 8);
		be[3] = (uint8_t)block;
		if (crypto_auth_hmacsha512_init(&st, pw, pwlen) != 0 ||
		    crypto_auth_hmacsha512_update(&st, salt, saltlen) != 0 ||
		    crypto_auth_hmacsha512_update(&st, be, 4) != 0 ||
		    crypto_auth_hmacsha512_final(&st, u) != 0)
			return -1;
		memcpy(t, u, 64);
		for (j = 1; j < c; j++) {
			if (crypto_auth_hmacsha512_init(&st, pw, pwlen) != 0 ||
			    crypto_auth_hmacsha512_update(&st, u, 64) != 0 ||
			    crypto_auth_hmacsha512_final(&st, u) != 0)
				return -1;
			for (k = 0; k < 64; k++)
				t[k] ^= u[k];
		}
		memcpy(out + done, t, outlen - done < 64 ? outlen - done : 64);
	}
	return 0;
}

static void
test_pbkdf2_differential(void)
{
	static const uint8_t seed[randombytes_SEEDBYTES] = "dbcsign pbkdf2 differential 01";
	enum { CASES = 400 };
	uint8_t rnd[CASES][8], pw[300], salt[300], got[200], want[200];
	int i, bad = 0, first_bad = -1, ran = 0;

	/* deterministic: a failure reproduces */
	randombytes_buf_deterministic(rnd, sizeof(rnd), seed);
	for (i = 0; i < CASES; i++) {
		size_t pwlen = ((size_t)rnd[i][0] << 8 | rnd[i][1]) % 301;
		size_t saltlen = ((size_t)rnd[i][2] << 8 | rnd[i][3]) % 301;
		uint32_t c = 1 + rnd[i][4] % 50;
		size_t outlen = 1 + ((size_t)rnd[i][5] << 8 | rnd[i][6]) % 200;
		size_t k;

		for (k = 0; k < pwlen; k++)
			pw[k] = (uint8_t)(rnd[i][7] + k * 31);
		for (k = 0; k < saltlen; k++)
			salt[k] = (uint8_t)(rnd[i][7] ^ (k * 13));
		memset(got, 0, sizeof(got));
		if (pbkdf2_reference(want, outlen, pw, pwlen, salt, saltlen, c) != 0 ||
		    dbc_pbkdf2_sha512(got, outlen, pw, pwlen, salt, saltlen, c) != DBC_OK ||
		    memcmp(got, want, outlen) != 0) {
			if (bad++ == 0)
				first_bad = i;
		}
		ran++;
	}
	CHECK(ran == CASES && bad == 0,
	      "pbkdf2 vs plain HMAC composition: %d of %d cases differ (first: case %d)", bad, ran,
	      first_bad);
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
	test_sha512_compress();
	test_pbkdf2_known();
	test_pbkdf2_published();
	test_pbkdf2_edges();
	test_pbkdf2_differential();
	test_pbkdf2_substrate_bip39();
	test_twox();
	return check_done();
}
