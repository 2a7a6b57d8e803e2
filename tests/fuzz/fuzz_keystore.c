/* Fuzz target: polkadot-js JSON keystore (wallet/keystore.c).
 *
 * Every input is parsed. Keystores that need no scrypt work (type ["none"], and the legacy
 * xsalsa20-poly1305 form keyed by the padded password) are also decrypted, so the PKCS#8
 * plaintext layout and the key/address cross-checks are fuzzed too. A keystore that decrypts
 * must round-trip: re-encrypted (scrypt 2^15) and decrypted again it yields the same key.
 * Invariants: parse and decrypt agree; a successful decrypt's public key names the address;
 * on failure the keypair is wiped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wallet/keystore.h"
#include "wallet/keypair.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort() with the step and the library's error code: a crash report must say which. */
static void
die(const char *step, int rc)
{
	fprintf(stderr, "fuzz_keystore: %s failed: %d (%s)\n", step, rc, dbc_strerror(rc));
	abort();
}

static int
all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

static void
round_trip(const dbc_keypair_t *kp, const dbc_keystore_info_t *info)
{
	static const char pw[] = "fuzz-round-trip";
	dbc_keypair_t *again;
	dbc_keystore_info_t info2;
	char *json = NULL;
	size_t len = 0;
	int rc;

	if ((rc = dbc_keystore_encrypt(&json, &len, kp, pw, sizeof(pw) - 1,
	    DBC_KEYSTORE_LOG2N_DEFAULT, 42, &info->meta)) != DBC_OK)
		die("re-encrypt", rc);
	if (len != strlen(json))
		abort();
	if ((again = dbc_keypair_new()) == NULL)
		abort();
	if ((rc = dbc_keystore_decrypt(again, &info2, json, len, pw, sizeof(pw) - 1)) != DBC_OK) {
		fprintf(stderr, "%s\n", json);
		die("decrypt of the re-encrypted file", rc);
	}
	if (again->scheme != kp->scheme || again->publen != kp->publen ||
	    memcmp(again->pub, kp->pub, kp->publen) != 0 || !info2.encrypted ||
	    strcmp(info2.meta.name, info->meta.name) != 0)
		abort();
	/* the wrong password never opens it */
	if (dbc_keystore_decrypt(again, NULL, json, len, "fuzz", 4) != DBC_ERR_PASSWORD)
		abort();
	dbc_keypair_free(&again);
	free(json);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dbc_keystore_info_t info, info2;
	dbc_keypair_t *kp;
	int prc, drc;

	fuzz_init();
	if (size > DBC_KEYSTORE_FILE_MAX + 16)
		return 0;
	memset(&info, 0, sizeof(info));
	prc = dbc_keystore_parse(&info, (const char *)data, size);
	if (prc > 0)
		abort();
	if (prc != DBC_OK || (info.encrypted && !info.legacy))
		return 0;
	if (info.n != 0 && info.legacy)
		abort(); /* legacy boxes carry no scrypt parameters */
	if ((kp = dbc_keypair_new()) == NULL)
		return 0;
	memset(&info2, 0, sizeof(info2));
	drc = dbc_keystore_decrypt(kp, &info2, (const char *)data, size, "fuzz", 4);
	if (drc == DBC_OK) {
		uint8_t id[32];

		/* the decrypted key names the address the file claims */
		if (dbc_account_id(kp->scheme, kp->pub, kp->publen, id) != DBC_OK ||
		    memcmp(id, info.account_id, 32) != 0)
			abort();
		if (info2.encrypted != info.encrypted || memcmp(info2.account_id, info.account_id, 32) != 0)
			abort();
		round_trip(kp, &info);
	} else if (!all_zero((const uint8_t *)kp, sizeof(*kp))) {
		abort(); /* the header promises a wiped keypair on error */
	}
	dbc_keypair_free(&kp);
	return 0;
}
