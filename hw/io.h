/* dbcsign — the I/O seam under the Ledger HID framing (libfido2's fido_dev_io_t idea).
 * The real backend is hidapi; tests plug in a software device (tests/emulator/). */
#ifndef DBC_HW_IO_H
#define DBC_HW_IO_H
#include <stddef.h>
#include <stdint.h>
#include "hw/hw.h"

typedef struct dbc_hw_io {
	/* Fill out[0..cap) with Ledger interfaces; DBC_OK or an error. */
	int (*enumerate)(void *ctx, dbc_hw_info_t *out, size_t cap, size_t *n);
	/* Open path; DBC_OK and *handle, or DBC_ERR_DEVICE_ABSENT / _PERMISSION / ... */
	int (*open)(void *ctx, const char *path, void **handle);
	void (*close)(void *handle);
	/* hidapi semantics: bytes read (> 0), 0 when ms elapsed with nothing, -1 on error/unplug. */
	int (*read)(void *handle, uint8_t *buf, size_t len, int ms);
	/* bytes written (len on success), -1 on error/unplug. buf[0] is the report id 0x00. */
	int (*write)(void *handle, const uint8_t *buf, size_t len);
	void *ctx; /* passed to enumerate/open */
} dbc_hw_io_t;

/* The hidapi (hidraw) backend. */
const dbc_hw_io_t *dbc_hw_io_hidapi(void);

#endif
