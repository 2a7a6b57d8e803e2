/* sign_tool-compatible nonces: Base58Check(ascii(lowercase UUIDv4)), 55 characters.
 * Encoding vectors: ../shared/fixtures/dbc/node-auth.json ("nonce_encoding" and the
 * nonce_base58check_payload of each auth triple), from DeepBrainChain/DBC-Wiki @ 66a29502 and
 * DeepBrainChain/DBCGPUCloudService @ 85d2d542 (see fixtures/dbc/SOURCES.md). */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "check.h"
#include "wallet/base58.h"
#include "wallet/nonce.h"

/* The 36-char UUID inside a nonce, or "" if it does not decode. */
static void
nonce_payload(char out[64], const char *nonce)
{
	uint8_t buf[64];
	size_t len = 0;

	out[0] = '\0';
	if (dbc_base58check_decode(buf, sizeof(buf), &len, nonce, strlen(nonce)) != DBC_OK || len >= 64)
		return;
	memcpy(out, buf, len);
	out[len] = '\0';
}

static int
uuid_to_bytes(uint8_t out[16], const char *uuid)
{
	char hex[33];
	size_t i, o = 0;

	for (i = 0; uuid[i] != '\0' && o < 32; i++)
		if (uuid[i] != '-')
			hex[o++] = uuid[i];
	hex[o] = '\0';
	return check_unhex(out, 16, hex) == 16 ? 0 : -1;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void
test_generated(void)
{
	enum { N = 500 };
	static char all[N][DBC_NONCE_LEN + 1];
	char uuid[64];
	int i, bad_len = 0, bad_check = 0, bad_uuid = 0, dup = 0;

	for (i = 0; i < N; i++) {
		CHECK_OK(dbc_nonce_generate(all[i]), "dbc_nonce_generate");
		if (strlen(all[i]) != DBC_NONCE_LEN)
			bad_len++;
		if (dbc_nonce_check(all[i]) != DBC_OK)
			bad_check++;
		nonce_payload(uuid, all[i]);
		/* version nibble at 14, variant (8, 9, a, b) at 19, lowercase hex elsewhere */
		if (strlen(uuid) != 36 || uuid[14] != '4' || strchr("89ab", uuid[19]) == NULL ||
		    uuid[8] != '-' || uuid[13] != '-' || uuid[18] != '-' || uuid[23] != '-' ||
		    dbc_uuid_v4_check(uuid, strlen(uuid)) != DBC_OK)
			bad_uuid++;
		if (strspn(uuid, "0123456789abcdef-") != 36)
			bad_uuid++;
	}
	CHECK(bad_len == 0, "%d generated nonces are not 55 characters", bad_len);
	CHECK(bad_check == 0, "%d generated nonces fail dbc_nonce_check", bad_check);
	CHECK(bad_uuid == 0, "%d generated nonces do not decode to a lowercase v4 UUID", bad_uuid);
	qsort(all, N, sizeof(all[0]), cmp_str);
	for (i = 1; i < N; i++)
		if (strcmp(all[i - 1], all[i]) == 0)
			dup++;
	CHECK(dup == 0, "%d duplicate nonces among %d", dup, N);
}

/* The formatter forces the version and variant bits, like libuuid. */
static void
test_bits_forced(void)
{
	uint8_t ff[16], zero[16];
	char n[DBC_NONCE_LEN + 1], uuid[64];

	memset(ff, 0xff, sizeof(ff));
	memset(zero, 0, sizeof(zero));
	CHECK_OK(dbc_nonce_from_random(n, zero), "from_random(0)");
	nonce_payload(uuid, n);
	CHECK(strcmp(uuid, "00000000-0000-4000-8000-000000000000") == 0, "zero uuid: %s", uuid);
	CHECK_OK(dbc_nonce_from_random(n, ff), "from_random(ff)");
	nonce_payload(uuid, n);
	CHECK(strcmp(uuid, "ffffffff-ffff-4fff-bfff-ffffffffffff") == 0, "ff uuid: %s", uuid);
	CHECK(strlen(n) == DBC_NONCE_LEN, "ff nonce length %zu", strlen(n));
}

static void
test_vectors(void)
{
	cJSON *doc = check_load_shared_json("fixtures/dbc/node-auth.json");
	const cJSON *vecs, *v;
	char n[DBC_NONCE_LEN + 64], uuid[64];
	uint8_t rnd[16];
	int seen = 0;

	if (doc == NULL)
		return;
	vecs = cJSON_GetObjectItemCaseSensitive(doc, "vectors");
	cJSON_ArrayForEach(v, vecs) {
		const char *kind = check_jstr(v, "kind");

		if (strcmp(kind, "nonce_encoding") == 0 && check_jstr(v, "uuid")[0] != '\0') {
			const char *u = check_jstr(v, "uuid"), *want = check_jstr(v, "base58check");

			/* byte-exact: UUID bytes → our formatter + Base58Check → DBC's nonce */
			CHECK(uuid_to_bytes(rnd, u) == 0, "uuid %s parses", u);
			CHECK_OK(dbc_nonce_from_random(n, rnd), "from_random");
			CHECK(strcmp(n, want) == 0, "uuid %s: got %s want %s", u, n, want);
			CHECK_OK(dbc_nonce_check(want), want);
			nonce_payload(uuid, want);
			CHECK(strcmp(uuid, u) == 0, "%s decodes to %s", want, uuid);
			seen++;
		} else if (strcmp(kind, "nonce_encoding") == 0) {
			/* task id: Base58Check of a decimal string: encodes byte-exact, not a nonce */
			const char *a = check_jstr(v, "ascii"), *want = check_jstr(v, "base58check");

			CHECK_OK(dbc_base58check_encode(n, sizeof(n), (const uint8_t *)a, strlen(a)),
			         "base58check task id");
			CHECK(strcmp(n, want) == 0, "task id %s: got %s want %s", a, n, want);
			CHECK(dbc_nonce_check(want) != DBC_OK, "task id %s is not a nonce", want);
			seen++;
		} else if (strcmp(kind, "auth_triple") == 0 &&
		           check_jstr(v, "nonce_base58check_payload")[0] != '\0') {
			const char *m = check_jstr(v, "message");

			CHECK_OK(dbc_nonce_check(m), m);
			nonce_payload(uuid, m);
			CHECK(strcmp(uuid, check_jstr(v, "nonce_base58check_payload")) == 0,
			      "%s: payload %s", check_jstr(v, "id"), uuid);
			seen++;
		}
	}
	CHECK(seen >= 17, "node-auth.json: %d nonce vectors seen", seen);
	cJSON_Delete(doc);
}

static void
test_rejects(void)
{
	char n[128];
	const char *up = "56AEB666-1172-46C3-904A-1FE48B3C657F";
	const char *v1 = "56aeb666-1172-16c3-904a-1fe48b3c657f";   /* version 1 */
	const char *var = "56aeb666-1172-46c3-c04a-1fe48b3c657f";  /* variant 110x */
	const char *dash = "56aeb666x1172-46c3-904a-1fe48b3c657f";

	/* N1 of node-auth.json: last character changed, the checksum fails */
	CHECK(dbc_nonce_check("3eMPSsEtYRcPBkSMybhtdYA8WtpscTRjjNHR2AYXdFawgKW5LyEiUps") != DBC_OK,
	      "N1 nonce rejected");
	CHECK(dbc_nonce_check("") != DBC_OK, "empty rejected");
	CHECK(dbc_nonce_check(NULL) != DBC_OK, "NULL rejected");
	CHECK(dbc_nonce_check("3eMPSsEtYRcPBkSMybhtdYA8WtpscTRjjNHR2AYXdFawgKW5LyEiUp") != DBC_OK,
	      "54 chars rejected");
	CHECK(dbc_nonce_check("0eMPSsEtYRcPBkSMybhtdYA8WtpscTRjjNHR2AYXdFawgKW5LyEiUpr") != DBC_OK,
	      "non-base58 character rejected");
	CHECK_OK(dbc_base58check_encode(n, sizeof(n), (const uint8_t *)up, 36), "enc upper");
	CHECK(dbc_nonce_check(n) != DBC_OK, "uppercase UUID rejected");
	CHECK_OK(dbc_base58check_encode(n, sizeof(n), (const uint8_t *)v1, 36), "enc v1");
	CHECK(dbc_nonce_check(n) != DBC_OK, "version-1 UUID rejected");
	CHECK_OK(dbc_base58check_encode(n, sizeof(n), (const uint8_t *)var, 36), "enc variant");
	CHECK(dbc_nonce_check(n) != DBC_OK, "wrong-variant UUID rejected");
	CHECK_OK(dbc_base58check_encode(n, sizeof(n), (const uint8_t *)dash, 36), "enc dash");
	CHECK(dbc_nonce_check(n) != DBC_OK, "misplaced dash rejected");
	CHECK(dbc_uuid_v4_check("56aeb666-1172-46c3-904a-1fe48b3c657", 35) != DBC_OK, "35 chars");
	CHECK_OK(dbc_uuid_v4_check("56aeb666-1172-46c3-904a-1fe48b3c657f", 36), "good uuid");
}

int
main(void)
{
	check_init("test_nonce");
	if (sodium_init() < 0)
		return 1;
	test_generated();
	test_bits_forced();
	test_vectors();
	test_rejects();
	return check_done();
}
