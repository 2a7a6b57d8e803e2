/* JSON-RPC 2.0 client for Substrate nodes, plus the metadata cache. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/net/http.h"
#include "cli/net/rpc.h"
#include "sign/extrinsic.h"
#include "sign/hash.h"
#include "sign/hex.h"

#define MAX_RESPONSE ((size_t)64 << 20) /* metadata is ~0.4 MiB; blocks can be large */
#define MAX_METADATA ((size_t)32 << 20)

int
dbc_rpc_init(dbc_rpc_t *c, const char *url)
{
	const char *rest, *scheme, *t;
	char *end;
	long secs;

	memset(c, 0, sizeof(*c));
	c->timeout_ms = DBC_RPC_TIMEOUT_MS;
	c->retries = DBC_RPC_READ_RETRIES;
	/* Seconds, 1..600: slow links, and tests of the timeout path. */
	if ((t = getenv("DBCSIGN_RPC_TIMEOUT")) != NULL && *t != '\0') {
		errno = 0;
		secs = strtol(t, &end, 10);
		if (errno != 0 || *end != '\0' || secs < 1 || secs > 600) {
			(void)snprintf(c->err, sizeof(c->err), "DBCSIGN_RPC_TIMEOUT: want seconds 1..600");
			return DBC_ERR_INPUT;
		}
		c->timeout_ms = secs * 1000;
	}
	if (url == NULL || *url == '\0')
		url = getenv("DBCSIGN_RPC");
	if (url == NULL || *url == '\0')
		url = DBC_RPC_DEFAULT_URL;
	if (strncmp(url, "wss://", 6) == 0) {
		scheme = "https://";
		rest = url + 6;
	} else if (strncmp(url, "ws://", 5) == 0) {
		scheme = "http://";
		rest = url + 5;
	} else if (strncmp(url, "https://", 8) == 0) {
		scheme = "https://";
		rest = url + 8;
	} else if (strncmp(url, "http://", 7) == 0) {
		scheme = "http://";
		rest = url + 7;
	} else {
		(void)snprintf(c->err, sizeof(c->err), "--rpc: '%.200s' is not an http(s):// or ws(s):// URL",
		               url);
		return DBC_ERR_INPUT;
	}
	if (*rest == '\0' || strlen(scheme) + strlen(rest) >= sizeof(c->url) ||
	    strpbrk(rest, " \t\r\n") != NULL) {
		(void)snprintf(c->err, sizeof(c->err), "--rpc: bad URL '%.200s'", url);
		return DBC_ERR_INPUT;
	}
	if (snprintf(c->url, sizeof(c->url), "%s%s", scheme, rest) >= (int)sizeof(c->url))
		return DBC_ERR_INPUT;
	return DBC_OK;
}

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* c->err holds server text (an RPC error's message and data, libcurl's reason): escape control
 * characters so that it stays one line that cannot move the cursor or forge output. */
static void
clean_err(dbc_rpc_t *c)
{
	char safe[sizeof(c->err)];

	cli_safe_text(safe, sizeof(safe), c->err);
	memcpy(c->err, safe, sizeof(c->err));
}

/* One POST; the parsed response object in *resp. */
static int
post_once(dbc_rpc_t *c, const char *body, cJSON **resp)
{
	dbc_http_resp_t r;
	int rc;

	memset(&r, 0, sizeof(r));
	if ((rc = dbc_http_post_json(c->url, body, c->timeout_ms, MAX_RESPONSE, &r)) != DBC_OK) {
		(void)snprintf(c->err, sizeof(c->err), "%.200s: %s", c->url,
		               rc == DBC_ERR_TIMEOUT ? "timed out" : dbc_http_last_error());
		dbc_http_resp_free(&r);
		return rc;
	}
	if (r.status < 200 || r.status > 299) {
		(void)snprintf(c->err, sizeof(c->err), "%.200s: HTTP status %ld", c->url, r.status);
		dbc_http_resp_free(&r);
		return DBC_ERR_HTTP;
	}
	*resp = r.body != NULL ? cJSON_ParseWithLength(r.body, r.len) : NULL;
	dbc_http_resp_free(&r);
	if (*resp == NULL || !cJSON_IsObject(*resp)) {
		cJSON_Delete(*resp);
		*resp = NULL;
		(void)snprintf(c->err, sizeof(c->err), "%.200s: the response is not a JSON-RPC object", c->url);
		return DBC_ERR_RPC;
	}
	return DBC_OK;
}

