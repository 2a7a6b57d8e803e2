/* Shared state of the `tx` command's files (cmd_tx.c, tx_follow.c). Not a public contract. */
#ifndef DBC_CLI_TX_INTERNAL_H
#define DBC_CLI_TX_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>

#include "cli/cli.h"
#include "cli/net/rpc.h"
#include "sign/extrinsic.h"
#include "sign/metadata.h"

typedef struct {
	cli_output_t fmt;
	int progress;           /* stderr is a tty: show progress lines */
	dbc_rpc_t rpc;
	int have_rpc;
	dbc_meta_t *meta;
	uint16_t ss58;
	long wait_s;            /* give up waiting for inclusion after this long */
	uint8_t meta_hash[32];  /* blake2b-256 of the metadata bytes, shown in the summary */
	int have_meta_hash;
	const char *meta_from;  /* where the metadata came from, for the summary */
} tx_env_t;

/* Submit ext (resending the same bytes after a transport failure, never re-signing), then,
 * if wait, follow the chain until it is in a block and report the outcome from the events.
 * era/birth tell when a mortal transaction can no longer be included. Returns the exit code;
 * prints the result (stdout) or one error line (stderr). */
int tx_submit_and_follow(tx_env_t *env, const uint8_t *ext, size_t len, int wait);

/* One line with the RPC client's message; exit code from the error class. */
void tx_rpc_fail(int rc, const dbc_rpc_t *rpc) __attribute__((noreturn));
/* "0x"+hex of p into a malloc'ed string (NULL on failure). */
char *tx_hex0x(const uint8_t *p, size_t n);
/* Remote text (metadata names and docs, decoded values) with control characters escaped
 * (cli_safe_text), malloc'ed; dies on out-of-memory. NULL → "". */
char *tx_safe_dup(const char *s);
/* Pallet name as polkadot-js writes sections: first letter lowercase ("rentMachine"). */
void tx_section_name(char *out, size_t cap, const char *pallet);
/* SS58 formatter for the generic decoder (ctx: uint16_t prefix). */
int tx_account_fmt(char *out, size_t cap, const uint8_t id[32], void *ctx);

#endif
