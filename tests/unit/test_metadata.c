/* V14 metadata parser against the real DBC genesis metadata
 * (fixtures/dbc/metadata-v14-spec400.scale, see fixtures/dbc/SOURCES.md: the runtime API
 * Metadata_metadata of DeepBrainChain-MainChain node/cli/res/dbc-spec-v4.json @ d03734c2,
 * SCALE Vec<u8> whose 4-byte compact prefix is stripped here), and malformed inputs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "sign/metadata.h"

static void
test_real(const uint8_t *md, size_t mdlen)
{
	dbc_meta_t *m = NULL;
	const dbc_pallet_t *p, *ep;
	const dbc_variant_t *v, *ev;
	const dbc_type_t *t;
	uint16_t ss58 = 0;
	uint64_t bt = 0;
	uint32_t call_ty;
	int ver = 0;
	size_t i;
	static const char *exts[] = { "CheckNonZeroSender", "CheckSpecVersion", "CheckTxVersion",
	                              "CheckGenesis", "CheckMortality", "CheckNonce",
	                              "CheckWeight", "ChargeAssetTxPayment" };

	CHECK_OK(dbc_meta_parse(&m, md, mdlen, &ver), "parse DBC metadata");
	CHECK(ver == 14, "version %d", ver);
	if (m == NULL)
		return;
	CHECK(dbc_meta_ntypes(m) > 500, "type count %zu", dbc_meta_ntypes(m));

	/* dbc-chain.md §1.1 / §1.2 */
	p = dbc_meta_pallet(m, "RentMachine");
	CHECK(p != NULL && p->index == 111, "RentMachine index 111");
	CHECK(dbc_meta_pallet(m, "rentMachine") == p, "camelCase pallet name");
	CHECK(dbc_meta_pallet(m, "rent_machine") == p, "snake_case pallet name");
	CHECK(dbc_meta_pallet(m, "NoSuchPallet") == NULL, "unknown pallet");
	CHECK(dbc_meta_pallet_by_index(m, 107) == dbc_meta_pallet(m, "OnlineProfile"), "107");
	CHECK(dbc_meta_pallet_by_index(m, 7) == dbc_meta_pallet(m, "Balances"), "Balances 7");
	v = dbc_meta_call(m, p, "rentMachine");
	CHECK(v != NULL && strcmp(v->name, "rent_machine") == 0 && v->index == 1, "rent_machine");
	if (v != NULL && v->nfields == 3) {
		const dbc_type_t *a = dbc_meta_type(m, v->fields[0].type);

		CHECK(strcmp(v->fields[0].name, "machine_id") == 0 &&
		      strcmp(v->fields[0].type_name, "MachineId") == 0, "machine_id field");
		CHECK(a != NULL && a->kind == DBC_TY_SEQUENCE, "MachineId is a sequence");
		CHECK(strcmp(v->fields[1].name, "rent_gpu_num") == 0, "rent_gpu_num field");
		t = dbc_meta_resolve(m, v->fields[2].type);
		CHECK(t != NULL && t->kind == DBC_TY_PRIMITIVE && t->prim == DBC_PRIM_U32,
		      "duration u32");
	} else {
		CHECK(0, "rent_machine has 3 fields");
	}
	v = dbc_meta_call(m, p, "confirm_rent");
	CHECK(v != NULL && v->index == 2 && v->nfields == 1, "confirm_rent");
	v = dbc_meta_call(m, p, "reletMachine");
	CHECK(v != NULL && v->index == 3 && v->nfields == 2 &&
	      strcmp(v->fields[1].name, "relet_duration") == 0, "relet_machine");
	CHECK(dbc_meta_call(m, p, "rent") == NULL, "unknown call");
	CHECK(dbc_meta_call_by_index(m, p, 4) != NULL &&
	      strcmp(dbc_meta_call_by_index(m, p, 4)->name, "bond_evm_address") == 0, "call 4");

	/* Events and errors (dbc-chain.md §1.2 tables). */
	ev = dbc_meta_event(m, p, 2);
	CHECK(ev != NULL && strcmp(ev->name, "Rent") == 0 && ev->nfields == 6, "event 2 Rent");
	CHECK_OK(dbc_meta_error(m, 111, 1, &ep, &v), "error lookup");
	CHECK(ep == p && v != NULL && strcmp(v->name, "MachineNotRentable") == 0, "error 1");
	CHECK_OK(dbc_meta_error(m, 111, 15, &ep, &v), "error 15");
	CHECK(v != NULL && strcmp(v->name, "ReletTooShort") == 0, "ReletTooShort");
	CHECK(dbc_meta_error(m, 111, 200, &ep, &v) == DBC_ERR_NOT_FOUND, "no error 200");
	CHECK(dbc_meta_error(m, 250, 0, &ep, &v) == DBC_ERR_NOT_FOUND, "no pallet 250");
	CHECK_OK(dbc_meta_error(m, 0, 0, &ep, &v), "System error 0");
	CHECK(v != NULL && strcmp(v->name, "InvalidSpecName") == 0 && strlen(v->docs) > 10,
	      "System.InvalidSpecName with docs");

	/* Constants (dbc-chain.md §2.6: SS58 42, 6 s blocks). */
	CHECK_OK(dbc_meta_ss58_prefix(m, &ss58), "SS58Prefix");
	CHECK(ss58 == 42, "ss58 prefix %u", ss58);
	CHECK_OK(dbc_meta_block_time_ms(m, &bt), "block time");
	CHECK(bt == 6000, "block time %llu", (unsigned long long)bt);

	/* Signed extensions (dbc-chain.md §2.2). */
	CHECK(dbc_meta_extrinsic_version(m) == 4, "extrinsic v4");
	CHECK(dbc_meta_nsigned_ext(m) == 8, "8 signed extensions");
	for (i = 0; i < 8 && i < dbc_meta_nsigned_ext(m); i++)
		CHECK(strcmp(dbc_meta_signed_ext(m, i)->identifier, exts[i]) == 0, "ext %zu", i);

	/* The runtime call enum: variant per pallet, RentMachine at 111. */
	CHECK_OK(dbc_meta_call_type(m, &call_ty), "call type");
	t = dbc_meta_type(m, call_ty);
	CHECK(t != NULL && t->kind == DBC_TY_VARIANT, "RuntimeCall is a variant");

	/* Storage entries needed to follow a transaction. */
	{
		const dbc_pallet_t *sys = dbc_meta_pallet(m, "System");
		const dbc_storage_t *s = dbc_meta_storage(m, sys, "Events");

		CHECK(s != NULL && !s->is_map && strcmp(sys->storage_prefix, "System") == 0,
		      "System.Events");
		s = dbc_meta_storage(m, p, "RentInfo");
		CHECK(s != NULL && s->is_map && s->nhashers == 1 && s->hashers[0] == 2,
		      "RentMachine.RentInfo Blake2_128Concat");
	}

	/* Decoding a call to JSON (dbc-chain.md §7.1 confirm_rent(12345)). */
	{
		static const uint8_t call[] = { 0x6f, 0x02, 0x39, 0x30, 0, 0, 0, 0, 0, 0 };
		dbc_scale_rd_t r;
		dbc_buf_t b;
		dbc_decode_opts_t o = { NULL, NULL, 1 };

		dbc_buf_init(&b);
		dbc_scale_rd_init(&r, call, sizeof(call));
		CHECK_OK(dbc_meta_decode_call(m, &r, &b, &o, NULL, NULL), "decode call");
		CHECK(strcmp(dbc_buf_cstr(&b),
		             "{\"pallet\":\"RentMachine\",\"call\":\"confirm_rent\","
		             "\"args\":{\"rent_id\":\"12345\"}}") == 0, "call json %s", b.p);
		dbc_buf_free(&b);
		/* Truncated: fails, position restored. */
		dbc_buf_init(&b);
		dbc_scale_rd_init(&r, call, sizeof(call) - 1);
		CHECK(dbc_meta_decode_call(m, &r, &b, &o, NULL, NULL) == DBC_ERR_SCALE && r.pos == 0,
		      "truncated call");
		dbc_buf_free(&b);
	}
	dbc_meta_free(&m);
	CHECK(m == NULL, "free clears the pointer");
}

