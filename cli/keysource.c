/* Key-source options and resolution shared by every command that needs a key.
 * Secrets (SURIs, passwords) are read into guarded memory and wiped once the key is derived;
 * only public dev URIs are accepted on argv. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "sign/ecdsa.h"
#include "sign/hex.h"
#include "sign/sr25519.h"
#include "wallet/secmem.h"
#include "wallet/secret_input.h"
#include "wallet/ss58.h"
#include "wallet/suri.h"

const char cli_keysrc_help[] =
	"key source (exactly one):\n"
	"  --suri-file PATH|-     secret URI (mnemonic or 0x seed, optional //hard /soft ///pw)\n"
	"                         from a file, or from stdin with '-'\n"
	"  --suri-fd N            secret URI from file descriptor N (e.g. 3<key.txt)\n"
	"  --suri DEVURI          dev account only, e.g. //Alice (the public dev phrase);\n"
	"                         a mnemonic or seed is refused on the command line\n"
	"  --key NAME             wallet key by name (keystore)\n"
	"  --keystore-json FILE   polkadot-js JSON keystore file\n"
	"  --ledger[=DEVICE]      Ledger device (with --account N, --change N, --index N,\n"
	"                         --ledger-cla HEX)\n"
	"key options:\n"
	"  --scheme S             sr25519 (default), ed25519 or ecdsa\n"
	"  --password-file PATH|- password for the SURI's ///password or the keystore\n"
	"  --password-fd N        the same, from file descriptor N\n";

void
cli_keysrc_init(cli_keysrc_t *ks)
{
	memset(ks, 0, sizeof(*ks));
	ks->kind = CLI_KS_NONE;
	ks->scheme = DBC_SR25519;
	ks->suri_fd = -1;
	ks->password_fd = -1;
	ks->ledger_cla = -1;
	ks->what = "";
}

void
cli_keysrc_clear(cli_keysrc_t *ks)
{
	dbc_secmem_free(ks->suri);
	ks->suri = NULL;
	ks->suri_len = 0;
	dbc_secmem_free(ks->password);
	ks->password = NULL;
}

dbc_scheme_t
cli_parse_scheme(const char *flag, const char *s)
{
	dbc_scheme_t sc;

	if (dbc_scheme_parse(s, &sc) != DBC_OK)
		cli_fail(DBC_ERR_SCHEME, "%s: '%.32s' (want sr25519, ed25519 or ecdsa)", flag, s);
	return sc;
}

uint16_t
cli_parse_network(const char *flag, const char *s)
{
	uint16_t prefix;
	int rc;

	if ((rc = dbc_network_parse(s, &prefix)) != DBC_OK)
		cli_fail(rc, "%s: '%.32s' (want a number 0..16383 or a name such as dbc, "
		         "substrate, polkadot, kusama)", flag, s);
	return prefix;
}

static int
parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

int
cli_parse_fd(const char *flag, const char *s)
{
	unsigned long v;

	if (parse_ulong(s, INT_MAX, &v) != 0)
		cli_die(EXIT_USAGE, "%s: '%.16s' is not a file descriptor number", flag, s);
	if (v == 1 || v == 2)
		cli_die(EXIT_USAGE, "%s: %lu is %s, not an input", flag, v, v == 1 ? "stdout" : "stderr");
	return (int)v;
}

uint32_t
cli_parse_u32(const char *flag, const char *s)
{
	unsigned long v;

	/* Ledger path parts are hardened by the device code; keep them below 2^31. */
	if (parse_ulong(s, 0x7fffffffUL, &v) != 0)
		cli_die(EXIT_USAGE, "%s: '%.16s' is not a number in 0..2147483647", flag, s);
	return (uint32_t)v;
}

static int
parse_cla(const char *s)
{
	unsigned long v;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (s[0] == '\0' || strspn(s, "0123456789abcdefABCDEF") != strlen(s) || strlen(s) > 2)
		cli_die(EXIT_USAGE, "--ledger-cla: want one hex byte such as 0x90");
	v = strtoul(s, &end, 16);
	return (int)v;
}

