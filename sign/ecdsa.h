/* Substrate ecdsa: secp256k1 over blake2b-256(message), 65-byte r||s||recid, 33-byte keys. */
#ifndef DBC_ECDSA_H
#define DBC_ECDSA_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

int dbc_ecdsa_public_from_seed(uint8_t pub[33], const uint8_t seed[32]) DBC_WUR; /* DBC_ERR_SEED if 0 or >= n */
int dbc_ecdsa_sign(uint8_t sig[65], const uint8_t seed[32], const uint8_t *msg, size_t len) DBC_WUR;
int dbc_ecdsa_sign_prehashed(uint8_t sig[65], const uint8_t seed[32], const uint8_t hash[32]) DBC_WUR;
/* Recover from blake2b-256(msg) and compare with pub (sp-core semantics: high-S accepted). */
int dbc_ecdsa_verify(const uint8_t sig[65], const uint8_t pub[33], const uint8_t *msg,
                     size_t len) DBC_WUR;
/* Same over a caller-supplied 32-byte prehash (no blake2). recid > 3 → DBC_ERR_SIGNATURE_FORMAT,
 * invalid pub → DBC_ERR_PUBKEY, otherwise mismatch/unrecoverable → DBC_ERR_VERIFY. */
int dbc_ecdsa_verify_prehashed(const uint8_t sig[65], const uint8_t pub[33],
                               const uint8_t hash[32]) DBC_WUR;
/* hash is used as is. recid > 3 → DBC_ERR_SIGNATURE_FORMAT; r/s out of range or no key →
 * DBC_ERR_VERIFY. */
int dbc_ecdsa_recover(uint8_t pub[33], const uint8_t sig[65], const uint8_t hash[32]) DBC_WUR;
/* 64- or 65-byte uncompressed (with or without 0x04) or 33-byte → 33-byte compressed.
 * Other lengths → DBC_ERR_LENGTH; not a point / hybrid 0x06/0x07 → DBC_ERR_PUBKEY. */
int dbc_ecdsa_public_compress(uint8_t out[33], const uint8_t *in, size_t len) DBC_WUR;
/* blake2b-256(0x34 || "Secp256k1HDKD" || seed || cc) */
int dbc_ecdsa_derive_hard(uint8_t child_seed[32], const uint8_t seed[32], const uint8_t cc[32]) DBC_WUR;

#endif
