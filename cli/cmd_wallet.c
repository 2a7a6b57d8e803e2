/* dbcsign wallet: named keys kept as polkadot-js JSON keystores in the wallet directory
 * ($DBCSIGN_HOME, default ~/.config/dbcsign/wallets). new / import / list / show / export /
 * remove / passwd. Passwords come from --password-file/--password-fd or the terminal; a new
 * mnemonic is shown once on the terminal, or written to --phrase-fd N; never on stdout or
 * stderr (CI logs and journald keep stderr). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cJSON.h>
#include <sodium.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/output.h"
#include "sign/hex.h"
#include "wallet/atomic_file.h"
#include "wallet/keypair.h"
#include "wallet/keystore.h"
#include "wallet/mnemonic.h"
#include "wallet/secmem.h"
#include "wallet/secret_input.h"
#include "wallet/ss58.h"
#include "wallet/walletdir.h"

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: dbcsign wallet new NAME [--scheme S] [--words N] [--scrypt-n 15|17] [--force]\n"
	        "                          [--phrase-fd N]\n"
	        "       dbcsign wallet import NAME (--from-json FILE | KEY SOURCE) [--scrypt-n 15|17] [--force]\n"
	        "       dbcsign wallet list [--output text|json]\n"
	        "       dbcsign wallet show NAME [--output text|json]\n"
	        "       dbcsign wallet export NAME [-o FILE [--force]]\n"
	        "       dbcsign wallet remove NAME [--yes]\n"
	        "       dbcsign wallet passwd NAME [--scrypt-n 15|17]\n"
	        "\n"
	        "Named keys, each a polkadot-js JSON keystore (v3, scrypt + xsalsa20-poly1305) in\n"
	        "$DBCSIGN_HOME (default ~/.config/dbcsign/wallets). Use one in any command with\n"
	        "--key NAME, or any keystore file with --keystore-json FILE.\n"
	        "\n"
	        "  --password-file PATH|-  password (unlocking; for `new`, the new password)\n"
	        "  --password-fd N         the same, from descriptor N\n"
	        "  --new-password-file PATH|-, --new-password-fd N\n"
	        "                          the new password for `passwd` and `import`\n"
	        "                          (without these the terminal is asked, twice)\n"
	        "  --from-json FILE        import a polkadot-js keystore (its password is kept\n"
	        "                          unless a new one is given)\n"
	        "  --scheme S              sr25519 (default), ed25519 or ecdsa\n"
	        "  --words N               mnemonic length for `new`: 12, 15, 18, 21 or 24 (default 12)\n"
	        "  --phrase-fd N           `new`: write the secret phrase, one line, to descriptor N\n"
	        "                          (N >= 3, e.g. 3>phrase.txt) instead of showing it on the\n"
	        "                          terminal; without a terminal it is required\n"
	        "  --scrypt-n 15|17        scrypt cost 2^15 (default; every polkadot-js reads it) or\n"
	        "                          2^17 (polkadot-js >= 13.5.3 default)\n"
	        "  --force                 overwrite an existing name / output file\n"
	        "  --yes                   `remove` without asking\n"
	        "  -o, --out FILE          `export` into FILE (0600, written atomically)\n"
	        "  --output text|json      `list`/`show` format\n"
	        "\nKey sources for `import`:\n%s", cli_keysrc_help);
}

enum {
	OPT_FROM_JSON = 0x100, OPT_SCRYPT_N, OPT_FORCE, OPT_YES, OPT_WORDS, OPT_OUTPUT,
	OPT_NEW_PW_FILE, OPT_NEW_PW_FD, OPT_PHRASE_FD
};

/* Which options each subcommand accepts. */
#define A_KEYSRC   0x001u /* --suri-file, --suri-fd, --suri, --key, --keystore-json, --ledger... */
#define A_PASSWORD 0x002u
#define A_NEWPW    0x004u
#define A_SCHEME   0x008u
#define A_FROMJSON 0x010u
#define A_SCRYPT   0x020u
#define A_FORCE    0x040u
#define A_YES      0x080u
#define A_WORDS    0x100u
#define A_OUTPUT   0x200u
#define A_OUTFILE  0x400u
#define A_PHRASEFD 0x800u

