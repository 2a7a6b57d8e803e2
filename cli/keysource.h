/* dbcsign — key-source options shared by every command that needs a key.
 *
 * A command appends CLI_KEYSRC_LONGOPTS to its getopt_long table, hands every option to
 * cli_keysrc_option() first, and calls cli_keysrc_open() once parsing is done. Exactly one
 * key source may be given:
 *
 *   --suri-file PATH|-     secret URI from a file (or stdin), read into guarded memory
 *   --suri-fd N            secret URI from an inherited file descriptor
 *   --suri DEVURI          ONLY dev URIs (empty phrase part: starts with '/', e.g. //Alice);
 *                          a mnemonic or 0x seed on argv is refused (it would leak via ps/history)
 *   --key NAME             keystore wallet by name          → cli_keystore_signer()
 *   --keystore-json FILE   polkadot-js JSON keystore file   → cli_keystore_signer()
 *   --ledger[=DEVICE]      Ledger device (optional hidraw path) → cli_ledger_signer()
 *
 * Modifiers: --scheme sr25519|ed25519|ecdsa (default sr25519), --password-file PATH|-,
 * --password-fd N (password for the SURI's ///password or the keystore), and for Ledger
 * --account N, --change N, --index N (BIP44 path parts), --ledger-cla HEX.
 *
 * Errors: cli_keysrc_option() dies with a usage line on a malformed option value (it is CLI
 * code); cli_keysrc_open() returns a dbc_err_t and leaves in ks->what a short text naming
 * the flag or file at fault, so the caller can cli_fail(rc, "%s", ks->what). */
#ifndef DBC_CLI_KEYSOURCE_H
#define DBC_CLI_KEYSOURCE_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include "sign/signer.h"
#include "wallet/keypair.h"

/* getopt_long codes of the key-source options (outside the char range, so commands can keep
 * their own short options and codes below 0x100). */
enum {
	CLI_KS_OPT_SURI_FILE = 0x1000,
	CLI_KS_OPT_SURI_FD,
	CLI_KS_OPT_SURI,
	CLI_KS_OPT_SCHEME,
	CLI_KS_OPT_PASSWORD_FILE,
	CLI_KS_OPT_PASSWORD_FD,
	CLI_KS_OPT_KEY,
	CLI_KS_OPT_KEYSTORE_JSON,
	CLI_KS_OPT_LEDGER,
	CLI_KS_OPT_ACCOUNT,
	CLI_KS_OPT_CHANGE,
	CLI_KS_OPT_INDEX,
	CLI_KS_OPT_LEDGER_CLA
};

/* Append inside a command's `struct option longopts[]` (before its own entries or after;
 * the table must still end with { 0, 0, 0, 0 }). */
#define CLI_KEYSRC_LONGOPTS \
	{ "suri-file", required_argument, NULL, CLI_KS_OPT_SURI_FILE }, \
	{ "suri-fd", required_argument, NULL, CLI_KS_OPT_SURI_FD }, \
	{ "suri", required_argument, NULL, CLI_KS_OPT_SURI }, \
	{ "scheme", required_argument, NULL, CLI_KS_OPT_SCHEME }, \
	{ "password-file", required_argument, NULL, CLI_KS_OPT_PASSWORD_FILE }, \
	{ "password-fd", required_argument, NULL, CLI_KS_OPT_PASSWORD_FD }, \
	{ "key", required_argument, NULL, CLI_KS_OPT_KEY }, \
	{ "keystore-json", required_argument, NULL, CLI_KS_OPT_KEYSTORE_JSON }, \
	{ "ledger", optional_argument, NULL, CLI_KS_OPT_LEDGER }, \
	{ "account", required_argument, NULL, CLI_KS_OPT_ACCOUNT }, \
	{ "change", required_argument, NULL, CLI_KS_OPT_CHANGE }, \
	{ "index", required_argument, NULL, CLI_KS_OPT_INDEX }, \
	{ "ledger-cla", required_argument, NULL, CLI_KS_OPT_LEDGER_CLA }

/* Help text for the key-source options, for a command's --help (ends with '\n'). */
extern const char cli_keysrc_help[];

typedef enum {
	CLI_KS_NONE = 0,
	CLI_KS_SURI_FILE,
	CLI_KS_SURI_FD,
	CLI_KS_SURI_DEV,
	CLI_KS_KEY,
	CLI_KS_KEYSTORE_JSON,
	CLI_KS_LEDGER
} cli_keysrc_kind_t;

