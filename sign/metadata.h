/* Substrate runtime metadata V14 (frame-metadata / scale-info portable form).
 *
 * dbc_meta_parse() reads the bytes `state_getMetadata` returns ("meta" magic, version byte 14,
 * then RuntimeMetadataV14) into read-only tables: the portable type registry, pallets with
 * their call/event/error enum type ids, constants and storage entries, and the extrinsic's
 * signed-extension list. Everything is bounds-checked; any other version is refused with
 * DBC_ERR_METADATA (dbc_meta_last_version() tells which version was found).
 *
 * A generic value decoder renders any registry type as JSON text, so that calls, events and
 * errors can be shown by name without per-pallet code. */
#ifndef DBC_METADATA_H
#define DBC_METADATA_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"
#include "sign/scale.h"

typedef enum {
	DBC_TY_COMPOSITE = 0,
	DBC_TY_VARIANT = 1,
	DBC_TY_SEQUENCE = 2,
	DBC_TY_ARRAY = 3,
	DBC_TY_TUPLE = 4,
	DBC_TY_PRIMITIVE = 5,
	DBC_TY_COMPACT = 6,
	DBC_TY_BITSEQ = 7
} dbc_tykind_t;

typedef enum {
	DBC_PRIM_BOOL = 0, DBC_PRIM_CHAR, DBC_PRIM_STR,
	DBC_PRIM_U8, DBC_PRIM_U16, DBC_PRIM_U32, DBC_PRIM_U64, DBC_PRIM_U128, DBC_PRIM_U256,
	DBC_PRIM_I8, DBC_PRIM_I16, DBC_PRIM_I32, DBC_PRIM_I64, DBC_PRIM_I128, DBC_PRIM_I256
} dbc_prim_t;

typedef struct {
	const char *name;      /* NULL for unnamed (tuple-like) fields */
	uint32_t type;
	const char *type_name; /* e.g. "MachineId", "T::BlockNumber"; may be NULL */
	const char *docs;      /* doc lines joined with ' ', "" if none */
} dbc_field_t;

typedef struct {
	const char *name;
	uint8_t index;
	size_t nfields;
	const dbc_field_t *fields;
	const char *docs;
} dbc_variant_t;

typedef struct {
	const char *name;
	uint32_t type; /* may be absent (has_type == 0) for generic params */
	int has_type;
} dbc_typaram_t;

typedef struct {
	uint32_t id;
	const char *path;   /* segments joined with "::", "" if none */
	const char *ident;  /* last path segment, "" if none */
	size_t nparams;
	const dbc_typaram_t *params;
	dbc_tykind_t kind;
	size_t nfields;               /* composite */
	const dbc_field_t *fields;
	size_t nvariants;             /* variant */
	const dbc_variant_t *variants;
	uint32_t elem;                /* sequence, array, compact: element type */
	uint32_t len;                 /* array length */
	size_t ntuple;                /* tuple */
	const uint32_t *tuple;
	dbc_prim_t prim;              /* primitive */
	uint32_t bit_store, bit_order; /* bit sequence */
	const char *docs;
} dbc_type_t;

typedef struct {
	const char *name;
	uint32_t type;
	const uint8_t *value;
	size_t value_len;
	const char *docs;
} dbc_constant_t;

typedef struct {
	const char *name;
	int is_map;
	uint32_t key_type;   /* map only */
	uint32_t value_type;
	size_t nhashers;
	const uint8_t *hashers; /* 0 Blake2_128, 1 Blake2_256, 2 Blake2_128Concat, 3 Twox128,
	                           4 Twox256, 5 Twox64Concat, 6 Identity */
	int optional;        /* modifier Optional (else Default) */
	const uint8_t *def;
	size_t def_len;
} dbc_storage_t;

typedef struct {
	const char *name;
	uint8_t index;
	int has_calls, has_events, has_errors;
	uint32_t calls_type, events_type, errors_type;
	const char *storage_prefix; /* NULL if the pallet has no storage */
	size_t nstorage;
	const dbc_storage_t *storage;
	size_t nconstants;
	const dbc_constant_t *constants;
} dbc_pallet_t;

typedef struct {
	const char *identifier;
	uint32_t type;            /* "extra": encoded inside the extrinsic */
	uint32_t additional;      /* "additional signed": only in the signing payload */
} dbc_signed_ext_t;

typedef struct dbc_meta dbc_meta_t;

/* Parse metadata bytes (as returned by state_getMetadata, without any outer length prefix).
 * DBC_ERR_METADATA for a wrong magic or a version other than 14 (*version, nullable, receives
 * the version byte found, -1 if the magic was wrong, so the caller can say "unsupported
 * metadata version N"); DBC_ERR_SCALE for malformed bytes. */
int dbc_meta_parse(dbc_meta_t **out, const uint8_t *buf, size_t len, int *version) DBC_WUR;
void dbc_meta_free(dbc_meta_t **m);

size_t dbc_meta_ntypes(const dbc_meta_t *m);
/* NULL if id is out of range. */
const dbc_type_t *dbc_meta_type(const dbc_meta_t *m, uint32_t id);
/* Follow single-field composites and one-element tuples down to the inner type (e.g.
 * AccountId32 → [u8;32]); stops at depth 16. */
const dbc_type_t *dbc_meta_resolve(const dbc_meta_t *m, uint32_t id);

size_t dbc_meta_npallets(const dbc_meta_t *m);
const dbc_pallet_t *dbc_meta_pallet_at(const dbc_meta_t *m, size_t i);
/* Pallet by name: exact, else case-insensitive ignoring '_' ("rentMachine", "rent_machine"
 * and "RentMachine" all find RentMachine). */
