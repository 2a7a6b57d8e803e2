/* Keccak-f[1600], STROBE-128 and Merlin transcripts against third-party vectors.
 * Sources (see /work/shared/vectors/SOURCES.md and each vector's "source"):
 *  - gtank/merlin merlin_test.go (TestSimpleTranscript, TestComplexTranscript), equal to
 *    dalek-cryptography/merlin transcript.rs equivalence tests;
 *  - dalek merlin strobe.rs test_conformance (hex in paulmillr/scure-sr25519 basic.test.ts);
 *  - scure-sr25519 basic.test.ts 'SigningContext' (full STROBE state after each signing step);
 *  - Keccak-f[1600] of the all-zero state: XKCP KeccakF-1600-IntermediateValues.txt. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/keccak.h"
#include "sign/merlin.h"
#include "tests/unit/check.h"

/* Label or message given either as UTF-8 "data"/"message" or as "*_hex". */
static size_t
field_bytes(uint8_t *out, size_t cap, const cJSON *o, const char *key, const char *hexkey)
{
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, hexkey);
	const char *s;
	long n;

	if (cJSON_IsString(h)) {
		n = check_unhex(out, cap, h->valuestring);
		CHECK(n >= 0, "bad hex in %s", hexkey);
		return n < 0 ? 0 : (size_t)n;
	}
	s = check_jstr(o, key);
	n = (long)strlen(s);
	if ((size_t)n > cap)
		n = (long)cap;
	memcpy(out, s, (size_t)n);
	return (size_t)n;
}

static void
test_keccak_zero(void)
{
	uint8_t st[200];

	/* First lanes of Keccak-f[1600] applied once to the zero state (XKCP intermediate
	 * values: F1600(0) lane 0 = 0xF1258F7940E1DDE7, lane 1 = 0x84D5CCF933C0478A). */
	memset(st, 0, sizeof(st));
	dbc_keccakf1600(st);
	CHECK_HEX(st, 16, "e7dde140798f25f18a47c033f9ccd584", "keccak-f(0) lanes 0..1");
}

/* dbc_strobe_init starts from a stored constant: recompute it from the STROBE-128 spec
 * (state [1, R+2, 1, 0, 1, 96] || "STROBEv1.0.2", one keccak-f). An empty meta_ad label
 * then only absorbs the op header [pos_begin = 0, flags = M|A = 0x12]. */
static void
test_strobe_initial_state(void)
{
	uint8_t want[200] = { 1, 166 + 2, 1, 0, 1, 96 };
	dbc_strobe_t s;

	memcpy(want + 6, "STROBEv1.0.2", 12);
	dbc_keccakf1600(want);
	want[1] ^= 0x12;
	dbc_strobe_init(&s, (const uint8_t *)"", 0);
	CHECK(memcmp(s.st, want, 200) == 0, "STROBE-128 initial state");
	CHECK(s.pos == 2 && s.pos_begin == 1 && s.cur_flags == 0x12, "initial pos/begin/flags");
}

static void
test_simple(const cJSON *v)
{
	dbc_merlin_t t;
	uint8_t label[256], msg[256], out[64];
	size_t ll, ml;
	const cJSON *op;
	const char *proto = check_jstr(v, "protocol_label");
	int did_challenge = 0;

	dbc_merlin_init(&t, (const uint8_t *)proto, strlen(proto));
	cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(v, "ops")) {
		const char *kind = check_jstr(op, "op");

		ll = field_bytes(label, sizeof(label), op, "label", "label_hex");
		if (strcmp(kind, "append_message") == 0) {
			ml = field_bytes(msg, sizeof(msg), op, "message", "message_hex");
			dbc_merlin_append(&t, label, ll, msg, ml);
		} else if (strcmp(kind, "challenge_bytes") == 0) {
			int n = cJSON_GetObjectItemCaseSensitive(op, "length")->valueint;
			CHECK(n == 32, "challenge length %d", n);
			dbc_merlin_challenge(&t, label, ll, out, 32);
			did_challenge = 1;
		} else {
			CHECK(0, "unknown merlin op %s", kind);
		}
	}
	CHECK(did_challenge, "simple transcript had a challenge");
	CHECK_HEX(out, 32, check_jstr(v, "challenge"), "merlin simple transcript");
}

