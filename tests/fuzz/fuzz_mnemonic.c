/* Fuzz target: mnemonic parsing and SURI parsing/derivation (sr25519 and ed25519). */
#include <stdlib.h>
#include <string.h>
#include "wallet/mnemonic.h"
#include "wallet/suri.h"
#include "wallet/keypair.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t ent[32];
	size_t entlen;
	char again[DBC_MNEMONIC_MAX];
	dbc_keypair_t *kp;

	fuzz_init();
	if (size > 512)
		return 0;
	if (dbc_mnemonic_to_entropy(ent, &entlen, (const char *)data, size) == DBC_OK) {
		/* a valid phrase round-trips through its entropy */
		if (dbc_mnemonic_from_entropy(again, sizeof(again), ent, entlen) != DBC_OK)
			abort();
	}
	/* SURI: only cheap inputs (no PBKDF2 storms): skip phrases that would be mnemonics */
	if ((kp = dbc_keypair_new()) == NULL)
		return 0;
	if (size < 200 && memchr(data, ' ', size) == NULL)
		if (dbc_suri_to_keypair(kp, size % 2 ? DBC_ED25519 : DBC_SR25519, (const char *)data,
		                        size, NULL) == DBC_OK && kp->publen == 0)
			abort(); /* a derived key always has a public key */
	dbc_keypair_free(&kp);
	return 0;
}
