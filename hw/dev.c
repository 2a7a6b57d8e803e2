/* Device handle: opening, the one-deadline HID exchange, the last status word. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hw/dev_impl.h"
#include "hw/hid_frame.h"

#define LIST_MAX 16

int64_t
dbc_hw_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
dbc_hw_remaining(int64_t deadline)
{
	int64_t left = deadline - dbc_hw_now_ms();

	if (left <= 0)
		return 0;
	return left > 0x7fffffff ? 0x7fffffff : (int)left;
}

const char *
dbc_hw_model_name(uint16_t pid)
{
	/* Legacy and bootloader ids carry no model byte. */
	if (pid <= 0x0008)
		return pid == 0x0001 ? "nano s" : pid == 0x0004 ? "nano x" :
		    pid == 0x0005 ? "nano s plus" : "ledger (legacy id)";
	switch (pid >> 8) {
	case 0x00: return "blue";
	case 0x10: return "nano s";
	case 0x40: return "nano x";
	case 0x50: return "nano s plus";
	case 0x60: return "stax";
	case 0x70: return "flex";
	case 0x80: return "apex";
	}
	return "unknown";
}

int
dbc_hw_list(const dbc_hw_io_t *io, dbc_hw_info_t *out, size_t cap, size_t *n)
{
	*n = 0;
	if (io == NULL)
		io = dbc_hw_io_hidapi();
	if (io->enumerate == NULL)
		return DBC_ERR_UNSUPPORTED;
	return io->enumerate(io->ctx, out, cap, n);
}

static dbc_hw_dev_t *
dev_alloc(void)
{
	dbc_hw_dev_t *d = calloc(1, sizeof(*d));

	if (d != NULL) {
		d->fd = -1;
		d->channel = DBC_HID_CHANNEL;
		d->timeout_ms = DBC_HW_TIMEOUT_DEFAULT;
	}
	return d;
}

int
dbc_hw_open(dbc_hw_dev_t **out, const dbc_hw_io_t *io, const char *spec)
{
	dbc_hw_dev_t *d;
	dbc_hw_info_t *list = NULL;
	const char *path = spec;
	int rc;

	*out = NULL;
	if ((d = dev_alloc()) == NULL)
		return DBC_ERR_NOMEM;
	if (spec != NULL && strncmp(spec, "tcp:", 4) == 0) {
		d->is_tcp = 1;
		if ((rc = dbc_hw_tcp_connect(spec + 4, d->timeout_ms, &d->fd)) != DBC_OK) {
			free(d);
			return rc;
		}
		*out = d;
		return DBC_OK;
	}
	if (io == NULL)
		io = dbc_hw_io_hidapi();
	d->io = io;
	if (spec == NULL || spec[0] == '\0') {
		size_t n = 0;

		if ((list = calloc(LIST_MAX, sizeof(*list))) == NULL) {
			free(d);
			return DBC_ERR_NOMEM;
		}
		if ((rc = dbc_hw_list(io, list, LIST_MAX, &n)) != DBC_OK)
			goto fail;
		if (n == 0) {
			rc = DBC_ERR_DEVICE_ABSENT;
			goto fail;
		}
		/* Signing on whichever device answers first is not a choice we make for the user. */
		if (n > 1) {
			rc = DBC_ERR_DEVICE;
			goto fail;
		}
		path = list[0].path;
	}
	if ((rc = io->open(io->ctx, path, &d->handle)) != DBC_OK)
		goto fail;
	free(list);
	*out = d;
	return DBC_OK;
fail:
	free(list);
	free(d);
	return rc;
}

void
dbc_hw_close(dbc_hw_dev_t **dev)
{
	dbc_hw_dev_t *d;

	if (dev == NULL || (d = *dev) == NULL)
		return;
	if (d->is_tcp) {
		if (d->fd >= 0)
			(void)close(d->fd);
	} else if (d->handle != NULL && d->io->close != NULL) {
		d->io->close(d->handle);
	}
	free(d);
	*dev = NULL;
}

