/* DBC client-node REST API helpers: auth fields, request bodies, reply envelopes.
 * Formats and quirks: dbc-node-api.md §1.5 (signature scheme), §2.2-§2.6 (auth), §3.1-§3.5. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "cli/net/node_api.h"
#include "sign/hex.h"

int
node_signer_check(const dbc_signer_t *s)
{
	if (dbc_signer_scheme(s) != DBC_SR25519)
		return DBC_ERR_SCHEME;
	if ((dbc_signer_flags(s) & DBC_SIGNER_CAN_RAW) == 0)
		return DBC_ERR_UNSUPPORTED;
	return DBC_OK;
}

int
node_signer_wallet(const dbc_signer_t *s, char out[DBC_SS58_MAX])
{
	const uint8_t *pub;
	size_t publen = 0;

	pub = dbc_signer_public(s, &publen);
	if (pub == NULL || publen != 32)
		return DBC_ERR_PUBKEY;
	return dbc_ss58_encode(out, DBC_NETWORK_DBC, pub, publen);
}

/* SS58 (any prefix) or 64 hex → 32-byte public key. */
static int
wallet_decode(uint8_t pub[32], const char *addr)
{
	uint8_t payload[33];
	size_t len = 0;
	uint16_t prefix = 0;
	size_t n;
	int rc;

	if (addr == NULL || addr[0] == '\0')
		return DBC_ERR_EMPTY;
	n = strlen(addr);
	if (n == 64 || (n == 66 && addr[0] == '0' && (addr[1] == 'x' || addr[1] == 'X')))
		return dbc_hex_decode_exact(pub, 32, addr, DBC_HEX_ALLOW_0X);
	if ((rc = dbc_ss58_decode(payload, &len, &prefix, addr)) != DBC_OK)
		return rc;
	if (len != 32)
		return DBC_ERR_SS58_LENGTH;
	memcpy(pub, payload, 32);
	return DBC_OK;
}

int
node_wallet_matches(const dbc_signer_t *s, const char *addr)
{
	uint8_t want[32];
	const uint8_t *pub;
	size_t publen = 0;
	int rc;

	if ((rc = wallet_decode(want, addr)) != DBC_OK)
		return rc;
	pub = dbc_signer_public(s, &publen);
	if (pub == NULL || publen != 32 || memcmp(pub, want, 32) != 0)
		return DBC_ERR_MISMATCH;
	return DBC_OK;
}

int
node_sign_text(const dbc_signer_t *s, const char *msg, char hex[NODE_SIGN_HEX_LEN + 1])
{
	uint8_t sig[DBC_SIG_MAX];
	size_t siglen = 0;
	int rc;

	if ((rc = node_signer_check(s)) != DBC_OK)
		return rc;
	/* dbc_signer_sign verifies the signature against the signer's key before returning. */
	if ((rc = dbc_signer_sign(s, (const uint8_t *)msg, strlen(msg), sig, &siglen)) != DBC_OK)
		return rc;
	if (siglen != 64)
		return DBC_ERR_INTERNAL;
	dbc_hex_encode(hex, sig, 64);
	return DBC_OK;
}

int
node_verify_text(const char *wallet, const char *msg, const char *sign_hex)
{
	uint8_t pub[32], sig[64];
	int rc;

	if ((rc = wallet_decode(pub, wallet)) != DBC_OK)
		return rc;
	if (sign_hex == NULL || dbc_hex_decode_exact(sig, 64, sign_hex, DBC_HEX_ALLOW_0X) != DBC_OK)
		return DBC_ERR_SIGNATURE_FORMAT;
	/* dbc_verify's sr25519 path uses Substrate's signing context "substrate", as DBC does. */
	return dbc_verify(DBC_SR25519, pub, 32, (const uint8_t *)msg, strlen(msg), sig, 64);
}

int
node_id_parse(char out[NODE_ID_HEX_LEN + 1], const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != NODE_ID_HEX_LEN)
		return DBC_ERR_LENGTH;
	for (i = 0; i < NODE_ID_HEX_LEN; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return DBC_ERR_HEX;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[NODE_ID_HEX_LEN] = '\0';
	return DBC_OK;
}

int
node_session_id_check(const char *s)
{
	size_t i, n;

	if (s == NULL || (n = strlen(s)) == 0)
		return DBC_ERR_EMPTY;
	if (n > NODE_SESSION_MAX)
		return DBC_ERR_LENGTH;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		/* Printable, and nothing a shell or JSON would need escaped. */
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '\\' || c == '`' ||
		    c == '$')
			return DBC_ERR_INPUT;
	}
	return DBC_OK;
}

