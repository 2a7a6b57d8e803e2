#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void
vline(const char *prefix, const char *fmt, va_list ap)
{
	fputs("dbcsign: ", stderr);
	if (prefix != NULL)
		fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
cli_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(NULL, fmt, ap);
	va_end(ap);
	exit(code);
}

void
cli_fail(int err, const char *fmt, ...)
{
	va_list ap;

	fputs("dbcsign: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", dbc_strerror(err));
	exit(dbc_err_class(err) == 0 ? EXIT_USAGE : dbc_err_class(err));
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("warning: ", fmt, ap);
	va_end(ap);
}

cli_output_t
cli_parse_output(const char *s, unsigned allowed)
{
	static const char *names[] = { "text", "json", "hex", "env", "sign-tool" };
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0 && (allowed & (1u << i)))
			return (cli_output_t)i;
	cli_die(EXIT_USAGE, "--output: unknown or unsupported format '%s'", s);
}

void
cli_flush_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_die(EXIT_ENV, "cannot write to stdout: %s", strerror(errno));
}
