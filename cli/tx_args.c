/* JSON → SCALE for call arguments (see tx_args.h for the accepted shapes). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/tx_args.h"
#include "sign/hex.h"
#include "wallet/ss58.h"

#define MAX_DEPTH 32

typedef struct {
	const dbc_meta_t *m;
	char *why;
	char where[96]; /* the argument being encoded, for messages */
} enc_t;

static int enc(enc_t *e, uint32_t type, const cJSON *v, dbc_buf_t *out, int depth);
static int enc_field(enc_t *e, const dbc_field_t *f, const cJSON *v, dbc_buf_t *out, int depth);

static int
bad(enc_t *e, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
bad(enc_t *e, int rc, const char *fmt, ...)
{
	va_list ap;
	char msg[CLI_TX_WHY];

	if (e->why[0] != '\0') /* keep the innermost message */
		return rc;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (e->where[0] != '\0')
		(void)snprintf(e->why, CLI_TX_WHY, "argument '%.60s': %.170s", e->where, msg);
	else
		(void)snprintf(e->why, CLI_TX_WHY, "%.250s", msg);
	return rc;
}

static const char *
prim_name(dbc_prim_t p)
{
	static const char *names[] = { "bool", "char", "str", "u8", "u16", "u32", "u64", "u128",
	                               "u256", "i8", "i16", "i32", "i64", "i128", "i256" };

	return (unsigned)p < sizeof(names) / sizeof(names[0]) ? names[p] : "?";
}

/* An integer from JSON: magnitude and sign. Numbers must be exact integers within 2^53. */
static int
json_int(enc_t *e, const cJSON *v, dbc_u128_t *mag, int *neg, const char *tname)
{
	const char *s;
	uint8_t be[16];
	size_t n, i;

	*neg = 0;
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;

		/* NaN fails the range test; the cast test catches fractions. */
		if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) ||
		    d != (double)(int64_t)d)
			return bad(e, DBC_ERR_INPUT, "%s: not an exact integer (use a decimal string "
			           "for values above 2^53)", tname);
		*neg = d < 0;
		*mag = (dbc_u128_t)(uint64_t)(d < 0 ? -d : d);
		return DBC_OK;
	}
	if (!cJSON_IsString(v) || (s = v->valuestring) == NULL)
		return bad(e, DBC_ERR_INPUT, "expected an integer (%s)", tname);
	if (s[0] == '-') {
		*neg = 1;
		s++;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (dbc_hex_decode(be, sizeof(be), &n, s + 2, strlen(s + 2), 0) != DBC_OK || n == 0)
			return bad(e, DBC_ERR_INPUT, "'%s' is not a %s", v->valuestring, tname);
		*mag = 0;
		for (i = 0; i < n; i++)
			*mag = (*mag << 8) | be[i];
		return DBC_OK;
	}
	switch (dbc_u128_from_dec(mag, s)) {
	case DBC_OK:
		return DBC_OK;
	case DBC_ERR_RANGE:
		return bad(e, DBC_ERR_RANGE, "'%s' is out of range for %s", v->valuestring, tname);
	default:
		return bad(e, DBC_ERR_INPUT, "'%s' is not a %s", v->valuestring, tname);
	}
}

static int
enc_int(enc_t *e, dbc_prim_t p, const cJSON *v, dbc_buf_t *out)
{
	static const size_t width[] = { 0, 0, 0, 1, 2, 4, 8, 16, 32, 1, 2, 4, 8, 16, 32 };
	int is_signed = p >= DBC_PRIM_I8, neg, rc;
	size_t w = width[p], i;
	dbc_u128_t mag, lim, val;
	uint8_t le[32];

	if ((rc = json_int(e, v, &mag, &neg, prim_name(p))) != DBC_OK)
		return rc;
	if (neg && !is_signed && mag != 0)
		return bad(e, DBC_ERR_RANGE, "%s cannot be negative", prim_name(p));
	if (w >= 16) {
		lim = is_signed ? ((dbc_u128_t)1 << 127) - (neg ? 0 : 1) : ~(dbc_u128_t)0;
	} else {
		lim = ((dbc_u128_t)1 << (8 * w - (is_signed ? 1 : 0))) - 1;
		if (is_signed && neg)
			lim += 1;
	}
	if (mag > lim)
		return bad(e, DBC_ERR_RANGE, "value out of range for %s", prim_name(p));
	val = neg ? (dbc_u128_t)0 - mag : mag;
	memset(le, neg ? 0xff : 0, sizeof(le));
	for (i = 0; i < 16; i++)
		le[i] = (uint8_t)(val >> (8 * i));
	dbc_buf_put(out, le, w);
	return DBC_OK;
}

