/* dbcsign sign: sign a message with any key source; print the signature as 0x-hex. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/output.h"
#include "cli/parsign.h"
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
	        "                      written in large blocks (and, with a software key, signed\n"
	        "                      on up to 4 cores). A bad line stops the stream\n"
	        "                      (exit 2, naming the line); earlier signatures stay written\n"
	        "  --hex-lines         with --lines: each line is hex (optional 0x) of the message\n"
	        "  -h, --help          this help\n"
	        "\n%s", CLI_LINE_MAX, cli_keysrc_help);
}

static const char wrap_pre[] = "<Bytes>", wrap_post[] = "</Bytes>";

/* sign --lines: one message per stdin line, one signature line out per line in. Every
 * signature is verified before it is written; the signer was opened once.
 *
 * Lines that are already buffered (bulk input: a file, a fast writer) are taken as one batch
 * of up to SIGN_BATCH_MAX lines: this thread turns them into messages (hex, <Bytes> wrap) up
 * to the first bad line, cli_parsign signs and verifies those (in groups, each one batch
 * verification; with a software key over a few threads) into slots in line order, and this
 * thread writes them. A bad line still stops the stream after exactly the lines before it.
 * A reader that sends one line at a time gets batches of one, answered at once. */
#define SIGN_BATCH_MAX 512

typedef struct {
	const dbc_signer_t *signer;
	size_t threads;
	int wrap, hexlines, raw;
	unsigned char *arena;       /* decoded or wrapped messages of the batch */
	size_t cap;
	/* per line of the batch */
	const uint8_t *msgs[SIGN_BATCH_MAX];
	size_t lens[SIGN_BATCH_MAX], off[SIGN_BATCH_MAX];
	unsigned char in_arena[SIGN_BATCH_MAX];
	unsigned long lineno[SIGN_BATCH_MAX];
	uint8_t sigs[SIGN_BATCH_MAX][DBC_SIG_MAX];
	size_t siglens[SIGN_BATCH_MAX];
} sign_lines_t;

/* The message of line i of the batch: msgs[i] (a plain line is signed where it lies in the
 * stream buffer), or off[i] into the arena (arena pointers are set once the batch is complete:
 * the arena may move as it grows). DBC_OK, or the line's error: 1 in *hexbad for bad hex,
 * DBC_ERR_UNSUPPORTED for a bare line a wrapped-only key cannot sign. */
static int
prepare_line(sign_lines_t *b, size_t i, const unsigned char *line, size_t len, size_t *used,
             int *hexbad)
{
	size_t pre = sizeof(wrap_pre) - 1, post = sizeof(wrap_post) - 1, need, msglen;
	unsigned char *msg;
	int rc;

	b->in_arena[i] = 0;
	if (!b->hexlines && (b->wrap ? cli_msg_is_wrapped(line, len) : 1)) {
		if (!b->raw && !cli_msg_is_wrapped(line, len))
			return DBC_ERR_UNSUPPORTED;
		b->msgs[i] = line;
		b->lens[i] = len;
		return DBC_OK;
	}
	need = len + pre + post;
	if (b->cap - *used < need) {
		size_t ncap = b->cap * 2 > *used + need ? b->cap * 2 : *used + need;
		unsigned char *na = realloc(b->arena, ncap);

		if (na == NULL)
			return DBC_ERR_NOMEM;
		b->arena = na;
		b->cap = ncap;
	}
	msg = b->arena + *used;
	if (b->hexlines) {
		if ((rc = dbc_hex_decode(msg + pre, len, &msglen, (const char *)line, len,
		                         DBC_HEX_ALLOW_0X)) != DBC_OK) {
			*hexbad = 1;
			return rc;
		}
	} else {
		msglen = len;
		if (msglen > 0)
			memcpy(msg + pre, line, msglen);
	}
	/* The message sits at msg + pre, so wrapping only adds the two ends. */
	if (b->wrap && !cli_msg_is_wrapped(msg + pre, msglen)) {
		memcpy(msg, wrap_pre, pre);
		memcpy(msg + pre + msglen, wrap_post, post);
		b->off[i] = *used;
		b->lens[i] = msglen + pre + post;
	} else if (!b->raw && !cli_msg_is_wrapped(msg + pre, msglen)) {
		return DBC_ERR_UNSUPPORTED;
	} else {
		b->off[i] = *used + pre;
		b->lens[i] = msglen;
	}
	b->in_arena[i] = 1;
	*used += need;
	return DBC_OK;
}

