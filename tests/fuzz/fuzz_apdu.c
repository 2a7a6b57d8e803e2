/* Fuzz target: Ledger APDU replies (hw/ledger.c) from a scripted device.
 *
 * Byte 0 picks the operation (app info, app version, generic/legacy GET_ADDR, generic SIGN,
 * SIGN_RAW, legacy SIGN_RAW); the rest is a list of replies, each (length u16 BE ‖ bytes),
 * framed correctly onto the HID channel so the fuzzer works on the APDU layer, one reply per
 * APDU the operation sends. The raw input is also split with dbc_apdu_split.
 * Invariants: only error codes (≤ 0) come back; the device's status text kept on the handle is
 * printable ASCII; output strings are terminated inside their buffers; a successful GET_ADDR
 * gives a key of the scheme's length and a terminated address; nothing reads past a reply. */
#include <stdlib.h>
#include <string.h>
#include "hw/ledger.h"
#include "hw/hw.h"
#include "wallet/ss58.h"
#include "tests/fuzz/fuzz_util.h"
#include "tests/fuzz/fuzz_hwfake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static void
printable(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t blob[] = { 0x6f, 0x02, 0x39, 0x30, 0, 0, 0, 0, 0, 0, 0x00, 0x04, 0x00 };
	static const uint8_t raw[] = "<Bytes>dbcsign fuzz</Bytes>";
	fuzz_cur_t c = { data, size };
	dbc_hw_io_t io;
	dbc_hw_dev_t *dev = NULL;
	dbc_ledger_path_t path;
	dbc_ledger_version_t ver;
	uint8_t pub[DBC_PUB_MAX], sig[65], payload[33];
	char a[128], b[64];
	size_t publen = 0, dl, got, plen;
	uint16_t sw, prefix;
	int rc = DBC_OK;
	uint8_t op;

	fuzz_init();
	if (size < 1 || size > 8192)
		return 0;
	if (dbc_apdu_split(data, size, &dl, &sw) == DBC_OK) {
		if (dl + 2 != size || dbc_ledger_sw_message(sw) == NULL)
			abort();
		if (dbc_ledger_sw_err(sw) > 0)
			abort();
	}
	op = fuzz_byte(&c);
	memset(&hwfake, 0, sizeof(hwfake));
	while (c.left >= 2) {
		size_t l = (size_t)fuzz_byte(&c) << 8;
		const uint8_t *p;

		l |= fuzz_byte(&c);
		p = fuzz_take(&c, l, &got);
		if (!hwfake_reply(p, got))
			break;
	}
	hwfake_io(&io);
	if (dbc_hw_open(&dev, &io, NULL) != DBC_OK)
		abort();
	dbc_hw_set_timeout(dev, 1000);
	if (dbc_ledger_path_make(&path, 0, 0, op >> 4) != DBC_OK)
		abort();
	memset(a, 0x55, sizeof(a));
	memset(b, 0x55, sizeof(b));
	switch (op % 8) {
	case 0:
		if ((rc = dbc_ledger_app_info(dev, a, sizeof(a), b, sizeof(b))) == DBC_OK &&
		    (!terminated(a, sizeof(a)) || !terminated(b, sizeof(b))))
			abort();
		break;
	case 1:
		rc = dbc_ledger_get_version(dev, DBC_LEDGER_CLA_GENERIC, &ver);
		break;
	case 2:
	case 3: {
		dbc_scheme_t s = op % 8 == 2 ? DBC_ED25519 : DBC_ECDSA;

		rc = dbc_ledger_generic_address(dev, &path, s, 42, 0, pub, &publen, a, sizeof(a));
		if (rc == DBC_OK) {
			if (publen != dbc_scheme_publen(s) || !terminated(a, sizeof(a)))
				abort();
			/* The device's own SS58 text is returned as is (it may name another key or
			 * prefix); cli/cmd_hw.c re-derives the address from the public key and refuses
			 * a mismatch, so only decoding it is exercised here. */
			if (dbc_ss58_decode(payload, &plen, &prefix, a) == DBC_OK && plen > sizeof(payload))
				abort();
		}
		break;
	}
	case 4:
		rc = dbc_ledger_generic_sign(dev, &path, op & 0x10 ? DBC_ECDSA : DBC_ED25519, blob,
		                             sizeof(blob), (const uint8_t *)"proof", 5, sig);
		break;
	case 5:
		rc = dbc_ledger_generic_sign_raw(dev, &path, DBC_ED25519, raw, sizeof(raw) - 1, sig);
		break;
	case 6:
		rc = dbc_ledger_legacy_address(dev, DBC_LEDGER_CLA_LEGACY_POLKADOT, &path,
		                               op & 0x10 ? DBC_SR25519 : DBC_ED25519, 0, pub, a, sizeof(a));
		if (rc == DBC_OK && !terminated(a, sizeof(a)))
			abort();
		break;
	default:
		rc = dbc_ledger_legacy_sign_raw(dev, DBC_LEDGER_CLA_LEGACY_POLKADOT, &path, DBC_SR25519,
		                                raw, sizeof(raw) - 1, sig);
		break;
	}
	if (rc > 0)
		abort();
	printable(dbc_hw_last_text(dev));
	if (rc != DBC_OK)
		(void)dbc_ledger_err_hint(rc);
	dbc_hw_close(&dev);
	return 0;
}
