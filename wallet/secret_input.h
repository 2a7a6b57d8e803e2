/* Reading secrets (SURIs, mnemonics, passwords) without putting them on argv.
 *
 * Every function returns a NUL-terminated copy in guarded memory (dbc_secmem_alloc): free it
 * with dbc_secret_free() or dbc_secmem_free(). Intermediate buffers are wiped. On error *out
 * is NULL and *outlen 0. Nothing here prints to stdout/stderr; the tty prompt is written to
 * /dev/tty itself, since it is interaction rather than program output.
 *
 * File and descriptor input (one secret per file):
 *   - at most DBC_SECRET_MAX bytes after removing ONE trailing "\n" or "\r\n"
 *     (else DBC_ERR_TOO_LARGE); nothing left → DBC_ERR_EMPTY;
 *   - a NUL byte inside → DBC_ERR_INPUT (secrets are text; a NUL would silently truncate);
 *   - other whitespace is kept: callers that want subkey-style trimming trim themselves. */
#ifndef DBC_SECRET_INPUT_H
#define DBC_SECRET_INPUT_H
#include <stddef.h>
#include "sign/err.h"

#define DBC_SECRET_MAX 4096

/* Warning bits dbc_secret_read_path() may report (the CLI decides whether to print). */
#define DBC_SECRET_WARN_PERMS 0x1u /* a regular file accessible by group or others */

/* path "-" = standard input (not closed). Regular files, pipes/FIFOs (e.g. <(cmd),
 * /dev/fd/N) and sockets are accepted; directories and devices → DBC_ERR_FILE_TYPE;
 * a missing file → DBC_ERR_NOT_FOUND; other open/read failures → DBC_ERR_IO.
 * warnings may be NULL. Standard input that is a terminal is read as by
 * dbc_secret_read_fd_prompt (one line, echo off). */
int dbc_secret_read_path(char **out, size_t *outlen, const char *path, unsigned *warnings) DBC_WUR;
/* The same, with the prompt shown when "-" turns out to be a terminal (NULL: none). */
int dbc_secret_read_path_prompt(char **out, size_t *outlen, const char *path, unsigned *warnings,
                                const char *prompt) DBC_WUR;
/* Read to EOF from an already-open descriptor (e.g. --suri-fd 3); fd is left open.
 * If fd is a terminal, a person is typing: read ONE line with echo off (the terminal and
 * signals are handled as in dbc_secret_read_tty), after writing prompt (NULL: none) to
 * /dev/tty; an empty line → DBC_ERR_EMPTY, a longer line than DBC_SECRET_MAX →
 * DBC_ERR_TOO_LARGE, a signal caught by the caller's handler → DBC_ERR_REJECTED. */
int dbc_secret_read_fd_prompt(char **out, size_t *outlen, int fd, const char *prompt) DBC_WUR;
/* dbc_secret_read_fd_prompt without a prompt. */
int dbc_secret_read_fd(char **out, size_t *outlen, int fd) DBC_WUR;
/* Strict decimal descriptor number "0".."2147483647" (no sign, no spaces) → DBC_ERR_INPUT. */
int dbc_secret_fd_parse(int *fd, const char *s) DBC_WUR;

/* Interactive input on the controlling terminal (/dev/tty), echo off (ECHO|ECHONL cleared,
 * line editing kept). The terminal is restored on every path; SIGINT, SIGTERM, SIGHUP, SIGQUIT
 * and SIGALRM restore it in the handler, then the previous disposition is put back and the
 * signal re-raised (so a default action still kills the process). SIGTSTP (Ctrl-Z) restores
 * the terminal, stops, and re-prompts after `fg`. If a signal is caught by a handler the caller
 * installed, the read is abandoned with DBC_ERR_REJECTED.
 *   prompt          written to the tty before reading (may be NULL);
 *   confirm_prompt  if not NULL, ask a second time; a difference → DBC_ERR_INPUT;
 *   flags           DBC_SECRET_ALLOW_EMPTY to accept an empty line (else DBC_ERR_EMPTY).
 * A line longer than DBC_SECRET_MAX → DBC_ERR_TOO_LARGE. No terminal → DBC_ERR_TTY.
 * Not thread-safe (signal handlers use process-wide state). */
#define DBC_SECRET_ALLOW_EMPTY 0x1u
int dbc_secret_read_tty(char **out, size_t *outlen, const char *prompt,
                        const char *confirm_prompt, unsigned flags) DBC_WUR;

/* Wipe and free a secret from the functions above; *s becomes NULL. NULL is fine. */
void dbc_secret_free(char **s);

#endif
