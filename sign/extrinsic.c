/* Signed extrinsics (v4): era, signed extensions by name, payload, assembly, decoding. */
#include <string.h>
#include <sodium.h>

#include "sign/extrinsic.h"

#define SIGNED_V4 0x84
#define UNSIGNED_V4 0x04

static unsigned
trailing_zeros(uint64_t v)
{
	unsigned n = 0;

	while (v != 0 && (v & 1) == 0) {
		v >>= 1;
		n++;
	}
	return n;
}

void
dbc_era_immortal(dbc_era_t *era)
{
	memset(era, 0, sizeof(*era));
	era->len = 1;
}

int
dbc_era_mortal(dbc_era_t *era, uint64_t period, uint64_t current)
{
	uint64_t p = 4, q, phase, enc;
	unsigned tz;

	if (period == 0)
		return DBC_ERR_RANGE;
	/* next power of two, clamped to [4, 65536] (sp_runtime::generic::Era::mortal) */
	while (p < period && p < 65536)
		p <<= 1;
	phase = current % p;
	q = p >> 12 > 1 ? p >> 12 : 1;
	phase = phase / q * q;
	tz = trailing_zeros(p);
	tz = tz - 1 < 1 ? 1 : (tz - 1 > 15 ? 15 : tz - 1);
	enc = tz | ((phase / q) << 4);
	era->bytes[0] = (uint8_t)enc;
	era->bytes[1] = (uint8_t)(enc >> 8);
	era->len = 2;
	era->period = p;
	era->phase = phase;
	return DBC_OK;
}

int
dbc_era_read(dbc_scale_rd_t *r, dbc_era_t *era)
{
	size_t save = r->pos;
	uint8_t b0, b1;
	uint64_t enc, period, q, phase;
	int rc;

	if ((rc = dbc_scale_read_u8(r, &b0)) != DBC_OK)
		return rc;
	if (b0 == 0) {
		dbc_era_immortal(era);
		return DBC_OK;
	}
	if ((rc = dbc_scale_read_u8(r, &b1)) != DBC_OK) {
		r->pos = save;
		return rc;
	}
	enc = (uint64_t)b0 | (uint64_t)b1 << 8;
	period = (uint64_t)2 << (enc % 16);
	q = period >> 12 > 1 ? period >> 12 : 1;
	phase = (enc >> 4) * q;
	if (period < 4 || phase >= period) {
		r->pos = save;
		return DBC_ERR_SCALE;
	}
	era->bytes[0] = b0;
	era->bytes[1] = b1;
	era->len = 2;
	era->period = period;
	era->phase = phase;
	return DBC_OK;
}

uint64_t
dbc_era_birth(const dbc_era_t *era, uint64_t current)
{
	uint64_t base;

	if (era->period == 0)
		return 0;
	base = current > era->phase ? current : era->phase;
	return (base - era->phase) / era->period * era->period + era->phase;
}

/* The signer's place in the extrinsic, from the runtime's Address type: the MultiAddress "Id"
 * variant's tag (*tagged = 1), or a bare 32-byte account (*tagged = 0). Runtimes that do
 * not name the type get the standard MultiAddress (Id = 0). */
static int
address_form(const dbc_meta_t *m, int *tagged, uint8_t *tag)
{
	const dbc_type_t *t, *inner;
	uint32_t id;
	size_t i;

	*tagged = 1;
	*tag = 0;
	if (dbc_meta_extrinsic_param(m, "Address", &id) != DBC_OK)
		return DBC_OK;
	if ((t = dbc_meta_type(m, id)) != NULL && t->kind == DBC_TY_VARIANT) {
		for (i = 0; i < t->nvariants; i++)
			if (strcmp(t->variants[i].name, "Id") == 0 && t->variants[i].nfields == 1 &&
			    (inner = dbc_meta_resolve(m, t->variants[i].fields[0].type)) != NULL &&
			    inner->kind == DBC_TY_ARRAY && inner->len == 32) {
				*tag = t->variants[i].index;
				return DBC_OK;
			}
		return DBC_ERR_UNSUPPORTED;
	}
	if ((inner = dbc_meta_resolve(m, id)) != NULL && inner->kind == DBC_TY_ARRAY && inner->len == 32) {
		*tagged = 0;
		return DBC_OK;
	}
	return DBC_ERR_UNSUPPORTED;
}