struct wopts {
	cli_keysrc_t ks;
	const char *name;
	const char *from_json;
	const char *out_file;
	const char *new_pw_file;
	int new_pw_fd;
	int phrase_fd;              /* --phrase-fd N, -1 if not given */
	unsigned log2n;
	int log2n_set;
	int force, yes;
	unsigned words;
	cli_output_t fmt;
};

static unsigned
option_class(int opt)
{
	switch (opt) {
	case CLI_KS_OPT_PASSWORD_FILE:
	case CLI_KS_OPT_PASSWORD_FD:
		return A_PASSWORD;
	case CLI_KS_OPT_SCHEME:
		return A_SCHEME;
	case OPT_FROM_JSON: return A_FROMJSON;
	case OPT_SCRYPT_N: return A_SCRYPT;
	case OPT_FORCE: return A_FORCE;
	case OPT_YES: return A_YES;
	case OPT_WORDS: return A_WORDS;
	case OPT_OUTPUT: return A_OUTPUT;
	case OPT_NEW_PW_FILE:
	case OPT_NEW_PW_FD:
		return A_NEWPW;
	case 'o': return A_OUTFILE;
	case OPT_PHRASE_FD: return A_PHRASEFD;
	default:
		return opt >= CLI_KS_OPT_SURI_FILE && opt <= CLI_KS_OPT_LEDGER_CLA ? A_KEYSRC : 0;
	}
}

/* Parse argv (argv[0] is the subcommand); exactly one NAME operand when want_name. */
static void
parse(struct wopts *o, int argc, char **argv, unsigned allowed, int want_name)
{
	static const struct option longopts[] = {
		CLI_KEYSRC_LONGOPTS,
		{ "from-json", required_argument, NULL, OPT_FROM_JSON },
		{ "scrypt-n", required_argument, NULL, OPT_SCRYPT_N },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "yes", no_argument, NULL, OPT_YES },
		{ "words", required_argument, NULL, OPT_WORDS },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "new-password-file", required_argument, NULL, OPT_NEW_PW_FILE },
		{ "new-password-fd", required_argument, NULL, OPT_NEW_PW_FD },
		{ "phrase-fd", required_argument, NULL, OPT_PHRASE_FD },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	int opt, idx;

	memset(o, 0, sizeof(*o));
	cli_keysrc_init(&o->ks);
	o->new_pw_fd = -1;
	o->phrase_fd = -1;
	o->log2n = DBC_KEYSTORE_LOG2N_DEFAULT;
	o->words = 12;
	o->fmt = OUT_TEXT;
	optind = 1;
	opterr = 0;
	while (idx = -1, (opt = getopt_long(argc, argv, ":ho:", longopts, &idx)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			cli_flush_stdout();
			exit(EXIT_OK);
		}
		if (opt == '?')
			cli_die(EXIT_USAGE, "wallet %s: unknown option '%s'", argv[0], argv[optind - 1]);
		if (opt == ':')
			cli_die(EXIT_USAGE, "wallet %s: option '%s' needs a value", argv[0],
			        argv[optind - 1]);
		if ((option_class(opt) & allowed) == 0)
			cli_die_option_not_here("wallet", argv[0], longopts, idx, opt);
		if (cli_keysrc_option(&o->ks, opt, optarg))
			continue;
		switch (opt) {
		case OPT_FROM_JSON:
			o->from_json = optarg;
			break;
		case OPT_SCRYPT_N:
			if (strcmp(optarg, "15") == 0)
				o->log2n = 15;
			else if (strcmp(optarg, "17") == 0)
				o->log2n = 17;
			else
				cli_die(EXIT_USAGE, "--scrypt-n: give 15 or 17 (log2 of the scrypt N)");
			o->log2n_set = 1;
			break;
		case OPT_FORCE:
			o->force = 1;
			break;
		case OPT_YES:
			o->yes = 1;
			break;
		case OPT_WORDS:
			o->words = cli_parse_u32("--words", optarg);
			if (o->words != 12 && o->words != 15 && o->words != 18 && o->words != 21 &&
			    o->words != 24)
				cli_die(EXIT_USAGE, "--words: give 12, 15, 18, 21 or 24");
			break;
		case OPT_OUTPUT:
			o->fmt = cli_parse_output(optarg, 1u << OUT_TEXT | 1u << OUT_JSON);
			break;
		case OPT_NEW_PW_FILE:
		case OPT_NEW_PW_FD:
			if (o->new_pw_file != NULL || o->new_pw_fd >= 0)
				cli_die(EXIT_USAGE, "--new-password-file/--new-password-fd: give at most one");
			if (opt == OPT_NEW_PW_FILE) {
				if (optarg[0] == '\0')
					cli_die(EXIT_USAGE, "--new-password-file: empty path (use - for stdin)");
				o->new_pw_file = optarg;
			} else {
				o->new_pw_fd = cli_parse_fd("--new-password-fd", optarg);
			}
			break;
		case OPT_PHRASE_FD:
			/* 0 is input; stdout carries the report and stderr ends up in logs. */
			if (dbc_secret_fd_parse(&o->phrase_fd, optarg) != DBC_OK || o->phrase_fd < 3)
				cli_die(EXIT_USAGE, "--phrase-fd: give a descriptor number >= 3 "
				        "(e.g. --phrase-fd 3 3>phrase.txt)");
			break;
		case 'o':
			if (optarg[0] == '\0')
				cli_die(EXIT_USAGE, "-o: empty path");
			o->out_file = optarg;
			break;
		default:
			cli_die(EXIT_USAGE, "wallet %s: unexpected option", argv[0]);
		}
	}
	if (want_name) {
		if (optind >= argc)
			cli_die(EXIT_USAGE, "wallet %s: missing NAME", argv[0]);
		if (optind + 1 < argc)
			cli_die(EXIT_USAGE, "wallet %s: unexpected argument '%s'", argv[0], argv[optind + 1]);
		o->name = argv[optind];
		if (dbc_wallet_name_check(o->name) != DBC_OK)
			cli_die(EXIT_USAGE, "wallet name '%s': use 1 to 64 of A-Z a-z 0-9 . _ - "
			        "(not starting with '.')", o->name);
	} else if (optind < argc) {
		cli_die(EXIT_USAGE, "wallet %s: unexpected argument '%s'", argv[0], argv[optind]);
	}
	if (o->force && (allowed & A_OUTFILE) && o->out_file == NULL)
		cli_die(EXIT_USAGE, "wallet export: --force only applies with -o FILE");
}

