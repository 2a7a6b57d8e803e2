/* Signed extrinsics against fixtures/dbc/extrinsics.json (generated with @polkadot/types
 * 16.5.6 from the DBC genesis V14 metadata; see fixtures/dbc/SOURCES.md and dbc-chain.md §7):
 * call bytes (encoded from the vectors' JSON args through cli/tx_args), extra, additional,
 * signing payloads, extrinsics and hashes byte for byte (ed25519 is deterministic), the
 * sr25519 vector by verification, era encodings (dbc-chain.md §2.5, substrate's
 * Era::mortal(64, 42) test), decoding, and unknown signed extensions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "tests/unit/check.h"
#include "cli/tx_args.h"
#include "sign/ecdsa.h"
#include "sign/ed25519.h"
#include "sign/extrinsic.h"
#include "sign/hex.h"

/* A test signer over a raw ed25519 seed (the wallet's keypair signer is tested elsewhere). */
static int
ed_sign(void *ctx, const uint8_t *msg, size_t len, uint8_t sig[DBC_SIG_MAX], size_t *siglen)
{
	*siglen = 64;
	return dbc_ed25519_sign(sig, ctx, msg, len);
}

static const dbc_signer_ops_t ed_ops = { "test-ed25519", ed_sign, NULL };

static void
test_era(void)
{
	dbc_era_t e, back;
	dbc_scale_rd_t r;

	CHECK_OK(dbc_era_mortal(&e, 64, 42), "era 64@42");
	CHECK_HEX(e.bytes, e.len, "a502", "Era::mortal(64, 42)");
	CHECK_OK(dbc_era_mortal(&e, 64, 1000000), "era 64@1000000");
	CHECK_HEX(e.bytes, e.len, "0500", "era phase 0");
	CHECK_OK(dbc_era_mortal(&e, 64, 1000003), "era 64@1000003");
	CHECK_HEX(e.bytes, e.len, "3500", "era phase 3");
	CHECK(dbc_era_birth(&e, 1000010) == 1000003, "birth");
	CHECK_OK(dbc_era_mortal(&e, 50, 1000003), "period rounded up");
	CHECK(e.period == 64, "50 → 64");
	CHECK_OK(dbc_era_mortal(&e, 1, 7), "period clamped up");
	CHECK(e.period == 4 && e.phase == 3, "1 → 4");
	CHECK_OK(dbc_era_mortal(&e, 1000000, 123456789), "period clamped down");
	CHECK(e.period == 65536 && e.phase % 16 == 0, "65536, quantized phase");
	dbc_scale_rd_init(&r, e.bytes, e.len);
	CHECK_OK(dbc_era_read(&r, &back), "read era");
	CHECK(back.period == e.period && back.phase == e.phase, "era roundtrip");
	CHECK(dbc_era_mortal(&e, 0, 1) == DBC_ERR_RANGE, "period 0");
	{
		/* period 2 (low nibble 0) is invalid; phase >= period is invalid */
		static const uint8_t bad1[] = { 0x00 | 0x10, 0x00 };
		static const uint8_t bad2[] = { 0xf1, 0xff };

		dbc_scale_rd_init(&r, bad1, 2);
		CHECK(dbc_era_read(&r, &back) == DBC_ERR_SCALE, "era period 2");
		dbc_scale_rd_init(&r, bad2, 2);
		CHECK(dbc_era_read(&r, &back) == DBC_ERR_SCALE, "era phase too big");
	}
}

/* Call bytes from the vector's args through the JSON encoder. */
static int
encode_call(const dbc_meta_t *m, const cJSON *v, dbc_buf_t *call)
{
	const char *name = check_jstr(v, "call");
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(v, "args");
	char why[CLI_TX_WHY];
	int rc;

	if (args == NULL)
		args = cJSON_GetObjectItemCaseSensitive(v, "call_args");
	if (strcmp(name, "utility.batchAll") == 0) {
		/* Vector lists calls symbolically: confirm_rent(1), confirm_rent(2). */
		cJSON *a = cJSON_Parse("{\"calls\":[{\"rentMachine.confirmRent\":{\"rent_id\":1}},"
		                       "{\"RentMachine.confirm_rent\":[2]}]}");

		rc = cli_tx_encode_call_path(m, name, a, call, why);
		cJSON_Delete(a);
	} else if (strchr(name, '.') != NULL) {
		rc = cli_tx_encode_call_path(m, name, args, call, why);
	} else {
		rc = cli_tx_encode_call(m, "RentMachine", name, args, call, why);
	}
	if (rc != DBC_OK)
		CHECK(0, "encode %s: %s", name, why);
	return rc;
}