static const char *
sig_variant_name(dbc_scheme_t scheme)
{
	switch (scheme) {
	case DBC_ED25519: return "Ed25519";
	case DBC_SR25519: return "Sr25519";
	default: return "Ecdsa";
	}
}

/* The MultiSignature tag of a scheme from the runtime's Signature type (standard 0/1/2 when
 * the runtime does not name the type). */
static int
signature_tag(const dbc_meta_t *m, dbc_scheme_t scheme, uint8_t *tag)
{
	const dbc_type_t *t;
	uint32_t id;
	size_t i;

	*tag = dbc_tx_sig_type(scheme);
	if (dbc_meta_extrinsic_param(m, "Signature", &id) != DBC_OK)
		return DBC_OK;
	if ((t = dbc_meta_type(m, id)) == NULL || t->kind != DBC_TY_VARIANT)
		return DBC_ERR_UNSUPPORTED;
	for (i = 0; i < t->nvariants; i++)
		if (strcmp(t->variants[i].name, sig_variant_name(scheme)) == 0) {
			*tag = t->variants[i].index;
			return DBC_OK;
		}
	return DBC_ERR_UNSUPPORTED;
}

/* The scheme a signature tag stands for, per the runtime's Signature type. */
static int
signature_scheme(const dbc_meta_t *m, uint8_t tag, dbc_scheme_t *scheme)
{
	static const dbc_scheme_t all[] = { DBC_ED25519, DBC_SR25519, DBC_ECDSA };
	uint8_t t;
	size_t i;

	for (i = 0; i < 3; i++)
		if (signature_tag(m, all[i], &t) == DBC_OK && t == tag) {
			*scheme = all[i];
			return DBC_OK;
		}
	return DBC_ERR_UNSUPPORTED;
}

uint8_t
dbc_tx_sig_type(dbc_scheme_t scheme)
{
	switch (scheme) {
	case DBC_ED25519: return 0;
	case DBC_SR25519: return 1;
	default: return 2;
	}
}

/* Extensions that add nothing to either part. */
static int
is_empty_ext(const char *id)
{
	return strcmp(id, "CheckNonZeroSender") == 0 || strcmp(id, "CheckWeight") == 0;
}

/* ChargeAssetTxPayment's asset id must be a plain u32 for us to encode it. */
static int
asset_id_is_u32(const dbc_meta_t *m, const dbc_signed_ext_t *e)
{
	const dbc_type_t *t = dbc_meta_type(m, e->type), *opt, *inner;

	if (t == NULL || t->kind != DBC_TY_COMPOSITE || t->nfields != 2)
		return 0;
	opt = dbc_meta_type(m, t->fields[1].type);
	if (opt == NULL || opt->kind != DBC_TY_VARIANT || strcmp(opt->path, "Option") != 0 ||
	    opt->nvariants != 2)
		return 0;
	inner = opt->variants[0].nfields == 1 ? dbc_meta_resolve(m, opt->variants[0].fields[0].type) :
	        opt->variants[1].nfields == 1 ? dbc_meta_resolve(m, opt->variants[1].fields[0].type) :
	        NULL;
	return inner != NULL && inner->kind == DBC_TY_PRIMITIVE && inner->prim == DBC_PRIM_U32;
}

