/* Speculos APDU-over-TCP: command = u32 BE length ‖ APDU; reply = u32 BE length N ‖ N data
 * bytes ‖ SW1 SW2. The same single deadline as the HID path covers the whole exchange. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hw/dev_impl.h"

static int
wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p;
	int rc;

	for (;;) {
		int left = dbc_hw_remaining(deadline);

		if (left == 0)
			return DBC_ERR_TIMEOUT;
		p.fd = fd;
		p.events = events;
		p.revents = 0;
		rc = poll(&p, 1, left);
		if (rc > 0)
			return DBC_OK;
		if (rc == 0)
			return DBC_ERR_TIMEOUT;
		if (errno != EINTR)
			return DBC_ERR_IO;
	}
}

int
dbc_hw_tcp_connect(const char *hostport, int timeout_ms, int *fd)
{
	char host[256];
	const char *colon = strrchr(hostport, ':');
	const char *port;
	struct addrinfo hints, *res = NULL, *ai;
	int64_t deadline = dbc_hw_now_ms() + timeout_ms;
	int rc = DBC_ERR_DEVICE_ABSENT, s = -1;
	size_t hl;

	*fd = -1;
	if (colon == NULL || colon == hostport || colon[1] == '\0')
		return DBC_ERR_INPUT;
	hl = (size_t)(colon - hostport);
	if (hl >= sizeof(host))
		return DBC_ERR_INPUT;
	memcpy(host, hostport, hl);
	host[hl] = '\0';
	port = colon + 1;
	/* "[::1]:9999" */
	if (host[0] == '[' && hl >= 2 && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	if (strspn(port, "0123456789") != strlen(port) || strlen(port) > 5)
		return DBC_ERR_INPUT;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return DBC_ERR_NETWORK;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		int err = 0;
		socklen_t el = sizeof(err);

		s = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    ai->ai_protocol);
		if (s < 0)
			continue;
		if (connect(s, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS) {
			rc = wait_fd(s, POLLOUT, deadline);
			if (rc == DBC_OK && getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el) == 0 &&
			    err == 0)
				break;
			if (rc == DBC_OK)
				rc = DBC_ERR_DEVICE_ABSENT;
		}
		(void)close(s);
		s = -1;
	}
	freeaddrinfo(res);
	if (s < 0)
		return rc;
	*fd = s;
	return DBC_OK;
}

static int
send_all(int fd, const uint8_t *buf, size_t len, int64_t deadline)
{
	size_t off = 0;
	int rc;

	while (off < len) {
		ssize_t w = send(fd, buf + off, len - off, MSG_NOSIGNAL);

		if (w > 0) {
			off += (size_t)w;
			continue;
		}
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
			if ((rc = wait_fd(fd, POLLOUT, deadline)) != DBC_OK)
				return rc;
			continue;
		}
		return DBC_ERR_DEVICE_UNPLUGGED;
	}
	return DBC_OK;
}

static int
recv_all(int fd, uint8_t *buf, size_t len, int64_t deadline)
{
	size_t off = 0;
	int rc;

	while (off < len) {
		ssize_t r = recv(fd, buf + off, len - off, 0);

		if (r > 0) {
			off += (size_t)r;
			continue;
		}
		if (r == 0)
			return DBC_ERR_DEVICE_UNPLUGGED; /* the emulator went away mid-exchange */
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
			if ((rc = wait_fd(fd, POLLIN, deadline)) != DBC_OK)
				return rc;
			continue;
		}
		return DBC_ERR_DEVICE_UNPLUGGED;
	}
	return DBC_OK;
}

int
dbc_hw_tcp_exchange(int fd, int timeout_ms, const uint8_t *apdu, size_t len, uint8_t *resp,
                    size_t cap, size_t *resplen)
{
	uint8_t hdr[4 + DBC_HW_APDU_MAX];
	int64_t deadline = dbc_hw_now_ms() + timeout_ms;
	uint32_t n;
	int rc;

	if (len > DBC_HW_APDU_MAX)
		return DBC_ERR_LENGTH;
	hdr[0] = (uint8_t)(len >> 24);
	hdr[1] = (uint8_t)(len >> 16);
	hdr[2] = (uint8_t)(len >> 8);
	hdr[3] = (uint8_t)len;
	memcpy(hdr + 4, apdu, len);
	if ((rc = send_all(fd, hdr, 4 + len, deadline)) != DBC_OK)
		return rc;
	if ((rc = recv_all(fd, hdr, 4, deadline)) != DBC_OK)
		return rc;
	n = ((uint32_t)hdr[0] << 24) | ((uint32_t)hdr[1] << 16) | ((uint32_t)hdr[2] << 8) | hdr[3];
	/* The length excludes the status word. */
	if (n > cap || (size_t)n + 2 > cap)
		return DBC_ERR_DEVICE_PROTOCOL;
	if ((rc = recv_all(fd, resp, (size_t)n + 2, deadline)) != DBC_OK)
		return rc;
	*resplen = (size_t)n + 2;
	return DBC_OK;
}
