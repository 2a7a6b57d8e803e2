/* A software key of any scheme, held in guarded memory, and its signer. */
#ifndef DBC_KEYPAIR_H
#define DBC_KEYPAIR_H
#include <stddef.h>
#include <stdint.h>
#include "sign/signer.h"

typedef struct {
	dbc_scheme_t scheme;
	int has_seed;          /* 0 after an sr25519 soft junction (no seed exists) */
	uint8_t seed[32];      /* sr25519 mini-secret / ed25519 seed / ecdsa secret scalar */
	uint8_t secret[64];    /* sr25519: canonical key||nonce; ed25519: seed||pub; ecdsa: secret||0 */
	uint8_t pub[DBC_PUB_MAX];
	size_t publen;
} dbc_keypair_t;

/* sodium_malloc'ed, zeroed; NULL on failure. */
dbc_keypair_t *dbc_keypair_new(void);
void dbc_keypair_free(dbc_keypair_t **kp);
int dbc_keypair_from_seed(dbc_keypair_t *kp, dbc_scheme_t scheme, const uint8_t seed[32]) DBC_WUR;
/* sr25519 only: from a 64-byte secret in canonical or ed25519 form. */
int dbc_keypair_from_sr25519_secret(dbc_keypair_t *kp, const uint8_t secret[64], int ed25519_form) DBC_WUR;
/* A signer owning a private copy of the key (guarded memory). */
int dbc_keypair_signer(dbc_signer_t **out, const dbc_keypair_t *kp) DBC_WUR;

#endif