static void
open_dir(dbc_walletdir_t *wd, int create)
{
	int rc = dbc_walletdir_open(wd, NULL, create);

	if (rc == DBC_ERR_NOT_FOUND && !create) {
		/* Nothing stored yet: an empty directory, for every command. */
		wd->fd = -1;
		return;
	}
	if (rc != DBC_OK)
		cli_fail(rc, "wallet directory %s", wd->path[0] ? wd->path : "(set DBCSIGN_HOME or HOME)");
}

/* Close the directory after a successful subcommand; a loose mode is warned about only
 * then, so a failing run prints exactly one error line. */
static int
done(dbc_walletdir_t *wd)
{
	if (wd->fd >= 0 && wd->loose_mode)
		cli_warn("wallet directory %s is accessible by other users (chmod 700 it)", wd->path);
	if (wd->fd >= 0)
		dbc_walletdir_close(wd);
	return EXIT_OK;
}

static void
require_entry(const dbc_walletdir_t *wd, const char *name)
{
	if (wd->fd < 0 || !dbc_walletdir_exists(wd, name))
		cli_die(EXIT_USAGE, "wallet '%s': not found", name);
}

/* ---- passwords ---- */

static void
password_fail(int rc, const char *what)
{
	if (rc == DBC_ERR_TTY)
		cli_die(EXIT_USAGE, "%s: no terminal to ask on (use --password-file or --password-fd)",
		        what);
	cli_fail(rc, "%s", what);
}

/* The unlocking password: --password-file/--password-fd, else the terminal. */
static char *
unlock_password(struct wopts *o, const char *prompt, size_t *len)
{
	char *pw = NULL;
	int rc;

	if ((rc = cli_keysrc_password(&o->ks, &pw)) != DBC_OK)
		password_fail(rc, o->ks.what);
	if (pw != NULL) {
		*len = strlen(pw);
		return pw;
	}
	if ((rc = dbc_secret_read_tty(&pw, len, prompt, NULL, 0)) != DBC_OK)
		password_fail(rc, "password");
	return pw;
}