typedef struct {
	/* --- parsed options (read-only for key-source implementations) --- */
	cli_keysrc_kind_t kind;     /* the one source given (CLI_KS_NONE if none) */
	int nsources;               /* how many source options were given (>1 is a usage error) */
	dbc_scheme_t scheme;        /* --scheme, default sr25519 */
	int scheme_set;             /* 1 if --scheme was given */
	const char *suri_file;      /* --suri-file PATH, "-" = stdin */
	int suri_fd;                /* --suri-fd N, -1 if not given */
	const char *suri_dev;       /* --suri DEVURI (public dev phrase; argv is fine) */
	const char *password_file;  /* --password-file PATH|-, NULL if not given */
	int password_fd;            /* --password-fd N, -1 if not given */
	const char *key_name;       /* --key NAME */
	const char *keystore_json;  /* --keystore-json FILE */
	const char *ledger_device;  /* --ledger=DEVICE (NULL: first device found) */
	uint32_t account, change, index; /* Ledger path parts, default 0 each */
	int account_set, change_set, index_set;
	int ledger_cla;             /* --ledger-cla HEX (0..255), -1 if not given */

	/* --- set by the caller before cli_keysrc_open --- */
	int keep_suri;              /* 1: keep the SURI text in ks->suri (inspect prints it) */

	/* --- results of cli_keysrc_open --- */
	char *suri;                 /* guarded, NUL-terminated, trimmed; only if keep_suri */
	size_t suri_len;
	char *password;             /* guarded, NUL-terminated: the --password-file/--password-fd
	                             * password, read by cli_keysrc_open BEFORE it calls a keystore
	                             * hook (NULL: no option given, the hook may prompt on the tty);
	                             * wiped when cli_keysrc_open returns */
	const char *what;           /* on error: the flag or file at fault, e.g. "--suri-file key.txt" */
	char what_buf[160];
} cli_keysrc_t;

void cli_keysrc_init(cli_keysrc_t *ks);
/* Wipe and free what cli_keysrc_open kept (ks->suri). Safe to call twice. */
void cli_keysrc_clear(cli_keysrc_t *ks);

/* 1 if opt is a key-source option (consumed, stored in ks), 0 otherwise.
 * A malformed value (bad fd number, unknown scheme, mnemonic in --suri, ...) exits 2. */
int cli_keysrc_option(cli_keysrc_t *ks, int opt, const char *optarg);

/* After parsing: exit 2 unless exactly one key source was given (required=1) or at most one
 * (required=0); also rejects modifiers that do not fit the source (e.g. --account without
 * --ledger). Returns 1 if a source was given, 0 if not. */
int cli_keysrc_check(const cli_keysrc_t *ks, int required);

/* Open the key source. *out receives a signer (free with dbc_signer_free). If kp_out is not
 * NULL and the source is a software key (SURI), *kp_out receives the keypair (guarded memory,
 * free with dbc_keypair_free) — e.g. inspect needs the seed; for Ledger/keystore sources
 * *kp_out is set to NULL. Secrets are read into guarded memory and wiped after derivation.
 * Returns DBC_OK or a dbc_err_t; on error ks->what names the flag or file. */
int cli_keysrc_open(cli_keysrc_t *ks, dbc_signer_t **out, dbc_keypair_t **kp_out);

/* The password given by --password-file / --password-fd, read into guarded memory
 * (NUL-terminated, one trailing newline removed). *pw is NULL (and DBC_OK returned) when
 * neither option was given; the caller then decides whether to prompt on the tty.
 * Free with dbc_secmem_free. On error ks->what names the flag. */
int cli_keysrc_password(cli_keysrc_t *ks, char **pw);

/* Hooks for the other key sources (stubs until their engineers land them). Return DBC_OK
 * and a signer, or a dbc_err_t (DBC_ERR_UNSUPPORTED while stubbed). They may print prompts
 * on stderr/tty; they must not print on stdout. cli_keysrc_open has already read any
 * --password-file/--password-fd into ks->password (errors there are reported with that
 * flag), and reports a hook's error as "<--key NAME | --keystore-json FILE | --ledger>: reason". */
/* cli_keystore_signer may append a detail to ks->what (e.g. "duplicate key 'address'"). */
int cli_keystore_signer(cli_keysrc_t *ks, dbc_signer_t **out);
int cli_ledger_signer(const cli_keysrc_t *ks, dbc_signer_t **out);

/* Shared small parsers (CLI). Exit 2 with a line naming `flag` on bad input. */
dbc_scheme_t cli_parse_scheme(const char *flag, const char *s);
uint16_t cli_parse_network(const char *flag, const char *s);
int cli_parse_fd(const char *flag, const char *s);
uint32_t cli_parse_u32(const char *flag, const char *s);

/* A public key given as SS58 (any prefix) or hex (0x optional for a key's exact length): 32 bytes (sr25519/ed25519) or the
 * 33-byte compressed ecdsa key (64/65-byte uncompressed hex is compressed). With
 * allow_account, an ecdsa 32-byte value is accepted as an account id (*publen = 32).
 * An sr25519 or ed25519 key that is not a valid point (e.g. all zero, 0x01 00..00, not
 * canonical, small order) → DBC_ERR_PUBKEY; ecdsa keys are checked by parsing them.
 * Returns DBC_OK or an input error (caller names the flag). *prefix (nullable) gets the
 * SS58 prefix, or 0xffff for hex. */
int cli_parse_public(dbc_scheme_t scheme, const char *s, int allow_account,
                     uint8_t pub[DBC_PUB_MAX], size_t *publen, uint16_t *prefix);

#endif