int
node_sign_hex_parse(char out[NODE_SIGN_HEX_LEN + 1], const char *s)
{
	uint8_t sig[64];
	int rc;

	if (s == NULL)
		return DBC_ERR_EMPTY;
	if ((rc = dbc_hex_decode_exact(sig, 64, s, DBC_HEX_ALLOW_0X)) != DBC_OK)
		return DBC_ERR_SIGNATURE_FORMAT;
	dbc_hex_encode(out, sig, 64);
	return DBC_OK;
}

static void
set_why(char *why, size_t cap, const char *msg)
{
	if (why != NULL && cap > 0)
		(void)snprintf(why, cap, "%s", msg);
}

static int
json_str(const cJSON *o, const char *key, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsString(v) || v->valuestring == NULL || v->valuestring[0] == '\0')
		return -1;
	*out = v->valuestring;
	return 0;
}

/* threshold: a digit string (as the node wants) or a JSON integer, rewritten as a string. */
static int
multisig_threshold(cJSON *ms, long *threshold)
{
	cJSON *t = cJSON_GetObjectItemCaseSensitive(ms, "threshold");
	char buf[24], *end;
	long v;

	if (cJSON_IsNumber(t)) {
		if (t->valuedouble != floor(t->valuedouble) || t->valuedouble < 1 ||
		    t->valuedouble > 1000)
			return -1;
		v = (long)t->valuedouble;
		(void)snprintf(buf, sizeof(buf), "%ld", v);
		if (!cJSON_ReplaceItemInObjectCaseSensitive(ms, "threshold", cJSON_CreateString(buf)))
			return -1;
		*threshold = v;
		return 0;
	}
	if (!cJSON_IsString(t) || t->valuestring == NULL || !isdigit((unsigned char)t->valuestring[0]))
		return -1;
	v = strtol(t->valuestring, &end, 10);
	if (*end != '\0' || v < 1 || v > 1000)
		return -1;
	*threshold = v;
	return 0;
}

int
node_multisig_parse(const char *text, size_t len, cJSON **out, char *why, size_t whycap)
{
	cJSON *root, *ms, *wallets, *signs, *it, *w;
	long threshold = 0;
	int nw, ns, i, found, rc = DBC_ERR_JSON;
	char msg[160];

	*out = NULL;
	if ((root = cJSON_ParseWithLength(text, len)) == NULL) {
		set_why(why, whycap, "not valid JSON");
		return DBC_ERR_JSON;
	}
	ms = cJSON_GetObjectItemCaseSensitive(root, "multisig_accounts");
	if (ms != NULL)
		ms = cJSON_DetachItemViaPointer(root, ms);
	else {
		ms = root;
		root = NULL;
	}
	cJSON_Delete(root);
	wallets = cJSON_GetObjectItemCaseSensitive(ms, "wallets");
	signs = cJSON_GetObjectItemCaseSensitive(ms, "signs");
	if (!cJSON_IsObject(ms) || !cJSON_IsArray(wallets) || !cJSON_IsArray(signs)) {
		set_why(why, whycap, "expected {\"wallets\":[...],\"threshold\":\"N\",\"signs\":[...]}");
		goto fail;
	}
	nw = cJSON_GetArraySize(wallets);
	ns = cJSON_GetArraySize(signs);
	cJSON_ArrayForEach(w, wallets) {
		if (!cJSON_IsString(w) || w->valuestring == NULL || w->valuestring[0] == '\0') {
			set_why(why, whycap, "wallets must be non-empty strings");
			goto fail;
		}
	}
	if (multisig_threshold(ms, &threshold) != 0) {
		set_why(why, whycap, "threshold must be a positive integer (as a string)");
		goto fail;
	}
	if (threshold > nw || threshold > ns) {
		set_why(why, whycap, "threshold exceeds the number of wallets or of signs");
		rc = DBC_ERR_RANGE;
		goto fail;
	}
	i = 0;
	cJSON_ArrayForEach(it, signs) {
		const char *sw, *sn, *ss;

		i++;
		if (!cJSON_IsObject(it) || json_str(it, "wallet", &sw) || json_str(it, "nonce", &sn) ||
		    json_str(it, "sign", &ss)) {
			(void)snprintf(msg, sizeof(msg), "signs[%d] needs string wallet, nonce and sign", i - 1);
			set_why(why, whycap, msg);
			goto fail;
		}
		found = 0;
		cJSON_ArrayForEach(w, wallets)
			if (strcmp(w->valuestring, sw) == 0)
				found = 1;
		if (!found) {
			(void)snprintf(msg, sizeof(msg), "signs[%d]: wallet is not listed in wallets", i - 1);
			set_why(why, whycap, msg);
			rc = DBC_ERR_MISMATCH;
			goto fail;
		}
		rc = node_verify_text(sw, sn, ss);
		if (rc != DBC_OK) {
			(void)snprintf(msg, sizeof(msg), "signs[%d]: %s", i - 1,
			               rc == DBC_ERR_VERIFY ? "signature does not verify" : dbc_strerror(rc));
			set_why(why, whycap, msg);
			goto fail;
		}
	}
	*out = ms;
	return DBC_OK;
fail:
	cJSON_Delete(ms);
	return rc;
}

