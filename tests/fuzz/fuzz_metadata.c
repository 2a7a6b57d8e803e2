/* Fuzz target: the V14 metadata parser and the generic SCALE→JSON decoder (sign/metadata.c,
 * sign/metadata_decode.c).
 *
 * First byte even: the rest is metadata ("meta" ‖ 14 ‖ …). Whatever parses is walked: every
 * type, pallet, call, event, constant, storage entry and signed extension is looked up, by
 * index and by name, and must be found again the same way (lookups agree with iteration).
 * First byte odd: the rest is a value encoded against DBC's real metadata (loaded from
 * DBCSIGN_SHARED): two bytes pick a type id (or 0xffff: a whole call), the remainder is
 * decoded. Invariants: decode and skip agree on success and on the bytes consumed; what the
 * decoder prints is valid JSON; the reader never runs past the input.
 * The committed seeds are a hand-made minimal V14 blob and call bytes from
 * fixtures/dbc/extrinsics.json (never the 360 KB fixture itself). */
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "sign/metadata.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
walk(const dbc_meta_t *m)
{
	size_t i, j, n = dbc_meta_ntypes(m);
	uint32_t id;
	uint16_t prefix;
	uint64_t ms;

	for (i = 0; i < n && i < 4096; i++) {
		const dbc_type_t *t = dbc_meta_type(m, (uint32_t)i);

		if (t == NULL)
			abort(); /* every id below ntypes exists */
		(void)dbc_meta_resolve(m, (uint32_t)i);
	}
	if (dbc_meta_type(m, (uint32_t)n) != NULL)
		abort();
	for (i = 0; i < dbc_meta_npallets(m); i++) {
		const dbc_pallet_t *p = dbc_meta_pallet_at(m, i);

		if (p == NULL || p->name == NULL)
			abort();
		if (dbc_meta_pallet_by_index(m, p->index) == NULL || dbc_meta_pallet(m, p->name) == NULL)
			abort();
		for (j = 0; j < 256; j++) {
			const dbc_variant_t *c = dbc_meta_call_by_index(m, p, (uint8_t)j);

			if (c != NULL && (c->name == NULL || dbc_meta_call(m, p, c->name) == NULL))
				abort();
			(void)dbc_meta_event(m, p, (uint8_t)j);
		}
		for (j = 0; j < p->nconstants; j++)
			if (dbc_meta_constant(m, p->name, p->constants[j].name) == NULL)
				abort();
		for (j = 0; j < p->nstorage; j++)
			if (dbc_meta_storage(m, p, p->storage[j].name) == NULL)
				abort();
	}
	for (i = 0; i < dbc_meta_nsigned_ext(m); i++)
		if (dbc_meta_signed_ext(m, i) == NULL)
			abort();
	if (dbc_meta_call_type(m, &id) == DBC_OK && dbc_meta_type(m, id) == NULL)
		abort();
	(void)dbc_meta_extrinsic_version(m);
	if (dbc_meta_ss58_prefix(m, &prefix) == DBC_OK && prefix > 16383)
		abort(); /* SS58 prefixes are 14 bits */
	if (dbc_meta_block_time_ms(m, &ms) != DBC_OK)
		ms = 0;
}

static void
check_json(dbc_buf_t *out)
{
	const char *s = dbc_buf_cstr(out);
	cJSON *j;

	if (s == NULL)
		return; /* out of memory / over DBC_BUF_MAX: a refusal, not a bug */
	if ((j = cJSON_ParseWithLength(s, out->len)) == NULL)
		abort();
	cJSON_Delete(j);
}

static void
decode_value(const dbc_meta_t *m, const uint8_t *p, size_t n)
{
	dbc_decode_opts_t opts;
	dbc_scale_rd_t r, r2;
	dbc_buf_t out;
	uint32_t type;
	int rc, rc2;

	if (n < 2)
		return;
	type = (uint32_t)p[0] | (uint32_t)p[1] << 8;
	memset(&opts, 0, sizeof(opts));
	opts.bytes_as_text = (p[0] & 1);
	dbc_buf_init(&out);
	dbc_scale_rd_init(&r, p + 2, n - 2);
	if (type == 0xffff) {
		const dbc_pallet_t *pal = NULL;
		const dbc_variant_t *call = NULL;

		rc = dbc_meta_decode_call(m, &r, &out, &opts, &pal, &call);
		if (rc == DBC_OK) {
			if (pal == NULL || call == NULL)
				abort();
			check_json(&out);
		}
	} else {
		type %= (uint32_t)(dbc_meta_ntypes(m) + 1); /* one id past the end, too */
		rc = dbc_meta_decode(m, type, &r, &out, &opts);
		dbc_scale_rd_init(&r2, p + 2, n - 2);
		rc2 = dbc_meta_skip(m, type, &r2);
		if ((rc == DBC_OK) != (rc2 == DBC_OK))
			abort();
		if (rc == DBC_OK) {
			if (r.pos != r2.pos)
				abort();
			check_json(&out);
		}
	}
	if (r.pos > r.len || rc > 0)
		abort();
	dbc_buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_init();
	if (size < 1 || size > (1u << 20))
		return 0;
	if ((data[0] & 1) == 0) {
		dbc_meta_t *m = NULL;
		int ver = -1, rc = dbc_meta_parse(&m, data + 1, size - 1, &ver);

		if (rc == DBC_OK) {
			if (m == NULL || ver != 14)
				abort();
			walk(m);
			/* the parsed registry also decodes the input's own bytes */
			decode_value(m, data + 1, size - 1 < 512 ? size - 1 : 512);
			dbc_meta_free(&m);
			if (m != NULL)
				abort();
		} else if (m != NULL || rc > 0) {
			abort();
		}
	} else {
		const dbc_meta_t *real = fuzz_meta();

		if (real != NULL)
			decode_value(real, data + 1, size - 1);
	}
	return 0;
}
