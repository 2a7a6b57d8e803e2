#include "cli/cli.h"

int
cmd_node(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_die(EXIT_USAGE, "'%s' is not implemented yet", argv[0]);
}