static void
test_bad(const uint8_t *md, size_t mdlen)
{
	dbc_meta_t *m = NULL;
	uint8_t *copy;
	int ver = 0;
	size_t cut;

	CHECK(dbc_meta_parse(&m, (const uint8_t *)"atem\x0e", 5, &ver) == DBC_ERR_METADATA &&
	      ver == -1, "bad magic");
	CHECK(dbc_meta_parse(&m, (const uint8_t *)"meta", 4, &ver) == DBC_ERR_METADATA, "no version");
	CHECK(dbc_meta_parse(&m, (const uint8_t *)"meta\x0f", 5, &ver) == DBC_ERR_METADATA &&
	      ver == 15, "v15 refused, version reported");
	CHECK(dbc_meta_parse(&m, (const uint8_t *)"meta\x0d\x00", 6, &ver) == DBC_ERR_METADATA &&
	      ver == 13, "v13 refused");
	CHECK(dbc_meta_parse(&m, (const uint8_t *)"meta\x0e", 5, &ver) == DBC_ERR_SCALE, "empty v14");
	/* Every truncation point of the first 4 KiB and a few later ones fails cleanly. */
	for (cut = 5; cut < mdlen; cut += (cut < 4096 ? 1 : 7919)) {
		int rc = dbc_meta_parse(&m, md, cut, NULL);

		if (rc == DBC_OK || m != NULL) {
			CHECK(0, "truncated at %zu parsed", cut);
			dbc_meta_free(&m);
			break;
		}
	}
	CHECK(1, "truncations refused");
	/* Trailing garbage is refused. */
	if ((copy = malloc(mdlen + 1)) != NULL) {
		memcpy(copy, md, mdlen);
		copy[mdlen] = 0;
		CHECK(dbc_meta_parse(&m, copy, mdlen + 1, NULL) == DBC_ERR_SCALE, "trailing byte");
		free(copy);
	}
}