/* A plain-words reason for common transaction-validity errors, or NULL. */
static const char *
invalid_reason(const char *msg, const char *data)
{
	static const struct {
		const char *key, *why;
	} map[] = {
		{ "badProof", "bad signature" },
		{ "bad signature", "bad signature" },
		{ "payment", "the account cannot pay the fee" },
		{ "Inability to pay", "the account cannot pay the fee" },
		{ "stale", "the nonce was already used" },
		{ "outdated", "the nonce was already used" },
		{ "future", "the nonce is ahead of the account's" },
		{ "ancientBirthBlock", "the era's block is too old or unknown" },
		{ "AncientBirthBlock", "the era's block is too old or unknown" },
		{ "exhaustsResources", "the block is full" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strstr(msg, map[i].key) != NULL || (data != NULL && strstr(data, map[i].key) != NULL))
			return map[i].why;
	return NULL;
}

int
dbc_rpc_call(dbc_rpc_t *c, const char *method, const char *params, int retry_ok, cJSON **result)
{
	dbc_buf_t body;
	cJSON *resp = NULL, *err, *res;
	const char *text;
	int rc = DBC_ERR_INTERNAL, attempt;

	*result = NULL;
	c->err[0] = '\0';
	dbc_buf_init(&body);
	dbc_buf_printf(&body, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"%s\",\"params\":", ++c->id,
	               method);
	dbc_buf_puts(&body, params != NULL ? params : "[]");
	dbc_buf_putc(&body, '}');
	if ((text = dbc_buf_cstr(&body)) == NULL) {
		dbc_buf_free(&body);
		return DBC_ERR_NOMEM;
	}
	for (attempt = 0;; attempt++) {
		rc = post_once(c, text, &resp);
		if (rc == DBC_OK || !retry_ok || attempt >= c->retries)
			break;
		/* Only transport trouble and server errors are worth a retry. */
		if (rc != DBC_ERR_NETWORK && rc != DBC_ERR_TIMEOUT && rc != DBC_ERR_HTTP)
			break;
		pause_ms(500L << attempt);
	}
	dbc_buf_free(&body);
	if (rc != DBC_OK) {
		clean_err(c);
		return rc;
	}
	err = cJSON_GetObjectItemCaseSensitive(resp, "error");
	if (err != NULL && !cJSON_IsNull(err)) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(err, "message");
		const cJSON *data = cJSON_GetObjectItemCaseSensitive(err, "data");
		const char *m = cJSON_IsString(msg) ? msg->valuestring : "(no message)";
		const char *why = invalid_reason(m, cJSON_IsString(data) ? data->valuestring : NULL);
		int icode = cJSON_IsNumber(code) ? code->valueint : 0;

		/* 1010 (substrate) or {"invalid":…} (chopsticks): the chain refused the transaction
		 * (bad signature, stale nonce, cannot pay): a rejection, not a network failure. */
		if (icode == 1010 || strncmp(m, "{\"invalid\"", 10) == 0) {
			(void)snprintf(c->err, sizeof(c->err), "transaction rejected by the node: %.160s%s%.100s",
			               why != NULL ? why : m, why != NULL ? " — " : "",
			               why != NULL ? m : "");
			clean_err(c);
			cJSON_Delete(resp);
			return DBC_ERR_REJECTED;
		}
		(void)snprintf(c->err, sizeof(c->err), "%s: RPC error %d: %.120s%s%.120s", method, icode, m,
		               cJSON_IsString(data) ? ": " : "",
		               cJSON_IsString(data) ? data->valuestring : "");
		clean_err(c);
		cJSON_Delete(resp);
		return DBC_ERR_RPC;
	}
	res = cJSON_DetachItemFromObjectCaseSensitive(resp, "result");
	cJSON_Delete(resp);
	if (res == NULL) {
		(void)snprintf(c->err, sizeof(c->err), "%s: response has no result", method);
		return DBC_ERR_RPC;
	}
	*result = res;
	return DBC_OK;
}

static int
bad_result(dbc_rpc_t *c, const char *method, const char *what)
{
	(void)snprintf(c->err, sizeof(c->err), "%s: unexpected result (%s)", method, what);
	return DBC_ERR_RPC;
}

