/* Base58 (Bitcoin alphabet) and Base58Check (4-byte double-SHA256 checksum). */
#ifndef DBC_BASE58_H
#define DBC_BASE58_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

/* NUL-terminated output; DBC_ERR_LENGTH if cap is too small. Inputs are capped (1024 bytes /
 * 1414 characters → DBC_ERR_TOO_LARGE) because the conversion is quadratic. Decode: a character
 * outside the alphabet → DBC_ERR_BASE58; leading '1's ↔ leading zero bytes.
 * Base58Check: bad checksum → DBC_ERR_SS58_CHECKSUM, fewer than 4 bytes → DBC_ERR_LENGTH. */
int dbc_base58_encode(char *out, size_t cap, const uint8_t *in, size_t len) DBC_WUR;
int dbc_base58_decode(uint8_t *out, size_t cap, size_t *outlen, const char *in, size_t len) DBC_WUR;
int dbc_base58check_encode(char *out, size_t cap, const uint8_t *in, size_t len) DBC_WUR;
int dbc_base58check_decode(uint8_t *out, size_t cap, size_t *outlen, const char *in, size_t len) DBC_WUR;

/* 1 if every one of the len characters is in the Bitcoin alphabet (no decoding work). */
int dbc_base58_valid(const char *in, size_t len);

#endif