cJSON *
node_body_new(const char *peer, cJSON *additional)
{
	cJSON *body, *list;

	if ((body = cJSON_CreateObject()) == NULL) {
		cJSON_Delete(additional);
		return NULL;
	}
	if ((list = cJSON_AddArrayToObject(body, "peer_nodes_list")) == NULL)
		goto fail;
	if (peer != NULL && !cJSON_AddItemToArray(list, cJSON_CreateString(peer)))
		goto fail;
	if (additional == NULL && (additional = cJSON_CreateObject()) == NULL)
		goto fail;
	if (!cJSON_AddItemToObject(body, "additional", additional)) {
		cJSON_Delete(additional);
		cJSON_Delete(body);
		return NULL;
	}
	return body;
fail:
	cJSON_Delete(additional);
	cJSON_Delete(body);
	return NULL;
}

static int
set_string(cJSON *o, const char *key, const char *val)
{
	cJSON_DeleteItemFromObjectCaseSensitive(o, key);
	return cJSON_AddStringToObject(o, key, val) != NULL ? DBC_OK : DBC_ERR_NOMEM;
}

int
node_auth_inject(cJSON *body, node_auth_t *auth)
{
	static const char *const fields[] = { "wallet", "nonce", "sign", "session_id",
	                                      "session_id_sign", "multisig_accounts" };
	char nonce[DBC_NONCE_LEN + 1], sig[NODE_SIGN_HEX_LEN + 1];
	cJSON *copy;
	size_t i;
	int rc;

	/* Without credentials of our own, a body (e.g. `node request --body`) is sent as given. */
	if (auth->kind == NODE_AUTH_NONE)
		return DBC_OK;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		cJSON_DeleteItemFromObjectCaseSensitive(body, fields[i]);
	switch (auth->kind) {
	case NODE_AUTH_NONE:
		return DBC_OK;
	case NODE_AUTH_WALLET:
		if (auth->wallet[0] == '\0' &&
		    (rc = node_signer_wallet(auth->signer, auth->wallet)) != DBC_OK)
			return rc;
		/* A fresh nonce per request: the node no longer remembers used nonces (§2.3),
		 * but a reused (nonce, sign) would be a replayable bearer credential. */
		if ((rc = dbc_nonce_generate(nonce)) != DBC_OK)
			return rc;
		if ((rc = node_sign_text(auth->signer, nonce, sig)) != DBC_OK)
			return rc;
		if ((rc = set_string(body, "wallet", auth->wallet)) != DBC_OK ||
		    (rc = set_string(body, "nonce", nonce)) != DBC_OK ||
		    (rc = set_string(body, "sign", sig)) != DBC_OK)
			return rc;
		return DBC_OK;
	case NODE_AUTH_SESSION:
		if ((rc = set_string(body, "session_id", auth->session_id)) != DBC_OK ||
		    (rc = set_string(body, "session_id_sign", auth->session_sign)) != DBC_OK)
			return rc;
		return DBC_OK;
	case NODE_AUTH_MULTISIG:
		if ((copy = cJSON_Duplicate(auth->multisig, 1)) == NULL)
			return DBC_ERR_NOMEM;
		if (!cJSON_AddItemToObject(body, "multisig_accounts", copy)) {
			cJSON_Delete(copy);
			return DBC_ERR_NOMEM;
		}
		return DBC_OK;
	}
	return DBC_ERR_INTERNAL;
}

