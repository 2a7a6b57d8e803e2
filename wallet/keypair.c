/* Software keys of the three Substrate schemes, and the dbc_signer_t that signs with them.
 * Every keypair lives in sodium_malloc'ed memory; the signer keeps its own guarded copy so
 * the caller can free the keypair as soon as the signer exists. */
#include <string.h>
#include <sodium.h>

#include "sign/ecdsa.h"
#include "sign/ed25519.h"
#include "sign/sr25519.h"
#include "wallet/keypair.h"
#include "wallet/secmem.h"

#define SUBSTRATE_CTX "substrate"

dbc_keypair_t *
dbc_keypair_new(void)
{
	return dbc_secmem_alloc(sizeof(dbc_keypair_t));
}

void
dbc_keypair_free(dbc_keypair_t **kp)
{
	if (kp == NULL || *kp == NULL)
		return;
	sodium_memzero(*kp, sizeof(**kp));
	dbc_secmem_free(*kp);
	*kp = NULL;
}

int
dbc_keypair_from_seed(dbc_keypair_t *kp, dbc_scheme_t scheme, const uint8_t seed[32])
{
	int r;

	sodium_memzero(kp, sizeof(*kp));
	switch (scheme) {
	case DBC_SR25519:
		r = dbc_sr25519_keypair_from_seed(kp->secret, kp->pub, seed);
		break;
	case DBC_ED25519:
		/* libsodium's layout: seed || public */
		if ((r = dbc_ed25519_public_from_seed(kp->pub, seed)) == DBC_OK) {
			memcpy(kp->secret, seed, 32);
			memcpy(kp->secret + 32, kp->pub, 32);
		}
		break;
	case DBC_ECDSA:
		/* The seed is the secp256k1 scalar itself (DBC_ERR_SEED if 0 or >= n). */
		if ((r = dbc_ecdsa_public_from_seed(kp->pub, seed)) == DBC_OK)
			memcpy(kp->secret, seed, 32);
		break;
	default:
		r = DBC_ERR_SCHEME;
		break;
	}
	if (r != DBC_OK) {
		sodium_memzero(kp, sizeof(*kp));
		return r;
	}
	kp->scheme = scheme;
	kp->has_seed = 1;
	memcpy(kp->seed, seed, 32);
	kp->publen = dbc_scheme_publen(scheme);
	return DBC_OK;
}

int
dbc_keypair_from_sr25519_secret(dbc_keypair_t *kp, const uint8_t secret[64], int ed25519_form)
{
	int r;

	sodium_memzero(kp, sizeof(*kp));
	if (ed25519_form)
		r = dbc_sr25519_secret_from_ed25519_form(kp->secret, secret);
	else if ((r = dbc_sr25519_secret_check(secret)) == DBC_OK)
		memcpy(kp->secret, secret, 64);
	if (r == DBC_OK)
		r = dbc_sr25519_public_from_secret(kp->pub, kp->secret);
	if (r != DBC_OK) {
		sodium_memzero(kp, sizeof(*kp));
		return r;
	}
	kp->scheme = DBC_SR25519;
	kp->has_seed = 0; /* an expanded secret cannot be turned back into a mini-secret */
	kp->publen = DBC_SR25519_PUB_LEN;
	return DBC_OK;
}

static int
keypair_sign(void *ctx, const uint8_t *msg, size_t msglen, uint8_t sig[DBC_SIG_MAX],
             size_t *siglen)
{
	const dbc_keypair_t *kp = ctx;
	int r;

	*siglen = 0;
	switch (kp->scheme) {
	case DBC_SR25519:
		/* rand32 NULL: OS randomness, as schnorrkel does. */
		r = dbc_sr25519_sign(sig, kp->secret, kp->pub, (const uint8_t *)SUBSTRATE_CTX,
		                     sizeof(SUBSTRATE_CTX) - 1, msg, msglen, NULL);
		if (r == DBC_OK)
			*siglen = DBC_SR25519_SIG_LEN;
		return r;
	case DBC_ED25519:
		/* kp->secret is seed || public (dbc_keypair_from_seed): sign without
		 * re-expanding the seed. */
		if ((r = dbc_ed25519_sign_sk(sig, kp->secret, msg, msglen)) == DBC_OK)
			*siglen = 64;
		return r;
	case DBC_ECDSA:
		if ((r = dbc_ecdsa_sign(sig, kp->secret, msg, msglen)) == DBC_OK)
			*siglen = 65;
		return r;
	}
	return DBC_ERR_SCHEME;
}

static void
keypair_destroy(void *ctx)
{
	dbc_keypair_t *kp = ctx;

	dbc_keypair_free(&kp);
}

static const dbc_signer_ops_t keypair_ops = {
	.name = "software",
	.sign = keypair_sign,
	.destroy = keypair_destroy,
};

int
dbc_keypair_signer(dbc_signer_t **out, const dbc_keypair_t *kp)
{
	dbc_keypair_t *copy;

	*out = NULL;
	if (kp == NULL || kp->publen != dbc_scheme_publen(kp->scheme))
		return DBC_ERR_INTERNAL;
	if ((copy = dbc_keypair_new()) == NULL)
		return DBC_ERR_NOMEM;
	memcpy(copy, kp, sizeof(*copy));
	/* dbc_signer_new destroys copy on failure. */
	return dbc_signer_new(out, kp->scheme, kp->pub, kp->publen,
	                      DBC_SIGNER_CAN_RAW | DBC_SIGNER_CAN_WRAPPED | DBC_SIGNER_CAN_EXTRINSIC |
	                          DBC_SIGNER_SOFTWARE,
	                      &keypair_ops, copy);
}
