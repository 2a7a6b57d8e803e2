/* Secret input from files, descriptors and the terminal (see secret_input.h).
 * Modelled on the readpassphrase(3) idiom (practice.md §5.2): /dev/tty, echo off, terminal
 * restored before a fatal signal is re-raised. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>

#include "wallet/secmem.h"
#include "wallet/secret_input.h"

/* Room for the largest secret plus "\r\n". */
#define READ_CAP (DBC_SECRET_MAX + 2)

void
dbc_secret_free(char **s)
{
	if (s == NULL || *s == NULL)
		return;
	dbc_secmem_free(*s); /* sodium_free wipes the whole allocation */
	*s = NULL;
}

/* Drop ONE trailing "\n" or "\r\n"; then apply the size and emptiness rules. */
static int
finish_secret(char *buf, size_t *len)
{
	if (*len > 0 && buf[*len - 1] == '\n') {
		(*len)--;
		if (*len > 0 && buf[*len - 1] == '\r')
			(*len)--;
	}
	sodium_memzero(buf + *len, READ_CAP + 1 - *len);
	if (*len > DBC_SECRET_MAX)
		return DBC_ERR_TOO_LARGE;
	if (*len == 0)
		return DBC_ERR_EMPTY;
	if (memchr(buf, '\0', *len) != NULL)
		return DBC_ERR_INPUT;
	return DBC_OK;
}

/* Read to EOF (files, pipes, sockets). */
static int
read_stream(char **out, size_t *outlen, int fd)
{
	char *buf;
	size_t len = 0;
	ssize_t n;
	int r;

	*out = NULL;
	*outlen = 0;
	if (fd < 0)
		return DBC_ERR_INPUT;
	if ((buf = dbc_secmem_alloc(READ_CAP + 1)) == NULL)
		return DBC_ERR_NOMEM;
	for (;;) {
		if (len == READ_CAP) {
			char extra;

			/* Buffer full: any further byte means the secret is too large. */
			do
				n = read(fd, &extra, 1);
			while (n < 0 && errno == EINTR);
			sodium_memzero(&extra, sizeof(extra));
			if (n != 0) {
				r = n < 0 ? DBC_ERR_IO : DBC_ERR_TOO_LARGE;
				goto fail;
			}
			break;
		}
		n = read(fd, buf + len, READ_CAP - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = DBC_ERR_IO;
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if ((r = finish_secret(buf, &len)) != DBC_OK)
		goto fail;
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return DBC_OK;
fail:
	dbc_secmem_free(buf);
	return r;
}

int
dbc_secret_read_path_prompt(char **out, size_t *outlen, const char *path, unsigned *warnings,
                            const char *prompt)
{
	struct stat st;
	int fd, r;

	*out = NULL;
	*outlen = 0;
	if (warnings != NULL)
		*warnings = 0;
	if (path == NULL || *path == '\0')
		return DBC_ERR_INPUT;
	if (strcmp(path, "-") == 0)
		return dbc_secret_read_fd_prompt(out, outlen, STDIN_FILENO, prompt);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return errno == ENOENT ? DBC_ERR_NOT_FOUND : DBC_ERR_IO;
	/* fstat on the open descriptor: no window between the check and the read. */
	if (fstat(fd, &st) != 0) {
		r = DBC_ERR_IO;
		goto out;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode)) {
		r = DBC_ERR_FILE_TYPE; /* a directory, a device, ... */
		goto out;
	}
	if (warnings != NULL && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
		*warnings |= DBC_SECRET_WARN_PERMS;
	r = read_stream(out, outlen, fd);
out:
	(void)close(fd);
	return r;
}

int
dbc_secret_fd_parse(int *fd, const char *s)
{
	long v = 0;

	*fd = -1;
	if (s == NULL || *s == '\0')
		return DBC_ERR_INPUT;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return DBC_ERR_INPUT;
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return DBC_ERR_INPUT;
	}
	*fd = (int)v;
	return DBC_OK;
}

/* ---- terminal ---- */

static const int tty_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM, SIGTSTP };
#define N_TTY_SIGNALS (sizeof(tty_signals) / sizeof(tty_signals[0]))

