/* DBC node authentication: the node-auth.json vectors (sr25519, context "substrate", over the
 * raw nonce / session_id bytes), sign_tool's exact output (sign_tool-output.txt), and the
 * node_api helpers (auth injection, multisig checks, envelopes, URLs).
 * Vectors: ../shared/fixtures/dbc/node-auth.json and sign_tool-output.txt, transcribed from
 * DeepBrainChain/DBC-Wiki @ 66a295029b21b3aa720c5c95c30f9f50ba16753a and
 * DeepBrainChain/DBCGPUCloudService @ 85d2d5428f5aabdec71bca8cbf237891b78b1319; format per
 * DeepBrainChain/DBC-AIComputingNet src/sign_tool/main.cpp @ 603ac9db (fixtures/dbc/SOURCES.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "check.h"
#include "cli/net/node_api.h"
#include "sign/hex.h"
#include "wallet/keypair.h"
#include "wallet/nonce.h"
#include "wallet/ss58.h"

static const char KA_SEED[] = "b0afb3faa47534b5348b4ea731b75deae179b0e6f13a80bf2fe9c4307bf97fe9";
static const char KA_SS58[] = "5Dy8ULx1De6u3WE9ixpy1VKK2CVssvsjQT15qcmQsG662Zj4";

/* Verify the triple directly with dbc_verify: decode the wallet (SS58 or hex), the signature,
 * and check sr25519 over the message bytes. */
static int
verify_direct(const char *wallet, const char *msg, const char *sign)
{
	uint8_t pub[33], sig[64];
	size_t len = 0;
	uint16_t prefix = 0;

	if (strlen(wallet) == 64) {
		if (dbc_hex_decode_exact(pub, 32, wallet, 0) != DBC_OK)
			return DBC_ERR_PUBKEY;
	} else if (dbc_ss58_decode(pub, &len, &prefix, wallet) != DBC_OK || len != 32) {
		return DBC_ERR_PUBKEY;
	}
	if (dbc_hex_decode_exact(sig, 64, sign, DBC_HEX_ALLOW_0X) != DBC_OK)
		return DBC_ERR_SIGNATURE_FORMAT;
	return dbc_verify(DBC_SR25519, pub, 32, (const uint8_t *)msg, strlen(msg), sig, 64);
}

static void
test_vectors(void)
{
	cJSON *doc = check_load_shared_json("fixtures/dbc/node-auth.json");
	const cJSON *v;
	dbc_keypair_t *kp;
	uint8_t seed[32];
	char ss58[DBC_SS58_MAX];
	int pos = 0, neg = 0, keys = 0;

	if (doc == NULL)
		return;
	kp = dbc_keypair_new();
	CHECK(kp != NULL, "keypair alloc");
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(doc, "vectors")) {
		const char *kind = check_jstr(v, "kind"), *id = check_jstr(v, "id");

		if (strcmp(kind, "auth_triple") == 0) {
			const char *w = check_jstr(v, "wallet"), *m = check_jstr(v, "message"),
			           *s = check_jstr(v, "sign");

			CHECK(verify_direct(w, m, s) == DBC_OK, "%s verifies (dbc_verify)", id);
			CHECK(node_verify_text(w, m, s) == DBC_OK, "%s verifies (node_verify_text)", id);
			/* with 0x, as DBC-NodeScript sends it */
			{
				char s0x[NODE_SIGN_HEX_LEN + 3];

				(void)snprintf(s0x, sizeof(s0x), "0x%s", s);
				CHECK(node_verify_text(w, m, s0x) == DBC_OK, "%s verifies with 0x", id);
			}
			pos++;
		} else if (strcmp(kind, "auth_negative") == 0) {
			const char *w = check_jstr(v, "wallet"), *m = check_jstr(v, "message"),
			           *s = check_jstr(v, "sign");

			CHECK(verify_direct(w, m, s) != DBC_OK, "%s must not verify (dbc_verify)", id);
			CHECK(node_verify_text(w, m, s) != DBC_OK, "%s must not verify", id);
			neg++;
		} else if (strcmp(kind, "key") == 0 && check_jstr(v, "seed")[0] != '\0' && kp != NULL) {
			CHECK(check_unhex(seed, 32, check_jstr(v, "seed")) == 32, "%s seed", id);
			CHECK_OK(dbc_keypair_from_seed(kp, DBC_SR25519, seed), id);
			CHECK_HEX(kp->pub, 32, check_jstr(v, "public"), id);
			if (check_jstr(v, "ss58_42")[0] != '\0') {
				CHECK_OK(dbc_ss58_encode(ss58, DBC_NETWORK_DBC, kp->pub, 32), "ss58");
				CHECK(strcmp(ss58, check_jstr(v, "ss58_42")) == 0, "%s ss58 %s", id, ss58);
			}
			keys++;
		} else if (strcmp(kind, "multisig_example") == 0) {
			const cJSON *frag = cJSON_GetObjectItemCaseSensitive(v, "request_body_fragment");
			char *text = cJSON_PrintUnformatted(frag), why[128] = "";
			cJSON *ms = NULL;

			CHECK(text != NULL, "print multisig");
			if (text != NULL) {
				CHECK(node_multisig_parse(text, strlen(text), &ms, why, sizeof(why)) == DBC_OK,
				      "documented multisig block accepted (%s)", why);
				CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ms, "threshold")),
				      "threshold stays a string");
				cJSON_Delete(ms);
				free(text);
			}
		}
	}
	CHECK(pos == 9, "9 valid triples, saw %d", pos);
	CHECK(neg == 5, "5 negative triples, saw %d", neg);
	CHECK(keys == 3, "3 seeded keys, saw %d", keys);
	dbc_keypair_free(&kp);
	sodium_memzero(seed, sizeof(seed));
	cJSON_Delete(doc);
}