static const char *
kind_flag(cli_keysrc_kind_t k)
{
	switch (k) {
	case CLI_KS_SURI_FILE:
		return "--suri-file";
	case CLI_KS_SURI_FD:
		return "--suri-fd";
	case CLI_KS_SURI_DEV:
		return "--suri";
	case CLI_KS_KEY:
		return "--key";
	case CLI_KS_KEYSTORE_JSON:
		return "--keystore-json";
	case CLI_KS_LEDGER:
		return "--ledger";
	case CLI_KS_NONE:
		break;
	}
	return "(none)";
}

static void
set_source(cli_keysrc_t *ks, cli_keysrc_kind_t k)
{
	ks->nsources++;
	if (ks->kind != CLI_KS_NONE)
		cli_die(EXIT_USAGE, "%s and %s: give exactly one key source", kind_flag(ks->kind),
		        kind_flag(k));
	ks->kind = k;
}

/* --suri takes only dev URIs: anything else on argv is a secret visible in ps and history. */
static void
check_dev_suri(char *s)
{
	size_t len = strlen(s);

	if (len == 0)
		cli_fail(DBC_ERR_EMPTY, "--suri");
	if (s[0] == '/' && strstr(s, "///") != NULL) {
		sodium_memzero(s, len);
		cli_die(EXIT_USAGE, "--suri: a ///password is refused on the command line; "
		        "give it with --password-file PATH|- or --password-fd N");
	}
	/* A dev path with a grammar error is left for the SURI parser to report. */
	if (s[0] != '/') {
		/* Best effort: blank the secret in our argv so /proc/PID/cmdline shows less. */
		sodium_memzero(s, len);
		cli_die(EXIT_USAGE, "--suri: only dev URIs such as //Alice are accepted on the command "
		        "line; pass a mnemonic or seed safely with --suri-file - (stdin), "
		        "--suri-file PATH or --suri-fd N");
	}
}

int
cli_keysrc_option(cli_keysrc_t *ks, int opt, const char *optarg_val)
{
	switch (opt) {
	case CLI_KS_OPT_SURI_FILE:
		set_source(ks, CLI_KS_SURI_FILE);
		if (optarg_val[0] == '\0')
			cli_die(EXIT_USAGE, "--suri-file: empty path (use - for stdin)");
		ks->suri_file = optarg_val;
		return 1;
	case CLI_KS_OPT_SURI_FD:
		set_source(ks, CLI_KS_SURI_FD);
		ks->suri_fd = cli_parse_fd("--suri-fd", optarg_val);
		return 1;
	case CLI_KS_OPT_SURI:
		set_source(ks, CLI_KS_SURI_DEV);
		/* getopt hands us argv memory, which is writable. */
		check_dev_suri((char *)(uintptr_t)optarg_val);
		ks->suri_dev = optarg_val;
		return 1;
	case CLI_KS_OPT_SCHEME:
		ks->scheme = cli_parse_scheme("--scheme", optarg_val);
		ks->scheme_set = 1;
		return 1;
	case CLI_KS_OPT_PASSWORD_FILE:
		if (ks->password_file != NULL || ks->password_fd >= 0)
			cli_die(EXIT_USAGE, "--password-file/--password-fd: give at most one password");
		if (optarg_val[0] == '\0')
			cli_die(EXIT_USAGE, "--password-file: empty path (use - for stdin)");
		ks->password_file = optarg_val;
		return 1;
	case CLI_KS_OPT_PASSWORD_FD:
		if (ks->password_file != NULL || ks->password_fd >= 0)
			cli_die(EXIT_USAGE, "--password-file/--password-fd: give at most one password");
		ks->password_fd = cli_parse_fd("--password-fd", optarg_val);
		return 1;
	case CLI_KS_OPT_KEY:
		set_source(ks, CLI_KS_KEY);
		if (optarg_val[0] == '\0')
			cli_die(EXIT_USAGE, "--key: empty name");
		ks->key_name = optarg_val;
		return 1;
	case CLI_KS_OPT_KEYSTORE_JSON:
		set_source(ks, CLI_KS_KEYSTORE_JSON);
		if (optarg_val[0] == '\0')
			cli_die(EXIT_USAGE, "--keystore-json: empty path");
		ks->keystore_json = optarg_val;
		return 1;
	case CLI_KS_OPT_LEDGER:
		set_source(ks, CLI_KS_LEDGER);
		ks->ledger_device = optarg_val; /* NULL: the first device found */
		return 1;
	case CLI_KS_OPT_ACCOUNT:
		ks->account = cli_parse_u32("--account", optarg_val);
		ks->account_set = 1;
		return 1;
	case CLI_KS_OPT_CHANGE:
		ks->change = cli_parse_u32("--change", optarg_val);
		ks->change_set = 1;
		return 1;
	case CLI_KS_OPT_INDEX:
		ks->index = cli_parse_u32("--index", optarg_val);
		ks->index_set = 1;
		return 1;
	case CLI_KS_OPT_LEDGER_CLA:
		ks->ledger_cla = parse_cla(optarg_val);
		return 1;
	default:
		return 0;
	}
}