static void
unhex_into(uint8_t *out, size_t n, const char *hex)
{
	if (check_unhex(out, n, hex) != (long)n)
		CHECK(0, "bad hex in vector: %.20s", hex);
}

static void
test_signed(const dbc_meta_t *m, const cJSON *v)
{
	dbc_tx_params_t p;
	dbc_buf_t call, extra, add, payload, ext;
	dbc_signer_t *signer = NULL;
	uint8_t seed[32], pub[32], hash[32], *sd, sig[64];
	const cJSON *x;
	const char *name = check_jstr(v, "name");
	const char *bad_ext = NULL;
	int ed = strcmp(check_jstr(v, "key_type"), "ed25519") == 0;
	dbc_tx_decoded_t d;

	memset(&p, 0, sizeof(p));
	p.spec_version = (uint32_t)cJSON_GetObjectItem(v, "spec_version")->valuedouble;
	p.tx_version = (uint32_t)cJSON_GetObjectItem(v, "transaction_version")->valuedouble;
	unhex_into(p.genesis, 32, check_jstr(v, "genesis_hash"));
	p.mortal = cJSON_IsTrue(cJSON_GetObjectItem(v, "mortal"));
	if (p.mortal) {
		p.period = (uint64_t)cJSON_GetObjectItem(v, "era_period")->valuedouble;
		p.block_number = (uint64_t)cJSON_GetObjectItem(v, "era_current_block")->valuedouble;
		unhex_into(p.block_hash, 32, check_jstr(v, "block_hash"));
	}
	p.nonce = (uint64_t)cJSON_GetObjectItem(v, "nonce")->valuedouble;
	x = cJSON_GetObjectItem(v, "tip");
	p.tip = (dbc_u128_t)(uint64_t)x->valuedouble;
	unhex_into(pub, 32, check_jstr(v, "signer_public"));

	dbc_buf_init(&call);
	dbc_buf_init(&extra);
	dbc_buf_init(&add);
	dbc_buf_init(&payload);
	dbc_buf_init(&ext);
	if (encode_call(m, v, &call) != DBC_OK)
		goto out;
	CHECK_HEX(call.p, call.len, check_jstr(v, "call_hex"), name);
	CHECK_OK(dbc_tx_extensions(m, &p, &extra, &add, &bad_ext), "extensions");
	CHECK_HEX(extra.p, extra.len, check_jstr(v, "extra_hex"), "extra");
	CHECK_HEX(add.p, add.len, check_jstr(v, "additional_signed_hex"), "additional");
	CHECK_OK(dbc_tx_payload(m, &p, call.p, call.len, &payload, &bad_ext), "payload");
	CHECK_HEX(payload.p, payload.len, check_jstr(v, "signing_payload"), "signing payload");
	CHECK(payload.len == (size_t)cJSON_GetObjectItem(v, "signing_payload_len")->valuedouble,
	      "payload length");

	if (ed) {
		unhex_into(seed, 32, check_jstr(v, "signer_seed"));
		sd = sodium_malloc(32);
		CHECK(sd != NULL, "sodium_malloc");
		if (sd == NULL)
			goto out;
		memcpy(sd, seed, 32);
		CHECK_OK(dbc_signer_new(&signer, DBC_ED25519, pub, 32, DBC_SIGNER_CAN_EXTRINSIC, &ed_ops, sd),
		         "signer");
		if (signer == NULL)
			goto out;
		CHECK_OK(dbc_tx_sign(m, &p, call.p, call.len, signer, &ext, &bad_ext), "sign");
		{
			dbc_signer_t *raw_only = NULL;
			uint8_t *sd2 = sodium_malloc(32);
			dbc_buf_t ext2;

			dbc_buf_init(&ext2);
			if (sd2 != NULL) {
				memcpy(sd2, seed, 32);
				CHECK_OK(dbc_signer_new(&raw_only, DBC_ED25519, pub, 32, DBC_SIGNER_CAN_RAW,
				                        &ed_ops, sd2), "raw-only signer");
				CHECK(raw_only != NULL && dbc_tx_sign(m, &p, call.p, call.len, raw_only, &ext2,
				                                      &bad_ext) == DBC_ERR_UNSUPPORTED &&
				      bad_ext == NULL && ext2.len == 0, "signer without CAN_EXTRINSIC refused");
				dbc_signer_free(&raw_only);
				sodium_free(sd2);
			}
			dbc_buf_free(&ext2);
		}
		CHECK_HEX(ext.p, ext.len, check_jstr(v, "extrinsic"), "extrinsic");
		dbc_signer_free(&signer);
		sodium_free(sd);
	} else {
		/* sr25519: assemble from the vector's (randomized) signature; it must verify. */
		unhex_into(sig, 64, check_jstr(v, "signature"));
		CHECK_OK(dbc_tx_assemble(m, &p, call.p, call.len, DBC_SR25519, pub, 32, sig, 64, &ext,
		                         &bad_ext), "assemble sr25519");
		CHECK_HEX(ext.p, ext.len, check_jstr(v, "extrinsic"), "sr25519 extrinsic");
		sig[10] ^= 1;
		dbc_buf_free(&ext);
		CHECK(dbc_tx_assemble(m, &p, call.p, call.len, DBC_SR25519, pub, 32, sig, 64, &ext,
		                      &bad_ext) == DBC_ERR_VERIFY, "tampered signature refused");
		sig[10] ^= 1;
		dbc_buf_free(&ext);
		CHECK_OK(dbc_tx_assemble(m, &p, call.p, call.len, DBC_SR25519, pub, 32, sig, 64, &ext,
		                         &bad_ext), "assemble again");
	}
	CHECK(ext.len == (size_t)cJSON_GetObjectItem(v, "extrinsic_len")->valuedouble, "ext length");
	dbc_tx_hash(hash, ext.p, ext.len);
	CHECK_HEX(hash, 32, check_jstr(v, "tx_hash"), "tx hash");

	/* Decode it back. */
	CHECK_OK(dbc_tx_decode(m, ext.p, ext.len, &d), "decode");
	CHECK(d.is_signed && d.address_kind == 0 && memcmp(d.account, pub, 32) == 0, "signer");
	CHECK(d.sig_type == (ed ? 0 : 1) && d.siglen == 64, "sig type");
	CHECK(d.nonce == p.nonce && d.tip == p.tip && !d.has_asset_id && !d.has_mode, "nonce/tip");
	CHECK(d.era.period == (p.mortal ? p.period : 0), "era period");
	CHECK_HEX(d.era.bytes, d.era.len, check_jstr(v, "era"), "era bytes");
	CHECK(d.calllen == call.len && memcmp(d.call, call.p, call.len) == 0, "call bytes");
out:
	dbc_buf_free(&call);
	dbc_buf_free(&extra);
	dbc_buf_free(&add);
	dbc_buf_free(&payload);
	dbc_buf_free(&ext);
}

