/* A software Ledger for tests and demos: the dashboard, the Polkadot generic app (CLA 0xF9)
 * and the legacy app protocol, at the APDU level, with real keys from a mnemonic.
 *
 * Keys: ed25519 with Ledger's BIP32-Ed25519 (hw/ledger_derive.h, vectors in
 * substrate-crypto.md B9); sr25519 (legacy app only) from the same extended key kL ‖ kR read
 * as an sr25519 secret in "ed25519 form" (key = kL / 8, nonce = kR), which is how a Ledger
 * app turns its BIP32-Ed25519 node into an sr25519 key. Not a security boundary: secrets sit
 * in ordinary memory. */
#ifndef LEDGER_EMU_H
#define LEDGER_EMU_H
#include <stddef.h>
#include <stdint.h>

typedef enum { EMU_DASHBOARD = 0, EMU_GENERIC, EMU_LEGACY } emu_app_t;

typedef struct {
	const char *mnemonic;   /* NULL → "abandon ×11 about" */
	const char *password;   /* BIP39 passphrase, NULL → "" */
	emu_app_t app;          /* app running at start */
	uint8_t legacy_cla;     /* CLA of the legacy app (default 0x90 when 0) */
	uint16_t legacy_ss58;   /* SS58 prefix the legacy app prints (default 42) */
	int locked;             /* every APDU → 0x5515 */
	int reject;             /* the user presses "reject" on every confirmation */
} ledger_emu_cfg_t;

typedef struct ledger_emu ledger_emu_t;

int ledger_emu_new(ledger_emu_t **out, const ledger_emu_cfg_t *cfg);
void ledger_emu_free(ledger_emu_t **e);
void ledger_emu_set_reject(ledger_emu_t *e, int reject);
void ledger_emu_set_locked(ledger_emu_t *e, int locked);
void ledger_emu_set_app(ledger_emu_t *e, emu_app_t app);
/* Confirmations shown so far (address display, signing, open app). */
unsigned ledger_emu_confirmations(const ledger_emu_t *e);

#define LEDGER_EMU_RESP_MAX 300
/* Process one APDU; writes data ‖ SW into resp (≥ LEDGER_EMU_RESP_MAX) and returns its length. */
size_t ledger_emu_apdu(ledger_emu_t *e, const uint8_t *apdu, size_t len, uint8_t *resp);

/* SS58 text for a 32-byte public key (emulator-local encoder). */
int ledger_emu_ss58(char *out, size_t cap, uint16_t prefix, const uint8_t pub[32]);


/* Implementation, stb-style: exactly one translation unit per program defines LEDGER_EMU_IMPLEMENTATION
 * before including this header. (Unit tests are built by the Makefile from one .c file each,
 * and the Makefile hands every file a test depends on to the linker, so the emulator must
 * not live in a .c file that a test includes.) */
#ifdef LEDGER_EMU_IMPLEMENTATION
/* Software Ledger: APDU handlers. Replies follow Zondax/ledger-polkadot docs/APDUSPEC.md
 * (generic app @ 6c0b2a3229, legacy @ 6207549c) as summarised in shared spec ledger.md. */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "hw/ledger_derive.h"
#include "sign/ed25519.h"
#include "sign/hash.h"
#include "sign/sr25519.h"

#define DEFAULT_MNEMONIC "abandon abandon abandon abandon abandon abandon abandon abandon " \
	"abandon abandon abandon about"
#define SIGN_BUF_MAX 16384 /* the app's RAM_BUFFER_SIZE */

struct ledger_emu {
	uint8_t bip39_seed[64];
	emu_app_t app;
	uint8_t legacy_cla;
	uint16_t legacy_ss58;
	int locked, reject;
	unsigned confirmations;
	/* signing session */
	int signing;
	uint8_t sign_ins, sign_p2;
	uint32_t path[5];
	size_t bloblen;        /* generic: declared blob length; legacy: 0 */
	uint8_t *buf;
	size_t have;
};

int
ledger_emu_new(ledger_emu_t **out, const ledger_emu_cfg_t *cfg)
{
	ledger_emu_t *e;
	const char *mn = cfg->mnemonic ? cfg->mnemonic : DEFAULT_MNEMONIC;
	const char *pw = cfg->password ? cfg->password : "";

	*out = NULL;
	if (sodium_init() < 0)
		return -1;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return -1;
	if ((e->buf = malloc(SIGN_BUF_MAX)) == NULL ||
	    dbc_bip39_seed(e->bip39_seed, mn, strlen(mn), pw, strlen(pw)) != 0) {
		free(e->buf);
		free(e);
		return -1;
	}
	e->app = cfg->app;
	e->legacy_cla = cfg->legacy_cla ? cfg->legacy_cla : 0x90;
	e->legacy_ss58 = cfg->legacy_ss58 ? cfg->legacy_ss58 : 42;
	e->locked = cfg->locked;
	e->reject = cfg->reject;
	*out = e;
	return 0;
}