int
cli_keysrc_check(const cli_keysrc_t *ks, int required)
{
	int is_ledger = ks->kind == CLI_KS_LEDGER;
	int has_pw = ks->password_file != NULL || ks->password_fd >= 0;

	if (ks->nsources > 1)
		cli_die(EXIT_USAGE, "give exactly one key source");
	if (required && ks->kind == CLI_KS_NONE)
		cli_die(EXIT_USAGE, "no key source: give --suri-file PATH|-, --suri-fd N, "
		        "--suri //DEV, --key NAME, --keystore-json FILE or --ledger");
	if (!is_ledger && (ks->account_set || ks->change_set || ks->index_set || ks->ledger_cla >= 0))
		cli_die(EXIT_USAGE, "--account/--change/--index/--ledger-cla: only with --ledger");
	if (is_ledger && has_pw)
		cli_die(EXIT_USAGE, "--password-file/--password-fd: not used with --ledger");
	if (ks->kind == CLI_KS_NONE && has_pw)
		cli_die(EXIT_USAGE, "--password-file/--password-fd: need a key source");
	/* Both secrets on one stream would be ambiguous. */
	if (ks->password_file != NULL && strcmp(ks->password_file, "-") == 0 &&
	    ks->suri_file != NULL && strcmp(ks->suri_file, "-") == 0)
		cli_die(EXIT_USAGE, "--suri-file - and --password-file -: stdin can carry only one");
	if (ks->password_fd >= 0 && ks->password_fd == ks->suri_fd)
		cli_die(EXIT_USAGE, "--suri-fd and --password-fd: use two different descriptors");
	return ks->kind != CLI_KS_NONE;
}

/* Set when a secret file is readable by others; warned about only once the key opened, so
 * a failing run still prints exactly one error line. */
static const char *loose_perm_path;

/* Prompts for a person typing at a terminal given as stdin or as the descriptor (the text
 * is then read with echo off, one line). */
#define PROMPT_SURI "Secret phrase or URI: "
#define PROMPT_PASSWORD "Password: "

static int
read_secret_path(const char *path, char **out, size_t *outlen, const char *prompt)
{
	unsigned warnings = 0;
	int rc;

	rc = dbc_secret_read_path_prompt(out, outlen, path, &warnings, prompt);
	if (rc == DBC_OK && (warnings & DBC_SECRET_WARN_PERMS))
		loose_perm_path = path;
	return rc;
}

/* A descriptor the caller forgot to open is a usage mistake, not an I/O failure. */
static int
check_fd(cli_keysrc_t *ks, int fd)
{
	size_t n;

	if (fcntl(fd, F_GETFD) >= 0)
		return DBC_OK;
	n = strlen(ks->what_buf);
	snprintf(ks->what_buf + n, sizeof(ks->what_buf) - n, " (descriptor not open)");
	return DBC_ERR_INPUT;
}

static void
set_what(cli_keysrc_t *ks, const char *flag, const char *arg)
{
	if (arg != NULL)
		snprintf(ks->what_buf, sizeof(ks->what_buf), "%s %s", flag, arg);
	else
		snprintf(ks->what_buf, sizeof(ks->what_buf), "%s", flag);
	ks->what = ks->what_buf;
}