/* Process-wide state shared with the signal handler. */
static struct termios tty_saved;
static volatile sig_atomic_t tty_fd = -1;
static volatile sig_atomic_t tty_echo_off;  /* 1 while tty_saved must be put back */
static volatile sig_atomic_t tty_caught;    /* the last signal seen, 0 if none */
static struct sigaction tty_old_actions[N_TTY_SIGNALS];

static void
tty_restore_actions(void)
{
	for (size_t i = 0; i < N_TTY_SIGNALS; i++)
		(void)sigaction(tty_signals[i], &tty_old_actions[i], NULL);
}

static void
tty_restore_terminal(void)
{
	if (tty_echo_off) {
		(void)tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
		tty_echo_off = 0;
	}
}

/* Async-signal-safe only: tcsetattr, sigaction and raise are. The signal is blocked while
 * we run, so the raise() is delivered, with the old disposition, right after we return. */
static void
tty_on_signal(int signo)
{
	int saved_errno = errno;

	tty_restore_terminal();
	tty_restore_actions();
	tty_caught = signo;
	(void)raise(signo);
	errno = saved_errno;
}

static int
tty_install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = tty_on_signal;
	(void)sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: the pending read() must see EINTR */
	for (size_t i = 0; i < N_TTY_SIGNALS; i++) {
		if (sigaction(tty_signals[i], &sa, &tty_old_actions[i]) != 0) {
			while (i-- > 0)
				(void)sigaction(tty_signals[i], &tty_old_actions[i], NULL);
			return DBC_ERR_INTERNAL;
		}
	}
	return DBC_OK;
}

static int
tty_write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR && !tty_caught)
			continue;
		if (n <= 0)
			return DBC_ERR_TTY;
		s += n;
		len -= (size_t)n;
	}
	return DBC_OK;
}

/* One line from the terminal fd, echo off; the prompt and the final newline go to out_fd
 * (-1: nowhere). Returns DBC_OK, an error, or 1 to ask for a restart (after Ctrl-Z). */
static int
tty_read_line(int fd, int out_fd, const char *prompt, char *buf, size_t *len)
{
	struct termios noecho;
	int r = DBC_OK, overflow = 0;
	char c;

	*len = 0;
	tty_caught = 0;
	if (tcgetattr(fd, &tty_saved) != 0)
		return DBC_ERR_TTY;
	noecho = tty_saved;
	noecho.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
	tty_fd = fd;
	if ((r = tty_install_handlers()) != DBC_OK)
		return r;
	tty_echo_off = 1; /* before tcsetattr: a signal in between restores (a no-op) */
	if (tcsetattr(fd, TCSAFLUSH, &noecho) != 0) {
		tty_echo_off = 0;
		r = DBC_ERR_TTY;
		goto out;
	}
	if (prompt != NULL && out_fd >= 0 &&
	    (r = tty_write_all(out_fd, prompt, strlen(prompt))) != DBC_OK)
		goto out;
	for (;;) {
		ssize_t n;

		if (tty_caught)
			break;
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue; /* tty_caught decides */
		if (n < 0) {
			r = DBC_ERR_IO;
			break;
		}
		if (n == 0 || c == '\n' || c == '\r')
			break;
		if (*len < DBC_SECRET_MAX)
			buf[(*len)++] = c;
		else
			overflow = 1; /* keep consuming the line so it does not leak into the shell */
	}
	sodium_memzero(&c, sizeof(c));
	/* The Enter key was not echoed; move the cursor on ourselves. */
	if (!tty_caught && out_fd >= 0)
		(void)tty_write_all(out_fd, "\n", 1);
out:
	tty_restore_terminal();
	tty_restore_actions();
	if (tty_caught != 0) {
		r = tty_caught == SIGTSTP ? 1 : DBC_ERR_REJECTED;
		tty_caught = 0;
	}
	tty_fd = -1;
	if (r == DBC_OK && overflow)
		r = DBC_ERR_TOO_LARGE;
	if (r != DBC_OK) {
		sodium_memzero(buf, DBC_SECRET_MAX + 1);
		*len = 0;
	}
	return r;
}

