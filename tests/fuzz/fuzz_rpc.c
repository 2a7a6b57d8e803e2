/* Fuzz target: JSON-RPC replies (cli/net/rpc.c), through a fake HTTP transport.
 *
 * This file defines the four functions of cli/net/http.h itself, so the linker never pulls
 * cli/net/http.o (libcurl) out of libcli.a: every "POST" returns the fuzz input as the body.
 * Byte 0 picks the RPC helper, byte 1 the transport outcome (HTTP 200 mostly, else another
 * status or a transport error), the rest is the response body.
 * Invariants: every failure leaves one line in c->err (non-empty, terminated, no control
 * characters) and an
 * error of the network/RPC/rejection classes, never a positive code; successes return sane
 * values (hashes filled, metadata bytes present when non-empty, strings terminated). */
#include <stdlib.h>
#include <string.h>
#include "cli/net/http.h"
#include "cli/net/rpc.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *reply;
static size_t reply_len;
static long reply_status;
static int reply_rc;

int
dbc_http_post_json(const char *url, const char *body, long timeout_ms, size_t max_body,
                   dbc_http_resp_t *resp)
{
	(void)url;
	(void)timeout_ms;
	if (body == NULL || resp == NULL)
		abort();
	memset(resp, 0, sizeof(*resp));
	if (reply_rc != DBC_OK)
		return reply_rc;
	if (max_body != 0 && reply_len > max_body)
		return DBC_ERR_TOO_LARGE;
	if ((resp->body = malloc(reply_len + 1)) == NULL)
		return DBC_ERR_NOMEM;
	memcpy(resp->body, reply, reply_len);
	resp->body[reply_len] = '\0';
	resp->len = reply_len;
	resp->status = reply_status;
	return DBC_OK;
}

int
dbc_http_get(const char *url, long timeout_ms, size_t max_body, dbc_http_resp_t *resp)
{
	return dbc_http_post_json(url, "", timeout_ms, max_body, resp);
}

void
dbc_http_resp_free(dbc_http_resp_t *resp)
{
	free(resp->body);
	resp->body = NULL;
	resp->len = 0;
}

const char *
dbc_http_last_error(void)
{
	return "fake transport failure";
}

/* The error must be one printable line: server text is escaped by cli/net/rpc.c. */
static void
one_line(const dbc_rpc_t *c, int rc)
{
	const char *p;

	if (rc > 0)
		abort();
	if (rc == DBC_OK)
		return;
	if (c->err[0] == '\0' || memchr(c->err, '\0', sizeof(c->err)) == NULL)
		abort();
	for (p = c->err; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t ext[] = { 0x28, 0x04, 0x6f, 0x02, 0x39, 0x30, 0, 0, 0, 0, 0, 0 };
	dbc_rpc_t c;
	uint8_t h[32], parent[32], *buf = NULL;
	size_t len = 0;
	uint64_t u64 = 0;
	uint32_t spec = 0, tx = 0;
	char name[32];
	cJSON *j = NULL;
	dbc_u128_t fee = 0;
	int rc, found = 0;
	uint8_t op;

	fuzz_init();
	if (size < 2 || size > (1u << 20))
		return 0;
	op = data[0];
	switch (data[1] & 7) {
	case 0: reply_rc = DBC_ERR_NETWORK; break;
	case 1: reply_rc = DBC_ERR_TIMEOUT; break;
	case 2: reply_rc = DBC_OK; reply_status = 500; break;
	case 3: reply_rc = DBC_OK; reply_status = (long)data[1] * 3; break;
	default: reply_rc = DBC_OK; reply_status = 200; break;
	}
	reply = data + 2;
	reply_len = size - 2;
	if (dbc_rpc_init(&c, "http://127.0.0.1:9/") != DBC_OK)
		abort();
	c.retries = 0; /* no back-off sleeps */
	memset(name, 0x55, sizeof(name));
	memset(h, 1, sizeof(h));
	switch (op % 12) {
	case 0: rc = dbc_rpc_call(&c, "system_health", NULL, 1, &j); break;
	case 1: rc = dbc_rpc_block_hash(&c, op & 0x80 ? -1 : 7, h); break;
	case 2: rc = dbc_rpc_genesis_hash(&c, h); break;
	case 3:
		rc = dbc_rpc_runtime_version(&c, &spec, &tx, name, sizeof(name));
		if (rc == DBC_OK && memchr(name, '\0', sizeof(name)) == NULL)
			abort();
		break;
	case 4:
		rc = dbc_rpc_metadata(&c, &buf, &len);
		/* "0x" is accepted as empty metadata (the parser refuses it later) */
		if (rc == DBC_OK && len > 0 && buf == NULL)
			abort();
		break;
	case 5: rc = dbc_rpc_account_next_index(&c, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", &u64); break;
	case 6: rc = dbc_rpc_finalized_head(&c, h); break;
	case 7: rc = dbc_rpc_header(&c, op & 0x80 ? NULL : h, &u64, parent); break;
	case 8:
		memset(h, 1, sizeof(h));
		rc = dbc_rpc_block_extrinsics(&c, h, &j);
		if (rc == DBC_OK && !cJSON_IsArray(j))
			abort();
		break;
	case 9:
		rc = dbc_rpc_storage(&c, ext, 4, op & 0x80 ? NULL : h, &buf, &len, &found);
		if (rc == DBC_OK && found && len > 0 && buf == NULL)
			abort();
		break;
	case 10: rc = dbc_rpc_query_fee(&c, ext, sizeof(ext), &fee); break;
	default: rc = dbc_rpc_submit(&c, ext, sizeof(ext), h); break;
	}
	one_line(&c, rc);
	if (rc != DBC_OK && (j != NULL || buf != NULL))
		abort(); /* no output (and nothing to leak) on failure */
	cJSON_Delete(j);
	free(buf);
	return 0;
}
