#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <unistd.h>

#include "cli/cli.h"
#include "sign/hex.h"

/* Text from outside (a node's or RPC server's error message, a file name) must not move the
 * cursor, clear the screen or forge extra lines: escape C0/C1 controls and DEL as \xNN. */
void
cli_safe_text(char *out, size_t cap, const char *in)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0;

	if (cap == 0)
		return;
	for (; *p != '\0' && o + 5 < cap; p++) {
		unsigned c = *p;
		int c1 = c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f; /* UTF-8 encoded C1 control */

		if (c < 0x20 || c == 0x7f || c1) {
			if (c1)
				c = *++p;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = digits[c >> 4];
			out[o++] = digits[c & 0xf];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

/* Every diagnostic is exactly one sanitised line: "dbcsign: [prefix]message[: suffix]". */
static void __attribute__((format(printf, 3, 0)))
vline(const char *prefix, const char *suffix, const char *fmt, va_list ap)
{
	char raw[2048], safe[4096];

	(void)vsnprintf(raw, sizeof(raw), fmt, ap);
	cli_safe_text(safe, sizeof(safe), raw);
	fputs("dbcsign: ", stderr);
	if (prefix != NULL)
		fputs(prefix, stderr);
	fputs(safe, stderr);
	if (suffix != NULL) {
		fputs(": ", stderr);
		fputs(suffix, stderr);
	}
	fputc('\n', stderr);
}

void
cli_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(NULL, NULL, fmt, ap);
	va_end(ap);
	exit(code);
}

void
cli_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(NULL, dbc_strerror(err), fmt, ap);
	va_end(ap);
	exit(dbc_err_class(err) == 0 ? EXIT_USAGE : dbc_err_class(err));
}

void
cli_fail_io(int err, int saved_errno, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	if (err == DBC_ERR_IO && saved_errno != 0)
		(void)snprintf(why, sizeof(why), "%s (%s)", dbc_strerror(err), strerror(saved_errno));
	else
		(void)snprintf(why, sizeof(why), "%s", dbc_strerror(err));
	va_start(ap, fmt);
	vline(NULL, why, fmt, ap);
	va_end(ap);
	exit(dbc_err_class(err) == 0 ? EXIT_USAGE : dbc_err_class(err));
}

