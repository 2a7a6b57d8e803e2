/* Fuzz target: Ledger HID frame reassembly (hw/hid_frame.c) and the exchange loop over a
 * scripted device (hw/dev.c).
 *
 * Byte 0 picks the mode:
 *  0  raw reports → dbc_hid_rx_feed. Byte 1 sets the reply buffer size; then records of
 *     (length byte, bytes). Invariants: the result is 0, 1 or DBC_ERR_DEVICE_PROTOCOL; the
 *     reassembled length never exceeds the buffer; after completion, framing the message again
 *     and reassembling that gives the same bytes in the same number of packets
 *     (decode → encode → decode round trip).
 *  1  a message → dbc_hid_frame → reassembly: must come back byte for byte.
 *  2  dbc_hw_exchange against a scripted device whose reads return the input's records,
 *     including timeouts (length 0) and unplugs (length 0xff): the exchange returns only
 *     transport errors (timeout, unplugged, protocol, length) or a reply of at least the
 *     2-byte status word, within the reply buffer; it never writes a partial report. */
#include <stdlib.h>
#include <string.h>
#include "hw/hid_frame.h"
#include "hw/hw.h"
#include "tests/fuzz/fuzz_util.h"
#include "tests/fuzz/fuzz_hwfake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
reassemble_again(const uint8_t *msg, size_t len, size_t npackets_fed)
{
	uint8_t pk[DBC_HID_MAX_PACKETS][DBC_HID_PACKET], buf[DBC_HW_RESP_MAX];
	dbc_hid_rx_t rx;
	size_t n, i;
	int rc = 0;

	if (len < 2)
		return; /* a reply always carries the status word; the reassembler refuses less */
	if (dbc_hid_frame(DBC_HID_CHANNEL, msg, len, pk, DBC_HID_MAX_PACKETS, &n) != DBC_OK) {
		/* only a message needing more than DBC_HID_MAX_PACKETS reports may be refused */
		if (dbc_hid_packet_count(len) <= DBC_HID_MAX_PACKETS)
			abort();
		return;
	}
	if (n != dbc_hid_packet_count(len) || (npackets_fed != 0 && n != npackets_fed))
		abort();
	dbc_hid_rx_init(&rx, DBC_HID_CHANNEL, buf, sizeof(buf));
	for (i = 0; i < n; i++) {
		rc = dbc_hid_rx_feed(&rx, pk[i], DBC_HID_PACKET);
		if (rc != (i + 1 == n ? 1 : 0))
			abort();
	}
	if (rx.have != len || memcmp(buf, msg, len) != 0)
		abort();
}

static void
raw_feed(fuzz_cur_t *c)
{
	uint8_t buf[DBC_HW_RESP_MAX], pkt[80];
	size_t cap = (size_t)fuzz_byte(c) * 4 + 1, got, fed = 0;
	dbc_hid_rx_t rx;
	const uint8_t *p;
	int rc = 0;

	if (cap > sizeof(buf))
		cap = sizeof(buf);
	dbc_hid_rx_init(&rx, DBC_HID_CHANNEL, buf, cap);
	while (c->left > 0) {
		size_t want = fuzz_byte(c);

		want = want >= 0xc0 ? DBC_HID_PACKET : want % 70; /* mostly full reports */
		p = fuzz_take(c, want, &got);
		memcpy(pkt, p, got);
		rc = dbc_hid_rx_feed(&rx, pkt, got);
		fed++;
		if (rx.have > cap || (rx.want != 0 && rx.have > rx.want))
			abort();
		if (rc < 0) {
			if (rc != DBC_ERR_DEVICE_PROTOCOL)
				abort();
			return;
		}
		if (rc > 1)
			abort();
		if (rc == 1) {
			if (rx.have != rx.want)
				abort();
			reassemble_again(buf, rx.have, fed);
			return;
		}
	}
}

static void
exchange(fuzz_cur_t *c)
{
	static const uint8_t apdu[] = { 0xf9, 0x00, 0x00, 0x00, 0x00 };
	dbc_hw_io_t io;
	dbc_hw_dev_t *dev = NULL;
	uint8_t resp[DBC_HW_RESP_MAX];
	size_t rl = 0, got;
	const uint8_t *p;
	int rc;

	memset(&hwfake, 0, sizeof(hwfake));
	while (c->left > 0 && hwfake.n < HWFAKE_MAX) {
		uint8_t l = fuzz_byte(c);

		if (l == 0xff) {
			hwfake.len[hwfake.n++] = -1;
			continue;
		}
		l = l >= 0xc0 ? DBC_HID_PACKET : l % 65;
		p = fuzz_take(c, l, &got);
		memcpy(hwfake.pkt[hwfake.n], p, got);
		hwfake.len[hwfake.n++] = (int)got;
	}
	hwfake_io(&io);
	if (dbc_hw_open(&dev, &io, NULL) != DBC_OK)
		abort();
	dbc_hw_set_timeout(dev, 1000);
	rc = dbc_hw_exchange(dev, apdu, sizeof(apdu), resp, sizeof(resp), &rl);
	if (rc == DBC_OK) {
		if (rl < 2 || rl > sizeof(resp))
			abort();
	} else if (rc != DBC_ERR_TIMEOUT && rc != DBC_ERR_DEVICE_UNPLUGGED &&
	           rc != DBC_ERR_DEVICE_PROTOCOL && rc != DBC_ERR_IO && rc != DBC_ERR_LENGTH) {
		abort();
	}
	if (hwfake.writes != 1)
		abort(); /* a 5-byte APDU is one report */
	dbc_hw_close(&dev);
	if (dev != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_cur_t c = { data, size };
	uint8_t mode;

	fuzz_init();
	if (size < 1 || size > 8192)
		return 0;
	mode = fuzz_byte(&c) % 3;
	if (mode == 0)
		raw_feed(&c);
	else if (mode == 1)
		reassemble_again(c.p, c.left < DBC_HW_RESP_MAX ? c.left : DBC_HW_RESP_MAX, 0);
	else
		exchange(&c);
	return 0;
}