const dbc_pallet_t *dbc_meta_pallet(const dbc_meta_t *m, const char *name);
const dbc_pallet_t *dbc_meta_pallet_by_index(const dbc_meta_t *m, uint8_t index);
/* Call variant by name, with the same relaxed matching ("rentMachine" → rent_machine). */
const dbc_variant_t *dbc_meta_call(const dbc_meta_t *m, const dbc_pallet_t *p, const char *name);
const dbc_variant_t *dbc_meta_call_by_index(const dbc_meta_t *m, const dbc_pallet_t *p, uint8_t index);
const dbc_variant_t *dbc_meta_event(const dbc_meta_t *m, const dbc_pallet_t *p, uint8_t index);
/* Module error: (pallet index, first byte of the error) → pallet and error variant. */
int dbc_meta_error(const dbc_meta_t *m, uint8_t pallet_index, uint8_t error_index,
                   const dbc_pallet_t **pallet, const dbc_variant_t **err) DBC_WUR;
const dbc_constant_t *dbc_meta_constant(const dbc_meta_t *m, const char *pallet, const char *name);
const dbc_storage_t *dbc_meta_storage(const dbc_meta_t *m, const dbc_pallet_t *p, const char *name);

/* The runtime call enum (RuntimeCall) and the extrinsic's Address/Signature types; each
 * from the UncheckedExtrinsic's type parameters. */
int dbc_meta_call_type(const dbc_meta_t *m, uint32_t *id) DBC_WUR;
/* A type parameter of the UncheckedExtrinsic type ("Address", "Call", "Signature", "Extra");
 * DBC_ERR_NOT_FOUND if the runtime does not name it. */
int dbc_meta_extrinsic_param(const dbc_meta_t *m, const char *name, uint32_t *id) DBC_WUR;
uint8_t dbc_meta_extrinsic_version(const dbc_meta_t *m);
size_t dbc_meta_nsigned_ext(const dbc_meta_t *m);
const dbc_signed_ext_t *dbc_meta_signed_ext(const dbc_meta_t *m, size_t i);

/* Constants most commands need. SS58Prefix (System); block time in ms from
 * Babe.ExpectedBlockTime, else Aura's 2 * Timestamp.MinimumPeriod. DBC_ERR_NOT_FOUND if the
 * runtime does not say. */
int dbc_meta_ss58_prefix(const dbc_meta_t *m, uint16_t *prefix) DBC_WUR;
int dbc_meta_block_time_ms(const dbc_meta_t *m, uint64_t *ms) DBC_WUR;

/* Relaxed name match used by the lookups above: equal ignoring case and '_'. */
int dbc_meta_name_eq(const char *a, const char *b);

/* ---- generic decoding to JSON text ---- */

/* Renders a 32-byte account id (e.g. as SS58); returns 0 on success. NULL → "0x…" hex. */
typedef int (*dbc_account_fmt_fn)(char *out, size_t cap, const uint8_t id[32], void *ctx);

typedef struct {
	dbc_account_fmt_fn account_fmt;
	void *account_ctx;
	/* Byte strings that are printable ASCII (and do not start with "0x") are shown as text,
	 * the rest as 0x-hex (polkadot-js does the same for Bytes). */
	int bytes_as_text;
} dbc_decode_opts_t;

/* Decode one value of type `type` from r and append it as JSON to out. Integers up to 32 bits
 * are JSON numbers; 64 bits and wider are decimal strings (JSON numbers lose precision past
 * 2^53). Variants: "Name" without fields, {"Name": value} with. Composites with named fields:
 * objects; one unnamed field: the inner value; several: arrays. Recursion is bounded. */
int dbc_meta_decode(const dbc_meta_t *m, uint32_t type, dbc_scale_rd_t *r, dbc_buf_t *out,
                    const dbc_decode_opts_t *opts) DBC_WUR;
/* Work bound of one decoding run: every visited type counts, whether or not it reads a byte
 * (nested empty tuples would otherwise make 2^depth visits from a few bytes of metadata).
 * The budget is MIN + PER_BYTE * (bytes left in the reader), at most MAX; past it the decode
 * fails with DBC_ERR_METADATA. */
#define DBC_META_DECODE_MIN_VISITS 4096u
#define DBC_META_DECODE_VISITS_PER_BYTE 64u
#define DBC_META_DECODE_MAX_VISITS 1000000u
size_t dbc_meta_decode_budget(size_t input_len);
/* dbc_meta_decode that also reports how many types it visited (*visits, nullable). */
int dbc_meta_decode_counted(const dbc_meta_t *m, uint32_t type, dbc_scale_rd_t *r, dbc_buf_t *out,
                            const dbc_decode_opts_t *opts, size_t *visits) DBC_WUR;
/* Decode the fields of a call variant into a JSON object {"field": value, ...}. */
int dbc_meta_decode_fields(const dbc_meta_t *m, const dbc_field_t *fields, size_t n,
                           dbc_scale_rd_t *r, dbc_buf_t *out, const dbc_decode_opts_t *opts) DBC_WUR;
/* Skip one value of the given type (same bounds as decoding). */
int dbc_meta_skip(const dbc_meta_t *m, uint32_t type, dbc_scale_rd_t *r) DBC_WUR;

/* Decode a call (pallet index, call index, args) into
 * {"pallet":"RentMachine","call":"rent_machine","args":{...}}; *pallet / *call (nullable)
 * receive the lookups. */
int dbc_meta_decode_call(const dbc_meta_t *m, dbc_scale_rd_t *r, dbc_buf_t *out,
                         const dbc_decode_opts_t *opts, const dbc_pallet_t **pallet,
                         const dbc_variant_t **call) DBC_WUR;

#endif
