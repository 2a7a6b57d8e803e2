/* Fuzz target: the v4 extrinsic decoder (sign/extrinsic.c) against DBC's real metadata
 * (loaded from DBCSIGN_SHARED; without it the target does nothing).
 *
 * First byte even: the rest is an extrinsic (compact length ‖ 0x84 ‖ …) handed to
 * dbc_tx_decode. Invariants: the call it returns lies inside the input; a signed one has a
 * valid era and a signature of its scheme's length; the call then decodes (or fails) without
 * running past the input.
 * First byte odd: encode → decode round trip. The input picks the scheme, a seed, nonce, tip,
 * era, asset id and the call (the rest, when it is exactly one valid call; else a fixed
 * confirmRent(12345) call from fixtures/dbc/extrinsics.json). dbc_tx_sign builds and signs it, and
 * dbc_tx_decode must give back every field: signer, signature, era, nonce, tip, asset id,
 * call bytes. */
#include <stdlib.h>
#include <string.h>
#include "sign/extrinsic.h"
#include "wallet/keypair.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* RentMachine.confirm_rent(rent_id = 12345) as in fixtures/dbc/extrinsics.json ("confirm_rent"). */
static const uint8_t confirm_call[] = { 0x6f, 0x02, 0x39, 0x30, 0, 0, 0, 0, 0, 0 };

static void
decode_only(const dbc_meta_t *m, const uint8_t *p, size_t n)
{
	dbc_tx_decoded_t d;
	int rc;

	memset(&d, 0, sizeof(d));
	rc = dbc_tx_decode(m, p, n, &d);
	if (rc > 0)
		abort();
	if (rc != DBC_OK)
		return;
	if (d.call == NULL || d.call < p || d.calllen > n || d.call + d.calllen > p + n)
		abort();
	if (d.is_signed) {
		if (d.siglen != (d.sig_type == 2 ? 65u : 64u))
			abort();
		if (d.era.len != 1 && d.era.len != 2)
			abort();
		if (d.era.len == 2 && (d.era.period < 4 || d.era.phase >= d.era.period))
			abort();
	}
	{
		dbc_scale_rd_t r;
		dbc_buf_t out;

		dbc_buf_init(&out);
		dbc_scale_rd_init(&r, d.call, d.calllen);
		if (dbc_meta_decode_call(m, &r, &out, NULL, NULL, NULL) == DBC_OK && r.pos > r.len)
			abort();
		dbc_buf_free(&out);
	}
}

static int
is_one_call(const dbc_meta_t *m, const uint8_t *p, size_t n)
{
	dbc_scale_rd_t r;
	dbc_buf_t out;
	int ok;

	dbc_buf_init(&out);
	dbc_scale_rd_init(&r, p, n);
	ok = n > 0 && dbc_meta_decode_call(m, &r, &out, NULL, NULL, NULL) == DBC_OK &&
	     dbc_scale_rd_left(&r) == 0;
	dbc_buf_free(&out);
	return ok;
}

static void
round_trip(const dbc_meta_t *m, const uint8_t *data, size_t size)
{
	fuzz_cur_t c = { data, size };
	dbc_tx_params_t p;
	dbc_keypair_t *kp;
	dbc_signer_t *s = NULL;
	dbc_tx_decoded_t d;
	dbc_buf_t ext;
	uint8_t seed[32], id[32];
	const uint8_t *call, *q;
	size_t calllen, got, i;
	dbc_scheme_t scheme = (dbc_scheme_t)(fuzz_byte(&c) % 3);
	const char *bad = NULL;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(seed, 0x42, sizeof(seed));
	q = fuzz_take(&c, 32, &got);
	memcpy(seed, q, got);
	for (i = 0; i < 8; i++)
		p.nonce |= (uint64_t)fuzz_byte(&c) << (8 * i);
	for (i = 0; i < 16; i++)
		p.tip |= (dbc_u128_t)fuzz_byte(&c) << (8 * i);
	p.mortal = fuzz_byte(&c) & 1;
	p.period = (uint64_t)1 << (fuzz_byte(&c) % 20);
	for (i = 0; i < 4; i++)
		p.block_number |= (uint64_t)fuzz_byte(&c) << (8 * i);
	p.has_asset_id = fuzz_byte(&c) & 1;
	p.asset_id = (uint32_t)fuzz_byte(&c) * 65599u;
	p.spec_version = 400;
	p.tx_version = 1;
	memset(p.genesis, 0x03, 32);
	memset(p.block_hash, 0x0b, 32);
	call = c.p;
	calllen = c.left;
	if (!is_one_call(m, call, calllen)) {
		call = confirm_call;
		calllen = sizeof(confirm_call);
	}
	if ((kp = dbc_keypair_new()) == NULL)
		abort();
	if (dbc_keypair_from_seed(kp, scheme, seed) != DBC_OK) {
		dbc_keypair_free(&kp); /* ecdsa: zero or ≥ n */
		return;
	}
	if (dbc_keypair_signer(&s, kp) != DBC_OK)
		abort();
	dbc_buf_init(&ext);
	rc = dbc_tx_sign(m, &p, call, calllen, s, &ext, &bad);
	if (rc != DBC_OK) {
		/* only a call too large for the writer may be refused */
		if (rc != DBC_ERR_TOO_LARGE && rc != DBC_ERR_RANGE)
			abort();
		goto out;
	}
	memset(&d, 0, sizeof(d));
	if (dbc_tx_decode(m, ext.p, ext.len, &d) != DBC_OK)
		abort();
	if (dbc_account_id(scheme, kp->pub, kp->publen, id) != DBC_OK)
		abort();
	if (!d.is_signed || d.version != 4 || d.address_kind != 0 || memcmp(d.account, id, 32) != 0 ||
	    d.sig_type != dbc_tx_sig_type(scheme) || d.siglen != dbc_scheme_siglen(scheme) ||
	    d.nonce != p.nonce || d.tip != p.tip || d.has_asset_id != p.has_asset_id ||
	    (p.has_asset_id && d.asset_id != p.asset_id) || d.calllen != calllen ||
	    memcmp(d.call, call, calllen) != 0 || (d.era.len == 1) != !p.mortal)
		abort();
	/* the signature in the extrinsic verifies over the payload it claims */
	{
		dbc_buf_t payload;

		dbc_buf_init(&payload);
		if (dbc_tx_payload(m, &p, call, calllen, &payload, &bad) != DBC_OK)
			abort();
		dbc_tx_payload_to_sign(&payload);
		if (dbc_verify(scheme, kp->pub, kp->publen, payload.p, payload.len, d.sig, d.siglen) != DBC_OK)
			abort();
		dbc_buf_free(&payload);
	}
out:
	dbc_buf_free(&ext);
	dbc_signer_free(&s);
	dbc_keypair_free(&kp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const dbc_meta_t *m;

	fuzz_init();
	if (size < 1 || size > 65536 || (m = fuzz_meta()) == NULL)
		return 0;
	if ((data[0] & 1) == 0)
		decode_only(m, data + 1, size - 1);
	else
		round_trip(m, data + 1, size - 1);
	return 0;
}
