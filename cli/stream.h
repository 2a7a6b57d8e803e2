/* dbcsign — line streams on stdin for `sign --lines` and `triple --stream`.
 *
 * One request per line. A line ends at "\n"; a "\r" just before it is dropped too (CRLF);
 * the last line may lack its "\n". A line longer than CLI_LINE_MAX bytes stops the stream
 * with exit 2 and a message naming the line number.
 *
 * Buffering: stdout is flushed whenever dbcsign is about to wait for more input (and at the
 * end). A reader that writes one line and waits for the answer always gets it at once, and
 * a bulk writer (a file, `cat` into a pipe) gets large writes: there is no per-line
 * write(2) while more complete lines are already buffered. */
#ifndef DBC_CLI_STREAM_H
#define DBC_CLI_STREAM_H

#include <stddef.h>

#define CLI_LINE_MAX (1024u * 1024u)

typedef struct {
	const char *cmd;       /* for messages: "sign --lines" */
	int fd;
	unsigned char *buf;    /* malloc'ed; lines are messages, not secrets */
	size_t cap, start, end;
	int eof;
	unsigned long lineno;  /* number of the line last returned (1-based) */
} cli_lines_t;

/* Reads fd (0 for stdin); exits 3 if the buffer cannot be allocated. */
void cli_lines_init(cli_lines_t *r, const char *cmd, int fd);
/* 1: (*line, *len) hold the next line (valid until the next call; not NUL-terminated,
 * may contain NUL bytes); 0: end of input. Exits 2 on an over-long line, 3 on a read error. */
int cli_lines_next(cli_lines_t *r, const unsigned char **line, size_t *len);
/* 1 if cli_lines_next would return a line without reading and without an error (a complete
 * line of at most CLI_LINE_MAX bytes is buffered, or the input has ended with a last
 * unterminated one): lines returned since the last read stay valid while this holds. */
int cli_lines_ready(const cli_lines_t *r);
void cli_lines_free(cli_lines_t *r);

#endif