/* Bytes from a string ("0x" hex or UTF-8 text) or an array of numbers 0..255. */
static int
json_bytes(enc_t *e, const cJSON *v, dbc_buf_t *bytes, int text_ok)
{
	const cJSON *it;
	const char *s;
	size_t n, hl;
	uint8_t *dst;

	if (cJSON_IsString(v) && (s = v->valuestring) != NULL) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			hl = strlen(s + 2);
			if ((dst = dbc_buf_reserve(bytes, hl / 2 + 1)) == NULL)
				return dbc_buf_error(bytes);
			if (dbc_hex_decode(dst, hl / 2 + 1, &n, s + 2, hl, 0) != DBC_OK)
				return bad(e, DBC_ERR_HEX, "'%.40s' is not valid hex", s);
			bytes->len += n;
			return DBC_OK;
		}
		if (!text_ok)
			return bad(e, DBC_ERR_INPUT, "expected 0x-prefixed hex");
		dbc_buf_puts(bytes, s);
		return DBC_OK;
	}
	if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(it, v) {
			if (!cJSON_IsNumber(it) || !(it->valuedouble >= 0 && it->valuedouble <= 255) ||
			    it->valuedouble != (double)(int)it->valuedouble)
				return bad(e, DBC_ERR_INPUT, "byte arrays hold integers 0..255");
			dbc_buf_putc(bytes, (uint8_t)it->valueint);
		}
		return DBC_OK;
	}
	return bad(e, DBC_ERR_INPUT, "expected bytes (0x-hex string%s or array)",
	           text_ok ? ", text" : "");
}

static int
enc_fixed_bytes(enc_t *e, uint32_t len, const cJSON *v, dbc_buf_t *out)
{
	dbc_buf_t tmp;
	uint8_t payload[33];
	size_t plen;
	uint16_t prefix;
	int rc;

	/* An SS58 address where 32 bytes are expected (account ids). */
	if (len == 32 && cJSON_IsString(v) && v->valuestring != NULL &&
	    strncmp(v->valuestring, "0x", 2) != 0) {
		if ((rc = dbc_ss58_decode(payload, &plen, &prefix, v->valuestring)) != DBC_OK)
			return bad(e, rc, "'%.64s' is neither 0x-hex nor an SS58 address: %s",
			           v->valuestring, dbc_strerror(rc));
		if (plen != 32)
			return bad(e, DBC_ERR_LENGTH, "address has %zu bytes, want 32", plen);
		dbc_buf_put(out, payload, 32);
		return DBC_OK;
	}
	dbc_buf_init(&tmp);
	if ((rc = json_bytes(e, v, &tmp, 0)) == DBC_OK && (rc = dbc_buf_error(&tmp)) == DBC_OK) {
		if (tmp.len != len)
			rc = bad(e, DBC_ERR_LENGTH, "expected %u bytes, got %zu", len, tmp.len);
		else
			dbc_buf_put(out, tmp.p, tmp.len);
	}
	dbc_buf_free(&tmp);
	return rc;
}

static int
is_u8_type(const dbc_meta_t *m, uint32_t id)
{
	const dbc_type_t *t = dbc_meta_resolve(m, id);

	return t != NULL && t->kind == DBC_TY_PRIMITIVE && t->prim == DBC_PRIM_U8;
}

