/* dbcsign — a Ledger as a dbc_signer_t (sign/signer.h).
 *
 * What each protocol can do for DBC, stated as signer flags (spec ledger.md §4):
 *   generic app (CLA 0xF9), ed25519: DBC_SIGNER_CAN_WRAPPED only — SIGN_RAW signs <Bytes>-wrapped
 *       messages; no CAN_RAW (unwrapped bytes are refused by the app) and no CAN_EXTRINSIC
 *       (the app needs CheckMetadataHash + a metadata proof, which DBC's runtime lacks);
 *   generic app, ecdsa: no flags — the app signs keccak256 (Ethereum style), which is not the
 *       Substrate ecdsa DBC verifies;
 *   generic app, sr25519: refused (the app has none);
 *   legacy app protocol (any other CLA), ed25519 or sr25519: CAN_RAW | CAN_WRAPPED via SIGN_RAW.
 * The sign callback refuses what the flags exclude before any signing APDU is sent. */
#ifndef DBC_LEDGER_SIGNER_H
#define DBC_LEDGER_SIGNER_H
#include "hw/hw.h"
#include "hw/ledger.h"
#include "sign/signer.h"

typedef struct {
	int legacy;             /* 0: generic app (CLA 0xF9); 1: legacy protocol with cla */
	uint8_t cla;
	dbc_scheme_t scheme;
	dbc_ledger_path_t path;
	uint16_t ss58;          /* prefix for GET_ADDR (generic app) */
} dbc_ledger_signer_cfg_t;

/* Fetch the public key (GET_ADDR without display) and build the signer. Takes ownership of
 * *dev (set to NULL) in every case. Errors: DBC_ERR_UNSUPPORTED for sr25519 on the generic app,
 * and whatever the device says (locked, wrong app, ...). */
int dbc_ledger_signer_new(dbc_signer_t **out, dbc_hw_dev_t **dev,
                          const dbc_ledger_signer_cfg_t *cfg) DBC_WUR;

/* Flags a signer with this configuration gets (also usable before opening the device). */
unsigned dbc_ledger_signer_flags(const dbc_ledger_signer_cfg_t *cfg);

#endif