void
cli_die_option_not_here(const char *cmd, const char *sub, const struct option *longopts,
                        int idx, int c)
{
	if (idx >= 0)
		cli_die(EXIT_USAGE, "%s %s: option '--%s' does not apply here", cmd, sub,
		        longopts[idx].name);
	cli_die(EXIT_USAGE, "%s %s: option '-%c' does not apply here", cmd, sub, c);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("warning: ", NULL, fmt, ap);
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

void
cli_getopt_fail(const char *cmd, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";
	int namelen = (int)strcspn(arg, "=");

	/* Print only the option name, never a value glued to it (--suri=<mnemonic>). */
	if (strncmp(arg, "--", 2) == 0) {
		if (c == ':')
			cli_die(EXIT_USAGE, "%s: option %.*s needs a value", cmd, namelen, arg);
		if (arg[namelen] == '=')
			cli_die(EXIT_USAGE, "%s: option %.*s is unknown or takes no value "
			        "(try dbcsign %s --help)", cmd, namelen, arg, cmd);
		cli_die(EXIT_USAGE, "%s: unknown option %.*s (try dbcsign %s --help)", cmd, namelen,
		        arg, cmd);
	}
	if (c == ':')
		cli_die(EXIT_USAGE, "%s: option -%c needs a value", cmd, optopt > 0x20 && optopt < 0x7f ? optopt : '?');
	cli_die(EXIT_USAGE, "%s: unknown option -%c (try dbcsign %s --help)", cmd,
	        optopt > 0x20 && optopt < 0x7f ? optopt : '?', cmd);
}

void
cli_no_operands(const char *cmd, int argc, char **argv)
{
	(void)argv;
	if (optind < argc)
		cli_die(EXIT_USAGE, "%s: unexpected argument (secrets are not taken from the command line: "
		        "use --suri-file PATH|- or --suri-fd N; see dbcsign %s --help)", cmd, cmd);
}

static const char wrap_pre[] = "<Bytes>";
static const char wrap_post[] = "</Bytes>";
static const char wrap_eth[] = "\x19" "Ethereum Signed Message:\n";

int
cli_msg_is_wrapped(const unsigned char *buf, size_t len)
{
	size_t pre = sizeof(wrap_pre) - 1, post = sizeof(wrap_post) - 1, eth = sizeof(wrap_eth) - 1;

	if (len >= pre + post && memcmp(buf, wrap_pre, pre) == 0 &&
	    memcmp(buf + len - post, wrap_post, post) == 0)
		return 1;
	return len >= eth && memcmp(buf, wrap_eth, eth) == 0;
}

static void
msg_read_stdin(cli_msg_t *m)
{
	size_t cap = 4096;
	ssize_t n;

	if ((m->buf = malloc(cap)) == NULL)
		cli_fail(DBC_ERR_NOMEM, "stdin");
	m->len = 0;
	for (;;) {
		if (m->len == cap) {
			unsigned char *nb;

			/* Grow up to one byte past the limit, so exactly CLI_MSG_MAX still fits. */
			if (cap > CLI_MSG_MAX)
				cli_fail(DBC_ERR_TOO_LARGE, "stdin: message larger than %u bytes",
				         CLI_MSG_MAX);
			cap = cap * 2 > CLI_MSG_MAX + 1 ? CLI_MSG_MAX + 1 : cap * 2;
			if ((nb = realloc(m->buf, cap)) == NULL)
				cli_fail(DBC_ERR_NOMEM, "stdin");
			m->buf = nb;
		}
		n = read(0, m->buf + m->len, cap - m->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			cli_die(EXIT_ENV, "stdin: cannot read: %s", strerror(errno));
		if (n == 0)
			break;
		m->len += (size_t)n;
	}
	if (m->len > CLI_MSG_MAX)
		cli_fail(DBC_ERR_TOO_LARGE, "stdin: message larger than %u bytes", CLI_MSG_MAX);
}

void
cli_msg_load(cli_msg_t *m, const char *text, const char *hex, int stdin_taken, int wrap)
{
	int rc;

	m->buf = NULL;
	m->len = 0;
	if (text != NULL && hex != NULL)
		cli_die(EXIT_USAGE, "--message and --hex: give only one message");
	if (text != NULL) {
		m->len = strlen(text);
		if ((m->buf = malloc(m->len + 1)) == NULL)
			cli_fail(DBC_ERR_NOMEM, "--message");
		memcpy(m->buf, text, m->len);
	} else if (hex != NULL) {
		size_t hl = strlen(hex);

		if ((m->buf = malloc(hl / 2 + 1)) == NULL)
			cli_fail(DBC_ERR_NOMEM, "--hex");
		if ((rc = dbc_hex_decode(m->buf, hl / 2 + 1, &m->len, hex, hl,
		                         DBC_HEX_ALLOW_0X)) != DBC_OK)
			cli_fail(rc, "--hex");
	} else {
		if (stdin_taken)
			cli_die(EXIT_USAGE, "stdin already carries the secret URI: give the message "
			        "with --message TEXT or --hex HEX");
		/* Otherwise a bare `dbcsign sign --suri-file k` looks hung on a terminal. */
		if (isatty(0))
			fputs("dbcsign: reading the message from the terminal; end it with Ctrl-D\n",
			      stderr);
		msg_read_stdin(m);
		if (m->len == 0)
			cli_fail(DBC_ERR_EMPTY, "stdin: no message (use --message '' or --hex '' "
			         "to sign the empty message)");
	}
	if (wrap && !cli_msg_is_wrapped(m->buf, m->len)) {
		size_t pre = sizeof(wrap_pre) - 1, post = sizeof(wrap_post) - 1;
		unsigned char *nb;

		if ((nb = malloc(m->len + pre + post)) == NULL)
			cli_fail(DBC_ERR_NOMEM, "--wrap");
		memcpy(nb, wrap_pre, pre);
		if (m->len > 0)
			memcpy(nb + pre, m->buf, m->len);
		memcpy(nb + pre + m->len, wrap_post, post);
		free(m->buf);
		m->buf = nb;
		m->len += pre + post;
	}
}

void
cli_msg_free(cli_msg_t *m)
{
	free(m->buf);
	m->buf = NULL;
	m->len = 0;
}
