/* A scripted HID device for the hw fuzz targets (header only; one user per program).
 *
 * Writes are accepted (and counted); each read returns the next scripted report. A script
 * entry has a length (1..64 bytes are returned as read), or one of two markers: 0 = hidapi
 * timeout, -1 = unplug. When the script is used up, reads time out. */
#ifndef DBC_FUZZ_HWFAKE_H
#define DBC_FUZZ_HWFAKE_H
#include <stdint.h>
#include <string.h>
#include "hw/hw.h"
#include "hw/io.h"
#include "hw/hid_frame.h"

#define HWFAKE_MAX 64

typedef struct {
	uint8_t pkt[HWFAKE_MAX][DBC_HID_PACKET];
	int len[HWFAKE_MAX];
	size_t n, pos;
	size_t writes;
} hwfake_t;

static hwfake_t hwfake;

static int
hwfake_enumerate(void *ctx, dbc_hw_info_t *out, size_t cap, size_t *n)
{
	(void)ctx;
	*n = 0;
	if (cap == 0)
		return 0;
	memset(&out[0], 0, sizeof(out[0]));
	strcpy(out[0].path, "/dev/hidraw-fuzz");
	out[0].vid = 0x2c97;
	out[0].pid = 0x5011;
	out[0].usage_page = 0xffa0;
	*n = 1;
	return 0;
}

static int
hwfake_open(void *ctx, const char *path, void **handle)
{
	(void)ctx;
	(void)path;
	*handle = &hwfake;
	return 0;
}

static void
hwfake_close(void *handle)
{
	(void)handle;
}

static int
hwfake_read(void *handle, uint8_t *buf, size_t len, int ms)
{
	hwfake_t *f = handle;
	int n;

	(void)ms;
	if (f->pos >= f->n)
		return 0;
	n = f->len[f->pos];
	if (n > 0) {
		if ((size_t)n > len)
			n = (int)len;
		memcpy(buf, f->pkt[f->pos], (size_t)n);
	}
	f->pos++;
	return n;
}

static int
hwfake_write(void *handle, const uint8_t *buf, size_t len)
{
	hwfake_t *f = handle;

	if (len != DBC_HID_PACKET + 1 || buf[0] != 0)
		__builtin_trap(); /* the framing layer must always write full reports with id 0 */
	f->writes++;
	return (int)len;
}

static inline void
hwfake_io(dbc_hw_io_t *io)
{
	memset(io, 0, sizeof(*io));
	io->enumerate = hwfake_enumerate;
	io->open = hwfake_open;
	io->close = hwfake_close;
	io->read = hwfake_read;
	io->write = hwfake_write;
}

/* Script one correctly framed reply (channel 0x0101). 0 when it does not fit. */
static inline int
hwfake_reply(const uint8_t *msg, size_t len)
{
	uint8_t pk[DBC_HID_MAX_PACKETS][DBC_HID_PACKET];
	size_t n, i;

	if (dbc_hid_frame(DBC_HID_CHANNEL, msg, len, pk, DBC_HID_MAX_PACKETS, &n) != DBC_OK ||
	    hwfake.n + n > HWFAKE_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		memcpy(hwfake.pkt[hwfake.n], pk[i], DBC_HID_PACKET);
		hwfake.len[hwfake.n++] = DBC_HID_PACKET;
	}
	return 1;
}

#endif
