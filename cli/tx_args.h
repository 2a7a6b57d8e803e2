/* JSON → SCALE encoding of call arguments, driven by the metadata's type registry.
 *
 * Accepted JSON per type (polkadot-js conventions where they exist):
 *   bool: true/false; integers: JSON numbers (exact, <= 2^53) or decimal strings ("0x" hex
 *   strings are big-endian numbers); str: string; Vec<u8>: "0x…" hex, other strings as their
 *   UTF-8 bytes, or an array of numbers; [u8; N]: "0x…" hex of exactly N bytes (N = 32 also
 *   takes an SS58 address); sequences/arrays/tuples: JSON arrays; composites: objects by
 *   field name (snake_case or camelCase) or arrays by position, a one-field wrapper takes the
 *   inner value; enums: "Variant" or {"Variant": value}; Option: null or the value;
 *   MultiAddress: an SS58/hex string means Id; a call argument: {"pallet.method": args} or
 *   "0x…" encoded call bytes. Fields typed MachineId (DBC) take the 64 hex characters as
 *   text, with or without "0x", never raw bytes.
 * Errors are DBC_ERR_INPUT (or _RANGE, _NOT_FOUND, _UNSUPPORTED) with one line in why. */
#ifndef DBC_CLI_TX_ARGS_H
#define DBC_CLI_TX_ARGS_H
#include <stddef.h>
#include <cJSON.h>

#include "sign/metadata.h"
#include "sign/scale.h"

#define CLI_TX_WHY 256

int cli_tx_encode_value(const dbc_meta_t *m, uint32_t type, const cJSON *v, dbc_buf_t *out,
                        char why[CLI_TX_WHY]);
/* pallet index || call index || args. args: JSON array (positional), object (by name), or
 * NULL/empty for a call without arguments. */
int cli_tx_encode_call(const dbc_meta_t *m, const char *pallet, const char *call,
                       const cJSON *args, dbc_buf_t *out, char why[CLI_TX_WHY]);
/* "Pallet.method" (e.g. "rentMachine.rentMachine" or "RentMachine.rent_machine"). */
int cli_tx_encode_call_path(const dbc_meta_t *m, const char *path, const cJSON *args,
                            dbc_buf_t *out, char why[CLI_TX_WHY]);

#endif