/* "0x" + hex into a malloc'ed buffer. */
static int
hex_result(dbc_rpc_t *c, const char *method, const cJSON *v, uint8_t **out, size_t *len,
           size_t max)
{
	const char *s;
	size_t hl;
	uint8_t *b;

	if (!cJSON_IsString(v) || (s = v->valuestring) == NULL || strncmp(s, "0x", 2) != 0)
		return bad_result(c, method, "not a hex string");
	hl = strlen(s + 2);
	if (hl / 2 > max)
		return bad_result(c, method, "too large");
	if ((b = malloc(hl / 2 + 1)) == NULL)
		return DBC_ERR_NOMEM;
	if (dbc_hex_decode(b, hl / 2 + 1, len, s + 2, hl, 0) != DBC_OK) {
		free(b);
		return bad_result(c, method, "bad hex");
	}
	*out = b;
	return DBC_OK;
}

static int
hash_result(dbc_rpc_t *c, const char *method, const cJSON *v, uint8_t out[32])
{
	if (!cJSON_IsString(v) || dbc_hex_decode_exact(out, 32, v->valuestring, DBC_HEX_ALLOW_0X) != DBC_OK)
		return bad_result(c, method, "not a 32-byte hash");
	return DBC_OK;
}

static void
hex_param(char *out, const uint8_t *p, size_t n)
{
	out[0] = '"';
	out[1] = '0';
	out[2] = 'x';
	dbc_hex_encode(out + 3, p, n);
	strcat(out, "\"");
}

int
dbc_rpc_block_hash(dbc_rpc_t *c, int64_t number, uint8_t out[32])
{
	char params[48];
	cJSON *r = NULL;
	int rc;

	if (number < 0)
		(void)snprintf(params, sizeof(params), "[]");
	else
		(void)snprintf(params, sizeof(params), "[%lld]", (long long)number);
	if ((rc = dbc_rpc_call(c, "chain_getBlockHash", params, 1, &r)) != DBC_OK)
		return rc;
	if (cJSON_IsNull(r)) {
		cJSON_Delete(r);
		(void)snprintf(c->err, sizeof(c->err), "chain_getBlockHash: no block %lld",
		               (long long)number);
		return DBC_ERR_NOT_FOUND;
	}
	rc = hash_result(c, "chain_getBlockHash", r, out);
	cJSON_Delete(r);
	return rc;
}

int
dbc_rpc_genesis_hash(dbc_rpc_t *c, uint8_t out[32])
{
	return dbc_rpc_block_hash(c, 0, out);
}

int
dbc_rpc_runtime_version(dbc_rpc_t *c, uint32_t *spec, uint32_t *tx, char *spec_name, size_t cap)
{
	cJSON *r = NULL;
	const cJSON *s, *t, *n;
	int rc;

	if ((rc = dbc_rpc_call(c, "state_getRuntimeVersion", "[]", 1, &r)) != DBC_OK)
		return rc;
	s = cJSON_GetObjectItemCaseSensitive(r, "specVersion");
	t = cJSON_GetObjectItemCaseSensitive(r, "transactionVersion");
	n = cJSON_GetObjectItemCaseSensitive(r, "specName");
	if (!cJSON_IsNumber(s) || !cJSON_IsNumber(t) || s->valuedouble < 0 || t->valuedouble < 0 ||
	    s->valuedouble > 4294967295.0 || t->valuedouble > 4294967295.0) {
		cJSON_Delete(r);
		return bad_result(c, "state_getRuntimeVersion", "no specVersion/transactionVersion");
	}
	*spec = (uint32_t)s->valuedouble;
	*tx = (uint32_t)t->valuedouble;
	if (spec_name != NULL && cap > 0)
		cli_safe_text(spec_name, cap, cJSON_IsString(n) ? n->valuestring : "");
	cJSON_Delete(r);
	return DBC_OK;
}

int
dbc_rpc_metadata(dbc_rpc_t *c, uint8_t **buf, size_t *len)
{
	cJSON *r = NULL;
	int rc;

	if ((rc = dbc_rpc_call(c, "state_getMetadata", "[]", 1, &r)) != DBC_OK)
		return rc;
	rc = hex_result(c, "state_getMetadata", r, buf, len, MAX_METADATA);
	cJSON_Delete(r);
	return rc;
}

