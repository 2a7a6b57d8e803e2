/* dbcsign triple: the (wallet, nonce, sign) triple the DBC client node wants, optionally with
 * (session_id, session_id_sign). sign = sr25519 over the raw ASCII nonce, context "substrate",
 * 128 lowercase hex characters, no 0x (dbc-node-api.md §1.5). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/net/node_api.h"
#include "cli/parsign.h"
#include "cli/stream.h"
#include "sign/hex.h"
#include "sign/signer.h"
#include "wallet/nonce.h"

#define TRIPLE_COUNT_MAX 10000UL
/* Triples signed at once: --count in batches of this many, --stream up to this many lines
 * that are already buffered. Large enough to spread over threads (cli/parsign.h). */
#define TRIPLE_BATCH 512

/* One batch: each triple's nonce, and its messages (the nonce, then with a session id the
 * session id) with their signatures, in triple order. */
typedef struct {
	char nonces[TRIPLE_BATCH][DBC_NONCE_LEN + 1];
	const uint8_t *msgs[2 * TRIPLE_BATCH];
	size_t lens[2 * TRIPLE_BATCH], siglens[2 * TRIPLE_BATCH];
	uint8_t sigs[2 * TRIPLE_BATCH][DBC_SIG_MAX];
} triple_batch_t;

static void
triple_usage(FILE *f)
{
	fprintf(f,
	        "usage: dbcsign triple KEY SOURCE [--session-id ID] [--wallet ADDRESS]\n"
	        "                      [--output json|text|env|sign-tool] [--count N | --stream]\n"
	        "\n"
	        "Print a fresh nonce, its sr25519 signature and the key's SS58 (prefix 42) wallet, as\n"
	        "a DBC client node expects them in \"wallet\", \"nonce\" and \"sign\". With --session-id\n"
	        "also sign the session id (from `dbcsign node session-id`) for session_id_sign, to\n"
	        "share access to a rented machine. Every signature is verified before it is printed.\n"
	        "\n"
	        "  --session-id ID     also sign ID (the renter's session id)\n"
	        "  --wallet ADDRESS    refuse to sign unless the key is this address\n"
	        "  -o, --output FMT    json (default; one object per line), text, env (lines\n"
	        "                      DBC_WALLET=.. DBC_NONCE=.. DBC_SIGN=.. for eval), sign-tool\n"
	        "                      (DBC sign_tool's exact lines)\n"
	        "  -n, --count N       N triples, each with its own nonce (1..%lu); stdin unread\n"
	        "  --stream            one triple per stdin line, until end of input; the line's\n"
	        "                      content is ignored (any line, e.g. an empty one, asks for\n"
	        "                      a triple; lines are capped at %u bytes). Output is flushed\n"
	        "                      whenever dbcsign waits for input, so a reader that writes a\n"
	        "                      line and waits gets its triple at once. With json (one line\n"
	        "                      per triple) it is one line in, one line out. Triples asked\n"
	        "                      for at once (--count, bulk input) are signed in batches on\n"
	        "                      up to 4 cores, the output still in order\n"
	        "  -h, --help          this help\n"
	        "\nThe key must be sr25519: the node verifies nothing else.\n\n%s",
	        TRIPLE_COUNT_MAX, CLI_LINE_MAX, cli_keysrc_help);
}

/* A value for `eval`: bare when it is plain alphanumeric, else single-quoted. Session ids
 * cannot contain a quote (node_session_id_check), so quoting is enough. */
static void
env_line(const char *name, const char *val)
{
	size_t i;
	int plain = 1;

	for (i = 0; val[i] != '\0'; i++)
		if (!((val[i] >= '0' && val[i] <= '9') || (val[i] >= 'a' && val[i] <= 'z') ||
		      (val[i] >= 'A' && val[i] <= 'Z')))
			plain = 0;
	if (plain)
		printf("%s=%s\n", name, val);
	else
		printf("%s='%s'\n", name, val);
}

/* Message slot of triple k: its nonce, then (with a session id) the session id. */
static size_t
nmsg(size_t k, const char *sid, int which)
{
	return sid != NULL ? 2 * k + (size_t)which : k;
}

/* A verified signature as printed: 128 lowercase hex. The print is read back and compared,
 * so what is printed is byte for byte what was verified; with the wallet string checked
 * against the key (above), a verification of the printed triple (what the node does) is
 * the verification already done, so it is not repeated per triple. */
static void
sig_hex(char hex[NODE_SIGN_HEX_LEN + 1], const uint8_t *sig, size_t siglen)
{
	uint8_t back[64];

	if (siglen != 64)
		cli_fail(DBC_ERR_INTERNAL, "triple: sign");
	dbc_hex_encode(hex, sig, 64);
	if (dbc_hex_decode_exact(back, 64, hex, 0) != DBC_OK || memcmp(back, sig, 64) != 0)
		cli_fail(DBC_ERR_INTERNAL, "triple: sign");
}

