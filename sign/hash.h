/* Hash helpers over libsodium: blake2b, SHA-256/512, HMAC with any key length, PBKDF2. */
#ifndef DBC_HASH_H
#define DBC_HASH_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

/* outlen 1..64 (aborts otherwise); 1..15 use an internal RFC 7693 path, libsodium's minimum is 16. */
void dbc_blake2b(uint8_t *out, size_t outlen, const uint8_t *in, size_t len);
void dbc_blake2b_256(uint8_t out[32], const uint8_t *in, size_t len);
void dbc_sha256(uint8_t out[32], const uint8_t *in, size_t len);
void dbc_sha512(uint8_t out[64], const uint8_t *in, size_t len);
/* HMACs with the real key length (libsodium's one-shot HMAC-SHA512 fixes the key at 32 bytes). */
void dbc_hmac_sha512(uint8_t out[64], const uint8_t *key, size_t keylen, const uint8_t *msg,
                     size_t len);
void dbc_hmac_sha256(uint8_t out[32], const uint8_t *key, size_t keylen, const uint8_t *msg,
                     size_t len);
/* PBKDF2-HMAC-SHA512; the HMAC chaining values are computed once, and each later iteration
 * is two compressions of sign/sha512.c on words. NULL with length 0 is an empty input.
 * outlen 0 or iterations 0 → DBC_ERR_INPUT. */
int dbc_pbkdf2_sha512(uint8_t *out, size_t outlen, const uint8_t *pw, size_t pwlen,
                      const uint8_t *salt, size_t saltlen, uint32_t iterations) DBC_WUR;
/* twox (xxhash64) 128 / 64 for storage keys. */
void dbc_twox128(uint8_t out[16], const uint8_t *in, size_t len);
void dbc_twox64(uint8_t out[8], const uint8_t *in, size_t len);

#endif
