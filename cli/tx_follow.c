/* `tx`: submit a signed extrinsic (resending the same bytes only), follow it into a block,
 * and report the outcome from System.Events (module errors by name and doc). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/tx_internal.h"
#include "sign/hash.h"
#include "sign/hex.h"
#include "wallet/ss58.h"

#define SUBMIT_ATTEMPTS 3
#define LOOKBACK 256 /* blocks searched for an extrinsic the node calls stale */
#define FOLLOW_MAX_GAP 1000 /* blocks between two looks (100 minutes of 6 s blocks) */

void
tx_rpc_fail(int rc, const dbc_rpc_t *rpc)
{
	int cls = dbc_err_class(rc);

	cli_die(cls == 0 ? EXIT_ENV : cls, "%s", rpc->err[0] ? rpc->err : dbc_strerror(rc));
}

char *
tx_hex0x(const uint8_t *p, size_t n)
{
	char *s = malloc(2 * n + 3);

	if (s == NULL)
		return NULL;
	s[0] = '0';
	s[1] = 'x';
	dbc_hex_encode(s + 2, p, n);
	return s;
}

char *
tx_safe_dup(const char *s)
{
	size_t cap = 4 * strlen(s != NULL ? s : "") + 8;
	char *o = malloc(cap);

	if (o == NULL)
		cli_fail(DBC_ERR_NOMEM, "output");
	cli_safe_text(o, cap, s != NULL ? s : "");
	return o;
}

void
tx_section_name(char *out, size_t cap, const char *pallet)
{
	(void)snprintf(out, cap, "%s", pallet);
	if (out[0] >= 'A' && out[0] <= 'Z')
		out[0] = (char)(out[0] - 'A' + 'a');
}

int
tx_account_fmt(char *out, size_t cap, const uint8_t id[32], void *ctx)
{
	char addr[DBC_SS58_MAX];
	uint16_t prefix = *(const uint16_t *)ctx;

	if (dbc_ss58_encode(addr, prefix, id, 32) != DBC_OK || strlen(addr) >= cap)
		return -1;
	memcpy(out, addr, strlen(addr) + 1);
	return 0;
}