static int
tty_prompt(int fd, int out_fd, const char *prompt, char *buf, size_t *len, unsigned flags)
{
	int r;

	/* After Ctrl-Z and `fg`, ask again from scratch (readpassphrase does the same). */
	while ((r = tty_read_line(fd, out_fd, prompt, buf, len)) == 1)
		;
	if (r == DBC_OK && *len == 0 && !(flags & DBC_SECRET_ALLOW_EMPTY))
		r = DBC_ERR_EMPTY;
	if (r == DBC_OK)
		buf[*len] = '\0';
	return r;
}

int
dbc_secret_read_tty(char **out, size_t *outlen, const char *prompt,
                    const char *confirm_prompt, unsigned flags)
{
	char *first = NULL, *again = NULL;
	size_t len = 0, len2 = 0;
	int fd, r;

	*out = NULL;
	*outlen = 0;
	if ((fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
		return DBC_ERR_TTY;
	if (!isatty(fd)) {
		r = DBC_ERR_TTY;
		goto out;
	}
	if ((first = dbc_secmem_alloc(DBC_SECRET_MAX + 1)) == NULL ||
	    (confirm_prompt != NULL && (again = dbc_secmem_alloc(DBC_SECRET_MAX + 1)) == NULL)) {
		r = DBC_ERR_NOMEM;
		goto out;
	}
	if ((r = tty_prompt(fd, fd, prompt, first, &len, flags)) != DBC_OK)
		goto out;
	if (confirm_prompt != NULL) {
		if ((r = tty_prompt(fd, fd, confirm_prompt, again, &len2, flags | DBC_SECRET_ALLOW_EMPTY)) !=
		    DBC_OK)
			goto out;
		/* Constant time over the common length; lengths are not secret enough to hide. */
		if (len != len2 || sodium_memcmp(first, again, len) != 0) {
			r = DBC_ERR_INPUT;
			goto out;
		}
	}
	*out = first;
	*outlen = len;
	first = NULL;
out:
	dbc_secret_free(&first);
	dbc_secret_free(&again);
	(void)close(fd);
	return r;
}

/* A terminal given as the input (stdin, --suri-fd N): one line, echo off, like the tty path.
 * The prompt goes to /dev/tty when there is one (the read fd may be read-only). */
static int
read_terminal_fd(char **out, size_t *outlen, int fd, const char *prompt)
{
	char *buf;
	size_t len = 0;
	int out_fd, r;

	if ((buf = dbc_secmem_alloc(DBC_SECRET_MAX + 1)) == NULL)
		return DBC_ERR_NOMEM;
	out_fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	r = tty_prompt(fd, out_fd, prompt, buf, &len, 0);
	if (out_fd >= 0)
		(void)close(out_fd);
	if (r != DBC_OK) {
		dbc_secmem_free(buf);
		return r;
	}
	*out = buf;
	*outlen = len;
	return DBC_OK;
}

int
dbc_secret_read_fd_prompt(char **out, size_t *outlen, int fd, const char *prompt)
{
	*out = NULL;
	*outlen = 0;
	if (fd >= 0 && isatty(fd))
		return read_terminal_fd(out, outlen, fd, prompt);
	return read_stream(out, outlen, fd);
}

int
dbc_secret_read_fd(char **out, size_t *outlen, int fd)
{
	return dbc_secret_read_fd_prompt(out, outlen, fd, NULL);
}

int
dbc_secret_read_path(char **out, size_t *outlen, const char *path, unsigned *warnings)
{
	return dbc_secret_read_path_prompt(out, outlen, path, warnings, NULL);
}
