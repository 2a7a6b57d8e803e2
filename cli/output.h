/* dbcsign — output formatting shared by commands: subkey-style key blocks (text and JSON),
 * 0x-hex, network names, and a tiny pretty JSON object writer. */
#ifndef DBC_CLI_OUTPUT_H
#define DBC_CLI_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "sign/signer.h"

/* Give stdout a buffer in guarded memory (mlocked, not dumped) before printing secrets
 * (generate/inspect print a mnemonic or seed). Call before any output; 0 on success. */
int cli_stdout_secret(void);

/* "0x" + lowercase hex; out needs 2*len+3 bytes. */
void cli_hex0x(char *out, const uint8_t *in, size_t len);
/* Write "0x"+hex of buf and a newline on stdout (flushed; exit 3 on write failure). */
void cli_print_hex_line(const uint8_t *buf, size_t len);

/* subkey's network name for a prefix ("substrate" for 42, "polkadot" 0, "kusama" 2),
 * or the decimal number written into buf (needs 8 bytes). */
const char *cli_network_name(uint16_t prefix, char buf[8]);

/* A minimal JSON object writer with subkey's pretty layout (2-space indent, one key per
 * line). Keys are printed in call order: callers pass them alphabetically as subkey does. */
typedef struct {
	int n;        /* members written so far */
} cli_json_t;
void cli_json_begin(cli_json_t *j);
void cli_json_str(cli_json_t *j, const char *key, const char *val);  /* escaped string */
void cli_json_raw(cli_json_t *j, const char *key, const char *val);  /* number/bool as is */
void cli_json_end(cli_json_t *j);                                    /* "}\n", flushed */

/* What generate/inspect print. Exactly one of phrase / suri / public_uri is the header. */
typedef struct {
	const char *phrase;      /* "Secret phrase" / secretPhrase: a bare mnemonic */
	const char *suri;        /* "Secret Key URI" / secretKeyUri: anything else (e.g. //Alice) */
	const char *public_uri;  /* "Public Key URI" / publicKeyUri: --public input */
	const uint8_t *seed;     /* 32-byte secret seed, NULL when not derivable (soft junction) */
	dbc_scheme_t scheme;
	const uint8_t *pub;
	size_t publen;
	uint16_t network;
} cli_keyinfo_t;

/* Print the subkey-style block (OUT_TEXT) or object (OUT_JSON) on stdout. Returns DBC_OK or
 * an error (bad public key length); stdout is flushed. Stack copies of the seed are wiped. */
int cli_print_keyinfo(const cli_keyinfo_t *ki, cli_output_t fmt);

#endif
