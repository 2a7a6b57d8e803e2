/* dbcsign generate: a new BIP39 mnemonic from the OS CSPRNG, shown like `subkey generate`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/output.h"
#include "wallet/keypair.h"
#include "wallet/mnemonic.h"
#include "wallet/secmem.h"
#include "wallet/ss58.h"
#include "wallet/suri.h"

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: dbcsign generate [--scheme S] [--words N] [--network N] [--output text|json]\n"
	        "\n"
	        "Make a new secret phrase (BIP39, English) from the OS random generator and print it\n"
	        "with the key's seed, public key and addresses, like `subkey generate`.\n"
	        "The phrase IS the key: store it offline; anyone who sees it owns the account.\n"
	        "\n"
	        "  --scheme S          sr25519 (default), ed25519 or ecdsa\n"
	        "  --words N           12 (default), 15, 18, 21 or 24 words\n"
	        "  --network N         SS58 prefix number or name (default 42, DBC/substrate)\n"
	        "  --output text|json  text (default) or JSON with subkey's field names\n"
	        "  -h, --help          this help\n");
}

static unsigned
parse_words(const char *s)
{
	static const char *const ok[] = { "12", "15", "18", "21", "24" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(s, ok[i]) == 0)
			return (unsigned)(12 + 3 * i);
	cli_fail(DBC_ERR_MNEMONIC_LENGTH, "--words: '%.16s' (want 12, 15, 18, 21 or 24)", s);
}

int
cmd_generate(int argc, char **argv)
{
	enum { OPT_WORDS = 0x100, OPT_NETWORK, OPT_OUTPUT, OPT_SCHEME };
	static const struct option longopts[] = {
		{ "scheme", required_argument, NULL, OPT_SCHEME },
		{ "words", required_argument, NULL, OPT_WORDS },
		{ "network", required_argument, NULL, OPT_NETWORK },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	dbc_scheme_t scheme = DBC_SR25519;
	unsigned words = 12;
	uint16_t network = DBC_NETWORK_DBC;
	cli_output_t fmt = OUT_TEXT;
	char *phrase;
	dbc_keypair_t *kp;
	cli_keyinfo_t ki;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			cli_flush_stdout();
			return EXIT_OK;
		case OPT_SCHEME:
			scheme = cli_parse_scheme("--scheme", optarg);
			break;
		case OPT_WORDS:
			words = parse_words(optarg);
			break;
		case OPT_NETWORK:
			network = cli_parse_network("--network", optarg);
			break;
		case OPT_OUTPUT:
			fmt = cli_parse_output(optarg, 1u << OUT_TEXT | 1u << OUT_JSON);
			break;
		default:
			cli_getopt_fail("generate", c, argv);
		}
	}
	cli_no_operands("generate", argc, argv);

	/* The phrase will pass through stdio: keep that buffer in guarded memory too. */
	if (cli_stdout_secret() != 0)
		cli_fail(DBC_ERR_NOMEM, "stdout buffer");
	if ((phrase = dbc_secmem_alloc(DBC_MNEMONIC_MAX)) == NULL ||
	    (kp = dbc_keypair_new()) == NULL)
		cli_fail(DBC_ERR_NOMEM, "generate");
	if ((rc = dbc_mnemonic_generate(phrase, DBC_MNEMONIC_MAX, words)) != DBC_OK)
		cli_fail(rc, "generate: new mnemonic");
	/* Derive exactly as inspect would from the same phrase (no password). */
	if ((rc = dbc_suri_to_keypair(kp, scheme, phrase, strlen(phrase), NULL)) != DBC_OK)
		cli_fail(rc, "generate: derive key");

	memset(&ki, 0, sizeof(ki));
	ki.phrase = phrase;
	ki.seed = kp->has_seed ? kp->seed : NULL;
	ki.scheme = scheme;
	ki.pub = kp->pub;
	ki.publen = kp->publen;
	ki.network = network;
	rc = cli_print_keyinfo(&ki, fmt);
	dbc_keypair_free(&kp);
	dbc_secmem_free(phrase);
	if (rc != DBC_OK)
		cli_fail(rc, "generate: output");
	return EXIT_OK;
}