static const char *
field_list(const dbc_field_t *f, size_t n, char *buf, size_t cap)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used + 2 < cap; i++) {
		int k = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "",
		                 f[i].name != NULL ? f[i].name : "?");
		if (k < 0)
			break;
		used += (size_t)k < cap - used ? (size_t)k : cap - used - 1;
	}
	return n == 0 ? "none" : buf;
}

/* DBC's MachineId is Vec<u8> holding the 64 hex characters as TEXT (dbc-chain.md §1.5). The
 * generic rule would turn "0x…" into 32 raw bytes, i.e. a machine that does not exist, so
 * for fields typed MachineId: require 64 hex characters and drop a 0x with a note. */
static int
enc_field(enc_t *e, const dbc_field_t *f, const cJSON *v, dbc_buf_t *out, int depth)
{
	const char *s;
	size_t i, n;

	if (f->type_name == NULL || strcmp(f->type_name, "MachineId") != 0 || !cJSON_IsString(v))
		return enc(e, f->type, v, out, depth);
	s = v->valuestring;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		cli_warn("%s: dropped the 0x prefix (a machine id is sent as its 64 hex characters)",
		         f->name != NULL ? f->name : "machine id");
	}
	n = strlen(s);
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			break;
	if (n != 64 || i != n)
		return bad(e, DBC_ERR_INPUT, "a machine id is 64 hex characters");
	dbc_scale_put_vec_u8(out, (const uint8_t *)s, 64);
	return DBC_OK;
}

/* Fields of a composite or variant from an object (names) or array (positions). */
static int
enc_fields(enc_t *e, const dbc_field_t *f, size_t n, const cJSON *v, dbc_buf_t *out, int depth,
           const char *owner)
{
	char list[160], saved[sizeof(e->where)];
	const cJSON *it;
	size_t i, given;
	int rc;

	if (n == 0) {
		if (v == NULL || cJSON_IsNull(v) || ((cJSON_IsArray(v) || cJSON_IsObject(v)) &&
		                                     cJSON_GetArraySize(v) == 0))
			return DBC_OK;
		return bad(e, DBC_ERR_INPUT, "%s takes no arguments", owner);
	}
	if (n == 1 && f[0].name == NULL && !(cJSON_IsArray(v) && cJSON_GetArraySize(v) == 1 &&
	                                     !is_u8_type(e->m, f[0].type)))
		return enc(e, f[0].type, v, out, depth + 1);
	memcpy(saved, e->where, sizeof(saved));
	if (cJSON_IsArray(v)) {
		given = (size_t)cJSON_GetArraySize(v);
		if (given != n)
			return bad(e, DBC_ERR_INPUT, "%s takes %zu argument%s (%s), got %zu", owner, n,
			           n == 1 ? "" : "s", field_list(f, n, list, sizeof(list)), given);
		for (i = 0; i < n; i++) {
			if (f[i].name != NULL)
				(void)snprintf(e->where, sizeof(e->where), "%s", f[i].name);
			if ((rc = enc_field(e, &f[i], cJSON_GetArrayItem(v, (int)i), out, depth + 1)) != DBC_OK)
				return rc;
			memcpy(e->where, saved, sizeof(saved));
		}
		return DBC_OK;
	}
	if (!cJSON_IsObject(v) || f[0].name == NULL)
		return bad(e, DBC_ERR_INPUT, "%s expects %s", owner,
		           f[0].name != NULL ? "an object or an array" : "an array");
	/* Every key must name a field (so a typo is not silently dropped). */
	cJSON_ArrayForEach(it, v) {
		for (i = 0; i < n; i++)
			if (f[i].name != NULL && dbc_meta_name_eq(f[i].name, it->string))
				break;
		if (i == n)
			return bad(e, DBC_ERR_NOT_FOUND, "unknown argument '%s' for %s (expected %s)",
			           it->string, owner, field_list(f, n, list, sizeof(list)));
	}
	for (i = 0; i < n; i++) {
		const cJSON *fv = NULL;

		cJSON_ArrayForEach(it, v)
			if (dbc_meta_name_eq(f[i].name, it->string))
				fv = it;
		if (fv == NULL)
			return bad(e, DBC_ERR_INPUT, "missing argument '%s' for %s (expected %s)",
			           f[i].name, owner, field_list(f, n, list, sizeof(list)));
		(void)snprintf(e->where, sizeof(e->where), "%s", f[i].name);
		if ((rc = enc_field(e, &f[i], fv, out, depth + 1)) != DBC_OK)
			return rc;
		memcpy(e->where, saved, sizeof(saved));
	}
	return DBC_OK;
}