static void
test_long_payload(const dbc_meta_t *m)
{
	dbc_tx_params_t p;
	dbc_buf_t call, payload, ext;
	uint8_t want[32];
	cJSON *args;
	char why[CLI_TX_WHY], remark[600];
	dbc_tx_decoded_t d;

	/* System.remark with 300 bytes: payload > 256 → blake2b-256(payload) is signed (A9). */
	memset(remark, 'a', 300);
	remark[300] = '\0';
	memset(&p, 0, sizeof(p));
	p.spec_version = 411;
	p.tx_version = 2;
	memset(p.genesis, 0x03, 32);
	dbc_buf_init(&call);
	dbc_buf_init(&payload);
	dbc_buf_init(&ext);
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "remark", remark);
	CHECK_OK(cli_tx_encode_call_path(m, "system.remark", args, &call, why), "remark");
	cJSON_Delete(args);
	CHECK_OK(dbc_tx_payload(m, &p, call.p, call.len, &payload, NULL), "long payload");
	CHECK(payload.len > 256, "payload is long");
	crypto_generichash(want, 32, payload.p, payload.len, NULL, 0);
	dbc_tx_payload_to_sign(&payload);
	CHECK(payload.len == 32 && memcmp(payload.p, want, 32) == 0, "hashed payload");
	/* Assembling with an ed25519 signature over the hash verifies. */
	{
		uint8_t seed[32], pub[32], sig[64];

		memset(seed, 7, 32);
		CHECK_OK(dbc_ed25519_public_from_seed(pub, seed), "pub");
		CHECK_OK(dbc_ed25519_sign(sig, seed, want, 32), "sign hash");
		CHECK_OK(dbc_tx_assemble(m, &p, call.p, call.len, DBC_ED25519, pub, 32, sig, 64, &ext,
		                         NULL), "assemble long");
		CHECK_OK(dbc_tx_decode(m, ext.p, ext.len, &d), "decode long");
		CHECK(d.calllen == call.len, "long call decoded");
		/* Truncated or padded extrinsics are refused. */
		CHECK(dbc_tx_decode(m, ext.p, ext.len - 1, &d) == DBC_ERR_SCALE, "truncated");
	}
	dbc_buf_free(&call);
	dbc_buf_free(&payload);
	dbc_buf_free(&ext);
}