int
dbc_rpc_account_next_index(dbc_rpc_t *c, const char *ss58, uint64_t *nonce)
{
	char params[128];
	cJSON *r = NULL;
	int rc;

	if (strlen(ss58) > 64 || strpbrk(ss58, "\"\\") != NULL)
		return DBC_ERR_INPUT;
	(void)snprintf(params, sizeof(params), "[\"%s\"]", ss58);
	if ((rc = dbc_rpc_call(c, "system_accountNextIndex", params, 1, &r)) != DBC_OK)
		return rc;
	if (!cJSON_IsNumber(r) || r->valuedouble < 0 || r->valuedouble > 4294967295.0) {
		cJSON_Delete(r);
		return bad_result(c, "system_accountNextIndex", "not a nonce");
	}
	*nonce = (uint64_t)r->valuedouble;
	cJSON_Delete(r);
	return DBC_OK;
}

int
dbc_rpc_finalized_head(dbc_rpc_t *c, uint8_t out[32])
{
	cJSON *r = NULL;
	int rc;

	if ((rc = dbc_rpc_call(c, "chain_getFinalizedHead", "[]", 1, &r)) != DBC_OK)
		return rc;
	rc = hash_result(c, "chain_getFinalizedHead", r, out);
	cJSON_Delete(r);
	return rc;
}

int
dbc_rpc_header(dbc_rpc_t *c, const uint8_t *hash, uint64_t *number, uint8_t parent[32])
{
	char params[80];
	cJSON *r = NULL;
	const cJSON *num, *par;
	const char *p;
	uint64_t n;
	size_t len;
	int rc;

	if (hash != NULL) {
		params[0] = '[';
		hex_param(params + 1, hash, 32);
		strcat(params, "]");
	} else {
		strcpy(params, "[]");
	}
	if ((rc = dbc_rpc_call(c, "chain_getHeader", params, 1, &r)) != DBC_OK)
		return rc;
	num = cJSON_GetObjectItemCaseSensitive(r, "number");
	par = cJSON_GetObjectItemCaseSensitive(r, "parentHash");
	/* The number is a hex string ("0x1a2b"): "0x" and 1..16 hex digits, nothing else (strtoull
	 * would take "0x-1", "+", spaces), and it must fit DBC's BlockNumber (u32), so that
	 * following the chain can never run into 2^64 (dbc-chain.md). */
	if (!cJSON_IsString(num) || strncmp(num->valuestring, "0x", 2) != 0 ||
	    (len = strlen(num->valuestring + 2)) == 0 || len > 16 ||
	    strspn(num->valuestring + 2, "0123456789abcdefABCDEF") != len) {
		cJSON_Delete(r);
		return bad_result(c, "chain_getHeader", "bad block number");
	}
	n = 0;
	for (p = num->valuestring + 2; *p != '\0'; p++)
		n = n << 4 | (uint64_t)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
	if (n > UINT32_MAX) {
		cJSON_Delete(r);
		return bad_result(c, "chain_getHeader", "block number beyond u32");
	}
	*number = n;
	if (parent != NULL && (rc = hash_result(c, "chain_getHeader", par, parent)) != DBC_OK) {
		cJSON_Delete(r);
		return rc;
	}
	cJSON_Delete(r);
	return DBC_OK;
}

int
dbc_rpc_block_extrinsics(dbc_rpc_t *c, const uint8_t hash[32], cJSON **exts)
{
	char params[80];
	cJSON *r = NULL, *blk, *x;
	int rc;

	params[0] = '[';
	hex_param(params + 1, hash, 32);
	strcat(params, "]");
	*exts = NULL;
	if ((rc = dbc_rpc_call(c, "chain_getBlock", params, 1, &r)) != DBC_OK)
		return rc;
	blk = cJSON_GetObjectItemCaseSensitive(r, "block");
	x = blk != NULL ? cJSON_DetachItemFromObjectCaseSensitive(blk, "extrinsics") : NULL;
	cJSON_Delete(r);
	if (!cJSON_IsArray(x)) {
		cJSON_Delete(x);
		return bad_result(c, "chain_getBlock", "no extrinsics");
	}
	*exts = x;
	return DBC_OK;
}