void
dbc_hw_set_timeout(dbc_hw_dev_t *dev, int ms)
{
	if (ms > 0)
		dev->timeout_ms = ms;
}

void
dbc_hw_set_channel(dbc_hw_dev_t *dev, uint16_t channel)
{
	dev->channel = channel;
}

static int
hid_exchange(dbc_hw_dev_t *d, const uint8_t *apdu, size_t len, uint8_t *resp, size_t cap,
             size_t *resplen)
{
	uint8_t packets[DBC_HID_MAX_PACKETS][DBC_HID_PACKET];
	uint8_t report[DBC_HID_PACKET + 1];
	dbc_hid_rx_t rx;
	int64_t deadline = dbc_hw_now_ms() + d->timeout_ms;
	size_t n, i;
	int rc;

	if ((rc = dbc_hid_frame(d->channel, apdu, len, packets, DBC_HID_MAX_PACKETS, &n)) != DBC_OK)
		return rc;
	for (i = 0; i < n; i++) {
		/* hidapi wants the report id first; Ledger uses none, so 0x00. */
		report[0] = 0x00;
		memcpy(report + 1, packets[i], DBC_HID_PACKET);
		rc = d->io->write(d->handle, report, sizeof(report));
		if (rc < 0)
			return DBC_ERR_DEVICE_UNPLUGGED;
		if ((size_t)rc != sizeof(report))
			return DBC_ERR_IO;
	}
	dbc_hid_rx_init(&rx, d->channel, resp, cap);
	for (;;) {
		int left = dbc_hw_remaining(deadline);

		if (left == 0)
			return DBC_ERR_TIMEOUT;
		rc = d->io->read(d->handle, report, DBC_HID_PACKET, left);
		if (rc == 0)
			return DBC_ERR_TIMEOUT;
		if (rc < 0)
			return DBC_ERR_DEVICE_UNPLUGGED;
		if ((rc = dbc_hid_rx_feed(&rx, report, (size_t)rc)) < 0)
			return rc;
		if (rc == 1)
			break;
	}
	*resplen = rx.have;
	return DBC_OK;
}

int
dbc_hw_exchange(dbc_hw_dev_t *dev, const uint8_t *apdu, size_t len, uint8_t *resp, size_t cap,
                size_t *resplen)
{
	int rc;

	*resplen = 0;
	dev->last_sw = 0;
	dev->last_text[0] = '\0';
	if (len < 5 || len > DBC_HW_APDU_MAX)
		return DBC_ERR_LENGTH;
	/* After a timeout or a broken reply the device may still send the old answer, which the
	 * next command would take for its own: the handle is not used again (no retry). */
	if (dev->dead != 0)
		return dev->dead;
	if (dev->is_tcp)
		rc = dbc_hw_tcp_exchange(dev->fd, dev->timeout_ms, apdu, len, resp, cap, resplen);
	else
		rc = hid_exchange(dev, apdu, len, resp, cap, resplen);
	if (rc != DBC_OK) {
		dev->dead = rc;
		*resplen = 0;
	}
	return rc;
}

uint16_t
dbc_hw_last_sw(const dbc_hw_dev_t *dev)
{
	return dev->last_sw;
}

const char *
dbc_hw_last_text(const dbc_hw_dev_t *dev)
{
	return dev->last_text;
}

void
dbc_hw_note_reply(dbc_hw_dev_t *dev, uint16_t sw, const uint8_t *body, size_t len)
{
	size_t i, j = 0;

	dev->last_sw = sw;
	/* The app puts parser errors as ASCII in the body; keep printable bytes only, since
	 * the CLI prints it on a terminal. */
	for (i = 0; i < len && j + 1 < sizeof(dev->last_text); i++)
		if (body[i] >= 0x20 && body[i] < 0x7f)
			dev->last_text[j++] = (char)body[i];
	dev->last_text[j] = '\0';
}
