#include "cli/cli.h"

int
cmd_nonce(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_die(EXIT_USAGE, "'%s' is not implemented yet", argv[0]);
}
