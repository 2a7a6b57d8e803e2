/* dbcsign — Ledger APDUs: status words, BIP44 paths, dashboard, the Polkadot generic app
 * (CLA 0xF9) and the legacy per-chain app protocol (spec ledger.md §1.3, §2, §3). */
#ifndef DBC_LEDGER_H
#define DBC_LEDGER_H
#include <stddef.h>
#include <stdint.h>
#include "hw/hw.h"
#include "sign/signer.h"

#define DBC_LEDGER_CLA_GENERIC 0xf9
#define DBC_LEDGER_CLA_LEGACY_POLKADOT 0x90
#define DBC_LEDGER_INS_VERSION 0x00
#define DBC_LEDGER_INS_GET_ADDR 0x01
#define DBC_LEDGER_INS_SIGN 0x02
#define DBC_LEDGER_INS_SIGN_RAW 0x03
#define DBC_LEDGER_P1_INIT 0x00
#define DBC_LEDGER_P1_ADD 0x01
#define DBC_LEDGER_P1_LAST 0x02
#define DBC_LEDGER_CHUNK 250
#define DBC_LEDGER_COIN_POLKADOT 354
#define DBC_LEDGER_HARDENED 0x80000000u
#define DBC_LEDGER_RAW_HASH_OVER 256 /* the app blake2b-256-hashes longer payloads */

#define DBC_LEDGER_SW_OK 0x9000
#define DBC_LEDGER_SW_REJECTED 0x6986
#define DBC_LEDGER_SW_DATA_INVALID 0x6984
#define DBC_LEDGER_SW_CLA 0x6e00
#define DBC_LEDGER_SW_APP_CLOSED 0x6e01
#define DBC_LEDGER_SW_LOCKED 0x5515

/* m/44'/354'/account'/change'/index' as 5 u32 (hardened bits set). */
typedef struct {
	uint32_t idx[5];
} dbc_ledger_path_t;

/* Each part must be < 2^31 (DBC_ERR_RANGE otherwise). */
int dbc_ledger_path_make(dbc_ledger_path_t *p, uint32_t account, uint32_t change,
                         uint32_t index) DBC_WUR;
/* 5 × u32 little-endian (what the apps take). */
void dbc_ledger_path_serialize(const dbc_ledger_path_t *p, uint8_t out[20]);
/* "m/44'/354'/0'/0'/0'" */
void dbc_ledger_path_format(const dbc_ledger_path_t *p, char *out, size_t cap);

/* CLA INS P1 P2 Lc data (short APDU; Lc omitted... never: Lc is always written). */
int dbc_apdu_build(uint8_t *out, size_t cap, size_t *len, uint8_t cla, uint8_t ins, uint8_t p1,
                   uint8_t p2, const uint8_t *data, size_t datalen) DBC_WUR;
/* Split a reply into data and status word (DBC_ERR_DEVICE_PROTOCOL if < 2 bytes). */
int dbc_apdu_split(const uint8_t *resp, size_t len, size_t *datalen, uint16_t *sw) DBC_WUR;

/* Status word → dbc error: 0x9000 → DBC_OK, 0x6986 → DBC_ERR_REJECTED, 0x5515 →
 * DBC_ERR_DEVICE_LOCKED, 0x6e00/0x6e01/0x6d00/0x6d02/0x6511 → DBC_ERR_DEVICE_APP, other known
 * words → DBC_ERR_DEVICE, unknown words → DBC_ERR_DEVICE_PROTOCOL. */
int dbc_ledger_sw_err(uint16_t sw);
/* A sentence a person understands ("rejected on the device", "open the Polkadot app ..."). */
const char *dbc_ledger_sw_message(uint16_t sw);

/* What a person should do about a device error (DBC_ERR_DEVICE_*, TIMEOUT, REJECTED); NULL for
 * errors that are not about the device. */
const char *dbc_ledger_err_hint(int err);

/* Send one APDU, check SW == 0x9000 (else the mapped error; the SW and the device's text are
 * kept on dev), copy the data out. */
int dbc_ledger_cmd(dbc_hw_dev_t *dev, uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2,
                   const uint8_t *data, size_t datalen, uint8_t *out, size_t cap,
                   size_t *outlen) DBC_WUR;

/* --- dashboard / any app --- */
/* b0 01 00 00: the running app's name ("BOLOS" on the dashboard) and version. */
int dbc_ledger_app_info(dbc_hw_dev_t *dev, char *name, size_t namecap, char *version,
                        size_t vercap) DBC_WUR;
/* e0 d8 00 00 name: ask the dashboard to open an app (the user confirms on the device). */
int dbc_ledger_open_app(dbc_hw_dev_t *dev, const char *name) DBC_WUR;

/* --- Polkadot apps (generic CLA 0xF9, or a legacy CLA) --- */
typedef struct {
	int test_mode;
	unsigned major, minor, patch;
	int locked;
	uint32_t target_id;
} dbc_ledger_version_t;

int dbc_ledger_get_version(dbc_hw_dev_t *dev, uint8_t cla, dbc_ledger_version_t *v) DBC_WUR;

/* Generic app GET_ADDR. scheme ed25519 (pub 32, SS58 text with ss58 prefix) or ecdsa (pub 33,
 * addr = "0x" + 40 hex Ethereum address). show: confirm on the device. */
int dbc_ledger_generic_address(dbc_hw_dev_t *dev, const dbc_ledger_path_t *path,
                               dbc_scheme_t scheme, uint16_t ss58, int show,
                               uint8_t pub[DBC_PUB_MAX], size_t *publen, char *addr,
                               size_t addrcap) DBC_WUR;
/* Generic app SIGN: blob (without proof) then proof, in 250-byte chunks. sig: 65 bytes as the
 * device returns them (ed25519: 0x00 ‖ sig64; ecdsa: r ‖ s ‖ v). */
int dbc_ledger_generic_sign(dbc_hw_dev_t *dev, const dbc_ledger_path_t *path,
                            dbc_scheme_t scheme, const uint8_t *blob, size_t bloblen,
                            const uint8_t *proof, size_t prooflen, uint8_t sig[65]) DBC_WUR;
/* Generic app SIGN_RAW: msg must already be <Bytes>…</Bytes> (DBC_ERR_INPUT otherwise, nothing
 * sent). sig: 65 bytes as returned. */
int dbc_ledger_generic_sign_raw(dbc_hw_dev_t *dev, const dbc_ledger_path_t *path,
                                dbc_scheme_t scheme, const uint8_t *msg, size_t len,
                                uint8_t sig[65]) DBC_WUR;

/* Legacy app: GET_ADDR (P2 0 ed25519 / 1 sr25519, data = path) and SIGN_RAW (first chunk =
 * path, then the message). sig64 is the signature without the scheme byte (checked). */
int dbc_ledger_legacy_address(dbc_hw_dev_t *dev, uint8_t cla, const dbc_ledger_path_t *path,
                              dbc_scheme_t scheme, int show, uint8_t pub[32], char *addr,
                              size_t addrcap) DBC_WUR;
int dbc_ledger_legacy_sign_raw(dbc_hw_dev_t *dev, uint8_t cla, const dbc_ledger_path_t *path,
                               dbc_scheme_t scheme, const uint8_t *msg, size_t len,
                               uint8_t sig64[64]) DBC_WUR;

/* 1 if msg is <Bytes>…</Bytes>. */
int dbc_ledger_is_wrapped(const uint8_t *msg, size_t len);

#endif
