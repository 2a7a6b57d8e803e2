/* The air-gapped signing request read by `dbcsign tx sign REQUEST.json` (written by
 * `tx … --unsigned -o REQUEST.json`), parsed without ending the process so that it can be
 * fuzzed in-process and tested directly.
 *
 * Format (version 1): {"type":"dbcsign-signing-request","version":1,"genesis":"0x…32 bytes",
 * "spec_version":N,"tx_version":N,"nonce":N,"tip":"decimal","account":"0x…32 bytes",
 * "era":"immortal"|{"period":N,"block_number":N,"block_hash":"0x…"},"metadata":"0x…",
 * "call":"0x…"} (other members, e.g. "from" and "call_decoded", are informative only). */
#ifndef DBC_CLI_TX_REQUEST_H
#define DBC_CLI_TX_REQUEST_H
#include <stddef.h>
#include <stdint.h>

#include "sign/err.h"
#include "sign/extrinsic.h"
#include "sign/metadata.h"

#define CLI_TX_REQUEST_TYPE "dbcsign-signing-request"
#define CLI_TX_REQUEST_WHY 256

typedef struct {
	dbc_tx_params_t params;   /* genesis, versions, nonce, tip, era */
	uint8_t account[32];      /* the signer the request names */
	uint8_t *metadata;        /* the request's metadata bytes (malloc'ed), as written */
	size_t metadata_len;
	uint8_t *call;            /* the call bytes (malloc'ed) */
	size_t call_len;
} cli_tx_request_t;

/* Parse the JSON text (len bytes; text[len] must be '\0'). DBC_ERR_INPUT with a one-line
 * reason in why for anything malformed (why names the member); DBC_ERR_NOMEM. On failure
 * *req is left empty (nothing to free). The metadata is not parsed here. */
int cli_tx_request_parse(cli_tx_request_t *req, const char *text, size_t len,
                         char why[CLI_TX_REQUEST_WHY]) DBC_WUR;
void cli_tx_request_free(cli_tx_request_t *req);

/* Metadata bytes from "meta" on: strips the SCALE Vec<u8> length prefix if present. */
void cli_tx_metadata_inner(const uint8_t **b, size_t *n);
/* blake2b-256 of cli_tx_metadata_inner(b): what `tx sign` shows and --metadata compares. */
void cli_tx_metadata_hash(uint8_t out[32], const uint8_t *b, size_t n);

/* The call decodes with m as exactly one call (no byte left over): DBC_OK, else the
 * decoder's error (DBC_ERR_SCALE for bytes left over). `tx sign` signs nothing else. */
int cli_tx_request_check_call(const cli_tx_request_t *req, const dbc_meta_t *m) DBC_WUR;

#endif
