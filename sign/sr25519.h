/* sr25519 (schnorrkel over ristretto255), Substrate flavour.
 * Secrets here are 64 bytes in the *canonical* layout key(32, < l) || nonce(32); convert
 * to/from the polkadot-js "ed25519 form" (key*8 || nonce) explicitly. */
#ifndef DBC_SR25519_H
#define DBC_SR25519_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

#define DBC_SR25519_SECRET_LEN 64
#define DBC_SR25519_PUB_LEN 32
#define DBC_SR25519_SIG_LEN 64

/* mini-secret → (canonical secret, public): ExpansionMode::Ed25519. */
int dbc_sr25519_keypair_from_seed(uint8_t secret[64], uint8_t pub[32], const uint8_t seed[32]) DBC_WUR;
int dbc_sr25519_public_from_secret(uint8_t pub[32], const uint8_t secret[64]) DBC_WUR;
/* canonical ↔ ed25519 form; from_ed25519_form fails (DBC_ERR_SEED) if key/8 is not < l. */
int dbc_sr25519_secret_to_ed25519_form(uint8_t out[64], const uint8_t secret[64]) DBC_WUR;
int dbc_sr25519_secret_from_ed25519_form(uint8_t out[64], const uint8_t ed_form[64]) DBC_WUR;
/* Validate a canonical secret (key < l). */
int dbc_sr25519_secret_check(const uint8_t secret[64]) DBC_WUR;

/* Sign msg with signing context ctx ("substrate" on Substrate). rand32 NULL → OS randomness
 * (tests inject fixed bytes to reproduce published vectors). */
int dbc_sr25519_sign(uint8_t sig[64], const uint8_t secret[64], const uint8_t pub[32],
                     const uint8_t *ctx, size_t ctxlen, const uint8_t *msg, size_t msglen,
                     const uint8_t *rand32) DBC_WUR;
/* DBC_OK if valid, DBC_ERR_VERIFY if not (including a missing schnorrkel marker, a
 * non-canonical s, a public key that does not decode, and the identity public key, which
 * schnorrkel would accept but for which anyone can sign). Variable time (public data). */
int dbc_sr25519_verify(const uint8_t sig[64], const uint8_t pub[32], const uint8_t *ctx,
                       size_t ctxlen, const uint8_t *msg, size_t msglen) DBC_WUR;

/* Batch verification of n signatures sigs[i] by pubs[i] (npubs == n) or all by pubs[0]
 * (npubs == 1) on msgs[i] (msglens[i] bytes), one signing context. DBC_OK iff every
 * signature is valid, except with probability about 2^-128 (random 128-bit weights from
 * the OS); DBC_ERR_VERIFY if at least one is not (dbc_sr25519_verify finds which);
 * DBC_ERR_NOMEM; DBC_ERR_INTERNAL if npubs is neither 1 nor n. n == 0 is DBC_OK. Rejects
 * everything dbc_sr25519_verify rejects. Variable time (public data). */
int dbc_sr25519_verify_batch(const uint8_t *const *sigs, const uint8_t *const *pubs,
                             size_t npubs, const uint8_t *ctx, size_t ctxlen,
                             const uint8_t *const *msgs, const size_t *msglens,
                             size_t n) DBC_WUR;

/* Hard derivation: child mini-secret (expand with keypair_from_seed); cc_out may be NULL. */
int dbc_sr25519_derive_hard(uint8_t child_seed[32], uint8_t *cc_out, const uint8_t secret[64],
                            const uint8_t cc[32]) DBC_WUR;
/* Soft derivation of a secret; the child nonce is randomized with rand32 (NULL → OS random).
 * pub must be the public key of secret (DBC_ERR_MISMATCH otherwise). */
int dbc_sr25519_derive_soft(uint8_t child_secret[64], uint8_t child_pub[32], uint8_t *cc_out,
                            const uint8_t secret[64], const uint8_t pub[32], const uint8_t cc[32],
                            const uint8_t *rand32) DBC_WUR;
/* Soft derivation of a public key alone (DBC_ERR_PUBKEY if pub is not a valid key). */
int dbc_sr25519_derive_soft_public(uint8_t child_pub[32], uint8_t *cc_out, const uint8_t pub[32],
                                   const uint8_t cc[32]) DBC_WUR;

/* 1 if pub is a canonical ristretto255 encoding of a point other than the identity
 * (i.e. usable as an sr25519 public key), else 0. */
int dbc_sr25519_public_is_valid(const uint8_t pub[32]) DBC_WUR;
/* Key agreement (schnorrkel/polkadot-js sr25519Agree, scure getSharedSecret):
 * compress(key·other_pub). DBC_ERR_PUBKEY if other_pub does not decode or is degenerate. */
int dbc_sr25519_agree(uint8_t shared[32], const uint8_t secret[64], const uint8_t other_pub[32]) DBC_WUR;

#endif
