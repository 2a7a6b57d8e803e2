/* A fake HID backend for the hw I/O seam (hw/io.h): it reassembles the framed commands the
 * host writes, hands each APDU to the software Ledger (or replays scripted packets), frames
 * the reply, and can inject transport faults. Nothing here sleeps: a "timeout" is hidapi's
 * 0 return, so fault tests never hang. */
#ifndef FAKE_HID_H
#define FAKE_HID_H
#include <stddef.h>
#include <stdint.h>
#include "hw/io.h"
#include "tests/emulator/ledger_emu.h"

typedef enum {
	FAKE_OK = 0,
	FAKE_TIMEOUT,          /* read returns 0 */
	FAKE_TIMEOUT_SECOND,   /* first reply packet arrives, then read returns 0 */
	FAKE_UNPLUG_READ,      /* read returns -1 */
	FAKE_UNPLUG_SECOND,    /* first reply packet arrives, then -1 (unplug mid-reply) */
	FAKE_UNPLUG_WRITE,     /* write returns -1 */
	FAKE_SHORT,            /* a 32-byte report */
	FAKE_SEQ,              /* the first reply packet carries sequence 1 */
	FAKE_SEQ_SECOND,       /* the second reply packet repeats sequence 0 */
	FAKE_CHANNEL,          /* reply on channel 0x0202 */
	FAKE_TAG,              /* reply with tag 0x06 */
	FAKE_OVERSIZE,         /* declared reply length 0xffff */
	FAKE_ZERO_LENGTH,      /* declared reply length 0 */
	FAKE_GARBAGE           /* 64 random-looking bytes */
} fake_fault_t;

#define FAKE_MAX_PACKETS 64
#define FAKE_MAX_APDUS 16

typedef struct {
	ledger_emu_t *emu;           /* answers APDUs (unless script_n > 0) */
	fake_fault_t fault;
	int open_error;              /* returned by open() when non-zero */
	unsigned ndevices;           /* how many devices enumerate() reports (default 1) */
	/* scripted reply packets (64 bytes each), returned in order instead of the emulator's */
	const uint8_t (*script)[64];
	size_t script_n, script_pos;
	/* record of every report written (65 bytes each, report id first) */
	uint8_t written[FAKE_MAX_PACKETS][65];
	size_t nwritten;
	/* last APDU reassembled from the writes */
	uint8_t apdu[300];
	size_t apdulen;
	unsigned napdus;
	/* every APDU reassembled, in order (the first FAKE_MAX_APDUS) */
	uint8_t apdus[FAKE_MAX_APDUS][300];
	size_t apdulens[FAKE_MAX_APDUS];
	/* internal */
	uint8_t rxbuf[300];
	size_t rxhave, rxwant;
	uint16_t rxchan;
	uint8_t out[FAKE_MAX_PACKETS][64];
	size_t out_n, out_pos;
	unsigned reads;
	int opened;
} fake_hid_t;

/* An I/O vtable whose ctx is f (memset f to 0, then set emu/fault/...). */
void fake_hid_io(dbc_hw_io_t *io, fake_hid_t *f);


/* Implementation, stb-style: exactly one translation unit per program defines FAKE_HID_IMPLEMENTATION
 * before including this header. (Unit tests are built by the Makefile from one .c file each,
 * and the Makefile hands every file a test depends on to the linker, so the emulator must
 * not live in a .c file that a test includes.) */
#ifdef FAKE_HID_IMPLEMENTATION
/* Fake HID backend: see fake_hid.h. */
#include <stdio.h>
#include <string.h>

#include "hw/hid_frame.h"

static int
fake_enumerate(void *ctx, dbc_hw_info_t *out, size_t cap, size_t *n)
{
	fake_hid_t *f = ctx;
	unsigned i, want = f->ndevices ? f->ndevices : 1;

	*n = 0;
	if (f->ndevices == (unsigned)-1)
		want = 0;
	for (i = 0; i < want && i < cap; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		(void)snprintf(out[i].path, sizeof(out[i].path), "/dev/hidraw-fake%u", i);
		out[i].vid = 0x2c97;
		out[i].pid = 0x5011;
		out[i].usage_page = 0xffa0;
		(void)snprintf(out[i].product, sizeof(out[i].product), "Nano S Plus");
		(void)snprintf(out[i].serial, sizeof(out[i].serial), "0001");
		(*n)++;
	}
	return 0;
}

static int
fake_open(void *ctx, const char *path, void **handle)
{
	fake_hid_t *f = ctx;

	(void)path;
	*handle = NULL;
	if (f->open_error != 0)
		return f->open_error;
	f->opened++;
	*handle = f;
	return 0;
}

