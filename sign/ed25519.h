/* ed25519 (RFC 8032 via libsodium) with Substrate's hard derivation. Secrets are 32-byte seeds. */
#ifndef DBC_ED25519_H
#define DBC_ED25519_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

int dbc_ed25519_public_from_seed(uint8_t pub[32], const uint8_t seed[32]) DBC_WUR;
int dbc_ed25519_sign(uint8_t sig[64], const uint8_t seed[32], const uint8_t *msg, size_t len) DBC_WUR;
/* Sign with libsodium's 64-byte secret key seed || public (what a software keypair keeps):
 * no re-expansion of the seed, so about twice as fast as dbc_ed25519_sign. The public half
 * must belong to the seed, or the signature will not verify (callers verify anyway). */
int dbc_ed25519_sign_sk(uint8_t sig[64], const uint8_t sk[64], const uint8_t *msg, size_t len) DBC_WUR;
int dbc_ed25519_verify(const uint8_t sig[64], const uint8_t pub[32], const uint8_t *msg,
                       size_t len) DBC_WUR;
/* blake2b-256(0x2c || "Ed25519HDKD" || seed || cc) */
int dbc_ed25519_derive_hard(uint8_t child_seed[32], const uint8_t seed[32], const uint8_t cc[32]) DBC_WUR;

#endif
