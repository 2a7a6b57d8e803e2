/* Ledger HID framing. Every check is strict: a reply that deviates in any field is refused,
 * since a half-understood reply from a signing device must never be used. */
#include <string.h>

#include "hw/hid_frame.h"

#define HDR 5 /* channel(2) tag(1) seq(2) */

size_t
dbc_hid_packet_count(size_t len)
{
	size_t total = len + 2; /* the length prefix */

	return (total + (DBC_HID_PACKET - HDR) - 1) / (DBC_HID_PACKET - HDR);
}

int
dbc_hid_frame(uint16_t channel, const uint8_t *msg, size_t len,
              uint8_t packets[][DBC_HID_PACKET], size_t cap, size_t *n)
{
	size_t count, off = 0, i;

	*n = 0;
	if (len > 0xffff)
		return DBC_ERR_TOO_LARGE;
	count = dbc_hid_packet_count(len);
	if (count > cap || count > 0xffff)
		return DBC_ERR_TOO_LARGE;
	for (i = 0; i < count; i++) {
		uint8_t *p = packets[i];
		size_t pos = HDR, take;

		memset(p, 0, DBC_HID_PACKET);
		p[0] = (uint8_t)(channel >> 8);
		p[1] = (uint8_t)channel;
		p[2] = DBC_HID_TAG;
		p[3] = (uint8_t)(i >> 8);
		p[4] = (uint8_t)i;
		if (i == 0) {
			p[5] = (uint8_t)(len >> 8);
			p[6] = (uint8_t)len;
			pos = HDR + 2;
		}
		take = DBC_HID_PACKET - pos;
		if (take > len - off)
			take = len - off;
		if (take > 0)
			memcpy(p + pos, msg + off, take);
		off += take;
	}
	*n = count;
	return DBC_OK;
}

void
dbc_hid_rx_init(dbc_hid_rx_t *rx, uint16_t channel, uint8_t *buf, size_t cap)
{
	memset(rx, 0, sizeof(*rx));
	rx->channel = channel;
	rx->buf = buf;
	rx->cap = cap;
}

int
dbc_hid_rx_feed(dbc_hid_rx_t *rx, const uint8_t *pkt, size_t len)
{
	size_t pos = HDR, take;

	if (len != DBC_HID_PACKET)
		return DBC_ERR_DEVICE_PROTOCOL;
	if ((((unsigned)pkt[0] << 8) | pkt[1]) != rx->channel)
		return DBC_ERR_DEVICE_PROTOCOL;
	if (pkt[2] != DBC_HID_TAG)
		return DBC_ERR_DEVICE_PROTOCOL;
	if ((((unsigned)pkt[3] << 8) | pkt[4]) != rx->seq)
		return DBC_ERR_DEVICE_PROTOCOL;
	if (rx->seq == 0) {
		rx->want = ((size_t)pkt[5] << 8) | pkt[6];
		/* A reply always carries the 2-byte status word. */
		if (rx->want < 2 || rx->want > rx->cap)
			return DBC_ERR_DEVICE_PROTOCOL;
		pos = HDR + 2;
	}
	if (rx->seq == 0xffff)
		return DBC_ERR_DEVICE_PROTOCOL;
	rx->seq++;
	take = DBC_HID_PACKET - pos;
	if (take > rx->want - rx->have)
		take = rx->want - rx->have;
	memcpy(rx->buf + rx->have, pkt + pos, take);
	rx->have += take;
	return rx->have == rx->want ? 1 : 0;
}