/* ecdsa: MultiSignature tag 2 with 65 bytes; the signer is blake2b-256 of the compressed key. */
static void
test_ecdsa(const dbc_meta_t *m)
{
	static const uint8_t call[] = { 0x6f, 0x02, 0x39, 0x30, 0, 0, 0, 0, 0, 0 };
	dbc_tx_params_t p;
	dbc_buf_t payload, ext;
	uint8_t seed[32], pub[33], sig[65], acc[32];
	dbc_tx_decoded_t d;

	memset(&p, 0, sizeof(p));
	p.spec_version = 411;
	p.tx_version = 2;
	memset(p.genesis, 0x03, 32);
	p.nonce = 1;
	memset(seed, 0x42, 32);
	dbc_buf_init(&payload);
	dbc_buf_init(&ext);
	CHECK_OK(dbc_ecdsa_public_from_seed(pub, seed), "ecdsa pub");
	CHECK_OK(dbc_tx_payload(m, &p, call, sizeof(call), &payload, NULL), "payload");
	dbc_tx_payload_to_sign(&payload);
	CHECK_OK(dbc_ecdsa_sign(sig, seed, payload.p, payload.len), "ecdsa sign");
	CHECK_OK(dbc_tx_assemble(m, &p, call, sizeof(call), DBC_ECDSA, pub, 33, sig, 65, &ext, NULL),
	         "assemble ecdsa");
	crypto_generichash(acc, 32, pub, 33, NULL, 0);
	CHECK_OK(dbc_tx_decode(m, ext.p, ext.len, &d), "decode ecdsa");
	CHECK(d.sig_type == 2 && d.siglen == 65 && memcmp(d.sig, sig, 65) == 0, "ecdsa signature");
	CHECK(memcmp(d.account, acc, 32) == 0, "ecdsa account = blake2b-256(pub33)");
	CHECK(ext.len > 4 && ext.p[2] == 0x84 && ext.p[3] == 0x00 && ext.p[36] == 0x02,
	      "layout: 0x84, Id tag 0, account, signature tag 2");
	dbc_buf_free(&payload);
	dbc_buf_free(&ext);
}

/* Mutated and truncated extrinsics decode or fail cleanly (no out-of-bounds; see SAN=1). */
static void
test_decode_robust(const dbc_meta_t *m, const char *hex)
{
	uint8_t ext[512], mut[512];
	long n = check_unhex(ext, sizeof(ext), hex);
	uint32_t x = 99;
	dbc_tx_decoded_t d;
	int i, ok = 0, k, outside = 0;

	if (n <= 0)
		return;
	for (i = 0; i < 3000; i++) {
		memcpy(mut, ext, (size_t)n);
		for (k = 0; k < 1 + i % 3; k++) {
			x = x * 1103515245u + 12345u;
			mut[(x >> 8) % (uint32_t)n] = (uint8_t)(x >> 3);
		}
		if (dbc_tx_decode(m, mut, (size_t)n - (size_t)(i % 5 == 0 ? (x >> 4) % (uint32_t)n : 0),
		                  &d) == DBC_OK) {
			ok++;
			outside += !(d.call >= mut && d.call + d.calllen <= mut + n);
		}
	}
	CHECK(ok > 0 && ok < 3000, "mutations: %d decoded, the rest refused", ok);
	CHECK(outside == 0, "decoded calls lie inside the input (%d did not)", outside);
}

