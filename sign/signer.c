#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>

#include "sign/signer.h"
#include "sign/sr25519.h"
#include "sign/ed25519.h"
#include "sign/ecdsa.h"
#include "sign/hash.h"

struct dbc_signer {
	dbc_scheme_t scheme;
	uint8_t pub[DBC_PUB_MAX];
	size_t publen;
	unsigned flags;
	const dbc_signer_ops_t *ops;
	void *ctx;
};

size_t
dbc_scheme_publen(dbc_scheme_t scheme)
{
	return scheme == DBC_ECDSA ? 33 : 32;
}

size_t
dbc_scheme_siglen(dbc_scheme_t scheme)
{
	return scheme == DBC_ECDSA ? 65 : 64;
}

const char *
dbc_scheme_name(dbc_scheme_t scheme)
{
	switch (scheme) {
	case DBC_SR25519: return "sr25519";
	case DBC_ED25519: return "ed25519";
	case DBC_ECDSA: return "ecdsa";
	}
	return "unknown";
}

int
dbc_scheme_parse(const char *name, dbc_scheme_t *out)
{
	if (name == NULL)
		return DBC_ERR_SCHEME;
	if (strcasecmp(name, "sr25519") == 0)
		*out = DBC_SR25519;
	else if (strcasecmp(name, "ed25519") == 0)
		*out = DBC_ED25519;
	else if (strcasecmp(name, "ecdsa") == 0)
		*out = DBC_ECDSA;
	else
		return DBC_ERR_SCHEME;
	return DBC_OK;
}

int
dbc_signer_new(dbc_signer_t **out, dbc_scheme_t scheme, const uint8_t *pub, size_t publen,
               unsigned flags, const dbc_signer_ops_t *ops, void *ctx)
{
	dbc_signer_t *s;

	*out = NULL;
	if (ops == NULL || ops->sign == NULL || publen != dbc_scheme_publen(scheme)) {
		if (ops != NULL && ops->destroy != NULL)
			ops->destroy(ctx);
		return DBC_ERR_INTERNAL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		if (ops->destroy != NULL)
			ops->destroy(ctx);
		return DBC_ERR_NOMEM;
	}
	s->scheme = scheme;
	memcpy(s->pub, pub, publen);
	s->publen = publen;
	s->flags = flags;
	s->ops = ops;
	s->ctx = ctx;
	*out = s;
	return DBC_OK;
}

void
dbc_signer_free(dbc_signer_t **sp)
{
	dbc_signer_t *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	if (s->ops->destroy != NULL)
		s->ops->destroy(s->ctx);
	sodium_memzero(s, sizeof(*s));
	free(s);
	*sp = NULL;
}

dbc_scheme_t
dbc_signer_scheme(const dbc_signer_t *s)
{
	return s->scheme;
}

const uint8_t *
dbc_signer_public(const dbc_signer_t *s, size_t *publen)
{
	if (publen != NULL)
		*publen = s->publen;
	return s->pub;
}

unsigned
dbc_signer_flags(const dbc_signer_t *s)
{
	return s->flags;
}

const char *
dbc_signer_source(const dbc_signer_t *s)
{
	return s->ops->name != NULL ? s->ops->name : "unknown";
}

int
dbc_signer_sign(const dbc_signer_t *s, const uint8_t *msg, size_t msglen,
                uint8_t sig[DBC_SIG_MAX], size_t *siglen)
{
	int r;

	*siglen = 0;
	if ((r = s->ops->sign(s->ctx, msg, msglen, sig, siglen)) != DBC_OK)
		goto fail;
	if (*siglen != dbc_scheme_siglen(s->scheme)) {
		r = DBC_ERR_INTERNAL;
		goto fail;
	}
	/* Never hand out a signature we have not checked ourselves. */
	if ((r = dbc_verify(s->scheme, s->pub, s->publen, msg, msglen, sig, *siglen)) != DBC_OK) {
		r = DBC_ERR_INTERNAL;
		goto fail;
	}
	return DBC_OK;
fail:
	sodium_memzero(sig, DBC_SIG_MAX);
	*siglen = 0;
	return r;
}

/* Verify sigs[0 .. n−1]; n is at most DBC_SIGNER_BATCH_CHUNK. Returns the number of
 * leading signatures that verify (n if all). */