/* ---- synthetic metadata ---- */

static void
put_str(uint8_t *b, size_t *n, const char *s)
{
	size_t l = strlen(s);

	b[(*n)++] = (uint8_t)(l << 2); /* compact, strings here are < 64 bytes */
	memcpy(b + *n, s, l);
	*n += l;
}

/* V14 metadata: type 0 is (), type k (1..depth) is (k-1, k-1), type depth+1 the call enum of
 * one pallet `pallet` (index 0) with one call `call` (index 0) taking `field`: type depth.
 * 44 levels are 2^44 leaves behind a 4-byte extrinsic 0x0c040000. */
static size_t
nested_metadata(uint8_t *b, unsigned depth, const char *pallet, const char *call,
                const char *field)
{
	size_t n = 0;
	unsigned k;

	memcpy(b, "meta\x0e", 5);
	n = 5;
	b[n++] = (uint8_t)((depth + 2) << 2);
	for (k = 0; k <= depth; k++) {
		b[n++] = (uint8_t)(k << 2);   /* id */
		b[n++] = 0;                   /* path */
		b[n++] = 0;                   /* params */
		b[n++] = DBC_TY_TUPLE;
		if (k == 0) {
			b[n++] = 0;
		} else {
			b[n++] = 2 << 2;
			b[n++] = (uint8_t)((k - 1) << 2);
			b[n++] = (uint8_t)((k - 1) << 2);
		}
		b[n++] = 0;                   /* docs */
	}
	b[n++] = (uint8_t)((depth + 1) << 2);
	b[n++] = 0;
	b[n++] = 0;
	b[n++] = DBC_TY_VARIANT;
	b[n++] = 1 << 2;                      /* one variant */
	put_str(b, &n, call);
	b[n++] = 1 << 2;                      /* one field */
	b[n++] = 1;
	put_str(b, &n, field);
	b[n++] = (uint8_t)(depth << 2);
	b[n++] = 0;                           /* no type name */
	b[n++] = 0;                           /* docs */
	b[n++] = 0;                           /* variant index */
	b[n++] = 0;                           /* docs */
	b[n++] = 0;                           /* type docs */
	b[n++] = 1 << 2;                      /* one pallet */
	put_str(b, &n, pallet);
	b[n++] = 0;                           /* no storage */
	b[n++] = 1;
	b[n++] = (uint8_t)((depth + 1) << 2); /* calls */
	b[n++] = 0;                           /* no events */
	b[n++] = 0;                           /* no constants */
	b[n++] = 0;                           /* no errors */
	b[n++] = 0;                           /* index */
	b[n++] = 0;                           /* extrinsic type */
	b[n++] = 4;                           /* version */
	b[n++] = 0;                           /* signed extensions */
	b[n++] = 0;                           /* runtime type */
	return n;
}