void
ledger_emu_free(ledger_emu_t **ep)
{
	if (ep == NULL || *ep == NULL)
		return;
	sodium_memzero((*ep)->bip39_seed, 64);
	free((*ep)->buf);
	free(*ep);
	*ep = NULL;
}

void ledger_emu_set_reject(ledger_emu_t *e, int reject) { e->reject = reject; }
void ledger_emu_set_locked(ledger_emu_t *e, int locked) { e->locked = locked; }
void ledger_emu_set_app(ledger_emu_t *e, emu_app_t app) { e->app = app; e->signing = 0; }
unsigned ledger_emu_confirmations(const ledger_emu_t *e) { return e->confirmations; }

int
ledger_emu_ss58(char *out, size_t cap, uint16_t prefix, const uint8_t pub[32])
{
	static const char alphabet[] =
	    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	uint8_t raw[2 + 32 + 2], pre[7 + 2 + 32], h[64], digits[64];
	size_t rl = 0, nd = 0, i, j, zeros = 0;

	if (prefix < 64) {
		raw[rl++] = (uint8_t)prefix;
	} else {
		raw[rl++] = (uint8_t)(((prefix & 0xfc) >> 2) | 0x40);
		raw[rl++] = (uint8_t)((prefix >> 8) | ((prefix & 0x3) << 6));
	}
	memcpy(raw + rl, pub, 32);
	rl += 32;
	memcpy(pre, "SS58PRE", 7);
	memcpy(pre + 7, raw, rl);
	dbc_blake2b(h, 64, pre, 7 + rl);
	raw[rl++] = h[0];
	raw[rl++] = h[1];
	for (i = 0; i < rl && raw[i] == 0; i++)
		zeros++;
	for (i = 0; i < rl; i++) {
		unsigned carry = raw[i];

		for (j = 0; j < nd; j++) {
			carry += (unsigned)digits[j] << 8;
			digits[j] = (uint8_t)(carry % 58);
			carry /= 58;
		}
		while (carry > 0) {
			digits[nd++] = (uint8_t)(carry % 58);
			carry /= 58;
		}
	}
	if (zeros + nd + 1 > cap)
		return -1;
	for (i = 0; i < zeros; i++)
		out[i] = '1';
	for (j = 0; j < nd; j++)
		out[zeros + j] = alphabet[digits[nd - 1 - j]];
	out[zeros + nd] = '\0';
	return 0;
}

static size_t
sw(uint8_t *resp, size_t n, uint16_t word)
{
	resp[n] = (uint8_t)(word >> 8);
	resp[n + 1] = (uint8_t)word;
	return n + 2;
}

static size_t
sw_text(uint8_t *resp, uint16_t word, const char *text)
{
	size_t n = strlen(text);

	memcpy(resp, text, n);
	return sw(resp, n, word);
}

static void
read_path(uint32_t path[5], const uint8_t *d)
{
	size_t i;

	for (i = 0; i < 5; i++)
		path[i] = (uint32_t)d[4 * i] | ((uint32_t)d[4 * i + 1] << 8) |
		    ((uint32_t)d[4 * i + 2] << 16) | ((uint32_t)d[4 * i + 3] << 24);
}

/* kL ‖ kR ‖ cc at path. */
static void
derive(const ledger_emu_t *e, const uint32_t path[5], uint8_t xprv[96])
{
	uint8_t tmp[96];
	size_t i;

	dbc_ledger_master(xprv, e->bip39_seed);
	for (i = 0; i < 5; i++) {
		dbc_ledger_child(tmp, xprv, path[i]);
		memcpy(xprv, tmp, 96);
	}
	sodium_memzero(tmp, sizeof(tmp));
}

/* scheme 0 ed25519 / 1 sr25519: public key and (optionally) signature. */
static int
key_public(const ledger_emu_t *e, const uint32_t path[5], int sr, uint8_t pub[32])
{
	uint8_t x[96], sk[64];
	int rc;

	derive(e, path, x);
	if (sr) {
		rc = dbc_sr25519_secret_from_ed25519_form(sk, x);
		if (rc == 0)
			rc = dbc_sr25519_public_from_secret(pub, sk);
	} else {
		rc = dbc_ed25519_public_from_seed(pub, x);
	}
	sodium_memzero(x, sizeof(x));
	sodium_memzero(sk, sizeof(sk));
	return rc;
}