/* A new keystore password: from a file/fd, else the terminal twice. Never empty. */
static char *
new_password(const char *file, int fd, const char *flag_file, const char *flag_fd, size_t *len)
{
	char *pw = NULL;
	const char *what = file != NULL ? flag_file : fd >= 0 ? flag_fd : "new password";
	int rc;

	if (file != NULL)
		rc = dbc_secret_read_path_prompt(&pw, len, file, NULL, "New password: ");
	else if (fd >= 0)
		rc = fcntl(fd, F_GETFD) < 0 ? DBC_ERR_INPUT :
		     dbc_secret_read_fd_prompt(&pw, len, fd, "New password: ");
	else
		rc = dbc_secret_read_tty(&pw, len, "New password: ", "Repeat the new password: ", 0);
	if (rc == DBC_ERR_EMPTY)
		cli_die(EXIT_USAGE, "%s: a new keystore needs a non-empty password", what);
	if (rc == DBC_ERR_INPUT && file == NULL && fd < 0)
		cli_die(EXIT_USAGE, "the passwords do not match");
	if (rc != DBC_OK)
		password_fail(rc, what);
	if (*len == 0 || memchr(pw, '\n', *len) != NULL) {
		dbc_secret_free(&pw);
		cli_die(EXIT_USAGE, "%s: a password is one non-empty line", what);
	}
	return pw;
}

/* ---- output ---- */

static void
address_of(char out[DBC_SS58_MAX], const uint8_t account_id[32])
{
	if (dbc_ss58_encode(out, DBC_WALLET_PREFIX, account_id, 32) != DBC_OK)
		snprintf(out, DBC_SS58_MAX, "?");
}

static void
print_info(const char *name, const dbc_keystore_info_t *info, cli_output_t fmt)
{
	char addr[DBC_SS58_MAX], pub[2 * DBC_PUB_MAX + 3], acct[67];
	const char *scheme = info->scheme_known ? dbc_scheme_name(info->scheme) : "unknown";
	cli_json_t j;

	address_of(addr, info->account_id);
	cli_hex0x(acct, info->account_id, 32);
	if (info->has_pub)
		cli_hex0x(pub, info->pub, info->publen);
	else
		snprintf(pub, sizeof(pub), "unknown");
	if (fmt == OUT_JSON) {
		cli_json_begin(&j);
		cli_json_str(&j, "accountId", acct);
		cli_json_str(&j, "name", name);
		cli_json_str(&j, "publicKey", pub);
		cli_json_str(&j, "scheme", scheme);
		cli_json_str(&j, "ss58Address", addr);
		cli_json_end(&j);
		return;
	}
	printf("Wallet:            %s\n"
	       "Scheme:            %s\n"
	       "SS58 Address:      %s\n"
	       "Public key (hex):  %s\n"
	       "Account ID:        %s\n", name, scheme, addr, pub, acct);
	cli_flush_stdout();
}

/* A keystore error; a repeated member name (see dbc_keystore_parse) is named, escaped. */
static void __attribute__((noreturn, format(printf, 3, 4)))
keystore_fail(int rc, const dbc_keystore_info_t *info, const char *fmt, ...)
{
	char what[160], safe[4 * sizeof(info->duplicate)];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (info->duplicate[0] != '\0') {
		cli_safe_text(safe, sizeof(safe), info->duplicate);
		cli_fail(rc, "%s: duplicate key '%s'", what, safe);
	}
	cli_fail(rc, "%s", what);
}

static void
print_stored(const dbc_walletdir_t *wd, const char *name)
{
	dbc_keystore_info_t info;
	int rc;

	memset(&info, 0, sizeof(info));
	if ((rc = dbc_walletdir_info(wd, name, &info)) != DBC_OK)
		keystore_fail(rc, &info, "wallet '%s'", name);
	print_info(name, &info, OUT_TEXT);
}

/* Where the new secret phrase will go, decided BEFORE anything is stored: --phrase-fd N
 * (must be open for writing), else the terminal. Without either, refuse: stderr is kept by
 * CI logs and journald, so it is no place for a key. Returns the descriptor to write to. */
