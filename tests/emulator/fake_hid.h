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

#endif
