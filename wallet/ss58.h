/* SS58 addresses: 1- and 2-byte prefixes, 2-byte blake2b-512 checksum. DBC uses prefix 42. */
#ifndef DBC_SS58_H
#define DBC_SS58_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

#define DBC_SS58_MAX 64
#define DBC_NETWORK_DBC 42

/* payload 32 (account / sr25519 / ed25519 public) or 33 (ecdsa public) bytes. */
int dbc_ss58_encode(char out[DBC_SS58_MAX], uint16_t prefix, const uint8_t *payload, size_t len) DBC_WUR;
/* Errors: DBC_ERR_BASE58, DBC_ERR_SS58_CHECKSUM, DBC_ERR_SS58_PREFIX (≥128 first byte,
 * reserved 46/47, a prefix < 64 in the 2-byte form), DBC_ERR_SS58_LENGTH (payload not 32/33:
 * polkadot-js's short 1-byte-checksum addresses are refused, as in sp-core). The caller
 * compares *prefix with the network it expects. */
int dbc_ss58_decode(uint8_t payload[33], size_t *len, uint16_t *prefix, const char *addr) DBC_WUR;
/* "42", "dbc", "substrate" → 42; "polkadot" → 0; "kusama" → 2; numbers 0..16383 (not 46/47). */
int dbc_network_parse(const char *s, uint16_t *prefix) DBC_WUR;

#endif