static void
fake_close(void *handle)
{
	fake_hid_t *f = handle;

	f->opened--;
}

/* Frame the emulator's reply to the APDU just received, then apply the fault. */
static void
answer(fake_hid_t *f)
{
	uint8_t resp[LEDGER_EMU_RESP_MAX];
	size_t rl, n = 0;

	f->out_n = f->out_pos = 0;
	if (f->script_n > 0)
		return;
	rl = f->emu ? ledger_emu_apdu(f->emu, f->apdu, f->apdulen, resp) : 0;
	if (f->emu == NULL) {
		resp[0] = 0x6f;
		resp[1] = 0x00;
		rl = 2;
	}
	if (dbc_hid_frame(f->rxchan, resp, rl, f->out, FAKE_MAX_PACKETS, &n) != 0)
		return;
	f->out_n = n;
	switch (f->fault) {
	case FAKE_SEQ: f->out[0][4] = 1; break;
	case FAKE_SEQ_SECOND: if (n > 1) f->out[1][4] = 0; break;
	case FAKE_CHANNEL: f->out[0][0] = 0x02; f->out[0][1] = 0x02; break;
	case FAKE_TAG: f->out[0][2] = 0x06; break;
	case FAKE_OVERSIZE: f->out[0][5] = 0xff; f->out[0][6] = 0xff; break;
	case FAKE_ZERO_LENGTH: f->out[0][5] = 0; f->out[0][6] = 0; break;
	case FAKE_GARBAGE: {
		size_t i;

		for (i = 0; i < 64; i++)
			f->out[0][i] = (uint8_t)(i * 37 + 11);
		break;
	}
	default: break;
	}
}

static int
fake_write(void *handle, const uint8_t *buf, size_t len)
{
	fake_hid_t *f = handle;
	const uint8_t *p = buf + 1;
	size_t pos = 5, take;

	if (f->fault == FAKE_UNPLUG_WRITE)
		return -1;
	if (len != 65 || buf[0] != 0x00)
		return -1;
	if (f->nwritten < FAKE_MAX_PACKETS)
		memcpy(f->written[f->nwritten++], buf, 65);
	if (((p[3] << 8) | p[4]) == 0) {
		f->rxchan = (uint16_t)((p[0] << 8) | p[1]);
		f->rxwant = (size_t)((p[5] << 8) | p[6]);
		f->rxhave = 0;
		pos = 7;
		if (f->rxwant > sizeof(f->rxbuf))
			return -1;
	}
	take = 64 - pos;
	if (take > f->rxwant - f->rxhave)
		take = f->rxwant - f->rxhave;
	memcpy(f->rxbuf + f->rxhave, p + pos, take);
	f->rxhave += take;
	if (f->rxhave == f->rxwant) {
		memcpy(f->apdu, f->rxbuf, f->rxhave);
		f->apdulen = f->rxhave;
		if (f->napdus < FAKE_MAX_APDUS) {
			memcpy(f->apdus[f->napdus], f->rxbuf, f->rxhave);
			f->apdulens[f->napdus] = f->rxhave;
		}
		f->napdus++;
		answer(f);
	}
	return (int)len;
}

static int
fake_read(void *handle, uint8_t *buf, size_t len, int ms)
{
	fake_hid_t *f = handle;
	unsigned nth = f->reads++;
	const uint8_t *pkt;

	(void)ms;
	switch (f->fault) {
	case FAKE_TIMEOUT: return 0;
	case FAKE_UNPLUG_READ: return -1;
	case FAKE_TIMEOUT_SECOND: if (nth >= 1) return 0; break;
	case FAKE_UNPLUG_SECOND: if (nth >= 1) return -1; break;
	default: break;
	}
	if (f->script_n > 0) {
		if (f->script_pos >= f->script_n)
			return 0;
		pkt = f->script[f->script_pos++];
	} else {
		if (f->out_pos >= f->out_n)
			return 0; /* nothing to say: the host sees a timeout */
		pkt = f->out[f->out_pos++];
	}
	if (len < 64)
		return -1;
	memcpy(buf, pkt, 64);
	return f->fault == FAKE_SHORT ? 32 : 64;
}

void
fake_hid_io(dbc_hw_io_t *io, fake_hid_t *f)
{
	io->enumerate = fake_enumerate;
	io->open = fake_open;
	io->close = fake_close;
	io->read = fake_read;
	io->write = fake_write;
	io->ctx = f;
}

#endif /* FAKE_HID_IMPLEMENTATION */

#endif