/* Strip surrounding ASCII whitespace in place (a SURI file usually ends with a newline). */
static void
trim(char *s, size_t *len)
{
	size_t a = 0, b = *len;

	while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' || s[b - 1] == '\r'))
		b--;
	if (a > 0)
		memmove(s, s + a, b - a);
	sodium_memzero(s + (b - a), *len - (b - a));
	*len = b - a;
}

int
cli_keysrc_password(cli_keysrc_t *ks, char **pw)
{
	char *buf;
	size_t len;
	int rc;
	char fdtext[16];

	*pw = NULL;
	if (ks->password_file != NULL) {
		set_what(ks, "--password-file", ks->password_file);
		rc = read_secret_path(ks->password_file, &buf, &len, PROMPT_PASSWORD);
	} else if (ks->password_fd >= 0) {
		snprintf(fdtext, sizeof(fdtext), "%d", ks->password_fd);
		set_what(ks, "--password-fd", fdtext);
		if ((rc = check_fd(ks, ks->password_fd)) == DBC_OK)
			rc = dbc_secret_read_fd_prompt(&buf, &len, ks->password_fd, PROMPT_PASSWORD);
	} else
		return DBC_OK;
	if (rc != DBC_OK)
		return rc;
	/* Passwords may contain spaces: the reader dropped only one line ending. */
	if (memchr(buf, '\n', len) != NULL) {
		dbc_secmem_free(buf);
		return DBC_ERR_INPUT;
	}
	*pw = buf;
	return DBC_OK;
}

/* Read the SURI of a software source into guarded memory. */
static int
load_suri(cli_keysrc_t *ks, char **suri, size_t *len)
{
	char fdtext[16];
	int rc;

	switch (ks->kind) {
	case CLI_KS_SURI_FILE:
		set_what(ks, "--suri-file", ks->suri_file);
		rc = read_secret_path(ks->suri_file, suri, len, PROMPT_SURI);
		break;
	case CLI_KS_SURI_FD:
		snprintf(fdtext, sizeof(fdtext), "%d", ks->suri_fd);
		set_what(ks, "--suri-fd", fdtext);
		if ((rc = check_fd(ks, ks->suri_fd)) == DBC_OK)
			rc = dbc_secret_read_fd_prompt(suri, len, ks->suri_fd, PROMPT_SURI);
		break;
	case CLI_KS_SURI_DEV:
		set_what(ks, "--suri", NULL);
		*len = strlen(ks->suri_dev);
		rc = (*suri = dbc_secmem_strndup(ks->suri_dev, *len)) == NULL ? DBC_ERR_NOMEM : DBC_OK;
		break;
	default:
		return DBC_ERR_INTERNAL;
	}
	if (rc != DBC_OK)
		return rc;
	trim(*suri, len);
	/* A SURI is one line; several lines are most likely the wrong file. */
	if (*len == 0 || memchr(*suri, '\n', *len) != NULL) {
		rc = *len == 0 ? DBC_ERR_EMPTY : DBC_ERR_SURI;
		dbc_secmem_free(*suri);
		*suri = NULL;
		return rc;
	}
	return DBC_OK;
}

static int
open_software(cli_keysrc_t *ks, dbc_signer_t **out, dbc_keypair_t **kp_out)
{
	char *suri = NULL;
	size_t len = 0;
	dbc_keypair_t *kp = NULL;
	int rc;

	if ((rc = load_suri(ks, &suri, &len)) != DBC_OK)
		return rc;
	if ((kp = dbc_keypair_new()) == NULL) {
		rc = DBC_ERR_NOMEM;
		goto out;
	}
	if ((rc = dbc_suri_to_keypair(kp, ks->scheme, suri, len, ks->password)) != DBC_OK)
		goto out;
	if ((rc = dbc_keypair_signer(out, kp)) != DBC_OK)
		goto out;
	if (kp_out != NULL) {
		*kp_out = kp;
		kp = NULL;
	}
	if (loose_perm_path != NULL)
		cli_warn("%s is accessible by other users (chmod 600 it)", loose_perm_path);
	if (ks->keep_suri) {
		ks->suri = suri;
		ks->suri_len = len;
		suri = NULL;
	}
out:
	dbc_keypair_free(&kp);
	dbc_secmem_free(suri);
	return rc;
}