static void
print_triple(cli_output_t fmt, const char *wallet, const char *nonce, const char *sign,
             const char *sid, const char *sid_sign, unsigned long i)
{
	char buf[1024];
	int n;

	switch (fmt) {
	case OUT_JSON:
		/* Every value is base58, hex or a checked session id: no JSON escaping needed. */
		printf("{\"wallet\":\"%s\",\"nonce\":\"%s\",\"sign\":\"%s\"", wallet, nonce, sign);
		if (sid != NULL)
			printf(",\"session_id\":\"%s\",\"session_id_sign\":\"%s\"", sid, sid_sign);
		printf("}\n");
		break;
	case OUT_ENV:
		env_line("DBC_WALLET", wallet);
		env_line("DBC_NONCE", nonce);
		env_line("DBC_SIGN", sign);
		if (sid != NULL) {
			env_line("DBC_SESSION_ID", sid);
			env_line("DBC_SESSION_ID_SIGN", sid_sign);
		}
		break;
	case OUT_SIGNTOOL:
		n = node_signtool_format(buf, sizeof(buf), wallet, nonce, sign, sid, sid_sign);
		if (n < 0)
			cli_die(EXIT_USAGE, "triple: session id too long");
		fwrite(buf, 1, (size_t)n, stdout);
		break;
	default:
		if (i > 0)
			putchar('\n');
		printf("wallet: %s\nnonce: %s\nsign: %s\n", wallet, nonce, sign);
		if (sid != NULL)
			printf("session_id: %s\nsession_id_sign: %s\n", sid, sid_sign);
		break;
	}
}

static unsigned long
triple_count(const char *s)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		cli_die(EXIT_USAGE, "triple: --count needs a positive number");
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v == 0 || v > TRIPLE_COUNT_MAX)
		cli_die(EXIT_USAGE, "triple: --count must be 1..%lu", TRIPLE_COUNT_MAX);
	return v;
}