/* Exponential work from a few hundred bytes (security review, item 4): nested pairs of
 * empty tuples read no input, so only the visit budget stops them. The run must end with
 * DBC_ERR_METADATA after exactly budget+1 visits (before the budget it visited millions). */
static void
test_nested_budget(void)
{
	uint8_t md[1024], out_call[4] = { 0, 0 };
	dbc_meta_t *m = NULL;
	dbc_scale_rd_t r;
	dbc_buf_t out;
	size_t n, visits = 0;
	int rc;

	n = nested_metadata(md, 44, "P", "f", "x");
	CHECK(n < 400, "nested metadata is small (%zu bytes)", n);
	CHECK_OK(dbc_meta_parse(&m, md, n, NULL), "nested metadata parses");
	if (m == NULL)
		return;
	dbc_buf_init(&out);
	dbc_scale_rd_init(&r, out_call, 0);
	rc = dbc_meta_decode_counted(m, 44, &r, &out, NULL, &visits);
	CHECK(rc == DBC_ERR_METADATA, "nested value refused: %d", rc);
	CHECK(visits == dbc_meta_decode_budget(0) + 1, "stopped at the budget: %zu visits", visits);
	dbc_buf_free(&out);
	/* The same through the call decoder and the skipper. */
	dbc_buf_init(&out);
	dbc_scale_rd_init(&r, out_call, 2);
	CHECK(dbc_meta_decode_call(m, &r, &out, NULL, NULL, NULL) == DBC_ERR_METADATA,
	      "nested call refused");
	CHECK(r.pos == 0, "reader restored");
	dbc_buf_free(&out);
	dbc_scale_rd_init(&r, out_call, 0);
	CHECK(dbc_meta_skip(m, 44, &r) == DBC_ERR_METADATA, "nested skip refused");
	/* A shallow nest still decodes: 2^6 leaves are well inside the budget. */
	dbc_buf_init(&out);
	dbc_scale_rd_init(&r, out_call, 0);
	CHECK_OK(dbc_meta_decode_counted(m, 6, &r, &out, NULL, &visits), "6 levels decode");
	CHECK(visits == 127, "6 levels: %zu visits", visits);
	dbc_buf_free(&out);
	dbc_meta_free(&m);
	CHECK(dbc_meta_decode_budget(SIZE_MAX / 2) == DBC_META_DECODE_MAX_VISITS, "budget capped");
	/* A type referring to a type that does not exist is refused at parse time. */
	n = nested_metadata(md, 3, "P", "f", "x");
	CHECK(md[17] == 0, "layout: type 1's first element");
	md[17] = 63 << 2;
	CHECK(dbc_meta_parse(&m, md, n, NULL) == DBC_ERR_METADATA && m == NULL, "dangling type id");
}