int
dbc_rpc_storage(dbc_rpc_t *c, const uint8_t *key, size_t keylen, const uint8_t *at,
                uint8_t **val, size_t *len, int *found)
{
	dbc_buf_t params;
	char hash[80];
	const char *ptext;
	cJSON *r = NULL;
	int rc;

	*found = 0;
	*val = NULL;
	*len = 0;
	if (keylen > 4096)
		return DBC_ERR_INPUT;
	dbc_buf_init(&params);
	if (dbc_buf_reserve(&params, 2 * keylen + 100) == NULL) {
		dbc_buf_free(&params);
		return DBC_ERR_NOMEM;
	}
	params.p[0] = '[';
	hex_param((char *)params.p + 1, key, keylen);
	params.len = strlen((char *)params.p);
	if (at != NULL) {
		hex_param(hash, at, 32);
		dbc_buf_putc(&params, ',');
		dbc_buf_puts(&params, hash);
	}
	dbc_buf_putc(&params, ']');
	if ((ptext = dbc_buf_cstr(&params)) == NULL) {
		dbc_buf_free(&params);
		return DBC_ERR_NOMEM;
	}
	rc = dbc_rpc_call(c, "state_getStorage", ptext, 1, &r);
	dbc_buf_free(&params);
	if (rc != DBC_OK)
		return rc;
	if (cJSON_IsNull(r)) {
		cJSON_Delete(r);
		return DBC_OK;
	}
	rc = hex_result(c, "state_getStorage", r, val, len, MAX_RESPONSE);
	cJSON_Delete(r);
	if (rc == DBC_OK)
		*found = 1;
	return rc;
}

/* ["0x…ext…"] params for a whole extrinsic. */
static const char *
ext_params(dbc_buf_t *b, const uint8_t *ext, size_t len)
{
	if (dbc_buf_reserve(b, 2 * len + 16) == NULL)
		return NULL;
	b->p[0] = '[';
	hex_param((char *)b->p + 1, ext, len);
	b->len = strlen((char *)b->p);
	dbc_buf_putc(b, ']');
	return dbc_buf_cstr(b);
}

int
dbc_rpc_query_fee(dbc_rpc_t *c, const uint8_t *ext, size_t len, dbc_u128_t *fee)
{
	dbc_buf_t b;
	const char *params;
	cJSON *r = NULL;
	const cJSON *pf;
	int rc;

	dbc_buf_init(&b);
	if ((params = ext_params(&b, ext, len)) == NULL) {
		dbc_buf_free(&b);
		return DBC_ERR_NOMEM;
	}
	rc = dbc_rpc_call(c, "payment_queryInfo", params, 1, &r);
	dbc_buf_free(&b);
	if (rc != DBC_OK)
		return rc;
	pf = cJSON_GetObjectItemCaseSensitive(r, "partialFee");
	if (cJSON_IsString(r)) {
		/* chopsticks answers with raw SCALE bytes whose fee does not match what the
		 * runtime charges: better no estimate than a wrong one. */
		rc = bad_result(c, "payment_queryInfo", "raw bytes instead of dispatch info");
	} else if (cJSON_IsString(pf) && dbc_u128_from_dec(fee, pf->valuestring) == DBC_OK)
		rc = DBC_OK;
	else if (cJSON_IsNumber(pf) && pf->valuedouble >= 0 && pf->valuedouble < 1.8e19)
		*fee = (dbc_u128_t)(uint64_t)pf->valuedouble, rc = DBC_OK;
	else
		rc = bad_result(c, "payment_queryInfo", "no partialFee");
	cJSON_Delete(r);
	return rc;
}

int
dbc_rpc_submit(dbc_rpc_t *c, const uint8_t *ext, size_t len, uint8_t hash[32])
{
	dbc_buf_t b;
	const char *params;
	cJSON *r = NULL;
	int rc;

	dbc_buf_init(&b);
	if ((params = ext_params(&b, ext, len)) == NULL) {
		dbc_buf_free(&b);
		return DBC_ERR_NOMEM;
	}
	/* Never retried: a lost response is handled by the caller resending the same bytes. */
	rc = dbc_rpc_call(c, "author_submitExtrinsic", params, 0, &r);
	dbc_buf_free(&b);
	if (rc == DBC_ERR_RPC && strcasestr(c->err, "already imported") != NULL) {
		/* The same bytes are already in the pool: their hash is the extrinsic's own. */
		dbc_tx_hash(hash, ext, len);
		return DBC_OK;
	}
	if (rc != DBC_OK)
		return rc;
	rc = hash_result(c, "author_submitExtrinsic", r, hash);
	cJSON_Delete(r);
	return rc;
}