static dbc_signer_t *
ka_signer(void)
{
	dbc_keypair_t *kp = dbc_keypair_new();
	dbc_signer_t *s = NULL;
	uint8_t seed[32];

	if (kp == NULL || check_unhex(seed, 32, KA_SEED) != 32 ||
	    dbc_keypair_from_seed(kp, DBC_SR25519, seed) != DBC_OK ||
	    dbc_keypair_signer(&s, kp) != DBC_OK)
		s = NULL;
	dbc_keypair_free(&kp);
	sodium_memzero(seed, sizeof(seed));
	return s;
}

/* The golden sign_tool output: parse it, then our formatter must give the same bytes. */
static void
test_signtool_golden(void)
{
	char path[1024], golden[2048], ours[2048], vals[5][256];
	static const char *const labels[5] = { "    wallet: ", "     nonce: ", "nonce_sign: ",
	                                       "      session_id: ", " session_id_sign: " };
	FILE *fp;
	size_t glen;
	char *line, *save = NULL, copy[2048];
	int i = 0, n;

	if (check_shared_path("fixtures/dbc/sign_tool-output.txt", path, sizeof(path)) == NULL)
		return;
	fp = fopen(path, "rb");
	CHECK(fp != NULL, "open %s", path);
	if (fp == NULL)
		return;
	glen = fread(golden, 1, sizeof(golden) - 1, fp);
	fclose(fp);
	golden[glen] = '\0';
	CHECK(glen == 491, "golden file is 491 bytes (SOURCES.md), got %zu", glen);
	memcpy(copy, golden, glen + 1);
	for (line = strtok_r(copy, "\n", &save); line != NULL && i < 5;
	     line = strtok_r(NULL, "\n", &save), i++) {
		size_t ll = strlen(labels[i]);

		CHECK(strncmp(line, labels[i], ll) == 0, "line %d label '%s'", i + 1, labels[i]);
		(void)snprintf(vals[i], sizeof(vals[i]), "%s", line + ll);
	}
	CHECK(i == 5, "5 lines, got %d", i);
	if (i != 5)
		return;
	n = node_signtool_format(ours, sizeof(ours), vals[0], vals[1], vals[2], vals[3], vals[4]);
	CHECK(n == (int)glen && memcmp(ours, golden, glen) == 0, "5-line output byte-identical");
	/* the nonce-only form is the first three lines */
	n = node_signtool_format(ours, sizeof(ours), vals[0], vals[1], vals[2], NULL, NULL);
	CHECK(n > 0 && strncmp(ours, golden, (size_t)n) == 0 && golden[n - 1] == '\n' &&
	      strncmp(golden + n, labels[3], strlen(labels[3])) == 0, "3-line output is the prefix");
	/* the golden values are real: both signatures verify under the printed wallet */
	CHECK(node_verify_text(vals[0], vals[1], vals[2]) == DBC_OK, "golden nonce_sign verifies");
	CHECK(node_verify_text(vals[0], vals[3], vals[4]) == DBC_OK, "golden session_id_sign verifies");
	/* a too-small buffer is an error, not a truncated line */
	CHECK(node_signtool_format(ours, 100, vals[0], vals[1], vals[2], NULL, NULL) < 0,
	      "short buffer refused");
	/* fixed strings (dbc-node-api.md §1.3) */
	CHECK(strcmp(NODE_SIGNTOOL_USAGE,
	             "usage: \n  sign_tool [wallet] [wallet_private_key] [session_id](\xe5\x8f\xaf"
	             "\xe9\x80\x89)\n") == 0, "usage bytes");
	CHECK(strcmp(NODE_SIGNTOOL_MISMATCH, "input wallet & wallet_private_key is error!\n") == 0,
	      "mismatch bytes");
}