/* Names reach the "Sign this transaction?" summary (security review, item 1): anything but a
 * plain identifier is refused with DBC_ERR_METADATA. */
static void
test_names(void)
{
	static const struct { const char *pallet, *call, *field; int ok; } cases[] = {
		{ "RentMachine", "rent_machine", "machine_id", 1 },
		{ "\x1b[1A\x1b[2KBal", "f", "x", 0 },
		{ "P", "rent\xc2\x9b" "machine", "x", 0 },
		{ "P", "Rent Machine", "x", 0 },
		{ "P", "f", "x\n", 0 },
		{ "P", "f", "", 0 },
		{ "", "f", "x", 0 },
	};
	uint8_t md[512];
	dbc_meta_t *m = NULL;
	size_t i, n;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = nested_metadata(md, 2, cases[i].pallet, cases[i].call, cases[i].field);
		rc = dbc_meta_parse(&m, md, n, NULL);
		CHECK(cases[i].ok ? rc == DBC_OK : rc == DBC_ERR_METADATA && m == NULL,
		      "names case %zu: %d", i, rc);
		dbc_meta_free(&m);
	}
}

static uint32_t rng_state = 12345;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Hostile input must never crash or read out of bounds (run under SAN=1 to see it): random
 * bytes decoded as every registry type, and metadata with random byte changes. */
static void
test_robustness(const uint8_t *md, size_t mdlen)
{
	dbc_meta_t *m = NULL, *m2 = NULL;
	uint8_t buf[96], *copy;
	size_t i, k, ok = 0, n;
	int rounds;

	if (dbc_meta_parse(&m, md, mdlen, NULL) != DBC_OK)
		return;
	for (i = 0; i < dbc_meta_ntypes(m); i++) {
		for (rounds = 0; rounds < 8; rounds++) {
			dbc_scale_rd_t r;
			dbc_buf_t out;
			dbc_decode_opts_t o = { NULL, NULL, rounds & 1 };

			for (k = 0; k < sizeof(buf); k++)
				buf[k] = (uint8_t)rng();
			n = rng() % sizeof(buf);
			dbc_buf_init(&out);
			dbc_scale_rd_init(&r, buf, n);
			if (dbc_meta_decode(m, (uint32_t)i, &r, &out, &o) == DBC_OK) {
				ok++;
				if (r.pos > n)
					CHECK(0, "decoder read past the end (type %zu)", i);
			} else if (r.pos != 0) {
				CHECK(0, "failed decode moved the reader (type %zu)", i);
			}
			dbc_buf_free(&out);
		}
	}
	CHECK(ok > 0, "some random values decode (%zu)", ok);
	if ((copy = malloc(mdlen)) != NULL) {
		for (rounds = 0; rounds < 60; rounds++) {
			memcpy(copy, md, mdlen);
			for (k = 0; k < 4; k++)
				copy[5 + rng() % (mdlen - 5)] = (uint8_t)rng();
			if (dbc_meta_parse(&m2, copy, mdlen, NULL) == DBC_OK)
				dbc_meta_free(&m2);
		}
		free(copy);
	}
	CHECK(1, "mutated metadata parsed or refused without crashing");
	dbc_meta_free(&m);
}

int
main(void)
{
	uint8_t *file;
	size_t len = 0;

	check_init("test_metadata");
	test_nested_budget();
	test_names();
	if ((file = check_load_shared_file("fixtures/dbc/metadata-v14-spec400.scale", &len)) == NULL)
		return check_done();
	CHECK(len > 4, "read metadata fixture");
	if (len > 4) {
		/* SOURCES.md: compact length 8efd1500 (= 360291) then the metadata. */
		CHECK(file[0] == 0x8e && file[1] == 0xfd && file[2] == 0x15 && file[3] == 0x00,
		      "compact length prefix");
		test_real(file + 4, len - 4);
		test_bad(file + 4, len - 4);
		test_robustness(file + 4, len - 4);
	}
	free(file);
	return check_done();
}