int
dbc_tx_extensions(const dbc_meta_t *m, const dbc_tx_params_t *p, dbc_buf_t *extra,
                  dbc_buf_t *additional, const char **bad_ext)
{
	size_t i, n = dbc_meta_nsigned_ext(m);
	dbc_era_t era;
	int rc;

	if (bad_ext != NULL)
		*bad_ext = NULL;
	if (dbc_meta_extrinsic_version(m) != 4)
		return DBC_ERR_UNSUPPORTED;
	if (p->mortal) {
		if ((rc = dbc_era_mortal(&era, p->period, p->block_number)) != DBC_OK)
			return rc;
	} else {
		dbc_era_immortal(&era);
	}
	for (i = 0; i < n; i++) {
		const dbc_signed_ext_t *e = dbc_meta_signed_ext(m, i);
		const char *id = e->identifier;

		if (is_empty_ext(id)) {
			continue;
		} else if (strcmp(id, "CheckSpecVersion") == 0) {
			dbc_scale_put_u32(additional, p->spec_version);
		} else if (strcmp(id, "CheckTxVersion") == 0) {
			dbc_scale_put_u32(additional, p->tx_version);
		} else if (strcmp(id, "CheckGenesis") == 0) {
			dbc_buf_put(additional, p->genesis, 32);
		} else if (strcmp(id, "CheckMortality") == 0 || strcmp(id, "CheckEra") == 0) {
			dbc_buf_put(extra, era.bytes, era.len);
			dbc_buf_put(additional, p->mortal ? p->block_hash : p->genesis, 32);
		} else if (strcmp(id, "CheckNonce") == 0) {
			dbc_scale_put_compact(extra, p->nonce);
		} else if (strcmp(id, "ChargeTransactionPayment") == 0) {
			if (p->has_asset_id)
				return DBC_ERR_UNSUPPORTED;
			dbc_scale_put_compact(extra, p->tip);
		} else if (strcmp(id, "ChargeAssetTxPayment") == 0) {
			dbc_scale_put_compact(extra, p->tip);
			if (p->has_asset_id) {
				if (!asset_id_is_u32(m, e)) {
					if (bad_ext != NULL)
						*bad_ext = id;
					return DBC_ERR_UNSUPPORTED;
				}
				dbc_scale_put_u8(extra, 1);
				dbc_scale_put_u32(extra, p->asset_id);
			} else {
				dbc_scale_put_u8(extra, 0);
			}
		} else if (strcmp(id, "CheckMetadataHash") == 0) {
			dbc_scale_put_u8(extra, p->metadata_hash ? 1 : 0);
			if (p->metadata_hash) {
				dbc_scale_put_u8(additional, 1);
				dbc_buf_put(additional, p->metadata_hash_value, 32);
			} else {
				dbc_scale_put_u8(additional, 0);
			}
		} else {
			if (bad_ext != NULL)
				*bad_ext = id;
			return DBC_ERR_UNSUPPORTED;
		}
	}
	if ((rc = dbc_buf_error(extra)) != DBC_OK || (rc = dbc_buf_error(additional)) != DBC_OK)
		return rc;
	return DBC_OK;
}

int
dbc_tx_payload(const dbc_meta_t *m, const dbc_tx_params_t *p, const uint8_t *call,
               size_t calllen, dbc_buf_t *payload, const char **bad_ext)
{
	dbc_buf_t extra, add;
	int rc;

	if (call == NULL || calllen < 2)
		return DBC_ERR_INPUT;
	dbc_buf_init(&extra);
	dbc_buf_init(&add);
	if ((rc = dbc_tx_extensions(m, p, &extra, &add, bad_ext)) == DBC_OK) {
		dbc_buf_put(payload, call, calllen);
		dbc_buf_put(payload, extra.p, extra.len);
		dbc_buf_put(payload, add.p, add.len);
		rc = dbc_buf_error(payload);
	}
	dbc_buf_free(&extra);
	dbc_buf_free(&add);
	return rc;
}

void
dbc_tx_payload_to_sign(dbc_buf_t *payload)
{
	uint8_t h[32];

	if (payload->err != 0 || payload->len <= DBC_TX_HASHED_PAYLOAD_OVER)
		return;
	crypto_generichash(h, sizeof(h), payload->p, payload->len, NULL, 0);
	sodium_memzero(payload->p, payload->len);
	memcpy(payload->p, h, 32);
	payload->len = 32;
}

