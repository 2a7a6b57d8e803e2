/* Secret URIs: PHRASE | 0xSEED, then /soft and //hard junctions, then ///password.
 * An empty phrase means the dev phrase ("bottom drive obey ..."), as in sp-core. */
#ifndef DBC_SURI_H
#define DBC_SURI_H
#include <stddef.h>
#include <stdint.h>
#include "sign/signer.h"
#include "wallet/keypair.h"

#define DBC_DEV_PHRASE "bottom drive obey lake curtain smoke basket hold race lonely fit walk"

/* Junction → 32-byte chain code (u64 LE, or SCALE string, blake2b-256 if > 32 bytes). */
void dbc_junction_chain_code(uint8_t cc[32], const char *text, size_t len);

/* Full derivation. password_override (nullable) wins over ///password. suri is guarded
 * memory owned by the caller; nothing is kept. */
int dbc_suri_to_keypair(dbc_keypair_t *kp, dbc_scheme_t scheme, const char *suri, size_t len,
                        const char *password_override) DBC_WUR;
/* 1 if the SURI uses the public dev phrase (empty phrase part: starts with '/' or is empty). */
int dbc_suri_is_dev(const char *suri, size_t len);
/* 1 if the phrase part is a mnemonic (so `inspect` can print secretPhrase). */
int dbc_suri_has_mnemonic(const char *suri, size_t len);
/* Public derivation "ADDRESS_OR_HEX/soft/soft" for sr25519 (hard junctions → DBC_ERR_SURI). */
int dbc_suri_public_derive(uint8_t pub[32], const uint8_t base[32], const char *path, size_t len) DBC_WUR;

#endif
