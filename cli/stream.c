/* Line streams on stdin (see cli/stream.h for the rules). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/stream.h"

#define READ_CHUNK (64u * 1024u)

void
cli_lines_init(cli_lines_t *r, const char *cmd, int fd)
{
	memset(r, 0, sizeof(*r));
	r->cmd = cmd;
	r->fd = fd;
	r->cap = READ_CHUNK;
	if ((r->buf = malloc(r->cap)) == NULL)
		cli_fail(DBC_ERR_NOMEM, "%s", cmd);
}

void
cli_lines_free(cli_lines_t *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Make room for at least READ_CHUNK more bytes: slide the pending bytes to the front, grow
 * (never beyond what one maximal line plus a chunk needs). */
static void
make_room(cli_lines_t *r)
{
	size_t pending = r->end - r->start;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, pending);
		r->start = 0;
		r->end = pending;
	}
	if (r->cap - r->end < READ_CHUNK) {
		size_t ncap = r->cap * 2;
		unsigned char *nb;

		if (ncap < r->end + READ_CHUNK)
			ncap = r->end + READ_CHUNK;
		if ((nb = realloc(r->buf, ncap)) == NULL)
			cli_fail(DBC_ERR_NOMEM, "%s", r->cmd);
		r->buf = nb;
		r->cap = ncap;
	}
}

int
cli_lines_ready(const cli_lines_t *r)
{
	size_t pending = r->end - r->start, n;
	const unsigned char *nl;

	if (pending == 0)
		return 0;
	if ((nl = memchr(r->buf + r->start, '\n', pending)) != NULL)
		n = (size_t)(nl - (r->buf + r->start));
	else if (r->eof)
		n = pending;
	else
		return 0;
	if (n > 0 && r->buf[r->start + n - 1] == '\r')
		n--;
	/* An over-long line is not "ready": the caller first finishes what it holds, and the
	 * next cli_lines_next reports it. */
	return n <= CLI_LINE_MAX;
}

int
cli_lines_next(cli_lines_t *r, const unsigned char **line, size_t *len)
{
	for (;;) {
		size_t pending = r->end - r->start;
		unsigned char *nl = pending > 0 ? memchr(r->buf + r->start, '\n', pending) : NULL;
		size_t n;
		ssize_t got;

		if (nl != NULL || (r->eof && pending > 0)) {
			n = nl != NULL ? (size_t)(nl - (r->buf + r->start)) : pending;
			r->lineno++;
			*line = r->buf + r->start;
			r->start += nl != NULL ? n + 1 : n;
			if (n > 0 && (*line)[n - 1] == '\r')
				n--;
			if (n > CLI_LINE_MAX)
				cli_die(EXIT_USAGE, "%s: stdin line %lu is longer than %u bytes",
				        r->cmd, r->lineno, CLI_LINE_MAX);
			*len = n;
			return 1;
		}
		if (r->eof)
			return 0;
		/* +1: room for the CR of a line of exactly CLI_LINE_MAX bytes. */
		if (pending > CLI_LINE_MAX + 1)
			cli_die(EXIT_USAGE, "%s: stdin line %lu is longer than %u bytes", r->cmd,
			        r->lineno + 1, CLI_LINE_MAX);
		/* About to wait for input: whoever sent the previous lines gets their answers. */
		cli_flush_stdout();
		make_room(r);
		got = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			cli_die(EXIT_ENV, "%s: cannot read stdin: %s", r->cmd, strerror(errno));
		if (got == 0)
			r->eof = 1;
		else
			r->end += (size_t)got;
	}
}