/* Our signatures: a fresh nonce signed with KA verifies under KA's wallet, tampering fails. */
static void
test_sign_roundtrip(void)
{
	dbc_signer_t *s = ka_signer();
	char wallet[DBC_SS58_MAX], nonce[DBC_NONCE_LEN + 1], sig[NODE_SIGN_HEX_LEN + 1];
	char sig2[NODE_SIGN_HEX_LEN + 1];

	CHECK(s != NULL, "KA signer");
	if (s == NULL)
		return;
	CHECK_OK(node_signer_check(s), "KA is sr25519 and signs raw");
	CHECK_OK(node_signer_wallet(s, wallet), "wallet");
	CHECK(strcmp(wallet, KA_SS58) == 0, "KA wallet %s", wallet);
	CHECK_OK(node_wallet_matches(s, KA_SS58), "matches own SS58");
	CHECK_OK(node_wallet_matches(s, "0x5437db36c5532df3a5937b62563d71c372a74e73d71f1edc4b3836718541c510"),
	         "matches own hex public key");
	CHECK(node_wallet_matches(s, "5HgVTsXnUBmaL5F2RBjKmXMoAeG9Avuyk9tmgnnVx28u2ZrS") == DBC_ERR_MISMATCH,
	      "KB does not match");
	CHECK(node_wallet_matches(s, "5Dy8ULx1De6u3WE9ixpy1VKK2CVssvsjQT15qcmQsG662Zj5") != DBC_OK,
	      "bad checksum refused");
	CHECK_OK(dbc_nonce_generate(nonce), "nonce");
	CHECK_OK(node_sign_text(s, nonce, sig), "sign");
	CHECK(strlen(sig) == 128 && strspn(sig, "0123456789abcdef") == 128, "128 lowercase hex: %s", sig);
	CHECK_OK(node_verify_text(wallet, nonce, sig), "own triple verifies");
	CHECK_OK(node_sign_text(s, nonce, sig2), "sign again");
	CHECK(strcmp(sig, sig2) != 0, "sr25519 signatures are randomized");
	nonce[5] = nonce[5] == 'a' ? 'b' : 'a';
	CHECK(node_verify_text(wallet, nonce, sig) == DBC_ERR_VERIFY, "tampered nonce fails");
	CHECK(node_verify_text("5HgVTsXnUBmaL5F2RBjKmXMoAeG9Avuyk9tmgnnVx28u2ZrS", nonce, sig) != DBC_OK,
	      "other wallet fails");
	CHECK(node_verify_text(wallet, nonce, "abcd") == DBC_ERR_SIGNATURE_FORMAT, "short sign");
	dbc_signer_free(&s);
}