static void
test_bad_args(const dbc_meta_t *m)
{
	static const struct {
		const char *path, *args;
		int rc;
	} cases[] = {
		{ "rentMachine.rentMachine", "{\"machine_id\":\"ab\",\"rent_gpu_num\":1}", DBC_ERR_INPUT },
		{ "rentMachine.rentMachine", "{\"machine_id\":\"ab\",\"rent_gpu_num\":1,\"duration\":300,\"x\":1}", DBC_ERR_NOT_FOUND },
		{ "rentMachine.rentMachine", "[\"ab\",1]", DBC_ERR_INPUT },
		{ "rentMachine.rentMachine", "[\"285ea26fa50016eb9f0fbe854ddfd34ba7966b7f91d96249f1948fafa718aa6a\",-1,300]", DBC_ERR_RANGE },
		{ "rentMachine.rentMachine", "[\"ab\",1,300]", DBC_ERR_INPUT },
		{ "rentMachine.rentMachine", "[\"0x285ea26fa50016eb9f0fbe854ddfd34ba7966b7f91d96249f1948fafa718aa\",1,300]", DBC_ERR_INPUT },
		{ "rentMachine.rentMachine", "[\"285ea26fa50016eb9f0fbe854ddfd34ba7966b7f91d96249f1948fafa718aa6a\",4294967296,300]", DBC_ERR_RANGE },
		{ "rentMachine.rentMachine", "[\"285ea26fa50016eb9f0fbe854ddfd34ba7966b7f91d96249f1948fafa718aa6a\",1.5,300]", DBC_ERR_INPUT },
		{ "rentMachine.confirmRent", "[\"18446744073709551616\"]", DBC_ERR_RANGE },
		{ "rentMachine.confirmRent", "[\"12a\"]", DBC_ERR_INPUT },
		{ "rentMachine.confirmRent", "[true]", DBC_ERR_INPUT },
		{ "rentMachine.noSuchCall", "[]", DBC_ERR_NOT_FOUND },
		{ "noSuchPallet.confirmRent", "[]", DBC_ERR_NOT_FOUND },
		{ "rentMachine", "[]", DBC_ERR_INPUT },
		{ "balances.transferKeepAlive", "[\"5Gw54ghuAHodDGAS91DUxqvKa6PeT9bhDdns3ztBupY8pSyX\",1]", DBC_ERR_SS58_CHECKSUM },
	};
	size_t i;
	char why[CLI_TX_WHY];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cJSON *a = cJSON_Parse(cases[i].args);
		dbc_buf_t b;
		int rc;

		dbc_buf_init(&b);
		rc = cli_tx_encode_call_path(m, cases[i].path, a, &b, why);
		CHECK(rc == cases[i].rc && why[0] != '\0', "bad args %zu: rc %d (%s)", i, rc, why);
		dbc_buf_free(&b);
		cJSON_Delete(a);
	}
	/* Good: u64 as decimal string, camelCase keys, SS58 MultiAddress, u128 string. */
	{
		cJSON *a = cJSON_Parse("{\"rentId\":\"12345\"}");
		dbc_buf_t b;

		dbc_buf_init(&b);
		CHECK_OK(cli_tx_encode_call_path(m, "rentMachine.confirmRent", a, &b, why), why);
		CHECK_HEX(b.p, b.len, "6f023930000000000000", "confirm_rent from string");
		dbc_buf_free(&b);
		cJSON_Delete(a);
		a = cJSON_Parse("[\"5Gw54ghuAHodDGAS91DUxqvKa6PeT9bhDdns3ztBupY8pSyn\","
		                "\"1000000000000000000\"]");
		dbc_buf_init(&b);
		CHECK_OK(cli_tx_encode_call_path(m, "balances.transferKeepAlive", a, &b, why), why);
		CHECK_HEX(b.p, b.len, "070300d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f7"
		          "07511a13000064a7b3b6e00d", "transfer_keep_alive (0x0707 is transfer)");
		dbc_buf_free(&b);
		cJSON_Delete(a);
	}
}

