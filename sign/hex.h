/* Strict hex codec. */
#ifndef DBC_HEX_H
#define DBC_HEX_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

#define DBC_HEX_ALLOW_0X 0x1  /* accept an optional "0x"/"0X" prefix */

/* Decode exactly: odd length or a non-hex character → DBC_ERR_HEX; more than outcap bytes →
 * DBC_ERR_LENGTH. Empty input decodes to 0 bytes. */
int dbc_hex_decode(uint8_t *out, size_t outcap, size_t *outlen, const char *hex, size_t hexlen,
                   unsigned flags) DBC_WUR;
/* Decode and require exactly `want` bytes (DBC_ERR_LENGTH otherwise). */
int dbc_hex_decode_exact(uint8_t *out, size_t want, const char *hex, unsigned flags) DBC_WUR;
/* Lowercase, NUL-terminated; out needs 2*len+1 bytes. */
void dbc_hex_encode(char *out, const uint8_t *in, size_t len);

#endif