static int
enc_call(enc_t *e, const char *path, const cJSON *args, dbc_buf_t *out, int depth);

static int
enc_variant(enc_t *e, const dbc_type_t *t, uint32_t type, const cJSON *v, dbc_buf_t *out,
            int depth)
{
	const dbc_variant_t *var = NULL;
	const cJSON *val = NULL;
	const char *name;
	uint32_t call_ty;
	size_t i;

	if (strcmp(t->path, "Option") == 0) {
		const dbc_variant_t *none = NULL, *some = NULL;

		for (i = 0; i < t->nvariants; i++) {
			if (strcmp(t->variants[i].name, "None") == 0)
				none = &t->variants[i];
			if (strcmp(t->variants[i].name, "Some") == 0)
				some = &t->variants[i];
		}
		if (none != NULL && some != NULL && some->nfields == 1) {
			if (v == NULL || cJSON_IsNull(v)) {
				dbc_scale_put_u8(out, none->index);
				return DBC_OK;
			}
			dbc_scale_put_u8(out, some->index);
			return enc(e, some->fields[0].type, v, out, depth + 1);
		}
	}
	/* The runtime call enum: {"pallet.method": args} or pre-encoded "0x…". */
	if (dbc_meta_call_type(e->m, &call_ty) == DBC_OK && call_ty == type) {
		if (cJSON_IsString(v) && v->valuestring != NULL && strncmp(v->valuestring, "0x", 2) == 0)
			return json_bytes(e, v, out, 0);
		if (cJSON_IsObject(v) && cJSON_GetArraySize(v) == 1 && v->child->string != NULL &&
		    strchr(v->child->string, '.') != NULL)
			return enc_call(e, v->child->string, v->child, out, depth);
	}
	/* MultiAddress given as an address string: the Id variant. */
	if (cJSON_IsString(v) && strcmp(t->ident, "MultiAddress") == 0) {
		for (i = 0; i < t->nvariants; i++)
			if (strcmp(t->variants[i].name, "Id") == 0 && t->variants[i].nfields == 1) {
				dbc_scale_put_u8(out, t->variants[i].index);
				return enc(e, t->variants[i].fields[0].type, v, out, depth + 1);
			}
	}
	if (cJSON_IsString(v)) {
		name = v->valuestring;
	} else if (cJSON_IsObject(v) && cJSON_GetArraySize(v) == 1) {
		name = v->child->string;
		val = v->child;
	} else {
		return bad(e, DBC_ERR_INPUT, "expected \"Variant\" or {\"Variant\": value} for %s",
		           t->ident[0] ? t->ident : "an enum");
	}
	for (i = 0; i < t->nvariants && var == NULL; i++)
		if (strcmp(t->variants[i].name, name) == 0)
			var = &t->variants[i];
	for (i = 0; i < t->nvariants && var == NULL; i++)
		if (dbc_meta_name_eq(t->variants[i].name, name))
			var = &t->variants[i];
	if (var == NULL)
		return bad(e, DBC_ERR_NOT_FOUND, "unknown variant '%s' of %s", name,
		           t->ident[0] ? t->ident : "enum");
	dbc_scale_put_u8(out, var->index);
	return enc_fields(e, var->fields, var->nfields, val, out, depth, var->name);
}

