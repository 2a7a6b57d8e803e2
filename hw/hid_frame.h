/* dbcsign — Ledger HID framing (LedgerHQ hid-framing; spec ledger.md §1.1), pure functions.
 * Packet = channel u16 BE ‖ tag 0x05 ‖ sequence u16 BE ‖ payload, 64 bytes, zero padded;
 * the first payload starts with the total message length u16 BE. */
#ifndef DBC_HID_FRAME_H
#define DBC_HID_FRAME_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

#define DBC_HID_PACKET 64
#define DBC_HID_CHANNEL 0x0101
#define DBC_HID_TAG 0x05
#define DBC_HID_MAX_PACKETS 8 /* a 260-byte APDU needs 5 */

/* Number of packets for a message of len bytes. */
size_t dbc_hid_packet_count(size_t len);
/* Frame a command; packets[i] are the 64-byte reports (without the hidapi report id). */
int dbc_hid_frame(uint16_t channel, const uint8_t *msg, size_t len,
                  uint8_t packets[][DBC_HID_PACKET], size_t cap, size_t *n) DBC_WUR;

/* Reply reassembler: feed packets in order; checks channel, tag, sequence and length. */
typedef struct {
	uint16_t channel;
	uint16_t seq;     /* next expected sequence number */
	size_t want;      /* total length (from the first packet); 0 before it */
	size_t have;
	uint8_t *buf;
	size_t cap;
} dbc_hid_rx_t;

void dbc_hid_rx_init(dbc_hid_rx_t *rx, uint16_t channel, uint8_t *buf, size_t cap);
/* 1: message complete (rx->have bytes in buf); 0: need more; < 0: DBC_ERR_DEVICE_PROTOCOL. */
int dbc_hid_rx_feed(dbc_hid_rx_t *rx, const uint8_t *pkt, size_t len) DBC_WUR;

#endif
