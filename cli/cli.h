/* dbcsign CLI: commands, exit helpers, output formats. Only cli/ parses argv or prints. */
#ifndef DBC_CLI_H
#define DBC_CLI_H
#include <stdio.h>
#include "sign/err.h"

/* Exit codes (documented in docs/dbcsign.1). */
#define EXIT_OK 0
#define EXIT_REJECTED 1   /* verification failed, rejected, wrong password */
#define EXIT_USAGE 2      /* usage or input error */
#define EXIT_ENV 3        /* network or device error */

typedef enum { OUT_TEXT, OUT_JSON, OUT_HEX, OUT_ENV, OUT_SIGNTOOL } cli_output_t;

/* One line "dbcsign: <msg>" on stderr, then exit(code). */
void cli_die(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
/* Like cli_die, exit code from the error's class; message "<context>: <dbc_strerror>". */
void cli_fail(int err, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
struct option;
/* "CMD SUB: option '--name' does not apply here" (exit 2) for an option getopt_long
 * matched but SUB does not take: idx is the long index getopt_long set (reset it to -1
 * before each call), else the short option c is named. Never the option's value. */
void cli_die_option_not_here(const char *cmd, const char *sub, const struct option *longopts,
                             int idx, int c) __attribute__((noreturn));
/* cli_fail for a file write: DBC_ERR_IO also names the system's reason (saved_errno, taken
 * right after the failing call), e.g. "I/O error (No space left on device)". */
void cli_fail_io(int err, int saved_errno, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
/* Copy in to out (cap bytes) with control characters escaped as \xNN (one safe line). */
void cli_safe_text(char *out, size_t cap, const char *in);
/* Warning line on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parse "text" | "json" | ... among the allowed set (bitmask of 1<<cli_output_t). */
cli_output_t cli_parse_output(const char *s, unsigned allowed);
/* Write all of buf to stdout and flush; exit 3 on failure (e.g. EPIPE, ENOSPC). */
void cli_flush_stdout(void);

/* getopt_long helpers (commands use an optstring starting with ':' and opterr = 0):
 * cli_getopt_fail turns a '?' or ':' result into one usage line and exit 2;
 * cli_no_operands exits 2 if operands remain (they are never echoed: they may be secrets). */
void cli_getopt_fail(const char *cmd, int c, char **argv) __attribute__((noreturn));
void cli_no_operands(const char *cmd, int argc, char **argv);

/* A message to sign or verify: --message TEXT, --hex HEX, or stdin (raw bytes, taken
 * literally: a trailing newline is part of the message). */
typedef struct {
	unsigned char *buf;   /* malloc'ed (messages are not secret) */
	size_t len;
} cli_msg_t;
#define CLI_MSG_MAX (16u * 1024 * 1024)
/* Exactly zero or one of text/hex non-NULL; neither → stdin (refused when stdin_taken, e.g.
 * by --suri-file -). Empty stdin is refused (DBC_ERR_EMPTY): an explicit --message '' or
 * --hex '' signs the empty message. wrap: polkadot-js u8aWrapBytes (<Bytes>..</Bytes>,
 * unchanged if already wrapped or Ethereum-prefixed). Exits 2 on bad input. */
void cli_msg_load(cli_msg_t *m, const char *text, const char *hex, int stdin_taken, int wrap);
void cli_msg_free(cli_msg_t *m);
/* 1 if buf is already <Bytes>..</Bytes>-wrapped or Ethereum-prefixed. */
int cli_msg_is_wrapped(const unsigned char *buf, size_t len);

/* Commands: argv[0] is the command name. Return the exit code. */
int cmd_generate(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_nonce(int argc, char **argv);
int cmd_triple(int argc, char **argv);
int cmd_signtool(int argc, char **argv);
int cmd_node(int argc, char **argv);
int cmd_wallet(int argc, char **argv);
int cmd_tx(int argc, char **argv);
int cmd_hw(int argc, char **argv);

#endif