static int
enc(enc_t *e, uint32_t type, const cJSON *v, dbc_buf_t *out, int depth)
{
	const dbc_type_t *t = dbc_meta_type(e->m, type);
	const cJSON *it;
	dbc_buf_t tmp;
	dbc_u128_t mag;
	size_t i, n;
	int neg, rc;

	if (t == NULL)
		return bad(e, DBC_ERR_METADATA, "metadata refers to a missing type %u", type);
	if (depth > MAX_DEPTH)
		return bad(e, DBC_ERR_TOO_LARGE, "value nested too deeply");
	switch (t->kind) {
	case DBC_TY_PRIMITIVE:
		switch (t->prim) {
		case DBC_PRIM_BOOL:
			if (!cJSON_IsBool(v))
				return bad(e, DBC_ERR_INPUT, "expected true or false");
			dbc_scale_put_bool(out, cJSON_IsTrue(v));
			return DBC_OK;
		case DBC_PRIM_STR:
			if (!cJSON_IsString(v))
				return bad(e, DBC_ERR_INPUT, "expected a string");
			dbc_scale_put_string(out, v->valuestring);
			return DBC_OK;
		case DBC_PRIM_CHAR:
			return bad(e, DBC_ERR_UNSUPPORTED, "char arguments are not supported");
		default:
			return enc_int(e, t->prim, v, out);
		}
	case DBC_TY_COMPACT: {
		const dbc_type_t *inner = dbc_meta_resolve(e->m, t->elem);

		if (inner == NULL || (inner->kind != DBC_TY_PRIMITIVE && inner->kind != DBC_TY_TUPLE))
			return bad(e, DBC_ERR_UNSUPPORTED, "unsupported compact type");
		if (inner->kind == DBC_TY_TUPLE) { /* Compact<()> */
			dbc_scale_put_u8(out, 0);
			return DBC_OK;
		}
		dbc_buf_init(&tmp);
		rc = enc_int(e, inner->prim, v, &tmp); /* range check against the inner width */
		dbc_buf_free(&tmp);
		if (rc != DBC_OK)
			return rc;
		if ((rc = json_int(e, v, &mag, &neg, prim_name(inner->prim))) != DBC_OK)
			return rc;
		if (neg && mag != 0)
			return bad(e, DBC_ERR_RANGE, "compact values cannot be negative");
		dbc_scale_put_compact(out, mag);
		return DBC_OK;
	}
	case DBC_TY_SEQUENCE:
		if (is_u8_type(e->m, t->elem)) {
			dbc_buf_init(&tmp);
			if ((rc = json_bytes(e, v, &tmp, 1)) == DBC_OK && (rc = dbc_buf_error(&tmp)) == DBC_OK)
				dbc_scale_put_vec_u8(out, tmp.p, tmp.len);
			dbc_buf_free(&tmp);
			return rc;
		}
		if (!cJSON_IsArray(v))
			return bad(e, DBC_ERR_INPUT, "expected an array");
		n = (size_t)cJSON_GetArraySize(v);
		dbc_scale_put_compact(out, n);
		cJSON_ArrayForEach(it, v)
			if ((rc = enc(e, t->elem, it, out, depth + 1)) != DBC_OK)
				return rc;
		return DBC_OK;
	case DBC_TY_ARRAY:
		if (is_u8_type(e->m, t->elem))
			return enc_fixed_bytes(e, t->len, v, out);
		if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) != t->len)
			return bad(e, DBC_ERR_INPUT, "expected an array of %u elements", t->len);
		cJSON_ArrayForEach(it, v)
			if ((rc = enc(e, t->elem, it, out, depth + 1)) != DBC_OK)
				return rc;
		return DBC_OK;
	case DBC_TY_TUPLE:
		if (t->ntuple == 0)
			return DBC_OK;
		if (t->ntuple == 1 && !(cJSON_IsArray(v) && cJSON_GetArraySize(v) == 1))
			return enc(e, t->tuple[0], v, out, depth + 1);
		if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) != t->ntuple)
			return bad(e, DBC_ERR_INPUT, "expected an array of %zu elements", t->ntuple);
		for (i = 0; i < t->ntuple; i++)
			if ((rc = enc(e, t->tuple[i], cJSON_GetArrayItem(v, (int)i), out, depth + 1)) != DBC_OK)
				return rc;
		return DBC_OK;
	case DBC_TY_COMPOSITE:
		return enc_fields(e, t->fields, t->nfields, v, out, depth,
		                  t->ident[0] ? t->ident : "value");
	case DBC_TY_VARIANT:
		return enc_variant(e, t, type, v, out, depth);
	default:
		return bad(e, DBC_ERR_UNSUPPORTED, "bit sequences are not supported");
	}
}

