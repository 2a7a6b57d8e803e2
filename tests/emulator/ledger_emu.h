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

#endif