static void
test_auth_inject(void)
{
	dbc_signer_t *s = ka_signer();
	node_auth_t auth;
	cJSON *body;
	char first[DBC_NONCE_LEN + 1] = "";
	const char *w, *n, *g;
	int round;

	if (s == NULL)
		return;
	memset(&auth, 0, sizeof(auth));
	auth.kind = NODE_AUTH_WALLET;
	auth.signer = s;
	body = node_body_new("58fb618aa482c41114eb3cfdaefd3ba183172da9e25251449d045043fbd37f45", NULL);
	CHECK(body != NULL, "body");
	if (body == NULL)
		return;
	CHECK(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(body, "additional")), "additional {}");
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(body, "peer_nodes_list")) == 1,
	      "one peer");
	for (round = 0; round < 2; round++) {
		CHECK_OK(node_auth_inject(body, &auth), "inject");
		w = check_jstr(body, "wallet");
		n = check_jstr(body, "nonce");
		g = check_jstr(body, "sign");
		CHECK(strcmp(w, KA_SS58) == 0, "wallet %s", w);
		CHECK_OK(dbc_nonce_check(n), "injected nonce format");
		CHECK_OK(node_verify_text(w, n, g), "injected triple verifies");
		if (round == 0)
			(void)snprintf(first, sizeof(first), "%s", n);
		else
			CHECK(strcmp(first, n) != 0, "a fresh nonce per request");
	}
	/* switching to a session replaces the wallet fields */
	auth.kind = NODE_AUTH_SESSION;
	auth.session_id = "3QRjS1PsbDReGJKVBBRqxUh9RqXB5jbfHJ8bMgGoJ3C9HHHHm9rCmmh";
	auth.session_sign = "ca89d0adb44a03c6f22a9205a06e22f682805f8c8ee25dd182e36ceb581899001196ce94c40e2147247f967256d7e010318e4387853939d94ba99c81f16a358f";
	CHECK_OK(node_auth_inject(body, &auth), "inject session");
	CHECK(cJSON_GetObjectItemCaseSensitive(body, "wallet") == NULL &&
	      cJSON_GetObjectItemCaseSensitive(body, "nonce") == NULL, "wallet fields removed");
	CHECK(strcmp(check_jstr(body, "session_id"), auth.session_id) == 0, "session_id set");
	cJSON_Delete(body);
	body = node_body_new(NULL, NULL);
	CHECK(body != NULL && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(body, "peer_nodes_list")) == 0,
	      "no peer: empty list");
	cJSON_Delete(body);
	dbc_signer_free(&s);
}