int
node_numbers_to_strings(cJSON *obj)
{
	cJSON *it, *next, *str;
	char buf[32];

	if (!cJSON_IsObject(obj))
		return DBC_ERR_JSON;
	for (it = obj->child; it != NULL; it = next) {
		next = it->next;
		if (!cJSON_IsNumber(it))
			continue;
		if (it->valuedouble != floor(it->valuedouble) || fabs(it->valuedouble) > 9007199254740992.0)
			return DBC_ERR_JSON;
		(void)snprintf(buf, sizeof(buf), "%.0f", it->valuedouble);
		/* Replaced in place, so the member order stays as the user wrote it. */
		if ((str = cJSON_CreateString(buf)) == NULL)
			return DBC_ERR_NOMEM;
		if (!cJSON_ReplaceItemInObjectCaseSensitive(obj, it->string, str)) {
			cJSON_Delete(str);
			return DBC_ERR_NOMEM;
		}
	}
	return DBC_OK;
}

int
node_envelope_parse(const char *body, size_t len, cJSON **root, long *errcode,
                    const cJSON **message, char *why, size_t whycap)
{
	const cJSON *ec;
	cJSON *r;

	*root = NULL;
	*message = NULL;
	*errcode = 0;
	if (body == NULL || len == 0) {
		set_why(why, whycap, "empty reply");
		return DBC_ERR_RPC;
	}
	if ((r = cJSON_ParseWithLength(body, len)) == NULL) {
		set_why(why, whycap, "reply is not JSON");
		return DBC_ERR_RPC;
	}
	if (!cJSON_IsObject(r)) {
		cJSON_Delete(r);
		set_why(why, whycap, "reply is not a JSON object");
		return DBC_ERR_RPC;
	}
	ec = cJSON_GetObjectItemCaseSensitive(r, "errcode");
	if (!cJSON_IsNumber(ec) || ec->valuedouble != floor(ec->valuedouble) ||
	    fabs(ec->valuedouble) > 2147483648.0) {
		cJSON_Delete(r);
		set_why(why, whycap, ec == NULL ? "reply has no errcode" : "reply errcode is not an integer");
		return DBC_ERR_RPC;
	}
	*errcode = (long)ec->valuedouble;
	*message = cJSON_GetObjectItemCaseSensitive(r, "message");
	*root = r;
	return DBC_OK;
}

int
node_url_check(const char *url)
{
	const char *host;
	size_t i;

	if (url == NULL)
		return DBC_ERR_EMPTY;
	if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else
		return DBC_ERR_INPUT;
	if (host[0] == '\0' || host[0] == '/')
		return DBC_ERR_INPUT;
	for (i = 0; url[i] != '\0'; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == '@')
			return DBC_ERR_INPUT; /* no credentials, query or fragment in the base URL */
	}
	if (i > 2048)
		return DBC_ERR_TOO_LARGE;
	return DBC_OK;
}

char *
node_url_join(const char *base, const char *path)
{
	size_t bl = strlen(base), pl = strlen(path), pre = strlen(NODE_API_PREFIX);
	char *out;

	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	if (bl >= pre && strncmp(base + bl - pre, NODE_API_PREFIX, pre) == 0)
		bl -= pre;
	if (strncmp(path, NODE_API_PREFIX, pre) == 0 &&
	    (path[pre] == '/' || path[pre] == '\0' || path[pre] == '?'))
		pre = 0; /* the caller already wrote /api/v1 */
	if ((out = malloc(bl + pre + pl + 2)) == NULL)
		return NULL;
	memcpy(out, base, bl);
	memcpy(out + bl, NODE_API_PREFIX, pre);
	if (path[0] != '/')
		out[bl + pre++] = '/';
	memcpy(out + bl + pre, path, pl + 1);
	return out;
}

int
node_signtool_format(char *out, size_t cap, const char *wallet, const char *nonce,
                     const char *nonce_sign, const char *session_id, const char *session_sign)
{
	int n;

	/* "%12s" pads on the left exactly like std::setw(12) on a shorter string. */
	if (session_id != NULL)
		n = snprintf(out, cap, "%12s%s\n%12s%s\n%12s%s\n%18s%s\n%18s%s\n",
		             "wallet: ", wallet, "nonce: ", nonce, "nonce_sign: ", nonce_sign,
		             "session_id: ", session_id, "session_id_sign: ", session_sign);
	else
		n = snprintf(out, cap, "%12s%s\n%12s%s\n%12s%s\n", "wallet: ", wallet, "nonce: ",
		             nonce, "nonce_sign: ", nonce_sign);
	if (n < 0 || (size_t)n >= cap)
		return -1;
	return n;
}
