/* dbcsign nonce [--count N]: sign_tool-compatible nonces, one per line (dbc-node-api.md §1.4). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "wallet/nonce.h"

#define NONCE_COUNT_MAX 100000UL

static void
nonce_usage(FILE *f)
{
	fprintf(f, "usage: dbcsign nonce [--count N]\n"
	           "  Print N (default 1, at most %lu) fresh nonces as DBC's sign_tool makes them:\n"
	           "  Base58Check of a random lowercase UUIDv4 (55 characters), one per line.\n",
	        NONCE_COUNT_MAX);
}

/* Shared by nonce and triple: a positive decimal count, bounded. */
static unsigned long
parse_count(const char *s)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		cli_die(EXIT_USAGE, "nonce: --count needs a positive number");
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v == 0 || v > NONCE_COUNT_MAX)
		cli_die(EXIT_USAGE, "nonce: --count must be 1..%lu", NONCE_COUNT_MAX);
	return v;
}

int
cmd_nonce(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	char nonce[DBC_NONCE_LEN + 1];
	unsigned long count = 1, i;
	int c, count_seen = 0, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (count_seen++)
				cli_die(EXIT_USAGE, "nonce: --count given twice");
			count = parse_count(optarg);
			break;
		case 'h':
			nonce_usage(stdout);
			return EXIT_OK;
		default:
			cli_getopt_fail("nonce", c, argv);
		}
	}
	if (optind < argc)
		cli_die(EXIT_USAGE, "nonce: unexpected argument (see dbcsign nonce --help)");
	for (i = 0; i < count; i++) {
		if ((rc = dbc_nonce_generate(nonce)) != DBC_OK)
			cli_fail(rc, "nonce");
		if (printf("%s\n", nonce) < 0)
			break;
	}
	cli_flush_stdout();
	return EXIT_OK;
}
