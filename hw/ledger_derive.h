/* dbcsign — Ledger's BIP32-Ed25519 derivation (Khovratovich/Law as used by the Ledger apps and
 * polkadot-js hdLedger; spec substrate-crypto.md B9). Used by the software Ledger in tests and
 * to predict a device's address. */
#ifndef DBC_LEDGER_DERIVE_H
#define DBC_LEDGER_DERIVE_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

/* BIP39 *standard* seed: PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" ‖ password, 2048), 64 bytes.
 * The phrase is used as given (ASCII; no NFKD step, English words only). */
int dbc_bip39_seed(uint8_t seed[64], const char *phrase, size_t len, const char *password,
                   size_t pwlen) DBC_WUR;
/* Master extended key kL ‖ kR ‖ chain code (96 bytes) from a BIP39 seed. */
void dbc_ledger_master(uint8_t xprv[96], const uint8_t seed[64]);
/* Hardened child (idx gets the hardened bit forced, as on the device). */
void dbc_ledger_child(uint8_t out[96], const uint8_t xprv[96], uint32_t idx);
/* The ed25519 seed (kL) at path from the mnemonic; depth ≤ 10. */
int dbc_ledger_ed25519_seed(uint8_t seed32[32], const char *phrase, size_t len,
                            const char *password, size_t pwlen, const uint32_t *path,
                            size_t depth) DBC_WUR;

#endif
