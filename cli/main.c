/* dbcsign — thin main: harden the process, pick the verb, dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <sodium.h>

#include "cli/cli.h"
#include "wallet/secmem.h"

#ifndef DBCSIGN_VERSION
#define DBCSIGN_VERSION "0.1.0"
#endif

struct verb {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
};

static const struct verb verbs[] = {
	{ "generate", cmd_generate, "make a new key (mnemonic) and show its addresses" },
	{ "inspect", cmd_inspect, "show the keys and addresses of a secret URI or public key" },
	{ "sign", cmd_sign, "sign a message" },
	{ "verify", cmd_verify, "verify a signature" },
	{ "nonce", cmd_nonce, "print sign_tool-compatible nonces" },
	{ "triple", cmd_triple, "print wallet/nonce/sign for the DBC node API" },
	{ "sign-tool", cmd_signtool, "DBC sign_tool compatibility (key on argv: discouraged)" },
	{ "node", cmd_node, "call a DBC client node's HTTP API" },
	{ "wallet", cmd_wallet, "manage encrypted keys (polkadot-js JSON keystores)" },
	{ "tx", cmd_tx, "build, sign, submit DBC extrinsics (rent, confirm, relet, ...)" },
	{ "hw", cmd_hw, "Ledger hardware wallet" },
};

/* `--ledger` takes an optional argument, which getopt only sees in the `--ledger=DEV` form.
 * Accept the spaced form for values that are unmistakably devices (tcp:HOST:PORT, /dev/...). */
static void
join_ledger_device(int argc, char **argv)
{
	int i;

	for (i = 1; i + 1 < argc; i++) {
		char *joined;
		size_t n;

		if (strcmp(argv[i], "--") == 0)
			return;
		if (strcmp(argv[i], "--ledger") != 0 ||
		    (strncmp(argv[i + 1], "tcp:", 4) != 0 && strncmp(argv[i + 1], "/dev/", 5) != 0))
			continue;
		n = strlen(argv[i + 1]) + sizeof("--ledger=");
		if ((joined = malloc(n)) == NULL)
			return;
		snprintf(joined, n, "--ledger=%s", argv[i + 1]);
		argv[i] = joined; /* lives until exit */
		memmove(&argv[i + 1], &argv[i + 2], (size_t)(argc - i - 2) * sizeof(char *));
		argv[argc - 1] = NULL;
		argc--;
	}
}

static int
count_args(char **argv)
{
	int n = 0;

	while (argv[n] != NULL)
		n++;
	return n;
}

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: dbcsign COMMAND [OPTIONS]   (dbcsign COMMAND --help for details)\n\n"
	           "commands:\n");
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		fprintf(f, "  %-10s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(f, "\nexit codes: 0 ok, 1 verification failed or rejected, 2 usage or input error,\n"
	           "            3 network or device error\n");
}

int
main(int argc, char **argv)
{
	const char *prog;
	size_t i;

	if (dbc_process_harden() != 0 || sodium_init() < 0) {
		fprintf(stderr, "dbcsign: cannot initialise\n");
		return EXIT_ENV;
	}
	prog = argc > 0 ? argv[0] : "dbcsign";
	if (strrchr(prog, '/') != NULL)
		prog = strrchr(prog, '/') + 1;
	/* Invoked through a `sign_tool` link: behave like DBC's tool. */
	if (strcmp(prog, "sign_tool") == 0)
		return cmd_signtool(argc, argv);

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("dbcsign %s\n", DBCSIGN_VERSION);
		return EXIT_OK;
	}
	join_ledger_device(argc, argv);
	argc = count_args(argv);
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			return verbs[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "dbcsign: unknown command '%s' (try dbcsign --help)\n", argv[1]);
	return EXIT_USAGE;
}
