/* dbcsign — Ledger devices: discovery, one transport handle, one APDU exchange.
 *
 * Modelled on libfido2: an opaque handle with _new/_close(T**), flat errors from sign/err.h,
 * an I/O vtable (hw/io.h) under the HID framing so tests can plug a software device in, and
 * one time budget per exchange (a read never waits past the exchange's deadline).
 *
 * Two transports:
 *   HID  — Ledger's framing over hidapi (hidraw) 64-byte reports;
 *   TCP  — the Speculos "APDU over TCP" protocol (spec "tcp:HOST:PORT"). */
#ifndef DBC_HW_H
#define DBC_HW_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

#define DBC_LEDGER_VID 0x2c97
#define DBC_LEDGER_USAGE_PAGE 0xffa0
#define DBC_HW_APDU_MAX 260      /* short APDU: 5-byte header + 255 data */
#define DBC_HW_RESP_MAX 1024     /* longest reply accepted (data + SW); longer = protocol error */
#define DBC_HW_TIMEOUT_DEFAULT 120000 /* ms; covers a person reading and pressing buttons */

typedef struct dbc_hw_dev dbc_hw_dev_t;

typedef struct {
	char path[256];        /* hidraw path (what --ledger=DEVICE takes) */
	uint16_t vid, pid;
	int interface_number;
	uint16_t usage_page;
	char product[64];      /* UTF-8, from the device's product string; may be empty */
	char serial[64];
} dbc_hw_info_t;

struct dbc_hw_io; /* hw/io.h */

/* "nano s", "nano x", ... from the product id's model byte ("unknown" otherwise). */
const char *dbc_hw_model_name(uint16_t pid);

/* Ledger HID interfaces (vendor 0x2c97, interface 0 or usage page 0xffa0), one entry per path.
 * io NULL → hidapi. *n ≤ cap; more devices than cap are dropped silently. */
int dbc_hw_list(const struct dbc_hw_io *io, dbc_hw_info_t *out, size_t cap, size_t *n) DBC_WUR;

/* Open a device. spec NULL or "": the only Ledger found (none → DBC_ERR_DEVICE_ABSENT,
 * several → DBC_ERR_DEVICE: the caller must choose a path); "tcp:HOST:PORT": Speculos
 * APDU-over-TCP; anything else: a HID path. io NULL → hidapi (ignored for tcp:). */
int dbc_hw_open(dbc_hw_dev_t **out, const struct dbc_hw_io *io, const char *spec) DBC_WUR;
void dbc_hw_close(dbc_hw_dev_t **dev);

/* Total time budget of each later exchange, in ms (> 0). */
void dbc_hw_set_timeout(dbc_hw_dev_t *dev, int ms);
/* HID channel to use (default 0x0101). */
void dbc_hw_set_channel(dbc_hw_dev_t *dev, uint16_t channel);

/* Send one APDU, receive the reply (data ‖ SW1 SW2, at least 2 bytes). Transport errors only:
 * DBC_ERR_TIMEOUT, DBC_ERR_DEVICE_UNPLUGGED, DBC_ERR_DEVICE_PROTOCOL, DBC_ERR_IO, ... ;
 * the status word is the caller's to judge (hw/ledger.h). After a transport error the handle
 * answers every later exchange with that error without touching the device. */
int dbc_hw_exchange(dbc_hw_dev_t *dev, const uint8_t *apdu, size_t len, uint8_t *resp,
                    size_t cap, size_t *resplen) DBC_WUR;

/* Status word and device error text (ASCII, sanitized; "" if none) of the last reply. */
uint16_t dbc_hw_last_sw(const dbc_hw_dev_t *dev);
const char *dbc_hw_last_text(const dbc_hw_dev_t *dev);
/* Used by hw/ledger.c to record them. */
void dbc_hw_note_reply(dbc_hw_dev_t *dev, uint16_t sw, const uint8_t *body, size_t len);

#endif