static size_t
verify_chunk(const dbc_signer_t *s, const uint8_t *const *msgs, const size_t *msglens,
             size_t n, uint8_t (*sigs)[DBC_SIG_MAX], const size_t *siglens)
{
	const uint8_t *sigp[DBC_SIGNER_BATCH_CHUNK], *pub = s->pub;
	size_t i;

	if (s->scheme == DBC_SR25519 && n >= 2) {
		for (i = 0; i < n; i++)
			sigp[i] = sigs[i];
		if (dbc_sr25519_verify_batch(sigp, &pub, 1, (const uint8_t *)"substrate", 9, msgs,
		                             msglens, n) == DBC_OK)
			return n;
		/* Some signature is bad (or memory ran out): find which, one by one. */
	}
	for (i = 0; i < n; i++)
		if (dbc_verify(s->scheme, s->pub, s->publen, msgs[i], msglens[i], sigs[i],
		               siglens[i]) != DBC_OK)
			return i;
	return n;
}

int
dbc_signer_sign_batch(const dbc_signer_t *s, const uint8_t *const *msgs, const size_t *msglens,
                      size_t n, uint8_t (*sigs)[DBC_SIG_MAX], size_t *siglens, size_t *failed)
{
	size_t i, signed_n, done, chunk, ok;
	int r = DBC_OK;

	*failed = 0;
	for (i = 0; i < n; i++)
		siglens[i] = 0;
	for (signed_n = 0; signed_n < n; signed_n++) {
		r = s->ops->sign(s->ctx, msgs[signed_n], msglens[signed_n], sigs[signed_n],
		                 &siglens[signed_n]);
		if (r == DBC_OK && siglens[signed_n] != dbc_scheme_siglen(s->scheme))
			r = DBC_ERR_INTERNAL;
		if (r != DBC_OK)
			break;
	}
	/* Never hand out a signature we have not checked ourselves. */
	for (done = 0; done < signed_n; done += chunk) {
		chunk = signed_n - done < DBC_SIGNER_BATCH_CHUNK ? signed_n - done
		                                                 : DBC_SIGNER_BATCH_CHUNK;
		ok = verify_chunk(s, msgs + done, msglens + done, chunk, sigs + done,
		                  siglens + done);
		if (ok < chunk) {
			signed_n = done + ok;
			r = DBC_ERR_INTERNAL;
			break;
		}
	}
	if (signed_n == n)
		return DBC_OK;
	*failed = signed_n;
	dbc_signer_batch_wipe(sigs, siglens, signed_n, n);
	return r;
}

void
dbc_signer_batch_wipe(uint8_t (*sigs)[DBC_SIG_MAX], size_t *siglens, size_t from, size_t n)
{
	size_t i;

	for (i = from; i < n; i++) {
		sodium_memzero(sigs[i], DBC_SIG_MAX);
		siglens[i] = 0;
	}
}

int
dbc_verify(dbc_scheme_t scheme, const uint8_t *pub, size_t publen, const uint8_t *msg,
           size_t msglen, const uint8_t *sig, size_t siglen)
{
	if (publen != dbc_scheme_publen(scheme))
		return DBC_ERR_PUBKEY;
	if (siglen != dbc_scheme_siglen(scheme))
		return DBC_ERR_SIGNATURE_FORMAT;
	switch (scheme) {
	case DBC_SR25519:
		return dbc_sr25519_verify(sig, pub, (const uint8_t *)"substrate", 9, msg, msglen);
	case DBC_ED25519:
		return dbc_ed25519_verify(sig, pub, msg, msglen);
	case DBC_ECDSA:
		return dbc_ecdsa_verify(sig, pub, msg, msglen);
	}
	return DBC_ERR_SCHEME;
}

int
dbc_account_id(dbc_scheme_t scheme, const uint8_t *pub, size_t publen, uint8_t out[32])
{
	if (publen != dbc_scheme_publen(scheme))
		return DBC_ERR_PUBKEY;
	if (scheme == DBC_ECDSA)
		dbc_blake2b_256(out, pub, publen);
	else
		memcpy(out, pub, 32);
	return DBC_OK;
}