static int
enc_call2(enc_t *e, const char *pallet, const char *call, const cJSON *args, dbc_buf_t *out,
          int depth)
{
	const dbc_pallet_t *p = dbc_meta_pallet(e->m, pallet);
	const dbc_variant_t *v;
	char owner[160];

	if (p == NULL)
		return bad(e, DBC_ERR_NOT_FOUND, "unknown pallet '%s'", pallet);
	if (!p->has_calls || (v = dbc_meta_call(e->m, p, call)) == NULL)
		return bad(e, DBC_ERR_NOT_FOUND, "unknown call '%s' in pallet %s", call, p->name);
	dbc_scale_put_u8(out, p->index);
	dbc_scale_put_u8(out, v->index);
	(void)snprintf(owner, sizeof(owner), "%s.%s", p->name, v->name);
	return enc_fields(e, v->fields, v->nfields, args, out, depth, owner);
}

static int
enc_call(enc_t *e, const char *path, const cJSON *args, dbc_buf_t *out, int depth)
{
	char pallet[96];
	const char *dot = strchr(path, '.');
	size_t n;

	if (dot == NULL || dot == path || dot[1] == '\0' || strchr(dot + 1, '.') != NULL ||
	    (n = (size_t)(dot - path)) >= sizeof(pallet))
		return bad(e, DBC_ERR_INPUT, "'%.80s' is not Pallet.method", path);
	memcpy(pallet, path, n);
	pallet[n] = '\0';
	return enc_call2(e, pallet, dot + 1, args, out, depth + 1);
}

int
cli_tx_encode_value(const dbc_meta_t *m, uint32_t type, const cJSON *v, dbc_buf_t *out,
                    char why[CLI_TX_WHY])
{
	enc_t e = { m, why, "" };
	int rc;

	why[0] = '\0';
	if ((rc = enc(&e, type, v, out, 0)) == DBC_OK && (rc = dbc_buf_error(out)) != DBC_OK)
		(void)snprintf(why, CLI_TX_WHY, "%s", dbc_strerror(rc));
	return rc;
}

int
cli_tx_encode_call(const dbc_meta_t *m, const char *pallet, const char *call, const cJSON *args,
                   dbc_buf_t *out, char why[CLI_TX_WHY])
{
	enc_t e = { m, why, "" };
	int rc;

	why[0] = '\0';
	if ((rc = enc_call2(&e, pallet, call, args, out, 0)) == DBC_OK &&
	    (rc = dbc_buf_error(out)) != DBC_OK)
		(void)snprintf(why, CLI_TX_WHY, "%s", dbc_strerror(rc));
	return rc;
}

int
cli_tx_encode_call_path(const dbc_meta_t *m, const char *path, const cJSON *args,
                        dbc_buf_t *out, char why[CLI_TX_WHY])
{
	enc_t e = { m, why, "" };
	int rc;

	why[0] = '\0';
	if ((rc = enc_call(&e, path, args, out, 0)) == DBC_OK && (rc = dbc_buf_error(out)) != DBC_OK)
		(void)snprintf(why, CLI_TX_WHY, "%s", dbc_strerror(rc));
	return rc;
}