/* ---- metadata cache ---- */

static int
cache_dir(char *out, size_t cap)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	if (x != NULL && x[0] == '/')
		n = snprintf(out, cap, "%s/dbcsign", x);
	else if (home != NULL && home[0] == '/')
		n = snprintf(out, cap, "%s/.cache/dbcsign", home);
	else
		return DBC_ERR_NOT_FOUND;
	return n > 0 && (size_t)n < cap ? DBC_OK : DBC_ERR_TOO_LARGE;
}

/* One file per (genesis, spec_version, node URL). The URL is part of the key because nothing
 * binds the metadata a node sends to the runtime (no CheckMetadataHash on DBC): without it, one
 * session against a hostile --rpc would decide how every later session encodes and shows calls,
 * even against honest nodes. A node can still lie within its own sessions; that is inherent
 * to trusting a node for the chain's context. */
static int
cache_path(char *out, size_t cap, const char *url, const uint8_t genesis[32], uint32_t spec)
{
	char dir[4096], gh[65], uh[17];
	uint8_t urlhash[8];
	int n, rc;

	if ((rc = cache_dir(dir, sizeof(dir))) != DBC_OK)
		return rc;
	dbc_hex_encode(gh, genesis, 32);
	dbc_blake2b(urlhash, sizeof(urlhash), (const uint8_t *)url, strlen(url));
	dbc_hex_encode(uh, urlhash, sizeof(urlhash));
	n = snprintf(out, cap, "%s/metadata-%s-%u-%s.scale", dir, gh, spec, uh);
	return n > 0 && (size_t)n < cap ? DBC_OK : DBC_ERR_TOO_LARGE;
}

static int
read_cache(const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;
	uint8_t *b;
	size_t got = 0;
	ssize_t k;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return DBC_ERR_NOT_FOUND;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (size_t)st.st_size > MAX_METADATA || (b = malloc((size_t)st.st_size)) == NULL) {
		close(fd);
		return DBC_ERR_NOT_FOUND;
	}
	while (got < (size_t)st.st_size) {
		k = read(fd, b + got, (size_t)st.st_size - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		free(b);
		return DBC_ERR_NOT_FOUND;
	}
	*buf = b;
	*len = got;
	return DBC_OK;
}

/* Best effort: a cache that cannot be written only costs a download next time. */
static void
write_cache(const char *path, const uint8_t *buf, size_t len)
{
	char dir[4096], tmp[4200];
	char *slash;
	size_t off = 0;
	ssize_t k;
	int fd;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return;
	if ((slash = strrchr(dir, '/')) == NULL)
		return;
	*slash = '\0';
	/* ~/.cache may not exist yet. */
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		(void)mkdir(dir, 0700);
		*slash = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return;
	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof(tmp))
		return;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0)
		return;
	while (off < len) {
		k = write(fd, buf + off, len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	if (off != len || fsync(fd) != 0) {
		close(fd);
		(void)unlink(tmp);
		return;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0)
		(void)unlink(tmp);
}

int
dbc_rpc_metadata_cached(dbc_rpc_t *c, const uint8_t genesis[32], uint32_t spec, uint8_t **buf,
                        size_t *len)
{
	char path[4400];
	int have_path, rc;

	have_path = cache_path(path, sizeof(path), c->url, genesis, spec) == DBC_OK;
	if (have_path && read_cache(path, buf, len) == DBC_OK)
		return DBC_OK;
	if ((rc = dbc_rpc_metadata(c, buf, len)) != DBC_OK)
		return rc;
	if (have_path)
		write_cache(path, *buf, *len);
	return DBC_OK;
}

void
dbc_rpc_cache_drop(const dbc_rpc_t *c, const uint8_t genesis[32], uint32_t spec)
{
	char path[4400];

	if (cache_path(path, sizeof(path), c->url, genesis, spec) == DBC_OK)
		(void)unlink(path);
}
