/* Fuzz target: the JSON side of a signing request, against DBC's real metadata.
 *
 * `dbcsign tx` turns {"call":"Pallet.method","args":…} into SCALE through the registry-driven
 * encoder (cli/tx_args.c): cli_tx_encode_call_path and cli_tx_encode_value (with
 * {"type":N,"value":…}). Every input is also read as an air-gapped signing request
 * (cli/tx_request.h, what `tx sign request.json` parses; tests/fuzz/fuzz_txsign.c goes on to
 * sign): success gives metadata and call bytes, a refusal a one-line reason.
 * Invariants: what the encoder accepts decodes back as exactly one call of that pallet and
 * name (no trailing bytes); decoding that call to JSON and encoding the JSON again gives the
 * same bytes (encode → decode → encode round trip); a refusal always explains itself (why). */
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "cli/tx_args.h"
#include "cli/tx_request.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
reencode(const dbc_meta_t *m, const dbc_buf_t *first)
{
	dbc_decode_opts_t opts;
	dbc_scale_rd_t r;
	dbc_buf_t json, again;
	const dbc_pallet_t *pal = NULL;
	const dbc_variant_t *call = NULL;
	const char *text;
	char why[CLI_TX_WHY];
	cJSON *root;

	memset(&opts, 0, sizeof(opts));
	opts.bytes_as_text = 1;
	dbc_buf_init(&json);
	dbc_buf_init(&again);
	dbc_scale_rd_init(&r, first->p, first->len);
	if (dbc_meta_decode_call(m, &r, &json, &opts, &pal, &call) != DBC_OK || dbc_scale_rd_left(&r) != 0)
		abort(); /* the encoder produced something the decoder refuses */
	if ((text = dbc_buf_cstr(&json)) == NULL || (root = cJSON_Parse(text)) == NULL)
		abort();
	why[0] = '\0';
	if (cli_tx_encode_call(m, pal->name, call->name, cJSON_GetObjectItemCaseSensitive(root, "args"),
	    &again, why) == DBC_OK) {
		if (again.len != first->len || memcmp(again.p, first->p, first->len) != 0)
			abort();
	}
	cJSON_Delete(root);
	dbc_buf_free(&json);
	dbc_buf_free(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const dbc_meta_t *m;
	cJSON *root;
	const cJSON *call, *type;
	dbc_buf_t out;
	char why[CLI_TX_WHY];
	int rc;

	fuzz_init();
	if (size > 65536 || (m = fuzz_meta()) == NULL)
		return 0;
	{
		cli_tx_request_t rq;
		char rwhy[CLI_TX_REQUEST_WHY], *text = malloc(size + 1);
		const char *p;

		if (text == NULL)
			abort();
		memcpy(text, data, size);
		text[size] = '\0';
		rc = cli_tx_request_parse(&rq, text, size, rwhy);
		free(text);
		if (rc == DBC_OK) {
			if (rq.metadata == NULL || rq.call == NULL || rq.metadata_len == 0 || rq.call_len == 0)
				abort();
			if (cli_tx_request_check_call(&rq, m) == DBC_OK) {
				dbc_buf_t c;

				/* a call that decodes is one the encoder path reproduces */
				dbc_buf_init(&c);
				dbc_buf_put(&c, rq.call, rq.call_len);
				reencode(m, &c);
				dbc_buf_free(&c);
			}
			cli_tx_request_free(&rq);
		} else if (rc != DBC_ERR_NOMEM) {
			if (rc != DBC_ERR_INPUT || rwhy[0] == '\0')
				abort();
			for (p = rwhy; *p; p++)
				if ((unsigned char)*p < 0x20 || *p == 0x7f)
					abort();
		}
	}
	if ((root = cJSON_ParseWithLength((const char *)data, size)) == NULL)
		return 0;
	dbc_buf_init(&out);
	why[0] = '\0';
	call = cJSON_GetObjectItemCaseSensitive(root, "call");
	type = cJSON_GetObjectItemCaseSensitive(root, "type");
	if (cJSON_IsString(call)) {
		rc = cli_tx_encode_call_path(m, call->valuestring, cJSON_GetObjectItemCaseSensitive(root, "args"),
		                             &out, why);
		if (rc == DBC_OK)
			reencode(m, &out);
		else if (why[0] == '\0' && rc != DBC_ERR_NOMEM && rc != DBC_ERR_TOO_LARGE)
			abort();
	} else if (cJSON_IsNumber(type) && type->valuedouble >= 0 && type->valuedouble < 1e6) {
		uint32_t ty = (uint32_t)type->valuedouble;

		rc = cli_tx_encode_value(m, ty, cJSON_GetObjectItemCaseSensitive(root, "value"), &out, why);
		if (rc == DBC_OK) {
			dbc_scale_rd_t r;

			/* what was encoded skips cleanly as one value of that type */
			dbc_scale_rd_init(&r, out.p, out.len);
			if (dbc_meta_skip(m, ty, &r) != DBC_OK || dbc_scale_rd_left(&r) != 0)
				abort();
		}
	}
	dbc_buf_free(&out);
	cJSON_Delete(root);
	return 0;
}
