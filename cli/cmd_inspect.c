/* dbcsign inspect: keys and addresses of a secret URI (from a file/fd, or a dev URI) or of a
 * public key, in subkey's text or JSON layout. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/output.h"
#include "wallet/keypair.h"
#include "wallet/secmem.h"
#include "wallet/ss58.h"
#include "wallet/suri.h"

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: dbcsign inspect [--scheme S] [--network N] [--output text|json]\n"
	        "                       (KEY SOURCE | --public ADDRESS_OR_HEX[/soft...])\n"
	        "\n"
	        "Show the secret seed, public key, account id and SS58 addresses of a key, like\n"
	        "`subkey inspect`. Secrets are never taken from the command line, e.g.\n"
	        "  dbcsign inspect --suri-file - < phrase.txt\n"
	        "  dbcsign inspect --suri //Alice --output json\n"
	        "  dbcsign inspect --public 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\n"
	        "\n"
	        "  --public X          SS58 address (any prefix, re-encoded with --network) or 0x-hex\n"
	        "                      public key (32 bytes; 33 for ecdsa); sr25519 allows /soft paths\n"
	        "  --network N         SS58 prefix number or name (default 42, DBC/substrate)\n"
	        "  --output text|json  text (default) or JSON with subkey's field names\n"
	        "  -h, --help          this help\n"
	        "\n%s", cli_keysrc_help);
}

/* --public ADDRESS_OR_HEX, optionally followed by sr25519 soft junctions as in subkey. */
static void
inspect_public(const char *arg, dbc_scheme_t scheme, uint16_t network, cli_output_t fmt)
{
	uint8_t pub[DBC_PUB_MAX], derived[32];
	size_t publen = 0, baselen;
	const char *path;
	char base[160];
	cli_keyinfo_t ki;
	int rc;

	path = strchr(arg, '/');
	baselen = path != NULL ? (size_t)(path - arg) : strlen(arg);
	if (baselen >= sizeof(base))
		cli_fail(DBC_ERR_LENGTH, "--public");
	memcpy(base, arg, baselen);
	base[baselen] = '\0';
	if ((rc = cli_parse_public(scheme, base, 0, pub, &publen, NULL)) != DBC_OK)
		cli_fail(rc, "--public");
	if (path != NULL) {
		if (scheme != DBC_SR25519)
			cli_fail(DBC_ERR_SOFT_DERIVATION, "--public: %s keys have no public derivation",
			         dbc_scheme_name(scheme));
		if ((rc = dbc_suri_public_derive(derived, pub, path, strlen(path))) != DBC_OK)
			cli_fail(rc, "--public: derivation path");
		memcpy(pub, derived, 32);
	}
	memset(&ki, 0, sizeof(ki));
	ki.public_uri = arg;
	ki.scheme = scheme;
	ki.pub = pub;
	ki.publen = publen;
	ki.network = network;
	if ((rc = cli_print_keyinfo(&ki, fmt)) != DBC_OK)
		cli_fail(rc, "--public");
}

int
cmd_inspect(int argc, char **argv)
{
	enum { OPT_NETWORK = 0x100, OPT_OUTPUT, OPT_PUBLIC };
	static const struct option longopts[] = {
		CLI_KEYSRC_LONGOPTS,
		{ "network", required_argument, NULL, OPT_NETWORK },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "public", required_argument, NULL, OPT_PUBLIC },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_keysrc_t ks;
	uint16_t network = DBC_NETWORK_DBC;
	cli_output_t fmt = OUT_TEXT;
	const char *public_arg = NULL;
	dbc_signer_t *signer = NULL;
	dbc_keypair_t *kp = NULL;
	cli_keyinfo_t ki;
	const uint8_t *pub;
	size_t publen;
	int c, rc;

	cli_keysrc_init(&ks);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (cli_keysrc_option(&ks, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			cli_flush_stdout();
			return EXIT_OK;
		case OPT_NETWORK:
			network = cli_parse_network("--network", optarg);
			break;
		case OPT_OUTPUT:
			fmt = cli_parse_output(optarg, 1u << OUT_TEXT | 1u << OUT_JSON);
			break;
		case OPT_PUBLIC:
			if (public_arg != NULL)
				cli_die(EXIT_USAGE, "--public: given twice");
			public_arg = optarg;
			break;
		default:
			cli_getopt_fail("inspect", c, argv);
		}
	}
	cli_no_operands("inspect", argc, argv);
	if (public_arg != NULL) {
		if (cli_keysrc_check(&ks, 0))
			cli_die(EXIT_USAGE, "--public and %s: give a key source or --public, not both",
			        ks.kind == CLI_KS_SURI_FILE ? "--suri-file" :
			        ks.kind == CLI_KS_SURI_FD ? "--suri-fd" :
			        ks.kind == CLI_KS_SURI_DEV ? "--suri" : "a key source");
		inspect_public(public_arg, ks.scheme, network, fmt);
		return EXIT_OK;
	}
	if (ks.kind == CLI_KS_NONE)
		cli_die(EXIT_USAGE, "inspect: give a key source (--suri-file PATH|-, --suri-fd N, "
		        "--suri //DEV, ...) or --public ADDRESS_OR_HEX");
	cli_keysrc_check(&ks, 1);

	if (cli_stdout_secret() != 0)
		cli_fail(DBC_ERR_NOMEM, "stdout buffer");
	ks.keep_suri = 1;
	if ((rc = cli_keysrc_open(&ks, &signer, &kp)) != DBC_OK)
		cli_fail(rc, "%s", ks.what);

	memset(&ki, 0, sizeof(ki));
	pub = dbc_signer_public(signer, &publen);
	ki.scheme = dbc_signer_scheme(signer);
	ki.pub = pub;
	ki.publen = publen;
	ki.network = network;
	if (kp != NULL && ks.suri != NULL) {
		/* subkey: a bare mnemonic is a "Secret phrase"; anything with a path, a password
		 * or a 0x seed is a "Secret Key URI". */
		if (dbc_suri_has_mnemonic(ks.suri, ks.suri_len) && memchr(ks.suri, '/', ks.suri_len) == NULL)
			ki.phrase = ks.suri;
		else
			ki.suri = ks.suri;
		ki.seed = kp->has_seed ? kp->seed : NULL;
	} else {
		/* Keystore / Ledger: only the public side is known. */
		ki.public_uri = ks.what;
	}
	rc = cli_print_keyinfo(&ki, fmt);
	dbc_keypair_free(&kp);
	dbc_signer_free(&signer);
	cli_keysrc_clear(&ks);
	if (rc != DBC_OK)
		cli_fail(rc, "inspect: output");
	return EXIT_OK;
}