static void
test_complex(const cJSON *v)
{
	dbc_merlin_t t;
	uint8_t data[1024], c[32];
	const char *proto = check_jstr(v, "protocol_label");
	int i;

	memset(data, 99, sizeof(data));
	dbc_merlin_init(&t, (const uint8_t *)proto, strlen(proto));
	dbc_merlin_append(&t, DBC_LIT("step1"), DBC_LIT("some data"));
	for (i = 0; i < 32; i++) {
		dbc_merlin_challenge(&t, DBC_LIT("challenge"), c, sizeof(c));
		dbc_merlin_append(&t, DBC_LIT("bigdata"), data, sizeof(data));
		dbc_merlin_append(&t, DBC_LIT("challengedata"), c, sizeof(c));
	}
	CHECK_HEX(c, 32, check_jstr(v, "challenge"), "merlin complex transcript");
}

static void
test_strobe_conformance(const cJSON *v)
{
	dbc_strobe_t s;
	static uint8_t buf[2048];
	uint8_t prf[64];
	size_t prflen = 0, n;
	const cJSON *op;
	const char *proto = check_jstr(v, "protocol_label");
	int nprf = 0;

	dbc_strobe_init(&s, (const uint8_t *)proto, strlen(proto));
	cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(v, "ops")) {
		const char *kind = check_jstr(op, "op");
		int more = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(op, "more"));

		if (strcmp(kind, "meta_ad") == 0) {
			n = field_bytes(buf, sizeof(buf), op, "data", "data_hex");
			dbc_strobe_meta_ad(&s, buf, n, more);
		} else if (strcmp(kind, "ad") == 0) {
			n = field_bytes(buf, sizeof(buf), op, "data", "data_hex");
			CHECK(n == 1024, "ad length %zu", n);
			dbc_strobe_ad(&s, buf, n, more);
		} else if (strcmp(kind, "prf") == 0) {
			prflen = (size_t)cJSON_GetObjectItemCaseSensitive(op, "length")->valueint;
			CHECK(prflen == 32, "prf length %zu", prflen);
			dbc_strobe_prf(&s, prf, 32, more);
			CHECK_HEX(prf, 32, check_jstr(op, "expect"), "strobe prf");
			nprf++;
		} else if (strcmp(kind, "key") == 0) {
			/* "<output of the previous prf>" */
			dbc_strobe_key(&s, prf, prflen, more);
		} else {
			CHECK(0, "unknown strobe op %s", kind);
		}
	}
	CHECK(nprf == 2, "conformance ran both prf steps (%d)", nprf);
	CHECK_HEX(prf, 32, check_jstr(v, "prf2"), "strobe prf2");
}

static void
check_state(const dbc_strobe_t *s, const cJSON *step)
{
	const char *what = check_jstr(step, "after");

	CHECK_HEX(s->st, 200, check_jstr(step, "state"), what);
	CHECK(s->pos == cJSON_GetObjectItemCaseSensitive(step, "pos")->valueint, "pos after %s", what);
	CHECK(s->pos_begin == cJSON_GetObjectItemCaseSensitive(step, "pos_begin")->valueint,
	      "pos_begin after %s", what);
	CHECK(s->cur_flags == cJSON_GetObjectItemCaseSensitive(step, "cur_flags")->valueint,
	      "cur_flags after %s", what);
}

