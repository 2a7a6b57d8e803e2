/* Ledger signer: one open device, one path, one scheme. */
#include <stdlib.h>
#include <string.h>

#include "hw/ledger_signer.h"

typedef struct {
	dbc_hw_dev_t *dev;
	dbc_ledger_signer_cfg_t cfg;
} ledger_ctx_t;

unsigned
dbc_ledger_signer_flags(const dbc_ledger_signer_cfg_t *cfg)
{
	if (cfg->legacy)
		return cfg->scheme == DBC_ECDSA ? 0u : DBC_SIGNER_CAN_RAW | DBC_SIGNER_CAN_WRAPPED;
	return cfg->scheme == DBC_ED25519 ? DBC_SIGNER_CAN_WRAPPED : 0u;
}

static int
ledger_sign(void *vctx, const uint8_t *msg, size_t len, uint8_t sig[DBC_SIG_MAX], size_t *siglen)
{
	ledger_ctx_t *c = vctx;
	uint8_t full[65];
	int rc;

	*siglen = 0;
	if (c->cfg.legacy) {
		if (c->cfg.scheme == DBC_ECDSA)
			return DBC_ERR_UNSUPPORTED;
		if ((rc = dbc_ledger_legacy_sign_raw(c->dev, c->cfg.cla, &c->cfg.path, c->cfg.scheme,
		    msg, len, sig)) != DBC_OK)
			return rc;
		*siglen = 64;
		return DBC_OK;
	}
	/* Generic app: refuse, before the signing APDU, what DBC could not use. */
	if (c->cfg.scheme != DBC_ED25519)
		return DBC_ERR_UNSUPPORTED;
	if (!dbc_ledger_is_wrapped(msg, len))
		return DBC_ERR_UNSUPPORTED;
	/* Over 256 bytes the app signs blake2b-256(msg), which no verifier of msg accepts. */
	if (len > DBC_LEDGER_RAW_HASH_OVER)
		return DBC_ERR_TOO_LARGE;
	if ((rc = dbc_ledger_generic_sign_raw(c->dev, &c->cfg.path, DBC_ED25519, msg, len, full)) != DBC_OK)
		return rc;
	memcpy(sig, full + 1, 64);
	*siglen = 64;
	return DBC_OK;
}

static void
ledger_destroy(void *vctx)
{
	ledger_ctx_t *c = vctx;

	if (c == NULL)
		return;
	dbc_hw_close(&c->dev);
	free(c);
}

static const dbc_signer_ops_t ledger_ops = { "ledger", ledger_sign, ledger_destroy };

int
dbc_ledger_signer_new(dbc_signer_t **out, dbc_hw_dev_t **dev, const dbc_ledger_signer_cfg_t *cfg)
{
	ledger_ctx_t *c;
	uint8_t pub[DBC_PUB_MAX];
	size_t publen = 0;
	char addr[80];
	int rc;

	*out = NULL;
	if (!cfg->legacy && cfg->scheme == DBC_SR25519) {
		dbc_hw_close(dev);
		return DBC_ERR_UNSUPPORTED;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		dbc_hw_close(dev);
		return DBC_ERR_NOMEM;
	}
	c->dev = *dev;
	*dev = NULL;
	c->cfg = *cfg;
	if (cfg->legacy) {
		rc = dbc_ledger_legacy_address(c->dev, cfg->cla, &cfg->path, cfg->scheme, 0, pub, addr,
		    sizeof(addr));
		publen = 32;
	} else {
		rc = dbc_ledger_generic_address(c->dev, &cfg->path, cfg->scheme, cfg->ss58, 0, pub,
		    &publen, addr, sizeof(addr));
	}
	if (rc != DBC_OK) {
		ledger_destroy(c);
		return rc;
	}
	return dbc_signer_new(out, cfg->scheme, pub, publen, dbc_ledger_signer_flags(cfg), &ledger_ops,
	    c);
}
