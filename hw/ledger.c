/* Ledger APDU clients. Every reply is length-checked before a byte of it is used. */
#include <stdio.h>
#include <string.h>

#include "hw/ledger.h"

int
dbc_ledger_path_make(dbc_ledger_path_t *p, uint32_t account, uint32_t change, uint32_t index)
{
	if (account >= DBC_LEDGER_HARDENED || change >= DBC_LEDGER_HARDENED ||
	    index >= DBC_LEDGER_HARDENED)
		return DBC_ERR_RANGE;
	p->idx[0] = DBC_LEDGER_HARDENED | 44;
	p->idx[1] = DBC_LEDGER_HARDENED | DBC_LEDGER_COIN_POLKADOT;
	p->idx[2] = DBC_LEDGER_HARDENED | account;
	p->idx[3] = DBC_LEDGER_HARDENED | change;
	p->idx[4] = DBC_LEDGER_HARDENED | index;
	return DBC_OK;
}

void
dbc_ledger_path_serialize(const dbc_ledger_path_t *p, uint8_t out[20])
{
	size_t i;

	for (i = 0; i < 5; i++) {
		out[4 * i] = (uint8_t)p->idx[i];
		out[4 * i + 1] = (uint8_t)(p->idx[i] >> 8);
		out[4 * i + 2] = (uint8_t)(p->idx[i] >> 16);
		out[4 * i + 3] = (uint8_t)(p->idx[i] >> 24);
	}
}