int
dbc_tx_assemble(const dbc_meta_t *m, const dbc_tx_params_t *p, const uint8_t *call,
                size_t calllen, dbc_scheme_t scheme, const uint8_t *pub, size_t publen,
                const uint8_t *sig, size_t siglen, dbc_buf_t *out, const char **bad_ext)
{
	dbc_buf_t payload, extra, add, body;
	uint8_t account[32], addr_tag, sig_tag;
	int rc, tagged;

	if (siglen != dbc_scheme_siglen(scheme))
		return DBC_ERR_SIGNATURE_FORMAT;
	if ((rc = address_form(m, &tagged, &addr_tag)) != DBC_OK ||
	    (rc = signature_tag(m, scheme, &sig_tag)) != DBC_OK)
		return rc;
	if ((rc = dbc_account_id(scheme, pub, publen, account)) != DBC_OK)
		return rc;
	dbc_buf_init(&payload);
	dbc_buf_init(&extra);
	dbc_buf_init(&add);
	dbc_buf_init(&body);
	if ((rc = dbc_tx_payload(m, p, call, calllen, &payload, bad_ext)) != DBC_OK)
		goto out;
	dbc_tx_payload_to_sign(&payload);
	if ((rc = dbc_buf_error(&payload)) != DBC_OK)
		goto out;
	if ((rc = dbc_verify(scheme, pub, publen, payload.p, payload.len, sig, siglen)) != DBC_OK)
		goto out;
	if ((rc = dbc_tx_extensions(m, p, &extra, &add, bad_ext)) != DBC_OK)
		goto out;
	dbc_scale_put_u8(&body, SIGNED_V4);
	if (tagged)
		dbc_scale_put_u8(&body, addr_tag); /* MultiAddress::Id */
	dbc_buf_put(&body, account, 32);
	dbc_scale_put_u8(&body, sig_tag);
	dbc_buf_put(&body, sig, siglen);
	dbc_buf_put(&body, extra.p, extra.len);
	dbc_buf_put(&body, call, calllen);
	if ((rc = dbc_buf_error(&body)) != DBC_OK)
		goto out;
	dbc_scale_put_compact(out, body.len);
	dbc_buf_put(out, body.p, body.len);
	rc = dbc_buf_error(out);
out:
	dbc_buf_free(&payload);
	dbc_buf_free(&extra);
	dbc_buf_free(&add);
	dbc_buf_free(&body);
	return rc;
}

int
dbc_tx_sign(const dbc_meta_t *m, const dbc_tx_params_t *p, const uint8_t *call,
            size_t calllen, const dbc_signer_t *signer, dbc_buf_t *out, const char **bad_ext)
{
	dbc_buf_t payload;
	uint8_t sig[DBC_SIG_MAX];
	size_t siglen = 0, publen = 0;
	const uint8_t *pub = dbc_signer_public(signer, &publen);
	int rc;

	dbc_buf_init(&payload);
	if (bad_ext != NULL)
		*bad_ext = NULL;
	/* Only sources that declare it may sign extrinsic payloads (a Ledger app, say, must
	 * show the transaction itself instead of signing opaque bytes). */
	if ((dbc_signer_flags(signer) & DBC_SIGNER_CAN_EXTRINSIC) == 0) {
		rc = DBC_ERR_UNSUPPORTED;
		goto out;
	}
	if ((rc = dbc_tx_payload(m, p, call, calllen, &payload, bad_ext)) != DBC_OK)
		goto out;
	dbc_tx_payload_to_sign(&payload);
	if ((rc = dbc_buf_error(&payload)) != DBC_OK)
		goto out;
	if ((rc = dbc_signer_sign(signer, payload.p, payload.len, sig, &siglen)) != DBC_OK)
		goto out;
	rc = dbc_tx_assemble(m, p, call, calllen, dbc_signer_scheme(signer), pub, publen, sig,
	                     siglen, out, bad_ext);
out:
	dbc_buf_free(&payload);
	sodium_memzero(sig, sizeof(sig));
	return rc;
}

void
dbc_tx_hash(uint8_t out[32], const uint8_t *ext, size_t len)
{
	crypto_generichash(out, 32, ext, len, NULL, 0);
}

