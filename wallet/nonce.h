/* sign_tool-compatible nonces: Base58Check(ascii(lowercase UUIDv4)), always 55 characters. */
#ifndef DBC_NONCE_H
#define DBC_NONCE_H
#include "sign/err.h"

#define DBC_NONCE_LEN 55

int dbc_nonce_generate(char out[DBC_NONCE_LEN + 1]) DBC_WUR;
/* DBC_OK if s is Base58Check of a 36-char lowercase v4 UUID. */
int dbc_nonce_check(const char *s) DBC_WUR;

#endif
