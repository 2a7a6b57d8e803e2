/* dbcsign sign: sign a message with any key source; print the signature as 0x-hex. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/output.h"

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: dbcsign sign KEY SOURCE [--scheme S] (--message TEXT | --hex HEX | < FILE)\n"
	        "                    [--wrap]\n"
	        "\n"
	        "Sign the message bytes exactly as given and print the signature as 0x-hex followed\n"
	        "by a newline (64 bytes; 65 for ecdsa). Without --message/--hex the message is read\n"
	        "from stdin, literally: `echo` adds a newline that becomes part of the message\n"
	        "(use printf or --message). sr25519 signatures are randomized; ed25519 and ecdsa\n"
	        "ones are deterministic. Every signature is verified before it is printed.\n"
	        "\n"
	        "  --message TEXT      sign the UTF-8 bytes of TEXT\n"
	        "  --hex HEX           sign these bytes (optional 0x; even length)\n"
	        "  --wrap              sign <Bytes>MESSAGE</Bytes> as polkadot-js signRaw does\n"
	        "                      (unchanged if already wrapped); the DBC node wants no wrap\n"
	        "  -h, --help          this help\n"
	        "\n%s", cli_keysrc_help);
}

int
cmd_sign(int argc, char **argv)
{
	enum { OPT_MESSAGE = 0x100, OPT_HEX, OPT_WRAP };
	static const struct option longopts[] = {
		CLI_KEYSRC_LONGOPTS,
		{ "message", required_argument, NULL, OPT_MESSAGE },
		{ "hex", required_argument, NULL, OPT_HEX },
		{ "wrap", no_argument, NULL, OPT_WRAP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_keysrc_t ks;
	const char *text = NULL, *hex = NULL;
	int wrap = 0, stdin_taken, c, rc;
	cli_msg_t msg;
	dbc_signer_t *signer = NULL;
	uint8_t sig[DBC_SIG_MAX];
	size_t siglen = 0;
	unsigned flags;

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
		case OPT_MESSAGE:
			if (text != NULL)
				cli_die(EXIT_USAGE, "--message: given twice");
			text = optarg;
			break;
		case OPT_HEX:
			if (hex != NULL)
				cli_die(EXIT_USAGE, "--hex: given twice");
			hex = optarg;
			break;
		case OPT_WRAP:
			wrap = 1;
			break;
		default:
			cli_getopt_fail("sign", c, argv);
		}
	}
	cli_no_operands("sign", argc, argv);
	cli_keysrc_check(&ks, 1);

	stdin_taken = (ks.suri_file != NULL && strcmp(ks.suri_file, "-") == 0) ||
	              (ks.password_file != NULL && strcmp(ks.password_file, "-") == 0) ||
	              ks.suri_fd == 0 || ks.password_fd == 0;
	/* Read and check the message before touching the key. */
	cli_msg_load(&msg, text, hex, stdin_taken, wrap);

	if ((rc = cli_keysrc_open(&ks, &signer, NULL)) != DBC_OK)
		cli_fail(rc, "%s", ks.what);
	cli_keysrc_clear(&ks);

	flags = dbc_signer_flags(signer);
	if (!(flags & DBC_SIGNER_CAN_RAW)) {
		/* A Ledger signs raw messages only inside <Bytes>..</Bytes>. */
		if (!(flags & DBC_SIGNER_CAN_WRAPPED))
			cli_fail(DBC_ERR_UNSUPPORTED, "sign: this key source (%s) cannot sign messages",
			         dbc_signer_source(signer));
		if (!cli_msg_is_wrapped(msg.buf, msg.len))
			cli_fail(DBC_ERR_UNSUPPORTED, "sign: this key source (%s) signs only "
			         "<Bytes>-wrapped messages; add --wrap", dbc_signer_source(signer));
	}

	rc = dbc_signer_sign(signer, msg.buf, msg.len, sig, &siglen);
	dbc_signer_free(&signer);
	cli_msg_free(&msg);
	if (rc != DBC_OK)
		cli_fail(rc, "sign");
	cli_print_hex_line(sig, siglen);
	sodium_memzero(sig, sizeof(sig));
	return EXIT_OK;
}