/* Decode one extension's extra part; unknown ones are skipped through their type. */
static int
read_ext(const dbc_meta_t *m, const dbc_signed_ext_t *e, dbc_scale_rd_t *r, dbc_tx_decoded_t *d)
{
	const char *id = e->identifier;
	int some, rc;

	if (strcmp(id, "CheckMortality") == 0 || strcmp(id, "CheckEra") == 0)
		return dbc_era_read(r, &d->era);
	if (strcmp(id, "CheckNonce") == 0)
		return dbc_scale_read_compact_u64(r, &d->nonce);
	if (strcmp(id, "ChargeTransactionPayment") == 0)
		return dbc_scale_read_compact_u128(r, &d->tip);
	if (strcmp(id, "ChargeAssetTxPayment") == 0 && asset_id_is_u32(m, e)) {
		if ((rc = dbc_scale_read_compact_u128(r, &d->tip)) != DBC_OK ||
		    (rc = dbc_scale_read_option(r, &some)) != DBC_OK)
			return rc;
		d->has_asset_id = some;
		return some ? dbc_scale_read_u32(r, &d->asset_id) : DBC_OK;
	}
	if (strcmp(id, "CheckMetadataHash") == 0) {
		d->has_mode = 1;
		if ((rc = dbc_scale_read_u8(r, &d->mode)) != DBC_OK)
			return rc;
		return d->mode > 1 ? DBC_ERR_SCALE : DBC_OK;
	}
	return dbc_meta_skip(m, e->type, r);
}

int
dbc_tx_decode(const dbc_meta_t *m, const uint8_t *ext, size_t len, dbc_tx_decoded_t *d)
{
	dbc_scale_rd_t r;
	const uint8_t *p;
	size_t body, i;
	uint8_t ver, addr_tag, tag;
	dbc_scheme_t scheme;
	int rc, tagged;

	memset(d, 0, sizeof(*d));
	dbc_era_immortal(&d->era);
	dbc_scale_rd_init(&r, ext, len);
	if ((rc = dbc_scale_read_len(&r, &body)) != DBC_OK)
		return rc;
	if (body != dbc_scale_rd_left(&r))
		return DBC_ERR_SCALE;
	if ((rc = dbc_scale_read_u8(&r, &ver)) != DBC_OK)
		return rc;
	if ((ver & 0x3f) != 4)
		return DBC_ERR_UNSUPPORTED;
	d->version = 4;
	if (ver == SIGNED_V4) {
		d->is_signed = 1;
		if ((rc = address_form(m, &tagged, &addr_tag)) != DBC_OK)
			return rc;
		if (tagged) {
			if ((rc = dbc_scale_read_u8(&r, &d->address_kind)) != DBC_OK)
				return rc;
			/* Other address kinds (Index, Raw, Address20…) are not decoded. */
			if (d->address_kind != addr_tag)
				return DBC_ERR_UNSUPPORTED;
			d->address_kind = 0;
		}
		if ((rc = dbc_scale_read_bytes(&r, 32, &p)) != DBC_OK)
			return rc;
		memcpy(d->account, p, 32);
		if ((rc = dbc_scale_read_u8(&r, &tag)) != DBC_OK)
			return rc;
		if (signature_scheme(m, tag, &scheme) != DBC_OK)
			return DBC_ERR_SCALE;
		d->sig_type = dbc_tx_sig_type(scheme);
		d->siglen = dbc_scheme_siglen(scheme);
		if ((rc = dbc_scale_read_bytes(&r, d->siglen, &p)) != DBC_OK)
			return rc;
		memcpy(d->sig, p, d->siglen);
		for (i = 0; i < dbc_meta_nsigned_ext(m); i++)
			if ((rc = read_ext(m, dbc_meta_signed_ext(m, i), &r, d)) != DBC_OK)
				return rc;
	} else if (ver != UNSIGNED_V4) {
		return DBC_ERR_UNSUPPORTED;
	}
	d->calllen = dbc_scale_rd_left(&r);
	if (d->calllen < 2)
		return DBC_ERR_SCALE;
	d->call = ext + r.pos;
	return DBC_OK;
}