/* Sign lines [0, n) of the batch (all good), write their signatures in order. A line that
 * cannot be signed stops the stream after the ones before it (exit() flushes stdout). */
static void
sign_and_write(sign_lines_t *b, size_t n)
{
	char out[2 * DBC_SIG_MAX + 4];
	size_t i, failed, outlen;
	int rc;

	for (i = 0; i < n; i++)
		if (b->in_arena[i])
			b->msgs[i] = b->arena + b->off[i];
	rc = cli_parsign(b->signer, b->threads, b->msgs, b->lens, n, b->sigs, b->siglens, &failed);
	if (rc != DBC_OK)
		n = failed;
	for (i = 0; i < n; i++) {
		cli_hex0x(out, b->sigs[i], b->siglens[i]);
		out[2 + 2 * b->siglens[i]] = '\n';
		outlen = 3 + 2 * b->siglens[i];
		if (fwrite(out, 1, outlen, stdout) != outlen)
			cli_flush_stdout();
	}
	sodium_memzero(b->sigs, n * sizeof(b->sigs[0]));
	if (rc != DBC_OK)
		cli_fail(rc, "sign --lines: stdin line %lu", b->lineno[failed]);
}

static void
sign_lines(const dbc_signer_t *signer, int wrap, int hexlines)
{
	sign_lines_t *b;
	cli_lines_t in;
	const unsigned char *line;
	size_t len, n, used;
	int rc, hexbad;

	if ((b = calloc(1, sizeof(*b))) == NULL) /* ~50 KiB: not on the stack */
		cli_fail(DBC_ERR_NOMEM, "sign --lines");
	b->signer = signer;
	b->threads = cli_parsign_threads(signer);
	b->wrap = wrap;
	b->hexlines = hexlines;
	b->raw = (dbc_signer_flags(signer) & DBC_SIGNER_CAN_RAW) != 0;
	/* Enough for one maximal line; grows if a batch needs more. */
	b->cap = CLI_LINE_MAX + sizeof(wrap_pre) + sizeof(wrap_post);
	if ((b->arena = malloc(b->cap)) == NULL)
		cli_fail(DBC_ERR_NOMEM, "sign --lines");
	cli_lines_init(&in, "sign --lines", 0);
	for (;;) {
		/* A batch: the next line (waiting for it if need be), then whatever complete lines
		 * are already buffered. The line pointers stay valid until the stream reads again. */
		rc = DBC_OK;
		hexbad = 0;
		used = 0;
		for (n = 0; n < SIGN_BATCH_MAX; n++) {
			if (n > 0 && !cli_lines_ready(&in))
				break;
			if (!cli_lines_next(&in, &line, &len))
				break;
			b->lineno[n] = in.lineno;
			if ((rc = prepare_line(b, n, line, len, &used, &hexbad)) != DBC_OK)
				break;
		}
		/* The good lines before a bad one are signed and written first. */
		if (n > 0)
			sign_and_write(b, n);
		if (rc != DBC_OK) {
			if (hexbad)
				cli_fail(rc, "sign --lines --hex-lines: stdin line %lu", b->lineno[n]);
			if (rc == DBC_ERR_UNSUPPORTED)
				cli_fail(rc, "sign --lines: stdin line %lu: this key source (%s) "
				         "signs only <Bytes>-wrapped messages; add --wrap", b->lineno[n],
				         dbc_signer_source(signer));
			cli_fail(rc, "sign --lines: stdin line %lu", b->lineno[n]);
		}
		if (n == 0)
			break;
	}
	cli_lines_free(&in);
	free(b->arena);
	free(b);
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