static void
test_multisig_rules(void)
{
	static const char good[] =
	    "{\"wallets\":[\"5Dy8ULx1De6u3WE9ixpy1VKK2CVssvsjQT15qcmQsG662Zj4\","
	    "\"5HgVTsXnUBmaL5F2RBjKmXMoAeG9Avuyk9tmgnnVx28u2ZrS\"],\"threshold\":%s,\"signs\":[%s]}";
	static const char sa[] =
	    "{\"wallet\":\"5Dy8ULx1De6u3WE9ixpy1VKK2CVssvsjQT15qcmQsG662Zj4\",\"nonce\":"
	    "\"5q7KRn4d8EmXFFsim8vHBp23N2CpERbD2mWR3WCo1o3teZnGxYEh4N6\",\"sign\":"
	    "\"2460725b2f5e737cd810c773be61b9b27c3b9dbdac4af9cf25c7be9949ad7202a0b7467f71ad843888f482662d3ae2e4fa566d3c1930a3fa90f3dcb97ea4098d\"}";
	static const char bad_sig[] =
	    "{\"wallet\":\"5Dy8ULx1De6u3WE9ixpy1VKK2CVssvsjQT15qcmQsG662Zj4\",\"nonce\":"
	    "\"5q7KRn4d8EmXFFsim8vHBp23N2CpERbD2mWR3WCo1o3teZnGxYEh4N7\",\"sign\":"
	    "\"2460725b2f5e737cd810c773be61b9b27c3b9dbdac4af9cf25c7be9949ad7202a0b7467f71ad843888f482662d3ae2e4fa566d3c1930a3fa90f3dcb97ea4098d\"}";
	static const char stranger[] =
	    "{\"wallet\":\"5G6Bb5Lo9em2wxm2NcSGiV4APxp5Fr9LtvMSLEspRVSq1yUF\",\"nonce\":"
	    "\"3hjGT9XYyh7Auf85nMHcE7zUUTTDkjzaGoeAojC2vdUnE8DXXuUdZ7g\",\"sign\":"
	    "\"1e500ac6352889453e972ba59ba0f78318531b30c5d607c6ea585e0b8c36a14959bd82ee7005666208bb39ab08884418133600476e91c2d29d383c3441711087\"}";
	char text[2048], why[128];
	cJSON *ms = NULL;

	(void)snprintf(text, sizeof(text), good, "1", sa);
	CHECK(node_multisig_parse(text, strlen(text), &ms, why, sizeof(why)) == DBC_OK,
	      "numeric threshold accepted (%s)", why);
	CHECK(strcmp(check_jstr(ms, "threshold"), "1") == 0, "numeric threshold becomes \"1\"");
	cJSON_Delete(ms);
	(void)snprintf(text, sizeof(text), good, "\"2\"", sa);
	CHECK(node_multisig_parse(text, strlen(text), &ms, why, sizeof(why)) == DBC_ERR_RANGE,
	      "threshold above the signs refused");
	(void)snprintf(text, sizeof(text), good, "\"1\"", bad_sig);
	CHECK(node_multisig_parse(text, strlen(text), &ms, why, sizeof(why)) == DBC_ERR_VERIFY,
	      "a bad sign refused");
	(void)snprintf(text, sizeof(text), good, "\"1\"", stranger);
	CHECK(node_multisig_parse(text, strlen(text), &ms, why, sizeof(why)) == DBC_ERR_MISMATCH,
	      "a signer outside wallets refused");
	(void)snprintf(text, sizeof(text), good, "\"0\"", sa);
	CHECK(node_multisig_parse(text, strlen(text), &ms, why, sizeof(why)) == DBC_ERR_JSON,
	      "threshold 0 refused");
	CHECK(node_multisig_parse("[1]", 3, &ms, why, sizeof(why)) == DBC_ERR_JSON, "array refused");
	CHECK(node_multisig_parse("{", 1, &ms, why, sizeof(why)) == DBC_ERR_JSON, "bad JSON refused");
	CHECK(ms == NULL, "nothing returned on error");
}

static void
test_envelopes(void)
{
	static const struct {
		const char *body;
		int ok;
		long errcode;
	} cases[] = {
		{ "{\"errcode\":0, \"message\":{\"task_id\":\"x\"}}", 1, 0 },
		{ "{\n    \"errcode\": -25,\n    \"message\": \"http request body is empty\"\n}\r\n", 1, -25 },
		{ "{\"errcode\":-3, \"message\":\"check authority failed: nonce check failed\"}", 1, -3 },
		{ "{\"errcode\":0}", 1, 0 },
		{ "hello", 0, 0 },
		{ "", 0, 0 },
		{ "[]", 0, 0 },
		{ "{\"message\":\"no errcode\"}", 0, 0 },
		{ "{\"errcode\":\"0\",\"message\":1}", 0, 0 },
		{ "{\"errcode\":1.5}", 0, 0 },
		{ "{\"status\":0,\"message\":{}}", 0, 0 },
	};
	size_t i;
	cJSON *root;
	const cJSON *msg;
	long ec;
	char why[64];
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = node_envelope_parse(cases[i].body, strlen(cases[i].body), &root, &ec, &msg, why,
		                         sizeof(why));
		if (cases[i].ok)
			CHECK(rc == DBC_OK && ec == cases[i].errcode, "envelope %zu accepted (errcode %ld)", i, ec);
		else
			CHECK(rc == DBC_ERR_RPC && root == NULL, "envelope %zu refused", i);
		cJSON_Delete(root);
	}
}