static int
key_sign(const ledger_emu_t *e, const uint32_t path[5], int sr, const uint8_t *msg, size_t len,
         uint8_t sig[64])
{
	uint8_t x[96], sk[64], pub[32];
	int rc;

	derive(e, path, x);
	if (sr) {
		rc = dbc_sr25519_secret_from_ed25519_form(sk, x);
		if (rc == 0)
			rc = dbc_sr25519_public_from_secret(pub, sk);
		if (rc == 0)
			rc = dbc_sr25519_sign(sig, sk, pub, (const uint8_t *)"substrate", 9, msg, len, NULL);
	} else {
		rc = dbc_ed25519_sign(sig, x, msg, len);
	}
	sodium_memzero(x, sizeof(x));
	sodium_memzero(sk, sizeof(sk));
	return rc;
}

static size_t
app_info(const ledger_emu_t *e, uint8_t *resp)
{
	const char *name = e->app == EMU_DASHBOARD ? "BOLOS" : "Polkadot";
	const char *ver = e->app == EMU_DASHBOARD ? "2.1.0" : e->app == EMU_GENERIC ? "100.0.13" : "10.9160.0";
	size_t n = 0, l;

	resp[n++] = 0x01;
	l = strlen(name);
	resp[n++] = (uint8_t)l;
	memcpy(resp + n, name, l);
	n += l;
	l = strlen(ver);
	resp[n++] = (uint8_t)l;
	memcpy(resp + n, ver, l);
	n += l;
	resp[n++] = 0x01; /* flags length */
	resp[n++] = 0x00;
	return sw(resp, n, 0x9000);
}

static size_t
version(const ledger_emu_t *e, uint8_t *resp)
{
	/* generic: u16 BE fields (100.0.13); legacy: u8 fields; both end locked(1) ‖ targetId */
	static const uint8_t gen[] = { 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x0d, 0x00,
	    0x33, 0x10, 0x00, 0x04 };
	static const uint8_t leg[] = { 0x00, 0x0a, 0x08, 0x00, 0x00, 0x33, 0x10, 0x00, 0x04 };

	if (e->app == EMU_GENERIC) {
		memcpy(resp, gen, sizeof(gen));
		return sw(resp, sizeof(gen), 0x9000);
	}
	memcpy(resp, leg, sizeof(leg));
	return sw(resp, sizeof(leg), 0x9000);
}

static size_t
get_addr(ledger_emu_t *e, int generic, uint8_t p1, uint8_t p2, const uint8_t *d, size_t dl,
         uint8_t *resp)
{
	uint32_t path[5];
	uint16_t prefix;
	uint8_t pub[32];
	char addr[64];
	int sr = 0;

	if (p1 > 1)
		return sw(resp, 0, 0x6b00);
	if (generic) {
		/* ecdsa (P2 2) is a real scheme of the app but not emulated here */
		if (p2 != 0)
			return sw(resp, 0, 0x6b00);
		if (dl != 22)
			return sw(resp, 0, 0x6700);
		prefix = (uint16_t)(d[20] | (d[21] << 8));
	} else {
		if (p2 > 1)
			return sw(resp, 0, 0x6b00);
		if (dl != 20)
			return sw(resp, 0, 0x6700);
		sr = p2 == 1;
		prefix = e->legacy_ss58;
	}
	read_path(path, d);
	if (generic && (path[0] != 0x8000002cu || path[1] != 0x80000162u))
		return sw_text(resp, 0x6984, "Invalid path");
	if (key_public(e, path, sr, pub) != 0 || ledger_emu_ss58(addr, sizeof(addr), prefix, pub) != 0)
		return sw(resp, 0, 0x6f00);
	if (p1 == 1) {
		e->confirmations++;
		if (e->reject)
			return sw(resp, 0, 0x6986);
	}
	memcpy(resp, pub, 32);
	memcpy(resp + 32, addr, strlen(addr));
	return sw(resp, 32 + strlen(addr), 0x9000);
}

static int
is_wrapped(const uint8_t *m, size_t n)
{
	return n >= 15 && memcmp(m, "<Bytes>", 7) == 0 && memcmp(m + n - 8, "</Bytes>", 8) == 0;
}