/* Replays schnorrkel signing step by step with the merlin primitives (scure trace). */
static void
test_signing_trace(const cJSON *v)
{
	const cJSON *steps = cJSON_GetObjectItemCaseSensitive(v, "steps");
	dbc_merlin_t t;
	dbc_merlin_rng_t rng;
	uint8_t pub[32], nonce[32], rnd[32], wide[64], r[32], k[32], R[32];
	const char *msg = check_jstr(v, "message");

	CHECK(cJSON_GetArraySize(steps) == 6, "six trace steps");
	if (cJSON_GetArraySize(steps) != 6)
		return;
	CHECK(check_unhex(pub, 32, check_jstr(v, "public")) == 32, "public");
	CHECK(check_unhex(nonce, 32, check_jstr(v, "nonce")) == 32, "nonce");
	CHECK(check_unhex(rnd, 32, check_jstr(v, "random")) == 32, "random");

	dbc_merlin_init(&t, DBC_LIT("SigningContext"));
	dbc_merlin_append(&t, DBC_LIT(""), DBC_LIT("substrate"));
	dbc_merlin_append(&t, DBC_LIT("sign-bytes"), (const uint8_t *)msg, strlen(msg));
	check_state(&t.strobe, cJSON_GetArrayItem(steps, 0));
	dbc_merlin_append(&t, DBC_LIT("proto-name"), DBC_LIT("Schnorr-sig"));
	check_state(&t.strobe, cJSON_GetArrayItem(steps, 1));
	dbc_merlin_append(&t, DBC_LIT("sign:pk"), pub, 32);
	check_state(&t.strobe, cJSON_GetArrayItem(steps, 2));

	dbc_merlin_rng_init(&rng, &t);
	dbc_merlin_rng_rekey(&rng, DBC_LIT("signing"), nonce, 32);
	dbc_merlin_rng_finalize(&rng, rnd);
	dbc_merlin_rng_fill(&rng, wide, 64);
	crypto_core_ristretto255_scalar_reduce(r, wide);
	/* The RNG works on a copy: the transcript itself is unchanged. */
	check_state(&t.strobe, cJSON_GetArrayItem(steps, 3));
	CHECK_HEX(r, 32, check_jstr(cJSON_GetArrayItem(steps, 3), "r_le"), "witness scalar r");

	CHECK(crypto_scalarmult_ristretto255_base(R, r) == 0, "r*B");
	dbc_merlin_append(&t, DBC_LIT("sign:R"), R, 32);
	check_state(&t.strobe, cJSON_GetArrayItem(steps, 4));
	dbc_merlin_challenge(&t, DBC_LIT("sign:c"), wide, 64);
	crypto_core_ristretto255_scalar_reduce(k, wide);
	check_state(&t.strobe, cJSON_GetArrayItem(steps, 5));
	CHECK_HEX(k, 32, check_jstr(cJSON_GetArrayItem(steps, 5), "k_le"), "challenge scalar k");
	dbc_merlin_wipe(&rng, sizeof(rng));
}

/* Properties the vectors do not pin: "more" continues an op, and labels are framed. */
static void
test_framing(void)
{
	dbc_strobe_t a, b;
	dbc_merlin_t t1, t2;
	uint8_t o1[32], o2[32];

	dbc_strobe_init(&a, DBC_LIT("x"));
	dbc_strobe_init(&b, DBC_LIT("x"));
	dbc_strobe_ad(&a, DBC_LIT("helloworld"), 0);
	dbc_strobe_ad(&b, DBC_LIT("hello"), 0);
	dbc_strobe_ad(&b, DBC_LIT("world"), 1);
	dbc_strobe_prf(&a, o1, 32, 0);
	dbc_strobe_prf(&b, o2, 32, 0);
	CHECK(memcmp(o1, o2, 32) == 0, "ad continued with more == one ad");

	dbc_merlin_init(&t1, DBC_LIT("p"));
	dbc_merlin_init(&t2, DBC_LIT("p"));
	dbc_merlin_append(&t1, DBC_LIT("ab"), DBC_LIT("c"));
	dbc_merlin_append(&t2, DBC_LIT("a"), DBC_LIT("bc"));
	dbc_merlin_challenge(&t1, DBC_LIT("c"), o1, 32);
	dbc_merlin_challenge(&t2, DBC_LIT("c"), o2, 32);
	CHECK(memcmp(o1, o2, 32) != 0, "label/message boundary changes the challenge");
}

int
main(void)
{
	cJSON *j;
	const cJSON *v;
	int seen[4] = { 0, 0, 0, 0 };

	check_init("test_merlin");
	if (sodium_init() < 0) {
		CHECK(0, "sodium_init");
		return check_done();
	}
	test_keccak_zero();
	test_strobe_initial_state();
	test_framing();
	j = check_load_shared_json("vectors/merlin.json");
	if (j != NULL) {
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(j, "vectors")) {
			const char *kind = check_jstr(v, "kind");

			if (strcmp(kind, "merlin_transcript") == 0) {
				test_simple(v);
				seen[0]++;
			} else if (strcmp(kind, "merlin_transcript_complex") == 0) {
				test_complex(v);
				seen[1]++;
			} else if (strcmp(kind, "strobe128_conformance") == 0) {
				test_strobe_conformance(v);
				seen[2]++;
			} else if (strcmp(kind, "sr25519_signing_transcript") == 0) {
				test_signing_trace(v);
				seen[3]++;
			}
		}
		CHECK(seen[0] && seen[1] && seen[2] && seen[3], "all merlin vector kinds present");
		cJSON_Delete(j);
	}
	return check_done();
}