static void
sleep_s(long s)
{
	struct timespec ts = { s, 0 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
progress(const tx_env_t *env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
progress(const tx_env_t *env, const char *fmt, ...)
{
	va_list ap;

	if (!env->progress)
		return;
	va_start(ap, fmt);
	fputs("dbcsign: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* The first value of an event's data (object member or array element, or the value). */
static const cJSON *
first_value(const cJSON *data)
{
	if (cJSON_IsObject(data) || cJSON_IsArray(data))
		return data->child;
	return data;
}

/* DispatchError → "rentMachine.MachineNotRentable" and its doc. */
static void
describe_error(const tx_env_t *env, const cJSON *derr, char *name, size_t cap, const char **doc)
{
	const cJSON *mod, *idx, *err;
	const dbc_pallet_t *p;
	const dbc_variant_t *v;
	char sec[96];
	uint8_t eb[4];
	int ei = -1;

	*doc = "";
	if (cJSON_IsObject(derr) && (mod = cJSON_GetObjectItemCaseSensitive(derr, "Module")) != NULL) {
		idx = cJSON_GetObjectItemCaseSensitive(mod, "index");
		err = cJSON_GetObjectItemCaseSensitive(mod, "error");
		if (cJSON_IsString(err) && dbc_hex_decode_exact(eb, 4, err->valuestring, DBC_HEX_ALLOW_0X) == DBC_OK)
			ei = eb[0];
		else if (cJSON_IsNumber(err))
			ei = err->valueint;
		if (cJSON_IsNumber(idx) && ei >= 0 && ei < 256 &&
		    dbc_meta_error(env->meta, (uint8_t)idx->valueint, (uint8_t)ei, &p, &v) == DBC_OK) {
			tx_section_name(sec, sizeof(sec), p->name);
			(void)snprintf(name, cap, "%s.%s", sec, v->name);
			*doc = v->docs;
			return;
		}
		(void)snprintf(name, cap, "module error (pallet %d, error %d)",
		               cJSON_IsNumber(idx) ? idx->valueint : -1, ei);
		return;
	}
	if (cJSON_IsString(derr)) {
		(void)snprintf(name, cap, "%s", derr->valuestring);
		return;
	}
	if (cJSON_IsObject(derr) && derr->child != NULL) {
		char *inner = cJSON_PrintUnformatted(derr->child);

		(void)snprintf(name, cap, "%s(%s)", derr->child->string, inner != NULL ? inner : "");
		free(inner);
		return;
	}
	(void)snprintf(name, cap, "unknown dispatch error");
}

/* Read System.Events at the block, keep those of extrinsic `index`, print the outcome. */
static int
report(tx_env_t *env, const uint8_t bh[32], uint64_t number, long index, const uint8_t txh[32])
{
	const dbc_pallet_t *sys = dbc_meta_pallet(env->meta, "System");
	const dbc_storage_t *st = dbc_meta_storage(env->meta, sys, "Events");
	dbc_decode_opts_t o = { tx_account_fmt, &env->ss58, 1 };
	uint8_t key[32], *val = NULL;
	size_t vlen = 0;
	int found = 0, rc, failed = 0, success = 0;
	dbc_scale_rd_t r;
	dbc_buf_t json;
	cJSON *recs = NULL, *rec, *events = cJSON_CreateArray(), *out = cJSON_CreateObject();
	char errname[160] = "", *bhx = tx_hex0x(bh, 32), *hx = tx_hex0x(txh, 32), *text;
	const char *errdoc = "";
	char rent_id[48] = "";

	if (events == NULL || out == NULL || bhx == NULL || hx == NULL)
		cli_fail(DBC_ERR_NOMEM, "events");
	if (st == NULL)
		cli_die(EXIT_ENV, "metadata has no System.Events: cannot tell the outcome");
	dbc_twox128(key, (const uint8_t *)"System", 6);
	dbc_twox128(key + 16, (const uint8_t *)"Events", 6);
	if ((rc = dbc_rpc_storage(&env->rpc, key, 32, bh, &val, &vlen, &found)) != DBC_OK)
		tx_rpc_fail(rc, &env->rpc);
	dbc_buf_init(&json);
	dbc_scale_rd_init(&r, val, vlen);
	if (!found || (rc = dbc_meta_decode(env->meta, st->value_type, &r, &json, &o)) != DBC_OK ||
	    dbc_buf_cstr(&json) == NULL || (recs = cJSON_Parse((const char *)json.p)) == NULL)
		cli_die(EXIT_ENV, "cannot decode the events of block #%llu", (unsigned long long)number);
	free(val);
	dbc_buf_free(&json);
	cJSON_ArrayForEach(rec, recs) {
		const cJSON *phase = cJSON_GetObjectItemCaseSensitive(rec, "phase");
		const cJSON *ev = cJSON_GetObjectItemCaseSensitive(rec, "event");
		const cJSON *ai = cJSON_GetObjectItemCaseSensitive(phase, "ApplyExtrinsic");
		const cJSON *inner, *data;
		char name[192], sec[96];
		cJSON *item;

		if (!cJSON_IsNumber(ai) || ai->valuedouble != (double)index || !cJSON_IsObject(ev) ||
		    (inner = ev->child) == NULL)
			continue;
		tx_section_name(sec, sizeof(sec), inner->string);
		if (cJSON_IsString(inner)) {
			(void)snprintf(name, sizeof(name), "%s.%s", sec, inner->valuestring);
			data = NULL;
		} else if (cJSON_IsObject(inner) && inner->child != NULL) {
			(void)snprintf(name, sizeof(name), "%s.%s", sec, inner->child->string);
			data = inner->child;
		} else {
			continue;
		}
		if (strcmp(name, "system.ExtrinsicSuccess") == 0)
			success = 1;
		if (strcmp(name, "system.ExtrinsicFailed") == 0) {
			const cJSON *de = cJSON_IsObject(data) ?
			                  cJSON_GetObjectItemCaseSensitive(data, "dispatch_error") : NULL;

			failed = 1;
			describe_error(env, de != NULL ? de : first_value(data), errname, sizeof(errname),
			               &errdoc);
		}
		if (strcmp(name, "rentMachine.Rent") == 0 && first_value(data) != NULL) {
			const cJSON *id = first_value(data);

			if (cJSON_IsString(id))
				(void)snprintf(rent_id, sizeof(rent_id), "%s", id->valuestring);
			else if (cJSON_IsNumber(id))
				(void)snprintf(rent_id, sizeof(rent_id), "%.0f", id->valuedouble);
		}
		item = cJSON_CreateObject();
		cJSON_AddStringToObject(item, "name", name);
		cJSON_AddItemToObject(item, "data", data != NULL ? cJSON_Duplicate(data, 1) : cJSON_CreateNull());
		cJSON_AddItemToArray(events, item);
	}
	cJSON_Delete(recs);

	cJSON_AddStringToObject(out, "hash", hx);
	cJSON_AddStringToObject(out, "block", bhx);
	cJSON_AddNumberToObject(out, "block_number", (double)number);
	cJSON_AddNumberToObject(out, "index", (double)index);
	cJSON_AddBoolToObject(out, "success", success && !failed);
	if (failed) {
		cJSON *e = cJSON_AddObjectToObject(out, "error");

		cJSON_AddStringToObject(e, "name", errname);
		cJSON_AddStringToObject(e, "doc", errdoc);
	}
	if (rent_id[0] != '\0')
		cJSON_AddStringToObject(out, "rent_id", rent_id);
	cJSON_AddItemToObject(out, "events", events);
	if (env->fmt == OUT_JSON) {
		if ((text = cJSON_Print(out)) == NULL)
			cli_fail(DBC_ERR_NOMEM, "output");
		printf("%s\n", text);
		free(text);
	} else if (!failed) {
		const cJSON *e;

		printf("included in block #%llu %s (extrinsic %ld)\n", (unsigned long long)number, bhx,
		       index);
		printf("hash: %s\n", hx);
		cJSON_ArrayForEach(e, events) {
			char *d = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(e, "data"));
			char *sn = tx_safe_dup(cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring);
			char *sd = tx_safe_dup(d);

			/* Event data are chain text (remarks, names): escaped like every remote text. */
			printf("event: %s %s\n", sn, sd);
			free(sn);
			free(sd);
			free(d);
		}
		if (rent_id[0] != '\0')
			printf("rent_id: %s\n", rent_id);
	}
	if (rent_id[0] != '\0' && !failed && env->progress)
		fprintf(stderr, "dbcsign: confirm within 150 blocks (15 minutes): "
		        "dbcsign tx confirm --rent-id %s\n", rent_id);
	cli_flush_stdout();
	cJSON_Delete(out);
	free(bhx);
	free(hx);
	if (failed) {
		char *sn = tx_safe_dup(errname), *sd = tx_safe_dup(errdoc);

		/* The doc text comes from the metadata (the node's, or a request file's). */
		fprintf(stderr, "dbcsign: transaction failed in block #%llu: %s%s%s\n",
		        (unsigned long long)number, sn, errdoc[0] ? ": " : "", sd);
		free(sn);
		free(sd);
		return EXIT_REJECTED;
	}
	if (!success)
		cli_die(EXIT_ENV, "included in block #%llu but no ExtrinsicSuccess event was found",
		        (unsigned long long)number);
	return EXIT_OK;
}

/* One line: what went wrong and how to resend the SAME bytes (never re-sign: a new nonce
 * could make the rental happen twice). */
static void __attribute__((noreturn))
resend_hint(const tx_env_t *env, const uint8_t *ext, size_t len, const char *why)
{
	char *hx = tx_hex0x(ext, len);

	(void)env;
	if (hx == NULL || len > 4096)
		cli_die(EXIT_ENV, "%s; resend the same signed bytes with 'dbcsign tx submit'", why);
	cli_die(EXIT_ENV, "%s; resend the same signed bytes: dbcsign tx submit %s --wait", why, hx);
}

/* Look for our hash in block `n`; index or -1. */
static long
find_in_block(tx_env_t *env, uint64_t n, const uint8_t txh[32], uint8_t bh[32])
{
	cJSON *exts = NULL, *x;
	long i = 0;
	int rc;

	if ((rc = dbc_rpc_block_hash(&env->rpc, (int64_t)n, bh)) != DBC_OK)
		tx_rpc_fail(rc, &env->rpc);
	if ((rc = dbc_rpc_block_extrinsics(&env->rpc, bh, &exts)) != DBC_OK)
		tx_rpc_fail(rc, &env->rpc);
	cJSON_ArrayForEach(x, exts) {
		uint8_t *b;
		size_t hl, bl;
		uint8_t h[32];

		if (cJSON_IsString(x) && strncmp(x->valuestring, "0x", 2) == 0 &&
		    (hl = strlen(x->valuestring + 2)) / 2 > 0 && (b = malloc(hl / 2 + 1)) != NULL) {
			if (dbc_hex_decode(b, hl / 2 + 1, &bl, x->valuestring + 2, hl, 0) == DBC_OK) {
				dbc_blake2b_256(h, b, bl);
				if (memcmp(h, txh, 32) == 0) {
					free(b);
					cJSON_Delete(exts);
					return i;
				}
			}
			free(b);
		}
		i++;
	}
	cJSON_Delete(exts);
	return -1;
}

int
tx_submit_and_follow(tx_env_t *env, const uint8_t *ext, size_t len, int wait)
{
	uint8_t txh[32], got[32], bh[32];
	uint64_t start = 0, next, best, death = UINT64_MAX;
	dbc_tx_decoded_t d;
	int rc = DBC_ERR_INTERNAL, attempt, transport_trouble = 0;
	time_t deadline;
	char *hx;
	long idx;

	dbc_tx_hash(txh, ext, len);
	if ((rc = dbc_tx_decode(env->meta, ext, len, &d)) != DBC_OK)
		cli_fail(rc, "the extrinsic does not decode with the chain's metadata");
	if (wait && (rc = dbc_rpc_header(&env->rpc, NULL, &start, NULL)) != DBC_OK)
		tx_rpc_fail(rc, &env->rpc);
	if (d.era.period != 0)
		death = dbc_era_birth(&d.era, start) + d.era.period;
	for (attempt = 0; attempt < SUBMIT_ATTEMPTS; attempt++) {
		if (attempt > 0)
			progress(env, "resending the same signed extrinsic (attempt %d)", attempt + 1);
		rc = dbc_rpc_submit(&env->rpc, ext, len, got);
		if (rc != DBC_ERR_NETWORK && rc != DBC_ERR_TIMEOUT)
			break;
		transport_trouble = 1;
	}
	if (rc == DBC_ERR_REJECTED && strstr(env->rpc.err, "already used") != NULL) {
		/* A stale nonce after a resend (or a second `tx submit`) may mean these very bytes
		 * are already in a block: look back before calling it a failure. */
		uint64_t low;
		char reason[sizeof(env->rpc.err)];

		/* Every later call resets env->rpc.err: keep the node's reason for the message. */
		memcpy(reason, env->rpc.err, sizeof(reason));
		if ((rc = dbc_rpc_header(&env->rpc, NULL, &best, NULL)) != DBC_OK)
			tx_rpc_fail(rc, &env->rpc);
		low = best > LOOKBACK ? best - LOOKBACK : 0;
		if (d.era.period != 0 && dbc_era_birth(&d.era, best) > low)
			low = dbc_era_birth(&d.era, best);
		for (next = best + 1; next > low; next--)
			if ((idx = find_in_block(env, next - 1, txh, bh)) >= 0) {
				progress(env, "already included in block #%llu",
				         (unsigned long long)(next - 1));
				return report(env, bh, next - 1, idx, txh);
			}
		cli_die(EXIT_REJECTED, "%s (and it is not in the last %llu blocks)", reason,
		        (unsigned long long)(best - low));
	}
	if (rc == DBC_ERR_NETWORK || rc == DBC_ERR_TIMEOUT)
		resend_hint(env, ext, len, env->rpc.err);
	if (rc != DBC_OK)
		tx_rpc_fail(rc, &env->rpc);
	if (memcmp(got, txh, 32) != 0)
		cli_warn("the node reported a different hash than the extrinsic's own");
	if (transport_trouble)
		progress(env, "the node accepted the resent bytes");
	if ((hx = tx_hex0x(txh, 32)) == NULL)
		cli_fail(DBC_ERR_NOMEM, "hash");
	if (!wait) {
		if (env->fmt == OUT_JSON) {
			char *ex = tx_hex0x(ext, len);

			if (ex == NULL)
				cli_fail(DBC_ERR_NOMEM, "output");
			printf("{\n  \"extrinsic\": \"%s\",\n  \"hash\": \"%s\",\n  \"status\": \"submitted\"\n}\n",
			       ex, hx);
			free(ex);
		} else {
			printf("%s\n", hx);
		}
		free(hx);
		cli_flush_stdout();
		return EXIT_OK;
	}
	progress(env, "submitted %s; waiting for inclusion", hx);
	deadline = time(NULL) + env->wait_s;
	next = start;
	for (;;) {
		if ((rc = dbc_rpc_header(&env->rpc, NULL, &best, NULL)) != DBC_OK)
			tx_rpc_fail(rc, &env->rpc);
		/* Blocks come every few seconds and we look once a second: a best block far ahead
		 * is a node that lies (or a broken one), not a reason to fetch thousands of blocks.
		 * Numbers are u32 (dbc_rpc_header), so next++ cannot wrap. */
		if (best > next && best - next > FOLLOW_MAX_GAP) {
			char why[160];

			(void)snprintf(why, sizeof(why), "the node's best block jumped from #%llu to #%llu: "
			               "not following it", (unsigned long long)next,
			               (unsigned long long)best);
			resend_hint(env, ext, len, why);
		}
		for (; next <= best && time(NULL) < deadline; next++) {
			if ((idx = find_in_block(env, next, txh, bh)) >= 0) {
				free(hx);
				return report(env, bh, next, idx, txh);
			}
		}
		if (next > death)
			cli_die(EXIT_ENV, "%s was not included before its era ended (block #%llu)", hx,
			        (unsigned long long)death);
		if (time(NULL) >= deadline) {
			char why[160];

			(void)snprintf(why, sizeof(why), "%.70s not in a block after %ld s (it may still be "
			               "included)", hx, env->wait_s);
			resend_hint(env, ext, len, why);
		}
		sleep_s(1);
	}
}
