/* Base58 (Bitcoin alphabet) and Base58Check (4-byte double-SHA256 checksum). */
#ifndef DBC_BASE58_H
#define DBC_BASE58_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

/* NUL-terminated output; DBC_ERR_LENGTH if cap is too small. */
int dbc_base58_encode(char *out, size_t cap, const uint8_t *in, size_t len) DBC_WUR;
int dbc_base58_decode(uint8_t *out, size_t cap, size_t *outlen, const char *in, size_t len) DBC_WUR;
int dbc_base58check_encode(char *out, size_t cap, const uint8_t *in, size_t len) DBC_WUR;
int dbc_base58check_decode(uint8_t *out, size_t cap, size_t *outlen, const char *in, size_t len) DBC_WUR;

#endif
