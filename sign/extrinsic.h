/* Version-4 signed extrinsics built from V14 metadata.
 *
 *   extrinsic = compact(len(body)) || body
 *   body      = 0x84 || MultiAddress::Id(0x00 || account32) || MultiSignature(type || sig)
 *               (the Id and signature tags are read from the runtime's Address and Signature
 *               types, so a runtime that renumbers them still gets the right bytes)
 *               || extra || call
 *   payload   = call || extra || additional           (signed: blake2b-256(payload) if > 256 B)
 *
 * "extra" and "additional" come from the runtime's signed-extension list, in its order; each
 * extension is handled by name and an unknown one is refused (DBC_ERR_UNSUPPORTED, its name in
 * *bad_ext), since signing something whose meaning we do not know is not safe. The call is
 * passed already encoded (cli/ encodes it from JSON with the type registry). */
#ifndef DBC_EXTRINSIC_H
#define DBC_EXTRINSIC_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"
#include "sign/metadata.h"
#include "sign/scale.h"
#include "sign/signer.h"

#define DBC_TX_HASHED_PAYLOAD_OVER 256
#define DBC_ERA_DEFAULT_PERIOD 64

typedef struct {
	uint32_t spec_version;
	uint32_t tx_version;
	uint8_t genesis[32];
	/* Era: immortal (mortal = 0; the checkpoint is the genesis hash), or mortal from
	 * block_number with the given period (rounded up to a power of two, clamped to 4..65536);
	 * block_hash must then be the hash of block_number. */
	int mortal;
	uint64_t period;
	uint64_t block_number;
	uint8_t block_hash[32];
	uint64_t nonce;
	dbc_u128_t tip;
	int has_asset_id;          /* ChargeAssetTxPayment: Some(asset_id) pays in an asset */
	uint32_t asset_id;
	int metadata_hash;         /* CheckMetadataHash: 1 with hash below (mode Enabled) */
	uint8_t metadata_hash_value[32];
} dbc_tx_params_t;

/* Era bytes: 1 (immortal 0x00) or 2 (mortal u16 LE). */
typedef struct {
	uint8_t bytes[2];
	size_t len;
	uint64_t period;   /* 0 if immortal */
	uint64_t phase;
} dbc_era_t;

/* Substrate's Era::mortal(period, current). period 0 → DBC_ERR_RANGE. */
int dbc_era_mortal(dbc_era_t *era, uint64_t period, uint64_t current) DBC_WUR;
void dbc_era_immortal(dbc_era_t *era);
/* Read an era; invalid encodings (period < 4, phase >= period) → DBC_ERR_SCALE. */
int dbc_era_read(dbc_scale_rd_t *r, dbc_era_t *era) DBC_WUR;
/* First block of the era's validity window for a transaction made at `current`
 * (Era::birth); the checkpoint hash must be that block's. */
uint64_t dbc_era_birth(const dbc_era_t *era, uint64_t current);

/* extra (in the extrinsic) and additional (signed only), appended to the buffers. */
int dbc_tx_extensions(const dbc_meta_t *m, const dbc_tx_params_t *p, dbc_buf_t *extra,
                      dbc_buf_t *additional, const char **bad_ext) DBC_WUR;
/* call || extra || additional (unhashed). */
int dbc_tx_payload(const dbc_meta_t *m, const dbc_tx_params_t *p, const uint8_t *call,
                   size_t calllen, dbc_buf_t *payload, const char **bad_ext) DBC_WUR;
/* What the key signs: the payload, or blake2b-256 of it when longer than 256 bytes. The
 * result is written back into payload. */
void dbc_tx_payload_to_sign(dbc_buf_t *payload);

/* Assemble a signed extrinsic from a signature made elsewhere (e.g. an offline machine).
 * The signature must verify for the payload; DBC_ERR_VERIFY otherwise. */
int dbc_tx_assemble(const dbc_meta_t *m, const dbc_tx_params_t *p, const uint8_t *call,
                    size_t calllen, dbc_scheme_t scheme, const uint8_t *pub, size_t publen,
                    const uint8_t *sig, size_t siglen, dbc_buf_t *out, const char **bad_ext) DBC_WUR;
/* Build the payload, sign it through the signer (which verifies), assemble. A signer without
 * DBC_SIGNER_CAN_EXTRINSIC → DBC_ERR_UNSUPPORTED (with *bad_ext NULL). */
int dbc_tx_sign(const dbc_meta_t *m, const dbc_tx_params_t *p, const uint8_t *call,
                size_t calllen, const dbc_signer_t *signer, dbc_buf_t *out,
                const char **bad_ext) DBC_WUR;
/* blake2b-256 of the whole extrinsic (length prefix included): what author_submitExtrinsic
 * returns. */
void dbc_tx_hash(uint8_t out[32], const uint8_t *ext, size_t len);

typedef struct {
	int is_signed;
	uint8_t version;            /* 4 */
	uint8_t address_kind;       /* 0: MultiAddress::Id or a bare account (others refused) */
	uint8_t account[32];
	uint8_t sig_type;           /* 0 ed25519, 1 sr25519, 2 ecdsa (dbc_tx_sig_type numbering,
	                               mapped from the runtime's MultiSignature variant names) */
	uint8_t sig[65];
	size_t siglen;
	dbc_era_t era;
	uint64_t nonce;
	dbc_u128_t tip;
	int has_asset_id;
	uint32_t asset_id;
	int has_mode;               /* CheckMetadataHash present */
	uint8_t mode;
	const uint8_t *call;        /* points into the input */
	size_t calllen;
} dbc_tx_decoded_t;

/* Split an extrinsic (with its compact length prefix) into its parts. Unknown signed
 * extensions are skipped by their metadata type (decoding only displays). */
int dbc_tx_decode(const dbc_meta_t *m, const uint8_t *ext, size_t len, dbc_tx_decoded_t *out) DBC_WUR;

/* MultiSignature variant index of a scheme (ed25519 0, sr25519 1, ecdsa 2). */
uint8_t dbc_tx_sig_type(dbc_scheme_t scheme);

#endif