static void
test_unknown_extension(const dbc_meta_t *m, const uint8_t *md, size_t mdlen)
{
	/* Rename the metadata's CheckWeight (same length) to CheckWeigh_: refused by name. */
	uint8_t *copy = malloc(mdlen);
	dbc_meta_t *m2 = NULL;
	dbc_tx_params_t p;
	dbc_buf_t pl;
	const char *bad_ext = NULL;
	static const uint8_t call[] = { 0x6f, 0x02, 0x39, 0x30, 0, 0, 0, 0, 0, 0 };
	size_t i;

	(void)m;
	if (copy == NULL)
		return;
	memcpy(copy, md, mdlen);
	for (i = mdlen - 12; i > 0; i--)
		if (memcmp(copy + i, "CheckWeight", 11) == 0) {
			copy[i + 10] = '_';
			break;
		}
	CHECK(i > 0, "found CheckWeight");
	CHECK_OK(dbc_meta_parse(&m2, copy, mdlen, NULL), "parse renamed");
	memset(&p, 0, sizeof(p));
	dbc_buf_init(&pl);
	if (m2 != NULL)
		CHECK(dbc_tx_payload(m2, &p, call, sizeof(call), &pl, &bad_ext) == DBC_ERR_UNSUPPORTED &&
		      bad_ext != NULL && strcmp(bad_ext, "CheckWeigh_") == 0, "unknown extension named");
	dbc_buf_free(&pl);
	dbc_meta_free(&m2);
	free(copy);
}

int
main(void)
{
	uint8_t *file = NULL;
	size_t len = 0;
	dbc_meta_t *m = NULL;
	cJSON *root, *vecs, *v;
	int ncalls = 0, nsigned = 0;

	check_init("test_extrinsic");
	if (sodium_init() < 0)
		return 1;
	test_era();
	if ((file = check_load_shared_file("fixtures/dbc/metadata-v14-spec400.scale", &len)) == NULL)
		return check_done();
	CHECK(len > 4, "metadata fixture");
	if (file == NULL || len <= 4)
		return check_done();
	/* Strip the 4-byte compact length (SOURCES.md). */
	CHECK_OK(dbc_meta_parse(&m, file + 4, len - 4, NULL), "parse metadata");
	if (m == NULL)
		goto out;
	root = check_load_shared_json("fixtures/dbc/extrinsics.json");
	vecs = root != NULL ? cJSON_GetObjectItem(root, "vectors") : NULL;
	cJSON_ArrayForEach(v, vecs) {
		if (strcmp(check_jstr(v, "kind"), "call") == 0) {
			dbc_buf_t call;

			dbc_buf_init(&call);
			if (encode_call(m, v, &call) == DBC_OK)
				CHECK_HEX(call.p, call.len, check_jstr(v, "call_hex"), check_jstr(v, "name"));
			dbc_buf_free(&call);
			ncalls++;
		} else if (strcmp(check_jstr(v, "kind"), "signed_extrinsic") == 0) {
			test_signed(m, v);
			nsigned++;
		}
	}
	if (root != NULL)
		CHECK(ncalls == 5 && nsigned == 5, "all vectors seen (%d calls, %d signed)", ncalls,
		      nsigned);
	cJSON_Delete(root);
	test_long_payload(m);
	test_ecdsa(m);
	test_decode_robust(m, "0xd1028400d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a001518fb04b8abbedfbd5585189082bb85deb75a62cfcc0a0e8d25e4d8f02f02f35ee38670c25b5431cb34da74a7a8e17f31a072cfc0d92ea9fde55ac05aeb270205001400006f01010132383565613236666135303031366562396630666265383534646466643334626137393636623766393164393632343966313934386661666137313861613661010000002c010000");
	test_bad_args(m);
	test_unknown_extension(m, file + 4, len - 4);
out:
	dbc_meta_free(&m);
	free(file);
	return check_done();
}