int
cli_keysrc_open(cli_keysrc_t *ks, dbc_signer_t **out, dbc_keypair_t **kp_out)
{
	int rc;

	*out = NULL;
	if (kp_out != NULL)
		*kp_out = NULL;
	if (ks->kind == CLI_KS_NONE) {
		set_what(ks, "key source", NULL);
		return DBC_ERR_INPUT;
	}
	/* The password first, so a bad --password-file is reported as such. */
	dbc_secmem_free(ks->password);
	ks->password = NULL;
	if (ks->kind != CLI_KS_LEDGER && (rc = cli_keysrc_password(ks, &ks->password)) != DBC_OK)
		return rc;
	switch (ks->kind) {
	case CLI_KS_SURI_FILE:
	case CLI_KS_SURI_FD:
	case CLI_KS_SURI_DEV:
		rc = open_software(ks, out, kp_out);
		break;
	case CLI_KS_KEY:
	case CLI_KS_KEYSTORE_JSON:
		set_what(ks, kind_flag(ks->kind), ks->kind == CLI_KS_KEY ? ks->key_name : ks->keystore_json);
		rc = cli_keystore_signer(ks, out);
		break;
	case CLI_KS_LEDGER:
	default:
		set_what(ks, "--ledger", ks->ledger_device);
		rc = cli_ledger_signer(ks, out);
		break;
	}
	dbc_secmem_free(ks->password);
	ks->password = NULL;
	if (rc == DBC_OK && *out == NULL)
		rc = DBC_ERR_INTERNAL;
	if (rc != DBC_OK)
		dbc_signer_free(out);
	return rc;
}

int
cli_parse_public(dbc_scheme_t scheme, const char *s, int allow_account,
                 uint8_t pub[DBC_PUB_MAX], size_t *publen, uint16_t *prefix)
{
	uint8_t raw[65];
	size_t len = 0;
	uint16_t pfx = 0xffff;
	size_t slen;
	int rc;

	if (s[0] == '\0')
		return DBC_ERR_EMPTY;
	slen = strlen(s);
	/* 0x-hex, or bare hex of a key's exact length (subkey takes both); SS58 strings are
	 * far shorter than 64 characters, so there is no ambiguity. */
	if ((s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ||
	    (strspn(s, "0123456789abcdefABCDEF") == slen &&
	     (slen == 64 || slen == 66 || slen == 128 || slen == 130))) {
		if ((rc = dbc_hex_decode(raw, sizeof(raw), &len, s, slen, DBC_HEX_ALLOW_0X)) != DBC_OK)
			return rc;
	} else {
		if ((rc = dbc_ss58_decode(raw, &len, &pfx, s)) != DBC_OK)
			return rc;
	}
	if (scheme == DBC_ECDSA) {
		if (len == 32 && allow_account) {
			memcpy(pub, raw, 32);
		} else if (len == 33 || len == 64 || len == 65) {
			/* Also proves the point is on the curve. */
			if ((rc = dbc_ecdsa_public_compress(pub, raw, len)) != DBC_OK)
				return rc;
			len = 33;
		} else
			return len == 32 ? DBC_ERR_PUBKEY : DBC_ERR_LENGTH;
	} else {
		if (len != 32)
			return DBC_ERR_LENGTH;
		/* 32 bytes are not yet a key: refuse what no signer can have made, so verify says
		 * "malformed" (exit 2) rather than "invalid", and inspect prints no address for
		 * it. sr25519: a canonical ristretto255 point other than the identity. ed25519:
		 * canonical, on the curve, not of small order, in the prime-order subgroup — every
		 * a·B is. */
		if (scheme == DBC_SR25519 && !dbc_sr25519_public_is_valid(raw))
			return DBC_ERR_PUBKEY;
		if (scheme == DBC_ED25519 && crypto_core_ed25519_is_valid_point(raw) != 1)
			return DBC_ERR_PUBKEY;
		memcpy(pub, raw, 32);
	}
	*publen = len;
	if (prefix != NULL)
		*prefix = pfx;
	return DBC_OK;
}