static size_t
sign_finish(ledger_emu_t *e, int generic, uint8_t *resp)
{
	const uint8_t *msg = e->buf;
	size_t len = e->have;
	uint8_t hash[32], sig[64];
	int sr = !generic && e->sign_p2 == 1;

	e->signing = 0;
	if (generic) {
		if (e->have < e->bloblen)
			return sw_text(resp, 0x6984, "Unexpected buffer end");
		len = e->bloblen;
		if (e->sign_ins == 0x03) {
			if (e->have != e->bloblen || !is_wrapped(msg, len))
				return sw_text(resp, 0x6984, "Invalid raw data");
		} else if (e->have == e->bloblen) {
			/* The real app checks the proof against the transaction; this software device
			 * only insists that one is there. */
			return sw_text(resp, 0x6984, "Metadata proof missing");
		}
	}
	/* Payloads over 256 bytes are signed as their blake2b-256 (extrinsics and generic raw);
	 * the legacy SIGN_RAW signs exactly what it was given. */
	if (len > 256 && (generic || e->sign_ins == 0x02)) {
		dbc_blake2b_256(hash, msg, len);
		msg = hash;
		len = 32;
	}
	e->confirmations++;
	if (e->reject)
		return sw(resp, 0, 0x6986);
	if (key_sign(e, e->path, sr, msg, len, sig) != 0)
		return sw(resp, 0, 0x6f01);
	resp[0] = sr ? 0x01 : 0x00;
	memcpy(resp + 1, sig, 64);
	return sw(resp, 65, 0x9000);
}

static size_t
sign_chunk(ledger_emu_t *e, int generic, uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *d,
           size_t dl, uint8_t *resp)
{
	if (p1 == 0x00) {
		if ((generic && p2 != 0) || (!generic && p2 > 1))
			return sw(resp, 0, 0x6b00);
		if (dl != (generic ? 22u : 20u))
			return sw(resp, 0, 0x6700);
		read_path(e->path, d);
		if (generic && (e->path[0] != 0x8000002cu || e->path[1] != 0x80000162u))
			return sw_text(resp, 0x6984, "Invalid path");
		e->bloblen = generic ? (size_t)(d[20] | (d[21] << 8)) : 0;
		e->sign_ins = ins;
		e->sign_p2 = p2;
		e->have = 0;
		e->signing = 1;
		return sw(resp, 0, 0x9000);
	}
	if (p1 != 0x01 && p1 != 0x02)
		return sw(resp, 0, 0x6b00);
	if (!e->signing || e->sign_ins != ins || e->sign_p2 != p2)
		return sw(resp, 0, 0x6987);
	if (e->have + dl > SIGN_BUF_MAX) {
		e->signing = 0;
		return sw(resp, 0, 0x6983);
	}
	memcpy(e->buf + e->have, d, dl);
	e->have += dl;
	if (p1 == 0x01)
		return sw(resp, 0, 0x9000);
	return sign_finish(e, generic, resp);
}

static size_t
dashboard(ledger_emu_t *e, uint8_t ins, const uint8_t *d, size_t dl, uint8_t *resp)
{
	if (ins != 0xd8)
		return sw(resp, 0, 0x6d02);
	if (e->app != EMU_DASHBOARD)
		return sw(resp, 0, 0x6e00);
	if (dl != 8 || memcmp(d, "Polkadot", 8) != 0)
		return sw(resp, 0, 0x6807);
	e->confirmations++;
	if (e->reject)
		return sw(resp, 0, 0x5501);
	e->app = EMU_GENERIC;
	return sw(resp, 0, 0x9000);
}

size_t
ledger_emu_apdu(ledger_emu_t *e, const uint8_t *apdu, size_t len, uint8_t *resp)
{
	uint8_t cla, ins, p1, p2;
	const uint8_t *d;
	size_t dl;
	int generic;

	if (e->locked)
		return sw(resp, 0, 0x5515);
	if (len < 5 || (size_t)apdu[4] != len - 5)
		return sw(resp, 0, 0x6700);
	cla = apdu[0];
	ins = apdu[1];
	p1 = apdu[2];
	p2 = apdu[3];
	d = apdu + 5;
	dl = len - 5;
	if (cla == 0xb0 && ins == 0x01)
		return app_info(e, resp);
	if (cla == 0xe0)
		return dashboard(e, ins, d, dl, resp);
	if (e->app == EMU_DASHBOARD)
		return sw(resp, 0, 0x6e01);
	generic = e->app == EMU_GENERIC;
	if ((generic && cla != 0xf9) || (!generic && cla != e->legacy_cla))
		return sw(resp, 0, 0x6e00);
	switch (ins) {
	case 0x00: return version(e, resp);
	case 0x01: return get_addr(e, generic, p1, p2, d, dl, resp);
	case 0x02: case 0x03: return sign_chunk(e, generic, ins, p1, p2, d, dl, resp);
	}
	return sw(resp, 0, 0x6d00);
}

#endif /* LEDGER_EMU_IMPLEMENTATION */

#endif