static void
test_small_parsers(void)
{
	char id[NODE_ID_HEX_LEN + 1], sig[NODE_SIGN_HEX_LEN + 1], *u;
	cJSON *o;

	CHECK_OK(node_id_parse(id, "58FB618AA482C41114EB3CFDAEFD3BA183172DA9E25251449D045043FBD37F45"),
	         "uppercase node id");
	CHECK(strcmp(id, "58fb618aa482c41114eb3cfdaefd3ba183172da9e25251449d045043fbd37f45") == 0,
	      "node id lowercased");
	CHECK(node_id_parse(id, "58fb618a") != DBC_OK, "short node id");
	CHECK(node_id_parse(id, "58fb618aa482c41114eb3cfdaefd3ba183172da9e25251449d045043fbd37f4g") != DBC_OK,
	      "non-hex node id");
	CHECK(node_sign_hex_parse(sig, "0xCA89D0ADB44A03C6F22A9205A06E22F682805F8C8EE25DD182E36CEB581899001196CE94C40E2147247F967256D7E010318E4387853939D94BA99C81F16A358F") == DBC_OK &&
	      strncmp(sig, "ca89d0ad", 8) == 0, "sign hex normalized");
	CHECK(node_sign_hex_parse(sig, "ca89") != DBC_OK, "short sign refused");
	CHECK_OK(node_session_id_check("3QRjS1PsbDReGJKVBBRqxUh9RqXB5jbfHJ8bMgGoJ3C9HHHHm9rCmmh"), "sid");
	CHECK(node_session_id_check("a b") != DBC_OK && node_session_id_check("a'b") != DBC_OK &&
	      node_session_id_check("") != DBC_OK && node_session_id_check("$(x)") != DBC_OK,
	      "unsafe session ids refused");

	CHECK_OK(node_url_check("http://127.0.0.1:5002"), "url");
	CHECK_OK(node_url_check("https://node.example:443/api/v1/"), "url with prefix");
	CHECK(node_url_check("ftp://x") != DBC_OK && node_url_check("http://") != DBC_OK &&
	      node_url_check("http://u:p@host") != DBC_OK && node_url_check("http://h/?q") != DBC_OK &&
	      node_url_check("127.0.0.1:5002") != DBC_OK, "bad URLs refused");
	u = node_url_join("http://h:1/", "/tasks");
	CHECK(u != NULL && strcmp(u, "http://h:1/api/v1/tasks") == 0, "join %s", u);
	free(u);
	u = node_url_join("http://h:1/api/v1", "/tasks/logs/x?flag=head&line_num=5");
	CHECK(u != NULL && strcmp(u, "http://h:1/api/v1/tasks/logs/x?flag=head&line_num=5") == 0,
	      "join with prefix %s", u);
	free(u);
	u = node_url_join("http://h:1", "/api/v1/peers/active");
	CHECK(u != NULL && strcmp(u, "http://h:1/api/v1/peers/active") == 0, "path with prefix %s", u);
	free(u);

	o = cJSON_Parse("{\"cpu_cores\":4,\"image_name\":\"u.qcow2\",\"mem_size\":\"8\",\"disk_size\":100}");
	CHECK(node_numbers_to_strings(o) == DBC_OK && strcmp(check_jstr(o, "cpu_cores"), "4") == 0 &&
	      strcmp(check_jstr(o, "disk_size"), "100") == 0 && strcmp(check_jstr(o, "mem_size"), "8") == 0,
	      "numbers become strings");
	CHECK(o != NULL && o->child != NULL && strcmp(o->child->string, "cpu_cores") == 0,
	      "member order kept");
	cJSON_Delete(o);
	o = cJSON_Parse("{\"mem\":1.5}");
	CHECK(node_numbers_to_strings(o) == DBC_ERR_JSON, "fractions refused");
	cJSON_Delete(o);
}

int
main(void)
{
	check_init("test_node_auth");
	if (sodium_init() < 0)
		return 1;
	test_vectors();
	test_signtool_golden();
	test_sign_roundtrip();
	test_auth_inject();
	test_multisig_rules();
	test_envelopes();
	test_small_parsers();
	return check_done();
}
