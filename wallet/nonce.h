/* sign_tool-compatible nonces: Base58Check(ascii(lowercase UUIDv4)), always 55 characters. */
#ifndef DBC_NONCE_H
#define DBC_NONCE_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

#define DBC_NONCE_LEN 55

int dbc_nonce_generate(char out[DBC_NONCE_LEN + 1]) DBC_WUR;
/* DBC_OK if s is Base58Check of a 36-char lowercase v4 UUID. */
int dbc_nonce_check(const char *s) DBC_WUR;
/* Deterministic core of dbc_nonce_generate (tests): 16 bytes → v4 UUID (version and variant
 * bits forced) → Base58Check of its 36 lowercase ASCII characters. */
int dbc_nonce_from_random(char out[DBC_NONCE_LEN + 1], const uint8_t rnd[16]) DBC_WUR;
/* DBC_OK if s[0..len) is a 36-char lowercase version-4 UUID string (variant 8..b). */
int dbc_uuid_v4_check(const char *s, size_t len) DBC_WUR;

#endif
