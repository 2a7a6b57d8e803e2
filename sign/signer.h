/* dbcsign — the one seam every key source implements.
 *
 * A signer is a scheme, a public key and a sign function. Software keys (wallet/) and
 * Ledger devices (hw/) both produce a dbc_signer_t; every command signs through it.
 * dbc_signer_sign() verifies each signature with dbc_verify() before returning it, so
 * no command can print or send an unverified signature. */
#ifndef DBC_SIGNER_H
#define DBC_SIGNER_H

#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

typedef enum {
	DBC_SR25519 = 0,
	DBC_ED25519 = 1,
	DBC_ECDSA = 2
} dbc_scheme_t;

#define DBC_PUB_MAX 33   /* ecdsa compressed; sr25519/ed25519 are 32 */
#define DBC_SIG_MAX 65   /* ecdsa r||s||v; sr25519/ed25519 are 64 */

/* Capability flags a key source declares; commands refuse what a source cannot do. */
#define DBC_SIGNER_CAN_RAW      0x01u /* signs arbitrary bytes as given */
#define DBC_SIGNER_CAN_WRAPPED  0x02u /* signs <Bytes>...</Bytes>-wrapped messages */
#define DBC_SIGNER_CAN_EXTRINSIC 0x04u /* signs extrinsic payloads (no metadata proof needed) */
#define DBC_SIGNER_SOFTWARE     0x80u

typedef struct dbc_signer dbc_signer_t;

typedef struct {
	const char *name; /* "software", "ledger", ... */
	/* Sign msg; write the signature and its length. Return DBC_OK or an error. */
	int (*sign)(void *ctx, const uint8_t *msg, size_t msglen, uint8_t sig[DBC_SIG_MAX],
	            size_t *siglen);
	/* Release ctx, wiping any secrets. May be NULL. */
	void (*destroy)(void *ctx);
} dbc_signer_ops_t;

/* Takes ownership of ctx (destroy is called on free, also on failure here). */
int dbc_signer_new(dbc_signer_t **out, dbc_scheme_t scheme, const uint8_t *pub, size_t publen,
                   unsigned flags, const dbc_signer_ops_t *ops, void *ctx) DBC_WUR;
void dbc_signer_free(dbc_signer_t **s);

dbc_scheme_t dbc_signer_scheme(const dbc_signer_t *s);
const uint8_t *dbc_signer_public(const dbc_signer_t *s, size_t *publen);
unsigned dbc_signer_flags(const dbc_signer_t *s);
const char *dbc_signer_source(const dbc_signer_t *s);

/* Sign, then verify the result against the signer's public key. */
int dbc_signer_sign(const dbc_signer_t *s, const uint8_t *msg, size_t msglen,
                    uint8_t sig[DBC_SIG_MAX], size_t *siglen) DBC_WUR;

/* Sign n messages msgs[i] (msglens[i] bytes) into sigs[i] (siglens[i] bytes), and verify
 * every signature before returning, like dbc_signer_sign: sr25519 signatures in one batch
 * verification (dbc_sr25519_verify_batch, about 4× cheaper per signature than one by one),
 * falling back to one by one if the batch fails; other schemes one by one.
 * DBC_OK: all n signed and verified. Otherwise the error of the first message that could
 * not be signed (the signer's error) or verified (DBC_ERR_INTERNAL), *failed its index:
 * sigs[0 .. *failed − 1] are signed and verified, the rest are wiped (siglens 0). */
#define DBC_SIGNER_BATCH_CHUNK 64 /* signatures per batch verification */
int dbc_signer_sign_batch(const dbc_signer_t *s, const uint8_t *const *msgs,
                          const size_t *msglens, size_t n, uint8_t (*sigs)[DBC_SIG_MAX],
                          size_t *siglens, size_t *failed) DBC_WUR;
/* The failure half of that contract: wipe sigs[from .. n − 1] and zero their lengths (for
 * callers that split a batch, like cli/parsign.c, and must leave the same state). */
void dbc_signer_batch_wipe(uint8_t (*sigs)[DBC_SIG_MAX], size_t *siglens, size_t from, size_t n);

/* Scheme-generic verify: DBC_OK, DBC_ERR_VERIFY, or an input error for a malformed key/sig. */
int dbc_verify(dbc_scheme_t scheme, const uint8_t *pub, size_t publen, const uint8_t *msg,
               size_t msglen, const uint8_t *sig, size_t siglen) DBC_WUR;

/* 32-byte account id: the public key, or blake2b-256 of it for ecdsa. */
int dbc_account_id(dbc_scheme_t scheme, const uint8_t *pub, size_t publen, uint8_t out[32]) DBC_WUR;

size_t dbc_scheme_publen(dbc_scheme_t scheme);
size_t dbc_scheme_siglen(dbc_scheme_t scheme);
const char *dbc_scheme_name(dbc_scheme_t scheme);
/* "sr25519" | "ed25519" | "ecdsa" (case-insensitive). */
int dbc_scheme_parse(const char *name, dbc_scheme_t *out) DBC_WUR;

#endif