int
cmd_triple(int argc, char **argv)
{
	enum { OPT_SESSION = 0x100, OPT_WALLET, OPT_STREAM };
	static const struct option longopts[] = {
		CLI_KEYSRC_LONGOPTS,
		{ "session-id", required_argument, NULL, OPT_SESSION },
		{ "wallet", required_argument, NULL, OPT_WALLET },
		{ "output", required_argument, NULL, 'o' },
		{ "count", required_argument, NULL, 'n' },
		{ "stream", no_argument, NULL, OPT_STREAM },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char wallet[DBC_SS58_MAX];
	char sign[NODE_SIGN_HEX_LEN + 1], sid_sign[NODE_SIGN_HEX_LEN + 1];
	triple_batch_t *b;
	size_t n, k, failed, threads;
	const char *sid = NULL, *want_wallet = NULL, *out_arg = NULL;
	cli_output_t fmt = OUT_JSON;
	unsigned long count = 1, i;
	dbc_signer_t *signer = NULL;
	cli_keysrc_t ks;
	int c, rc, count_seen = 0, stream = 0;
	cli_lines_t in;
	const unsigned char *line;
	size_t linelen;

	cli_keysrc_init(&ks);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":ho:n:", longopts, NULL)) != -1) {
		if (cli_keysrc_option(&ks, c, optarg))
			continue;
		switch (c) {
		case 'h':
			triple_usage(stdout);
			cli_flush_stdout();
			return EXIT_OK;
		case OPT_SESSION:
			if (sid != NULL)
				cli_die(EXIT_USAGE, "triple: --session-id given twice");
			sid = optarg;
			break;
		case OPT_WALLET:
			if (want_wallet != NULL)
				cli_die(EXIT_USAGE, "triple: --wallet given twice");
			want_wallet = optarg;
			break;
		case 'o':
			if (out_arg != NULL)
				cli_die(EXIT_USAGE, "triple: --output given twice");
			out_arg = optarg;
			fmt = cli_parse_output(optarg, 1u << OUT_TEXT | 1u << OUT_JSON | 1u << OUT_ENV |
			                       1u << OUT_SIGNTOOL);
			break;
		case 'n':
			if (count_seen++)
				cli_die(EXIT_USAGE, "triple: --count given twice");
			count = triple_count(optarg);
			break;
		case OPT_STREAM:
			stream = 1;
			break;
		default:
			cli_getopt_fail("triple", c, argv);
		}
	}
	cli_no_operands("triple", argc, argv);
	cli_keysrc_check(&ks, 1);
	if (stream && count_seen)
		cli_die(EXIT_USAGE, "triple: --count and --stream: give only one");
	if (stream && ((ks.suri_file != NULL && strcmp(ks.suri_file, "-") == 0) ||
	               (ks.password_file != NULL && strcmp(ks.password_file, "-") == 0) ||
	               ks.suri_fd == 0 || ks.password_fd == 0))
		cli_die(EXIT_USAGE, "triple: --stream reads requests from stdin, which already "
		        "carries the secret URI or password (use a file or another fd)");
	if (ks.scheme_set && ks.scheme != DBC_SR25519)
		cli_die(EXIT_USAGE, "triple: the DBC node verifies sr25519 signatures only "
		        "(drop --scheme %s)", dbc_scheme_name(ks.scheme));
	if (sid != NULL && (rc = node_session_id_check(sid)) != DBC_OK)
		cli_die(EXIT_USAGE, "triple: --session-id must be 1..%d printable characters without "
		        "spaces or quotes", NODE_SESSION_MAX);

	if ((rc = cli_keysrc_open(&ks, &signer, NULL)) != DBC_OK)
		cli_fail(rc, "%s", ks.what);
	cli_keysrc_clear(&ks);
	if ((rc = node_signer_check(signer)) != DBC_OK) {
		if (rc == DBC_ERR_SCHEME)
			cli_die(EXIT_USAGE, "triple: this key is %s; the DBC node verifies sr25519 "
			        "signatures only", dbc_scheme_name(dbc_signer_scheme(signer)));
		cli_die(EXIT_USAGE, "triple: this key source (%s) cannot sign raw nonces, and the "
		        "DBC node checks unwrapped signatures", dbc_signer_source(signer));
	}
	if ((rc = node_signer_wallet(signer, wallet)) != DBC_OK)
		cli_fail(rc, "triple: wallet address");
	if (want_wallet != NULL && (rc = node_wallet_matches(signer, want_wallet)) != DBC_OK) {
		if (rc == DBC_ERR_MISMATCH)
			cli_die(EXIT_REJECTED, "triple: the key is %s, not --wallet %s", wallet,
			        want_wallet);
		cli_fail(rc, "triple: --wallet");
	}

	/* The printed wallet string must name this key, as the node will decode it: checked
	 * once, since it is the same string in every triple. */
	if ((rc = node_wallet_matches(signer, wallet)) != DBC_OK)
		cli_fail(DBC_ERR_INTERNAL, "triple: wallet address");
	if ((b = malloc(sizeof(*b))) == NULL) /* ~100 KiB: not on the stack */
		cli_fail(DBC_ERR_NOMEM, "triple");
	/* One triple (the cold, scripted case) needs no thread count (sysconf reads /sys). */
	threads = stream || count > 1 ? cli_parsign_threads(signer) : 1;
	if (stream)
		cli_lines_init(&in, "triple --stream", 0);
	/* Triples in batches: --count in groups of TRIPLE_BATCH, --stream the next line
	 * (waiting for it if need be) plus whatever lines are already buffered; the reader
	 * flushes stdout before it waits for more. Nonces are drawn here, on this thread, in
	 * output order; only the signing is spread over threads. */
	for (i = 0; stream || i < count; i += n) {
		for (n = 0; n < TRIPLE_BATCH; n++) {
			if (stream) {
				if (n > 0 && !cli_lines_ready(&in))
					break;
				if (!cli_lines_next(&in, &line, &linelen))
					break;
			} else if (i + n >= count) {
				break;
			}
			if ((rc = dbc_nonce_generate(b->nonces[n])) != DBC_OK)
				cli_fail(rc, "triple: nonce");
			b->msgs[nmsg(n, sid, 0)] = (const uint8_t *)b->nonces[n];
			b->lens[nmsg(n, sid, 0)] = strlen(b->nonces[n]);
			if (sid != NULL) {
				b->msgs[nmsg(n, sid, 1)] = (const uint8_t *)sid;
				b->lens[nmsg(n, sid, 1)] = strlen(sid);
			}
		}
		if (n == 0)
			break;
		/* Signed and verified (sr25519 batch verification) before anything is printed;
		 * a failure prints nothing of the batch. */
		if ((rc = cli_parsign(signer, threads, b->msgs, b->lens, nmsg(n, sid, 0), b->sigs,
		                      b->siglens, &failed)) != DBC_OK)
			cli_fail(rc, (sid != NULL && failed % 2 == 1) ? "triple: sign session id"
			                                               : "triple: sign");
		for (k = 0; k < n; k++) {
			sig_hex(sign, b->sigs[nmsg(k, sid, 0)], b->siglens[nmsg(k, sid, 0)]);
			if (sid != NULL)
				sig_hex(sid_sign, b->sigs[nmsg(k, sid, 1)], b->siglens[nmsg(k, sid, 1)]);
			print_triple(fmt, wallet, b->nonces[k], sign, sid, sid_sign, i + k);
		}
		sodium_memzero(b->sigs, sizeof(b->sigs));
	}
	if (stream)
		cli_lines_free(&in);
	free(b);
	dbc_signer_free(&signer);
	cli_flush_stdout();
	return EXIT_OK;
}
