/* Fuzz target: the air-gapped signing request read by `dbcsign tx sign REQUEST.json`, in
 * process (coverage-guided) through cli/tx_request.h, then the signing steps of `tx sign`.
 *
 * Each input is the request's JSON text. The text "@DBC_METADATA@" is replaced by the hex of
 * DBC's real metadata ($DBCSIGN_SHARED/fixtures/dbc/metadata-v14-spec400.scale), so the
 * committed seeds stay small while reaching call decoding and signing.
 * Invariants:
 * - cli_tx_request_parse either succeeds with metadata and call bytes, or fails with
 *   DBC_ERR_INPUT/DBC_ERR_NOMEM and a one-line reason (no control characters);
 * - a request whose metadata parses and whose call decodes completely yields a signing
 *   payload; signed with a fixed ed25519 key and assembled, the extrinsic decodes back to the
 *   same call, nonce, tip and era, with the key's account as signer. */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "cli/tx_request.h"
#include "sign/hex.h"
#include "sign/signer.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
metadata_hex(void)
{
	static int tried;
	static char *hex;
	char path[4096];
	const char *dir = getenv("DBCSIGN_SHARED");
	uint8_t *raw;
	size_t len = 0;

	if (tried)
		return hex;
	tried = 1;
	if (dir == NULL || *dir == '\0')
		dir = "../shared";
	(void)snprintf(path, sizeof(path), "%s/fixtures/dbc/metadata-v14-spec400.scale", dir);
	if ((raw = fuzz_read_file(path, &len)) == NULL)
		return NULL;
	if ((hex = malloc(2 * len + 3)) != NULL) {
		hex[0] = '0';
		hex[1] = 'x';
		dbc_hex_encode(hex + 2, raw, len);
	}
	free(raw);
	return hex;
}

/* The request text with the marker expanded; malloc'ed and '\0'-terminated, NULL to skip. */
static char *
expand(const uint8_t *data, size_t size, size_t *len)
{
	static const char mark[] = "@DBC_METADATA@";
	const uint8_t *at = memmem(data, size, mark, sizeof(mark) - 1);
	const char *hex = "";
	size_t pre, hl;
	char *t;

	if (at != NULL && (hex = metadata_hex()) == NULL)
		return NULL; /* no shared tree: this seed cannot be expanded */
	pre = at != NULL ? (size_t)(at - data) : size;
	hl = at != NULL ? strlen(hex) : 0;
	*len = size + hl - (at != NULL ? sizeof(mark) - 1 : 0);
	if ((t = malloc(*len + 1)) == NULL)
		abort();
	memcpy(t, data, pre);
	if (at != NULL) {
		memcpy(t + pre, hex, hl);
		memcpy(t + pre + hl, at + sizeof(mark) - 1, size - pre - (sizeof(mark) - 1));
	}
	t[*len] = '\0';
	return t;
}

static void
sign_and_check(const cli_tx_request_t *rq, const dbc_meta_t *m)
{
	static const uint8_t seed[32] = { 7 };
	uint8_t pk[32], sk[64], sig[64], acc[32];
	dbc_buf_t payload, ext;
	dbc_tx_decoded_t d;
	const char *bad = NULL;

	if (cli_tx_request_check_call(rq, m) != DBC_OK)
		return; /* `tx sign` refuses such a request */
	dbc_buf_init(&payload);
	dbc_buf_init(&ext);
	if (dbc_tx_payload(m, &rq->params, rq->call, rq->call_len, &payload, &bad) != DBC_OK)
		goto out; /* e.g. an unknown signed extension, refused by name */
	dbc_tx_payload_to_sign(&payload);
	if (crypto_sign_seed_keypair(pk, sk, seed) != 0 ||
	    crypto_sign_detached(sig, NULL, payload.p, payload.len, sk) != 0)
		abort();
	if (dbc_tx_assemble(m, &rq->params, rq->call, rq->call_len, DBC_ED25519, pk, 32, sig,
	                    64, &ext, &bad) != DBC_OK)
		abort(); /* the payload built, so the same parts must assemble */
	if (dbc_tx_decode(m, ext.p, ext.len, &d) != DBC_OK || !d.is_signed ||
	    d.calllen != rq->call_len || memcmp(d.call, rq->call, rq->call_len) != 0 ||
	    d.nonce != rq->params.nonce || d.tip != rq->params.tip ||
	    (d.era.period != 0) != (rq->params.mortal != 0))
		abort();
	if (dbc_account_id(DBC_ED25519, pk, 32, acc) != DBC_OK || memcmp(acc, d.account, 32) != 0)
		abort();
out:
	sodium_memzero(sk, sizeof(sk));
	dbc_buf_free(&payload);
	dbc_buf_free(&ext);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cli_tx_request_t rq;
	char why[CLI_TX_REQUEST_WHY], *text;
	const dbc_meta_t *real = NULL;
	dbc_meta_t *own = NULL;
	const uint8_t *mb;
	size_t len, ml;
	int rc;

	fuzz_init();
	if (size > 65536 || (text = expand(data, size, &len)) == NULL)
		return 0;
	rc = cli_tx_request_parse(&rq, text, len, why);
	free(text);
	if (rc != DBC_OK) {
		const char *p;

		if (rc != DBC_ERR_INPUT && rc != DBC_ERR_NOMEM)
			abort();
		if (rc == DBC_ERR_INPUT && why[0] == '\0')
			abort();
		for (p = why; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
		return 0;
	}
	if (rq.metadata == NULL || rq.metadata_len == 0 || rq.call == NULL || rq.call_len == 0)
		abort();
	/* The real metadata is parsed once (fuzz_meta); anything else per input. */
	mb = rq.metadata;
	ml = rq.metadata_len;
	cli_tx_metadata_inner(&mb, &ml);
	if (ml > 300000 && (real = fuzz_meta()) != NULL) {
		sign_and_check(&rq, real);
	} else if (dbc_meta_parse(&own, mb, ml, NULL) == DBC_OK) {
		sign_and_check(&rq, own);
		dbc_meta_free(&own);
	}
	cli_tx_request_free(&rq);
	return 0;
}
