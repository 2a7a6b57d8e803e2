/* Signing request parsing (cli/tx_request.h). Strict: every member checked, numbers whole
 * and in range, hashes exactly 32 bytes; a refusal says which member. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>

#include "cli/tx_request.h"
#include "sign/hash.h"
#include "sign/hex.h"

typedef struct {
	const cJSON *root;
	char *why;
	int err;
} rq_t;

static void __attribute__((format(printf, 2, 3)))
rq_fail(rq_t *q, const char *fmt, ...)
{
	va_list ap;

	if (q->err != 0)
		return;
	q->err = DBC_ERR_INPUT;
	va_start(ap, fmt);
	(void)vsnprintf(q->why, CLI_TX_REQUEST_WHY, fmt, ap);
	va_end(ap);
}

static const char *
rq_str(rq_t *q, const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!cJSON_IsString(v) || v->valuestring == NULL) {
		rq_fail(q, "missing \"%s\"", k);
		return "";
	}
	return v->valuestring;
}

static uint64_t
rq_num(rq_t *q, const cJSON *o, const char *k, uint64_t max)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	/* Doubles hold integers exactly up to 2^53; every limit used here is below that. */
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > (double)max ||
	    v->valuedouble != (double)(uint64_t)v->valuedouble) {
		rq_fail(q, "\"%s\" must be a whole number in 0..%llu", k, (unsigned long long)max);
		return 0;
	}
	return (uint64_t)v->valuedouble;
}

static void
rq_hash(rq_t *q, const cJSON *o, const char *k, uint8_t out[32])
{
	const char *s = rq_str(q, o, k);

	if (q->err == 0 && dbc_hex_decode_exact(out, 32, s, DBC_HEX_ALLOW_0X) != DBC_OK)
		rq_fail(q, "\"%s\" is not a 32-byte 0x-hex hash", k);
}

/* 0x-hex (surrounding white space allowed) → malloc'ed bytes, at least one. */
static uint8_t *
rq_hex(rq_t *q, const cJSON *o, const char *k, size_t *out_len)
{
	const char *s = rq_str(q, o, k);
	size_t len = strlen(s);
	uint8_t *b;

	if (q->err != 0)
		return NULL;
	while (len > 0 && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\r' ||
	                   s[len - 1] == '\t'))
		len--;
	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len -= 2;
	}
	if (len == 0 || (b = malloc(len / 2 + 1)) == NULL) {
		rq_fail(q, "\"%s\" is not hex", k);
		return NULL;
	}
	if (dbc_hex_decode(b, len / 2 + 1, out_len, s, len, 0) != DBC_OK) {
		free(b);
		rq_fail(q, "\"%s\" is not hex", k);
		return NULL;
	}
	return b;
}

int
cli_tx_request_parse(cli_tx_request_t *req, const char *text, size_t len,
                     char why[CLI_TX_REQUEST_WHY])
{
	rq_t q;
	cJSON *root;
	const cJSON *era;
	const char *tip, *end = NULL;
	dbc_tx_params_t *p = &req->params;

	memset(req, 0, sizeof(*req));
	why[0] = '\0';
	q.why = why;
	q.err = 0;
	if (text[len] != '\0' || strlen(text) != len ||
	    (root = cJSON_ParseWithOpts(text, &end, 1)) == NULL) {
		(void)snprintf(why, CLI_TX_REQUEST_WHY, "not a JSON signing request");
		return DBC_ERR_INPUT;
	}
	q.root = root;
	if (!cJSON_IsObject(root))
		rq_fail(&q, "not a JSON signing request");
	if (q.err == 0 && (strcmp(rq_str(&q, root, "type"), CLI_TX_REQUEST_TYPE) != 0 ||
	                   rq_num(&q, root, "version", 255) != 1)) {
		q.err = 0;
		rq_fail(&q, "not a version-1 dbcsign signing request");
	}
	rq_hash(&q, root, "genesis", p->genesis);
	p->spec_version = (uint32_t)rq_num(&q, root, "spec_version", UINT32_MAX);
	p->tx_version = (uint32_t)rq_num(&q, root, "tx_version", UINT32_MAX);
	p->nonce = rq_num(&q, root, "nonce", UINT32_MAX);
	tip = rq_str(&q, root, "tip");
	if (q.err == 0 && dbc_u128_from_dec(&p->tip, tip) != DBC_OK)
		rq_fail(&q, "\"tip\" is not a whole number");
	rq_hash(&q, root, "account", req->account);
	era = cJSON_GetObjectItemCaseSensitive(root, "era");
	if (cJSON_IsObject(era)) {
		p->mortal = 1;
		p->period = rq_num(&q, era, "period", 65536);
		p->block_number = rq_num(&q, era, "block_number", UINT32_MAX);
		rq_hash(&q, era, "block_hash", p->block_hash);
	} else if (!cJSON_IsString(era) || strcmp(era->valuestring, "immortal") != 0) {
		rq_fail(&q, "\"era\" must be \"immortal\" or an object");
	}
	if (q.err == 0)
		req->metadata = rq_hex(&q, root, "metadata", &req->metadata_len);
	if (q.err == 0)
		req->call = rq_hex(&q, root, "call", &req->call_len);
	cJSON_Delete(root);
	if (q.err != 0) {
		cli_tx_request_free(req);
		return q.err;
	}
	return DBC_OK;
}

void
cli_tx_request_free(cli_tx_request_t *req)
{
	free(req->metadata);
	free(req->call);
	memset(req, 0, sizeof(*req));
}

void
cli_tx_metadata_inner(const uint8_t **b, size_t *n)
{
	dbc_scale_rd_t r;
	size_t inner;

	if (*n >= 4 && memcmp(*b, "meta", 4) != 0) {
		dbc_scale_rd_init(&r, *b, *n);
		if (dbc_scale_read_len(&r, &inner) == DBC_OK && inner == dbc_scale_rd_left(&r) &&
		    inner >= 4 && memcmp(*b + r.pos, "meta", 4) == 0) {
			*b += r.pos;
			*n = inner;
		}
	}
}

void
cli_tx_metadata_hash(uint8_t out[32], const uint8_t *b, size_t n)
{
	cli_tx_metadata_inner(&b, &n);
	dbc_blake2b_256(out, b, n);
}

int
cli_tx_request_check_call(const cli_tx_request_t *req, const dbc_meta_t *m)
{
	dbc_scale_rd_t r;
	dbc_buf_t b;
	int rc;

	dbc_buf_init(&b);
	dbc_scale_rd_init(&r, req->call, req->call_len);
	rc = dbc_meta_decode_call(m, &r, &b, NULL, NULL, NULL);
	if (rc == DBC_OK && dbc_scale_rd_left(&r) != 0)
		rc = DBC_ERR_SCALE;
	dbc_buf_free(&b);
	return rc;
}
