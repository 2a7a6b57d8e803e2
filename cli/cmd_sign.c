/* dbcsign sign: sign a message with any key source; print the signature as 0x-hex. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/output.h"
#include "cli/stream.h"
#include "sign/hex.h"

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: dbcsign sign KEY SOURCE [--scheme S] (--message TEXT | --hex HEX | < FILE)\n"
	        "                    [--wrap]\n"
	        "       dbcsign sign KEY SOURCE [--scheme S] --lines [--hex-lines] [--wrap] < LINES\n"
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
	        "  --lines             stream: each stdin line is one message (without its \\n or\n"
	        "                      \\r\\n; an empty line is the empty message), one signature\n"
	        "                      line out per line in, in order; the key is unlocked once.\n"
	        "                      Lines are capped at %u bytes. Output is flushed whenever\n"
	        "                      dbcsign waits for input, so a reader that writes a line\n"
	        "                      and waits gets its answer at once, and bulk input is\n"
	        "                      written in large blocks. A bad line stops the stream\n"
	        "                      (exit 2, naming the line); earlier signatures stay written\n"
	        "  --hex-lines         with --lines: each line is hex (optional 0x) of the message\n"
	        "  -h, --help          this help\n"
	        "\n%s", CLI_LINE_MAX, cli_keysrc_help);
}

static const char wrap_pre[] = "<Bytes>", wrap_post[] = "</Bytes>";

/* sign --lines: one message per stdin line, one signature line out per line in. Each
 * signature goes through dbc_signer_sign (verified); the signer was opened once. */
static void
sign_lines(const dbc_signer_t *signer, int wrap, int hexlines)
{
	cli_lines_t in;
	const unsigned char *line;
	unsigned char *msg;
	size_t len, msglen, pre = sizeof(wrap_pre) - 1, post = sizeof(wrap_post) - 1;
	uint8_t sig[DBC_SIG_MAX];
	char hex[2 * DBC_SIG_MAX + 4];
	size_t siglen = 0;
	int raw = (dbc_signer_flags(signer) & DBC_SIGNER_CAN_RAW) != 0, rc;

	/* One buffer for the longest message: a line (or its hex) plus the <Bytes> wrap. */
	if ((msg = malloc(CLI_LINE_MAX + pre + post)) == NULL)
		cli_fail(DBC_ERR_NOMEM, "sign --lines");
	cli_lines_init(&in, "sign --lines", 0);
	while (cli_lines_next(&in, &line, &len)) {
		if (hexlines) {
			if ((rc = dbc_hex_decode(msg + pre, CLI_LINE_MAX, &msglen, (const char *)line,
			                         len, DBC_HEX_ALLOW_0X)) != DBC_OK)
				cli_fail(rc, "sign --lines --hex-lines: stdin line %lu", in.lineno);
		} else {
			msglen = len;
			if (len > 0)
				memcpy(msg + pre, line, len);
		}
		/* The message sits at msg + pre, so wrapping only adds the two ends. */
		if (wrap && !cli_msg_is_wrapped(msg + pre, msglen)) {
			memcpy(msg, wrap_pre, pre);
			memcpy(msg + pre + msglen, wrap_post, post);
			msglen += pre + post;
			rc = dbc_signer_sign(signer, msg, msglen, sig, &siglen);
		} else {
			if (!raw && !cli_msg_is_wrapped(msg + pre, msglen))
				cli_fail(DBC_ERR_UNSUPPORTED, "sign --lines: stdin line %lu: this key "
				         "source (%s) signs only <Bytes>-wrapped messages; add --wrap",
				         in.lineno, dbc_signer_source(signer));
			rc = dbc_signer_sign(signer, msg + pre, msglen, sig, &siglen);
		}
		if (rc != DBC_OK)
			cli_fail(rc, "sign --lines: stdin line %lu", in.lineno);
		cli_hex0x(hex, sig, siglen);
		hex[2 + 2 * siglen] = '\n';
		if (fwrite(hex, 1, 3 + 2 * siglen, stdout) != 3 + 2 * siglen)
			cli_flush_stdout();
	}
	cli_lines_free(&in);
	free(msg);
	sodium_memzero(sig, sizeof(sig));
	cli_flush_stdout();
}

int
cmd_sign(int argc, char **argv)
{
	enum { OPT_MESSAGE = 0x100, OPT_HEX, OPT_WRAP, OPT_LINES, OPT_HEX_LINES };
	static const struct option longopts[] = {
		CLI_KEYSRC_LONGOPTS,
		{ "message", required_argument, NULL, OPT_MESSAGE },
		{ "hex", required_argument, NULL, OPT_HEX },
		{ "wrap", no_argument, NULL, OPT_WRAP },
		{ "lines", no_argument, NULL, OPT_LINES },
		{ "hex-lines", no_argument, NULL, OPT_HEX_LINES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_keysrc_t ks;
	const char *text = NULL, *hex = NULL;
	int wrap = 0, lines = 0, hexlines = 0, stdin_taken, c, rc;
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
		case OPT_LINES:
			lines = 1;
			break;
		case OPT_HEX_LINES:
			hexlines = 1;
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
	if (hexlines && !lines)
		cli_die(EXIT_USAGE, "--hex-lines: only with --lines");
	if (lines) {
		if (text != NULL || hex != NULL)
			cli_die(EXIT_USAGE, "--lines reads the messages from stdin: drop %s",
			        text != NULL ? "--message" : "--hex");
		if (stdin_taken)
			cli_die(EXIT_USAGE, "--lines reads the messages from stdin, which already "
			        "carries the secret URI or password (use a file or another fd)");
		if ((rc = cli_keysrc_open(&ks, &signer, NULL)) != DBC_OK)
			cli_fail(rc, "%s", ks.what);
		cli_keysrc_clear(&ks);
		flags = dbc_signer_flags(signer);
		if (!(flags & (DBC_SIGNER_CAN_RAW | DBC_SIGNER_CAN_WRAPPED)))
			cli_fail(DBC_ERR_UNSUPPORTED, "sign: this key source (%s) cannot sign messages",
			         dbc_signer_source(signer));
		sign_lines(signer, wrap, hexlines);
		dbc_signer_free(&signer);
		return EXIT_OK;
	}
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
