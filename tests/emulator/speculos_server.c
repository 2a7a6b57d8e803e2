/* ledger-emu: the software Ledger (tests/emulator/ledger_emu.h) behind the Speculos APDU-over-TCP protocol,
 * on 127.0.0.1 only. Command: u32 BE length ‖ APDU. Reply: u32 BE length N ‖ N data ‖ SW.
 *
 *   ledger-emu [--port N] [--port-file F] [--mnemonic-file F] [--password P]
 *              [--app generic|legacy|dashboard] [--legacy-cla HEX] [--reject] [--locked]
 *              [--drop-after N] [--bad-length]
 *
 * --port 0 (default) picks a free port; it is written to --port-file (or stdout).
 * --drop-after N closes a connection instead of answering its (N+1)th APDU (an unplug);
 * --bad-length answers every APDU with an absurd length (a protocol error).
 * Serves one connection at a time until killed. Demo/test device: the mnemonic is not a
 * secret here (default "abandon ×11 about"). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LEDGER_EMU_IMPLEMENTATION
#include "tests/emulator/ledger_emu.h"

static int
read_all(int fd, uint8_t *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t r = read(fd, buf + off, len - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		off += (size_t)r;
	}
	return 0;
}

static int
write_all(int fd, const uint8_t *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

static void
serve(int c, ledger_emu_t *emu, long drop_after, int bad_length)
{
	uint8_t hdr[4], apdu[300], resp[4 + LEDGER_EMU_RESP_MAX];
	long n = 0;

	for (;;) {
		uint32_t len;
		size_t rl;

		if (read_all(c, hdr, 4) != 0)
			return;
		len = ((uint32_t)hdr[0] << 24) | ((uint32_t)hdr[1] << 16) | ((uint32_t)hdr[2] << 8) | hdr[3];
		if (len > sizeof(apdu) || read_all(c, apdu, len) != 0)
			return;
		if (drop_after >= 0 && n++ >= drop_after)
			return;
		rl = ledger_emu_apdu(emu, apdu, len, resp + 4);
		rl -= 2; /* the length field counts the data, not the status word */
		if (bad_length)
			rl = 0x7fffffff;
		resp[0] = (uint8_t)(rl >> 24);
		resp[1] = (uint8_t)(rl >> 16);
		resp[2] = (uint8_t)(rl >> 8);
		resp[3] = (uint8_t)rl;
		if (bad_length) {
			if (write_all(c, resp, 4 + 8) != 0)
				return;
			continue;
		}
		if (write_all(c, resp, 4 + rl + 2) != 0)
			return;
	}
}

static char *
read_file(const char *path)
{
	static char buf[1024];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return buf;
}

int
main(int argc, char **argv)
{
	ledger_emu_cfg_t cfg;
	ledger_emu_t *emu = NULL;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	const char *port_file = NULL;
	long port = 0, drop_after = -1;
	int s, i, one = 1, bad_length = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.app = EMU_GENERIC;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--reject") == 0) {
			cfg.reject = 1;
		} else if (strcmp(a, "--locked") == 0) {
			cfg.locked = 1;
		} else if (strcmp(a, "--bad-length") == 0) {
			bad_length = 1;
		} else if (v == NULL) {
			fprintf(stderr, "ledger-emu: %s needs a value\n", a);
			return 2;
		} else if (strcmp(a, "--port") == 0) {
			port = strtol(v, NULL, 10), i++;
		} else if (strcmp(a, "--port-file") == 0) {
			port_file = v, i++;
		} else if (strcmp(a, "--mnemonic-file") == 0) {
			if ((cfg.mnemonic = read_file(v)) == NULL) {
				fprintf(stderr, "ledger-emu: cannot read %s\n", v);
				return 2;
			}
			i++;
		} else if (strcmp(a, "--password") == 0) {
			cfg.password = v, i++;
		} else if (strcmp(a, "--legacy-cla") == 0) {
			cfg.legacy_cla = (uint8_t)strtol(v, NULL, 16), i++;
		} else if (strcmp(a, "--drop-after") == 0) {
			drop_after = strtol(v, NULL, 10), i++;
		} else if (strcmp(a, "--app") == 0) {
			cfg.app = strcmp(v, "legacy") == 0 ? EMU_LEGACY :
			    strcmp(v, "dashboard") == 0 ? EMU_DASHBOARD : EMU_GENERIC;
			i++;
		} else {
			fprintf(stderr, "ledger-emu: unknown option %s\n", a);
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	if (ledger_emu_new(&emu, &cfg) != 0) {
		fprintf(stderr, "ledger-emu: cannot set up the device\n");
		return 1;
	}
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return 1;
	(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(s, 4) != 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &sl) != 0) {
		perror("ledger-emu: bind");
		return 1;
	}
	if (port_file != NULL) {
		char tmp[4096];
		FILE *fp;

		/* write then rename, so a reader never sees a half-written port */
		(void)snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
		if ((fp = fopen(tmp, "w")) == NULL)
			return 1;
		fprintf(fp, "%u\n", (unsigned)ntohs(sa.sin_port));
		if (fclose(fp) != 0 || rename(tmp, port_file) != 0)
			return 1;
	} else {
		printf("%u\n", (unsigned)ntohs(sa.sin_port));
		fflush(stdout);
	}
	for (;;) {
		int c = accept(s, NULL, NULL);

		if (c < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		serve(c, emu, drop_after, bad_length);
		close(c);
	}
}