static int
phrase_destination(const struct wopts *o)
{
	int fd, fl;

	if (o->phrase_fd >= 0) {
		fl = fcntl(o->phrase_fd, F_GETFL);
		if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
			cli_die(EXIT_USAGE, "--phrase-fd %d: descriptor not open for writing "
			        "(e.g. --phrase-fd 3 3>phrase.txt)", o->phrase_fd);
		return o->phrase_fd;
	}
	if ((fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0 || !isatty(fd))
		cli_die(EXIT_USAGE, "wallet new: no terminal to show the secret phrase on; "
		        "give --phrase-fd N to write it to descriptor N (e.g. --phrase-fd 3 3>phrase.txt)");
	return fd;
}

static int
write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Written with write(2) so no stdio buffer keeps a copy. On the terminal with a notice
 * around it; to --phrase-fd as exactly one line, for a program or a file. */
static int
show_mnemonic_once(int fd, int to_tty, const char *phrase, size_t len)
{
	static const char head[] =
	    "\nSecret phrase of the new key. Write it down now and keep it offline;\n"
	    "dbcsign will not show it again:\n\n    ";
	static const char tail[] = "\n\n";

	if (!to_tty) {
		struct sigaction ign, old;
		int r;

		/* A reader that went away must give EPIPE (and the key removed), not kill us. */
		memset(&ign, 0, sizeof(ign));
		ign.sa_handler = SIG_IGN;
		(void)sigemptyset(&ign.sa_mask);
		if (sigaction(SIGPIPE, &ign, &old) != 0)
			return -1;
		r = write_all(fd, phrase, len) != 0 || write_all(fd, "\n", 1) != 0 ? -1 : 0;
		(void)sigaction(SIGPIPE, &old, NULL);
		return r;
	}
	return write_all(fd, head, sizeof(head) - 1) != 0 || write_all(fd, phrase, len) != 0 ||
	       write_all(fd, tail, sizeof(tail) - 1) != 0 ? -1 : 0;
}

/* ---- subcommands ---- */

static int
wallet_new(int argc, char **argv)
{
	struct wopts o;
	dbc_walletdir_t wd;
	dbc_keypair_t *kp;
	char *phrase, *pw;
	uint8_t *mini;
	size_t pwlen = 0;
	int rc, werr, phrase_out;

	parse(&o, argc, argv, A_PASSWORD | A_SCHEME | A_WORDS | A_SCRYPT | A_FORCE | A_PHRASEFD, 1);
	open_dir(&wd, 1);
	if (!o.force && dbc_walletdir_exists(&wd, o.name))
		cli_fail(DBC_ERR_EXISTS, "wallet '%s' (use --force to replace it)", o.name);
	phrase_out = phrase_destination(&o);
	/* For `new`, --password-file/--password-fd carry the new password. */
	pw = new_password(o.ks.password_file, o.ks.password_fd, "--password-file", "--password-fd",
	                  &pwlen);
	if ((phrase = dbc_secmem_alloc(DBC_MNEMONIC_MAX)) == NULL ||
	    (mini = dbc_secmem_alloc(32)) == NULL || (kp = dbc_keypair_new()) == NULL)
		cli_fail(DBC_ERR_NOMEM, "wallet new");
	if ((rc = dbc_mnemonic_generate(phrase, DBC_MNEMONIC_MAX, o.words)) != DBC_OK ||
	    (rc = dbc_mnemonic_to_mini_secret(mini, phrase, strlen(phrase), NULL, 0)) != DBC_OK ||
	    (rc = dbc_keypair_from_seed(kp, o.ks.scheme, mini)) != DBC_OK)
		cli_fail(rc, "wallet new");
	dbc_secmem_free(mini);
	rc = dbc_walletdir_store_key(&wd, o.name, kp, pw, pwlen, o.log2n, NULL, o.force);
	werr = errno;
	dbc_secret_free(&pw);
	dbc_keypair_free(&kp);
	if (rc != DBC_OK) {
		dbc_secmem_free(phrase);
		cli_fail_io(rc, werr, "wallet '%s'", o.name);
	}
	/* Shown only once the key is safely stored; a key whose phrase nobody got is removed. */
	if (show_mnemonic_once(phrase_out, o.phrase_fd < 0, phrase, strlen(phrase)) != 0) {
		dbc_secmem_free(phrase);
		if (dbc_walletdir_remove(&wd, o.name) != DBC_OK)
			cli_die(EXIT_ENV, "cannot write the secret phrase, nor remove the new key '%s'",
			        o.name);
		cli_die(EXIT_ENV, "cannot write the secret phrase; the new key was not kept");
	}
	dbc_secmem_free(phrase);
	if (o.phrase_fd < 0)
		(void)close(phrase_out);
	print_stored(&wd, o.name);
	return done(&wd);
}

static int
wallet_import(int argc, char **argv)
{
	struct wopts o;
	dbc_walletdir_t wd;
	dbc_keystore_info_t info;
	dbc_keystore_meta_t *meta = NULL;
	dbc_keypair_t *kp = NULL;
	dbc_signer_t *signer = NULL;
	char *json = NULL, *pw = NULL, *npw = NULL, prompt[160];
	const char *src;
	size_t len = 0, pwlen = 0, npwlen = 0;
	int rc, werr;

	parse(&o, argc, argv, A_KEYSRC | A_PASSWORD | A_NEWPW | A_SCHEME | A_FROMJSON | A_SCRYPT |
	      A_FORCE, 1);
	if (o.from_json != NULL && o.ks.nsources > 0)
		cli_die(EXIT_USAGE, "wallet import: give --from-json FILE or one key source, not both");
	if (o.from_json == NULL) {
		cli_keysrc_check(&o.ks, 1);
		if (o.ks.kind == CLI_KS_KEY || o.ks.kind == CLI_KS_LEDGER)
			cli_die(EXIT_USAGE, "wallet import: --key and --ledger hold no importable secret "
			        "(use --from-json FILE or --suri-file)");
	}
	src = o.from_json != NULL ? o.from_json :
	      o.ks.kind == CLI_KS_KEYSTORE_JSON ? o.ks.keystore_json : NULL;
	open_dir(&wd, 1);
	if (!o.force && dbc_walletdir_exists(&wd, o.name))
		cli_fail(DBC_ERR_EXISTS, "wallet '%s' (use --force to replace it)", o.name);

	if ((kp = dbc_keypair_new()) == NULL)
		cli_fail(DBC_ERR_NOMEM, "wallet import");
	if (src != NULL) {
		/* A polkadot-js keystore: its password unlocks it and, unless a new one is given,
		 * protects the stored copy too. */
		if ((rc = dbc_file_read(src, DBC_KEYSTORE_FILE_MAX, &json, &len)) != DBC_OK)
			cli_fail(rc, "%s", src);
		if ((rc = dbc_keystore_parse(&info, json, len)) != DBC_OK)
			keystore_fail(rc, &info, "%s", src);
		if (info.encrypted) {
			snprintf(prompt, sizeof(prompt), "Password for %s: ", src);
			pw = unlock_password(&o, prompt, &pwlen);
		} else if (o.ks.password_file != NULL || o.ks.password_fd >= 0) {
			cli_die(EXIT_USAGE, "%s is not encrypted: give the new password with "
			        "--new-password-file or --new-password-fd", src);
		}
		if ((rc = dbc_keystore_decrypt(kp, &info, json, len, pw, pwlen)) != DBC_OK)
			cli_fail(rc, "%s", src);
		dbc_secmem_free(json);
		if (o.ks.scheme_set && kp->scheme != o.ks.scheme)
			cli_fail(DBC_ERR_SCHEME, "%s holds an %s key, not %s", src,
			         dbc_scheme_name(kp->scheme), dbc_scheme_name(o.ks.scheme));
		meta = &info.meta;
	} else {
		dbc_keypair_t *derived = NULL;

		/* A SURI source: --password-file is the SURI's ///password; the keystore gets a
		 * new password. */
		if ((rc = cli_keysrc_open(&o.ks, &signer, &derived)) != DBC_OK)
			cli_fail(rc, "%s", o.ks.what);
		dbc_signer_free(&signer);
		if (derived == NULL)
			cli_die(EXIT_USAGE, "wallet import: this key source holds no importable secret");
		dbc_keypair_free(&kp);
		kp = derived;
	}
	if (o.new_pw_file != NULL || o.new_pw_fd >= 0 || pw == NULL) {
		npw = new_password(o.new_pw_file, o.new_pw_fd, "--new-password-file",
		                   "--new-password-fd", &npwlen);
	} else {
		npw = pw;
		npwlen = pwlen;
		pw = NULL;
	}
	rc = dbc_walletdir_store_key(&wd, o.name, kp, npw, npwlen, o.log2n, meta, o.force);
	werr = errno;
	dbc_secmem_free(npw);
	dbc_secmem_free(pw);
	dbc_keypair_free(&kp);
	if (rc != DBC_OK)
		cli_fail_io(rc, werr, "wallet '%s'", o.name);
	print_stored(&wd, o.name);
	return done(&wd);
}

static int
wallet_list(int argc, char **argv)
{
	struct wopts o;
	dbc_walletdir_t wd;
	dbc_wallet_entry_t *list = NULL;
	size_t n = 0, i;
	char addr[DBC_SS58_MAX], pub[2 * DBC_PUB_MAX + 3];
	cJSON *arr = NULL, *e;
	char *text;
	int rc;

	parse(&o, argc, argv, A_OUTPUT, 0);
	open_dir(&wd, 0);
	if (wd.fd >= 0 && (rc = dbc_walletdir_list(&wd, &list, &n)) != DBC_OK)
		cli_fail(rc, "wallet directory %s", wd.path);
	if (o.fmt == OUT_JSON && (arr = cJSON_CreateArray()) == NULL)
		cli_fail(DBC_ERR_NOMEM, "wallet list");
	for (i = 0; i < n; i++) {
		const dbc_wallet_entry_t *w = &list[i];
		const char *scheme = w->rc != DBC_OK ? "invalid" :
		                     w->info.scheme_known ? dbc_scheme_name(w->info.scheme) : "unknown";

		if (w->rc == DBC_OK)
			address_of(addr, w->info.account_id);
		else
			snprintf(addr, sizeof(addr), "(%s)", dbc_strerror(w->rc));
		if (o.fmt != OUT_JSON) {
			printf("%s\t%s\t%s\n", w->name, scheme, addr);
			continue;
		}
		if ((e = cJSON_CreateObject()) == NULL)
			cli_fail(DBC_ERR_NOMEM, "wallet list");
		cJSON_AddItemToArray(arr, e);
		if (w->rc == DBC_OK && w->info.has_pub)
			cli_hex0x(pub, w->info.pub, w->info.publen);
		if (cJSON_AddStringToObject(e, "name", w->name) == NULL ||
		    cJSON_AddStringToObject(e, "scheme", scheme) == NULL ||
		    (w->rc == DBC_OK && cJSON_AddStringToObject(e, "ss58Address", addr) == NULL) ||
		    (w->rc == DBC_OK && w->info.has_pub &&
		     cJSON_AddStringToObject(e, "publicKey", pub) == NULL) ||
		    (w->rc != DBC_OK &&
		     cJSON_AddStringToObject(e, "error", dbc_strerror(w->rc)) == NULL))
			cli_fail(DBC_ERR_NOMEM, "wallet list");
	}
	if (arr != NULL) {
		if ((text = cJSON_Print(arr)) == NULL)
			cli_fail(DBC_ERR_NOMEM, "wallet list");
		printf("%s\n", text);
		cJSON_free(text);
		cJSON_Delete(arr);
	}
	cli_flush_stdout();
	free(list);
	return done(&wd);
}

static int
wallet_show(int argc, char **argv)
{
	struct wopts o;
	dbc_walletdir_t wd;
	dbc_keystore_info_t info;
	int rc;

	parse(&o, argc, argv, A_OUTPUT, 1);
	open_dir(&wd, 0);
	require_entry(&wd, o.name);
	memset(&info, 0, sizeof(info));
	if ((rc = dbc_walletdir_info(&wd, o.name, &info)) != DBC_OK)
		keystore_fail(rc, &info, "wallet '%s'", o.name);
	print_info(o.name, &info, o.fmt);
	return done(&wd);
}

static int
wallet_export(int argc, char **argv)
{
	struct wopts o;
	dbc_walletdir_t wd;
	dbc_keystore_info_t info;
	char *json = NULL;
	size_t len = 0;
	int rc;

	parse(&o, argc, argv, A_OUTFILE | A_FORCE, 1);
	open_dir(&wd, 0);
	require_entry(&wd, o.name);
	if ((rc = dbc_walletdir_load(&wd, o.name, &json, &len)) != DBC_OK)
		cli_fail(rc, "wallet '%s'", o.name);
	/* Only a well-formed keystore leaves the wallet. */
	if ((rc = dbc_keystore_parse(&info, json, len)) != DBC_OK)
		keystore_fail(rc, &info, "wallet '%s'", o.name);
	if (o.out_file != NULL) {
		rc = dbc_atomic_write(o.out_file, json, len, o.force ? DBC_AF_REPLACE : DBC_AF_NOREPLACE);
		if (rc == DBC_ERR_EXISTS)
			cli_fail(rc, "%s (use --force to replace it)", o.out_file);
		if (rc != DBC_OK)
			cli_fail_io(rc, errno, "%s", o.out_file);
	} else {
		if (fwrite(json, 1, len, stdout) != len)
			cli_die(EXIT_ENV, "cannot write to stdout");
		cli_flush_stdout();
	}
	dbc_secmem_free(json);
	return done(&wd);
}

/* A yes/no question on the terminal (echo on: the answer is not secret). */
static int
confirm_on_tty(const char *question)
{
	char answer[16];
	FILE *tty = fopen("/dev/tty", "r+e");
	int yes;

	if (tty == NULL)
		return -1;
	fprintf(tty, "%s [y/N] ", question);
	fflush(tty);
	yes = fgets(answer, sizeof(answer), tty) != NULL &&
	      (strcmp(answer, "y\n") == 0 || strcmp(answer, "yes\n") == 0 ||
	       strcmp(answer, "Y\n") == 0);
	fclose(tty);
	return yes;
}

static int
wallet_remove(int argc, char **argv)
{
	struct wopts o;
	dbc_walletdir_t wd;
	dbc_keystore_info_t info;
	char addr[DBC_SS58_MAX], q[256];
	int rc, ok;

	parse(&o, argc, argv, A_YES, 1);
	open_dir(&wd, 0);
	require_entry(&wd, o.name);
	if (!o.yes) {
		if (dbc_walletdir_info(&wd, o.name, &info) == DBC_OK)
			address_of(addr, info.account_id);
		else
			snprintf(addr, sizeof(addr), "unreadable");
		snprintf(q, sizeof(q), "Remove wallet '%s' (%s)? Without a backup the key is lost.",
		         o.name, addr);
		if ((ok = confirm_on_tty(q)) < 0)
			cli_die(EXIT_USAGE, "wallet remove: no terminal to confirm on (use --yes)");
		if (!ok)
			cli_die(EXIT_REJECTED, "wallet '%s' kept", o.name);
	}
	if ((rc = dbc_walletdir_remove(&wd, o.name)) != DBC_OK)
		cli_fail(rc, "wallet '%s'", o.name);
	return done(&wd);
}

static int
wallet_passwd(int argc, char **argv)
{
	struct wopts o;
	dbc_walletdir_t wd;
	dbc_keystore_info_t info;
	dbc_keypair_t *kp;
	char *pw, *npw, prompt[160];
	size_t pwlen = 0, npwlen = 0;
	int rc, werr;

	parse(&o, argc, argv, A_PASSWORD | A_NEWPW | A_SCRYPT, 1);
	open_dir(&wd, 0);
	require_entry(&wd, o.name);
	memset(&info, 0, sizeof(info));
	if ((rc = dbc_walletdir_info(&wd, o.name, &info)) != DBC_OK)
		keystore_fail(rc, &info, "wallet '%s'", o.name);
	snprintf(prompt, sizeof(prompt), "Current password for %s: ", o.name);
	pw = unlock_password(&o, prompt, &pwlen);
	/* Check the old password before asking for a new one. */
	if ((kp = dbc_keypair_new()) == NULL)
		cli_fail(DBC_ERR_NOMEM, "wallet passwd");
	if ((rc = dbc_walletdir_unlock(&wd, o.name, pw, pwlen, kp, NULL)) != DBC_OK)
		cli_fail(rc, "wallet '%s'", o.name);
	dbc_keypair_free(&kp);
	npw = new_password(o.new_pw_file, o.new_pw_fd, "--new-password-file", "--new-password-fd",
	                   &npwlen);
	rc = dbc_walletdir_passwd(&wd, o.name, pw, pwlen, npw, npwlen, o.log2n_set ? o.log2n : 0);
	werr = errno;
	dbc_secmem_free(pw);
	dbc_secmem_free(npw);
	if (rc != DBC_OK)
		cli_fail_io(rc, werr, "wallet '%s'", o.name);
	return done(&wd);
}

int
cmd_wallet(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} subs[] = {
		{ "new", wallet_new }, { "import", wallet_import }, { "list", wallet_list },
		{ "show", wallet_show }, { "export", wallet_export }, { "remove", wallet_remove },
		{ "passwd", wallet_passwd }
	};
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		cli_flush_stdout();
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(argc - 1, argv + 1);
	cli_die(EXIT_USAGE, "wallet: unknown subcommand '%s' (new, import, list, show, export, "
	        "remove, passwd)", argv[1]);
}