void
dbc_ledger_path_format(const dbc_ledger_path_t *p, char *out, size_t cap)
{
	size_t i, used;
	int n;

	if (cap == 0)
		return;
	n = snprintf(out, cap, "m");
	used = n > 0 ? (size_t)n : 0;
	for (i = 0; i < 5 && used < cap; i++) {
		n = snprintf(out + used, cap - used, "/%u%s",
		    (unsigned)(p->idx[i] & ~DBC_LEDGER_HARDENED),
		    (p->idx[i] & DBC_LEDGER_HARDENED) ? "'" : "");
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

int
dbc_apdu_build(uint8_t *out, size_t cap, size_t *len, uint8_t cla, uint8_t ins, uint8_t p1,
               uint8_t p2, const uint8_t *data, size_t datalen)
{
	*len = 0;
	if (datalen > 255 || cap < 5 + datalen)
		return DBC_ERR_TOO_LARGE;
	out[0] = cla;
	out[1] = ins;
	out[2] = p1;
	out[3] = p2;
	out[4] = (uint8_t)datalen;
	if (datalen > 0)
		memcpy(out + 5, data, datalen);
	*len = 5 + datalen;
	return DBC_OK;
}

int
dbc_apdu_split(const uint8_t *resp, size_t len, size_t *datalen, uint16_t *sw)
{
	if (len < 2)
		return DBC_ERR_DEVICE_PROTOCOL;
	*datalen = len - 2;
	*sw = (uint16_t)(((unsigned)resp[len - 2] << 8) | resp[len - 1]);
	return DBC_OK;
}

int
dbc_ledger_sw_err(uint16_t sw)
{
	switch (sw) {
	case 0x9000: return DBC_OK;
	case 0x6986: return DBC_ERR_REJECTED;
	case 0x5515: return DBC_ERR_DEVICE_LOCKED;
	case 0x6e00: case 0x6e01: case 0x6d00: case 0x6d02: case 0x6511: case 0x6807:
		return DBC_ERR_DEVICE_APP;
	case 0x6400: case 0x6700: case 0x6982: case 0x6983: case 0x6984: case 0x6985:
	case 0x6987: case 0x6a80: case 0x6b00: case 0x6f00: case 0x6f01: case 0x9001:
	case 0x6a84: case 0x6a85:
		return DBC_ERR_DEVICE;
	}
	return DBC_ERR_DEVICE_PROTOCOL;
}

const char *
dbc_ledger_sw_message(uint16_t sw)
{
	switch (sw) {
	case 0x9000: return "ok";
	case 0x6986: return "rejected on the device";
	case 0x5515: return "the device is locked: unlock it with your PIN and try again";
	case 0x6e00: return "wrong app: open the Polkadot app on the device";
	case 0x6e01: return "no app open: open the Polkadot app on the device";
	case 0x6d00: return "the open app does not know this command: open the Polkadot app";
	case 0x6d02: return "the device is on its dashboard: open the Polkadot app";
	case 0x6511: return "no app open: open the Polkadot app on the device";
	case 0x6807: return "the app is not installed on the device";
	case 0x6400: return "the app failed to execute the command";
	case 0x6700: return "the app refused the command length";
	case 0x6982: return "security status not satisfied (is the device locked?)";
	case 0x6983: return "the app's output buffer is too small";
	case 0x6984: return "the app refused the data";
	case 0x6985: return "conditions of use not satisfied";
	case 0x6987: return "signing was not initialized on the device";
	case 0x6a80: return "the app refused the data (bad key handle)";
	case 0x6a84: return "not enough memory on the device";
	case 0x6a85: return "not enough memory on the device";
	case 0x6b00: return "the app refused P1/P2 (unsupported scheme?)";
	case 0x6f00: return "unknown device error";
	case 0x6f01: return "the device failed to sign";
	case 0x9001: return "the device is busy";
	}
	return "unexpected status word from the device";
}

const char *
dbc_ledger_err_hint(int err)
{
	switch (err) {
	case DBC_ERR_REJECTED: return "rejected on the device";
	case DBC_ERR_DEVICE_ABSENT: return "no Ledger found: plug it in and unlock it";
	case DBC_ERR_DEVICE_PERMISSION:
		return "permission denied on the Ledger's /dev/hidraw node: install Ledger's udev rules "
		    "(https://github.com/LedgerHQ/udev-rules, add_udev_rules.sh as root), then replug "
		    "the device";
	case DBC_ERR_DEVICE_UNPLUGGED: return "the Ledger was unplugged or the connection dropped";
	case DBC_ERR_TIMEOUT: return "the Ledger did not answer in time";
	case DBC_ERR_DEVICE_PROTOCOL: return "the Ledger sent a malformed or unexpected reply";
	case DBC_ERR_DEVICE_LOCKED: return "the Ledger is locked: unlock it with your PIN";
	case DBC_ERR_DEVICE_BUSY:
		return "another program has the Ledger open (another dbcsign, or a wallet that locks "
		    "the device): close it and retry";
	case DBC_ERR_DEVICE_APP: return "open the Polkadot app on the Ledger";
	case DBC_ERR_DEVICE: return "the Ledger reported an error";
	}
	return NULL;
}

int
dbc_ledger_cmd(dbc_hw_dev_t *dev, uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2,
               const uint8_t *data, size_t datalen, uint8_t *out, size_t cap, size_t *outlen)
{
	uint8_t apdu[DBC_HW_APDU_MAX], resp[DBC_HW_RESP_MAX];
	size_t alen, rlen, dlen;
	uint16_t sw;
	int rc;

	*outlen = 0;
	if ((rc = dbc_apdu_build(apdu, sizeof(apdu), &alen, cla, ins, p1, p2, data, datalen)) != DBC_OK)
		return rc;
	if ((rc = dbc_hw_exchange(dev, apdu, alen, resp, sizeof(resp), &rlen)) != DBC_OK)
		return rc;
	if ((rc = dbc_apdu_split(resp, rlen, &dlen, &sw)) != DBC_OK)
		return rc;
	dbc_hw_note_reply(dev, sw, sw == DBC_LEDGER_SW_OK ? NULL : resp, sw == DBC_LEDGER_SW_OK ? 0 : dlen);
	if ((rc = dbc_ledger_sw_err(sw)) != DBC_OK)
		return rc;
	if (dlen > cap)
		return DBC_ERR_DEVICE_PROTOCOL;
	if (dlen > 0)
		memcpy(out, resp, dlen);
	*outlen = dlen;
	return DBC_OK;
}

/* Copy a length-prefixed printable field into out. */
static int
take_field(const uint8_t *d, size_t dlen, size_t *pos, char *out, size_t cap)
{
	size_t n, i;

	if (*pos >= dlen)
		return DBC_ERR_DEVICE_PROTOCOL;
	n = d[(*pos)++];
	if (n > dlen - *pos || n + 1 > cap)
		return DBC_ERR_DEVICE_PROTOCOL;
	for (i = 0; i < n; i++) {
		uint8_t c = d[*pos + i];

		if (c < 0x20 || c >= 0x7f)
			return DBC_ERR_DEVICE_PROTOCOL;
		out[i] = (char)c;
	}
	out[n] = '\0';
	*pos += n;
	return DBC_OK;
}

int
dbc_ledger_app_info(dbc_hw_dev_t *dev, char *name, size_t namecap, char *version, size_t vercap)
{
	uint8_t d[DBC_HW_RESP_MAX];
	size_t dlen, pos = 1;
	int rc;

	if ((rc = dbc_ledger_cmd(dev, 0xb0, 0x01, 0, 0, NULL, 0, d, sizeof(d), &dlen)) != DBC_OK)
		return rc;
	if (dlen < 1 || d[0] != 0x01)
		return DBC_ERR_DEVICE_PROTOCOL;
	if ((rc = take_field(d, dlen, &pos, name, namecap)) != DBC_OK)
		return rc;
	return take_field(d, dlen, &pos, version, vercap);
}

int
dbc_ledger_open_app(dbc_hw_dev_t *dev, const char *name)
{
	uint8_t d[16];
	size_t dlen, n = strlen(name);

	if (n == 0 || n > 64)
		return DBC_ERR_INPUT;
	return dbc_ledger_cmd(dev, 0xe0, 0xd8, 0, 0, (const uint8_t *)name, n, d, sizeof(d), &dlen);
}

static uint32_t
be(const uint8_t *p, size_t n)
{
	uint32_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

int
dbc_ledger_get_version(dbc_hw_dev_t *dev, uint8_t cla, dbc_ledger_version_t *v)
{
	uint8_t d[64];
	size_t dlen, w;
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = dbc_ledger_cmd(dev, cla, DBC_LEDGER_INS_VERSION, 0, 0, NULL, 0, d, sizeof(d),
	    &dlen)) != DBC_OK)
		return rc;
	/* test(1) ‖ 3 version fields of width 1, 2 or 4 ‖ locked(1) [‖ targetId(4)] */
	if (dlen == 5 || dlen == 9)
		w = 1;
	else if (dlen == 12)
		w = 2;
	else if (dlen == 18)
		w = 4;
	else
		return DBC_ERR_DEVICE_PROTOCOL;
	v->test_mode = d[0] != 0;
	v->major = be(d + 1, w);
	v->minor = be(d + 1 + w, w);
	v->patch = be(d + 1 + 2 * w, w);
	v->locked = d[1 + 3 * w] != 0;
	if (dlen > 5)
		v->target_id = be(d + 2 + 3 * w, 4);
	return DBC_OK;
}

static int
copy_address(const uint8_t *d, size_t n, char *addr, size_t cap)
{
	static const char b58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	size_t i;

	if (n == 0 || n + 1 > cap || n > 64)
		return DBC_ERR_DEVICE_PROTOCOL;
	for (i = 0; i < n; i++) {
		if (d[i] == 0 || strchr(b58, d[i]) == NULL)
			return DBC_ERR_DEVICE_PROTOCOL;
		addr[i] = (char)d[i];
	}
	addr[n] = '\0';
	return DBC_OK;
}

int
dbc_ledger_generic_address(dbc_hw_dev_t *dev, const dbc_ledger_path_t *path, dbc_scheme_t scheme,
                           uint16_t ss58, int show, uint8_t pub[DBC_PUB_MAX], size_t *publen,
                           char *addr, size_t addrcap)
{
	uint8_t data[22], d[256];
	size_t dlen, datalen = 20, i;
	int rc;

	*publen = 0;
	if (scheme != DBC_ED25519 && scheme != DBC_ECDSA)
		return DBC_ERR_UNSUPPORTED; /* the generic app has no sr25519 */
	dbc_ledger_path_serialize(path, data);
	if (scheme == DBC_ED25519) {
		data[20] = (uint8_t)ss58;
		data[21] = (uint8_t)(ss58 >> 8);
		datalen = 22;
	}
	if ((rc = dbc_ledger_cmd(dev, DBC_LEDGER_CLA_GENERIC, DBC_LEDGER_INS_GET_ADDR, show ? 1 : 0,
	    scheme == DBC_ED25519 ? 0 : 2, data, datalen, d, sizeof(d), &dlen)) != DBC_OK)
		return rc;
	if (scheme == DBC_ED25519) {
		if (dlen <= 32)
			return DBC_ERR_DEVICE_PROTOCOL;
		if ((rc = copy_address(d + 32, dlen - 32, addr, addrcap)) != DBC_OK)
			return rc;
		memcpy(pub, d, 32);
		*publen = 32;
		return DBC_OK;
	}
	/* ecdsa: compressed public key(33) ‖ 20-byte Ethereum address */
	if (dlen != 53 || (d[0] != 0x02 && d[0] != 0x03) || addrcap < 43)
		return DBC_ERR_DEVICE_PROTOCOL;
	memcpy(pub, d, 33);
	*publen = 33;
	addr[0] = '0';
	addr[1] = 'x';
	for (i = 0; i < 20; i++)
		(void)snprintf(addr + 2 + 2 * i, 3, "%02x", d[33 + i]);
	return DBC_OK;
}

/* INIT chunk, then payload (a ‖ b) in 250-byte ADD chunks, the last one LAST; the final reply
 * is the signature. */
static int
send_chunks(dbc_hw_dev_t *dev, uint8_t cla, uint8_t ins, uint8_t p2, const uint8_t *init,
            size_t initlen, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
            uint8_t *out, size_t cap, size_t *outlen)
{
	uint8_t chunk[DBC_LEDGER_CHUNK], d[DBC_HW_RESP_MAX];
	size_t total = alen + blen, off = 0, dlen;
	int rc;

	if (total == 0)
		return DBC_ERR_EMPTY;
	if ((rc = dbc_ledger_cmd(dev, cla, ins, DBC_LEDGER_P1_INIT, p2, init, initlen, d, sizeof(d),
	    &dlen)) != DBC_OK)
		return rc;
	while (off < total) {
		size_t n = total - off, i;

		if (n > DBC_LEDGER_CHUNK)
			n = DBC_LEDGER_CHUNK;
		for (i = 0; i < n; i++)
			chunk[i] = off + i < alen ? a[off + i] : b[off + i - alen];
		off += n;
		rc = dbc_ledger_cmd(dev, cla, ins, off == total ? DBC_LEDGER_P1_LAST : DBC_LEDGER_P1_ADD,
		    p2, chunk, n, d, sizeof(d), &dlen);
		if (rc != DBC_OK)
			return rc;
		/* Only the LAST chunk may carry a signature. */
		if (off < total && dlen != 0)
			return DBC_ERR_DEVICE_PROTOCOL;
	}
	if (dlen > cap)
		return DBC_ERR_DEVICE_PROTOCOL;
	memcpy(out, d, dlen);
	*outlen = dlen;
	return DBC_OK;
}

static int
generic_sign(dbc_hw_dev_t *dev, uint8_t ins, const dbc_ledger_path_t *path, dbc_scheme_t scheme,
             const uint8_t *blob, size_t bloblen, const uint8_t *proof, size_t prooflen,
             uint8_t sig[65])
{
	uint8_t init[22], d[128];
	size_t dlen;
	int rc;

	if (scheme != DBC_ED25519 && scheme != DBC_ECDSA)
		return DBC_ERR_UNSUPPORTED;
	if (bloblen == 0)
		return DBC_ERR_EMPTY;
	if (bloblen > 0xffff || prooflen > 16384)
		return DBC_ERR_TOO_LARGE;
	dbc_ledger_path_serialize(path, init);
	init[20] = (uint8_t)bloblen;
	init[21] = (uint8_t)(bloblen >> 8);
	if ((rc = send_chunks(dev, DBC_LEDGER_CLA_GENERIC, ins, scheme == DBC_ED25519 ? 0 : 2, init,
	    sizeof(init), blob, bloblen, proof, prooflen, d, sizeof(d), &dlen)) != DBC_OK)
		return rc;
	if (dlen != 65 || (scheme == DBC_ED25519 && d[0] != 0x00))
		return DBC_ERR_DEVICE_PROTOCOL;
	memcpy(sig, d, 65);
	return DBC_OK;
}

int
dbc_ledger_generic_sign(dbc_hw_dev_t *dev, const dbc_ledger_path_t *path, dbc_scheme_t scheme,
                        const uint8_t *blob, size_t bloblen, const uint8_t *proof,
                        size_t prooflen, uint8_t sig[65])
{
	return generic_sign(dev, DBC_LEDGER_INS_SIGN, path, scheme, blob, bloblen, proof, prooflen,
	    sig);
}

int
dbc_ledger_is_wrapped(const uint8_t *msg, size_t len)
{
	return len >= 15 && memcmp(msg, "<Bytes>", 7) == 0 && memcmp(msg + len - 8, "</Bytes>", 8) == 0;
}

int
dbc_ledger_generic_sign_raw(dbc_hw_dev_t *dev, const dbc_ledger_path_t *path,
                            dbc_scheme_t scheme, const uint8_t *msg, size_t len, uint8_t sig[65])
{
	/* The app refuses anything else; say so without a round trip. */
	if (!dbc_ledger_is_wrapped(msg, len))
		return DBC_ERR_INPUT;
	return generic_sign(dev, DBC_LEDGER_INS_SIGN_RAW, path, scheme, msg, len, NULL, 0, sig);
}

static int
legacy_p2(dbc_scheme_t scheme, uint8_t *p2)
{
	if (scheme == DBC_ED25519)
		*p2 = 0;
	else if (scheme == DBC_SR25519)
		*p2 = 1;
	else
		return DBC_ERR_UNSUPPORTED;
	return DBC_OK;
}

int
dbc_ledger_legacy_address(dbc_hw_dev_t *dev, uint8_t cla, const dbc_ledger_path_t *path,
                          dbc_scheme_t scheme, int show, uint8_t pub[32], char *addr,
                          size_t addrcap)
{
	uint8_t data[20], d[256], p2;
	size_t dlen;
	int rc;

	if ((rc = legacy_p2(scheme, &p2)) != DBC_OK)
		return rc;
	dbc_ledger_path_serialize(path, data);
	if ((rc = dbc_ledger_cmd(dev, cla, DBC_LEDGER_INS_GET_ADDR, show ? 1 : 0, p2, data,
	    sizeof(data), d, sizeof(d), &dlen)) != DBC_OK)
		return rc;
	if (dlen <= 32)
		return DBC_ERR_DEVICE_PROTOCOL;
	if ((rc = copy_address(d + 32, dlen - 32, addr, addrcap)) != DBC_OK)
		return rc;
	memcpy(pub, d, 32);
	return DBC_OK;
}

int
dbc_ledger_legacy_sign_raw(dbc_hw_dev_t *dev, uint8_t cla, const dbc_ledger_path_t *path,
                           dbc_scheme_t scheme, const uint8_t *msg, size_t len, uint8_t sig64[64])
{
	uint8_t init[20], d[128], p2;
	size_t dlen;
	int rc;

	if ((rc = legacy_p2(scheme, &p2)) != DBC_OK)
		return rc;
	if (len == 0)
		return DBC_ERR_EMPTY;
	if (len > 0xffff)
		return DBC_ERR_TOO_LARGE;
	dbc_ledger_path_serialize(path, init);
	if ((rc = send_chunks(dev, cla, DBC_LEDGER_INS_SIGN_RAW, p2, init, sizeof(init), msg, len,
	    NULL, 0, d, sizeof(d), &dlen)) != DBC_OK)
		return rc;
	/* scheme byte (0 ed25519, 1 sr25519) ‖ sig64 */
	if (dlen != 65 || d[0] != p2)
		return DBC_ERR_DEVICE_PROTOCOL;
	memcpy(sig64, d + 1, 64);
	return DBC_OK;
}
