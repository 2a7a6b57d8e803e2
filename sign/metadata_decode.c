/* Generic SCALE → JSON text decoding driven by the V14 type registry. */
#include <stdio.h>
#include <string.h>

#include "sign/hex.h"
#include "sign/metadata.h"

/* Deep enough for nested batches of calls, shallow enough for any stack. */
#define MAX_DEPTH 48

static const dbc_decode_opts_t default_opts = { NULL, NULL, 0 };

/* One decoding run: the options and a work budget. Depth alone does not bound the work:
 * 44 nested pairs of unit tuples are 2^44 visits that read no byte at all, so every visit
 * is counted against a budget proportional to the input (dbc_meta_decode_budget). */
typedef struct {
	const dbc_decode_opts_t *o;
	size_t visits, budget;
} dctx_t;

size_t
dbc_meta_decode_budget(size_t input_len)
{
	if (input_len > (DBC_META_DECODE_MAX_VISITS - DBC_META_DECODE_MIN_VISITS) /
	    DBC_META_DECODE_VISITS_PER_BYTE)
		return DBC_META_DECODE_MAX_VISITS;
	return DBC_META_DECODE_MIN_VISITS + input_len * DBC_META_DECODE_VISITS_PER_BYTE;
}

static void
dctx_init(dctx_t *c, const dbc_decode_opts_t *o, const dbc_scale_rd_t *r)
{
	c->o = o != NULL ? o : &default_opts;
	c->visits = 0;
	c->budget = dbc_meta_decode_budget(dbc_scale_rd_left(r));
}

static void
json_string(dbc_buf_t *out, const uint8_t *s, size_t n)
{
	size_t i;

	dbc_buf_putc(out, '"');
	for (i = 0; i < n; i++) {
		uint8_t c = s[i];

		if (c == '"' || c == '\\') {
			dbc_buf_putc(out, '\\');
			dbc_buf_putc(out, c);
		} else if (c < 0x20 || c == 0x7f) {
			dbc_buf_printf(out, "\\u%04x", c);
		} else {
			dbc_buf_putc(out, c);
		}
	}
	dbc_buf_putc(out, '"');
}

static void
json_hex(dbc_buf_t *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	dbc_buf_puts(out, "\"0x");
	for (i = 0; i < n; i++) {
		dbc_buf_putc(out, (uint8_t)digits[p[i] >> 4]);
		dbc_buf_putc(out, (uint8_t)digits[p[i] & 15]);
	}
	dbc_buf_putc(out, '"');
}

/* Valid UTF-8 without control characters: safe to show as text. */
static int
printable(const uint8_t *p, size_t n)
{
	size_t i;

	if (n == 0 || (n >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')))
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return 0;
	return 1;
}

static void
json_bytes(dbc_buf_t *out, const uint8_t *p, size_t n, const dbc_decode_opts_t *o)
{
	if (o->bytes_as_text && printable(p, n))
		json_string(out, p, n);
	else
		json_hex(out, p, n);
}

/* Unsigned LE magnitude → decimal (or hex when wider than 128 bits). */
static void
json_uint(dbc_buf_t *out, const uint8_t *le, size_t n, int quoted)
{
	dbc_u128_t v = 0;
	char dec[40];
	size_t i, top = n;

	while (top > 0 && le[top - 1] == 0)
		top--;
	if (top > 16) {
		uint8_t be[64];

		for (i = 0; i < top && i < sizeof(be); i++)
			be[i] = le[top - 1 - i];
		json_hex(out, be, top);
		return;
	}
	for (i = top; i > 0; i--)
		v = (v << 8) | le[i - 1];
	dbc_u128_to_dec(dec, v);
	if (quoted)
		dbc_buf_printf(out, "\"%s\"", dec);
	else
		dbc_buf_puts(out, dec);
}

static void
json_int(dbc_buf_t *out, const uint8_t *le, size_t n, int quoted)
{
	uint8_t mag[16];
	size_t i;
	unsigned carry = 1;

	if ((le[n - 1] & 0x80) == 0) {
		json_uint(out, le, n, quoted);
		return;
	}
	/* Two's complement magnitude. */
	for (i = 0; i < n; i++) {
		unsigned x = (unsigned)(uint8_t)~le[i] + carry;

		mag[i] = (uint8_t)x;
		carry = x >> 8;
	}
	if (quoted)
		dbc_buf_puts(out, "\"-");
	else
		dbc_buf_putc(out, '-');
	json_uint(out, mag, n, 0);
	if (quoted)
		dbc_buf_putc(out, '"');
}

static size_t
prim_width(dbc_prim_t p)
{
	switch (p) {
	case DBC_PRIM_BOOL: case DBC_PRIM_U8: case DBC_PRIM_I8: return 1;
	case DBC_PRIM_U16: case DBC_PRIM_I16: return 2;
	case DBC_PRIM_CHAR: case DBC_PRIM_U32: case DBC_PRIM_I32: return 4;
	case DBC_PRIM_U64: case DBC_PRIM_I64: return 8;
	case DBC_PRIM_U128: case DBC_PRIM_I128: return 16;
	case DBC_PRIM_U256: case DBC_PRIM_I256: return 32;
	default: return 0;
	}
}

static int
decode_primitive(const dbc_type_t *t, dbc_scale_rd_t *r, dbc_buf_t *out)
{
	const uint8_t *p;
	size_t n, w;
	int rc;

	if (t->prim == DBC_PRIM_STR) {
		if ((rc = dbc_scale_read_vec_u8(r, &p, &n)) != DBC_OK)
			return rc;
		json_string(out, p, n);
		return DBC_OK;
	}
	w = prim_width(t->prim);
	if ((rc = dbc_scale_read_bytes(r, w, &p)) != DBC_OK)
		return rc;
	switch (t->prim) {
	case DBC_PRIM_BOOL:
		if (p[0] > 1)
			return DBC_ERR_SCALE;
		dbc_buf_puts(out, p[0] ? "true" : "false");
		break;
	case DBC_PRIM_CHAR: {
		uint32_t cp = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		              (uint32_t)p[3] << 24;

		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return DBC_ERR_SCALE;
		dbc_buf_printf(out, "%u", cp);
		break;
	}
	case DBC_PRIM_U256:
		json_uint(out, p, w, 1);
		break;
	case DBC_PRIM_I256:
		json_hex(out, p, w);
		break;
	case DBC_PRIM_I8: case DBC_PRIM_I16: case DBC_PRIM_I32:
		json_int(out, p, w, 0);
		break;
	case DBC_PRIM_I64: case DBC_PRIM_I128:
		json_int(out, p, w, 1);
		break;
	default:
		json_uint(out, p, w, w > 4);
		break;
	}
	return DBC_OK;
}

static int decode(const dbc_meta_t *m, uint32_t type, dbc_scale_rd_t *r, dbc_buf_t *out,
                  dctx_t *c, int depth);

static int
decode_fields(const dbc_meta_t *m, const dbc_field_t *f, size_t n, dbc_scale_rd_t *r,
              dbc_buf_t *out, dctx_t *c, int depth)
{
	size_t i;
	int named = n > 0 && f[0].name != NULL, rc;

	if (n == 0) {
		dbc_buf_puts(out, "null");
		return DBC_OK;
	}
	if (n == 1 && !named)
		return decode(m, f[0].type, r, out, c, depth + 1);
	dbc_buf_putc(out, named ? '{' : '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			dbc_buf_putc(out, ',');
		if (named) {
			const char *nm = f[i].name != NULL ? f[i].name : "";

			json_string(out, (const uint8_t *)nm, strlen(nm));
			dbc_buf_putc(out, ':');
		}
		if ((rc = decode(m, f[i].type, r, out, c, depth + 1)) != DBC_OK)
			return rc;
	}
	dbc_buf_putc(out, named ? '}' : ']');
	return DBC_OK;
}

/* 1 if t is (a wrapper of) the u8 primitive. */
static int
is_u8(const dbc_meta_t *m, uint32_t id)
{
	const dbc_type_t *t = dbc_meta_resolve(m, id);

	return t != NULL && t->kind == DBC_TY_PRIMITIVE && t->prim == DBC_PRIM_U8;
}

static int
decode(const dbc_meta_t *m, uint32_t type, dbc_scale_rd_t *r, dbc_buf_t *out,
       dctx_t *c, int depth)
{
	const dbc_decode_opts_t *o = c->o;
	const dbc_type_t *t = dbc_meta_type(m, type);
	const dbc_variant_t *v = NULL;
	uint8_t mag[DBC_COMPACT_MAX_BYTES], tag;
	const uint8_t *p;
	size_t n, i;
	int rc;

	if (t == NULL)
		return DBC_ERR_METADATA;
	if (depth > MAX_DEPTH)
		return DBC_ERR_TOO_LARGE;
	if (++c->visits > c->budget)
		return DBC_ERR_METADATA;
	/* Every value writes output, and the writer stops at DBC_BUF_MAX: hostile types that
	 * nest arrays of empty values end here instead of looping for a long time. */
	if (out->err != 0)
		return out->err;
	switch (t->kind) {
	case DBC_TY_PRIMITIVE:
		return decode_primitive(t, r, out);
	case DBC_TY_COMPACT:
		if ((rc = dbc_scale_read_compact_big(r, mag, &n)) != DBC_OK)
			return rc;
		{
			const dbc_type_t *inner = dbc_meta_resolve(m, t->elem);
			size_t w = inner != NULL && inner->kind == DBC_TY_PRIMITIVE ?
			           prim_width(inner->prim) : 16;

			if (w != 0 && n > w)
				return DBC_ERR_SCALE;
			json_uint(out, mag, n, w > 4);
		}
		return DBC_OK;
	case DBC_TY_SEQUENCE:
		if (is_u8(m, t->elem)) {
			if ((rc = dbc_scale_read_vec_u8(r, &p, &n)) != DBC_OK)
				return rc;
			json_bytes(out, p, n, o);
			return DBC_OK;
		}
		if ((rc = dbc_scale_read_len(r, &n)) != DBC_OK)
			return rc;
		dbc_buf_putc(out, '[');
		for (i = 0; i < n; i++) {
			if (i > 0)
				dbc_buf_putc(out, ',');
			if ((rc = decode(m, t->elem, r, out, c, depth + 1)) != DBC_OK)
				return rc;
		}
		dbc_buf_putc(out, ']');
		return DBC_OK;
	case DBC_TY_ARRAY:
		if (is_u8(m, t->elem)) {
			if ((rc = dbc_scale_read_bytes(r, t->len, &p)) != DBC_OK)
				return rc;
			json_hex(out, p, t->len);
			return DBC_OK;
		}
		if (t->len > dbc_scale_rd_left(r))
			return DBC_ERR_SCALE;
		dbc_buf_putc(out, '[');
		for (i = 0; i < t->len; i++) {
			if (i > 0)
				dbc_buf_putc(out, ',');
			if ((rc = decode(m, t->elem, r, out, c, depth + 1)) != DBC_OK)
				return rc;
		}
		dbc_buf_putc(out, ']');
		return DBC_OK;
	case DBC_TY_TUPLE:
		if (t->ntuple == 0) {
			dbc_buf_puts(out, "null");
			return DBC_OK;
		}
		if (t->ntuple == 1)
			return decode(m, t->tuple[0], r, out, c, depth + 1);
		dbc_buf_putc(out, '[');
		for (i = 0; i < t->ntuple; i++) {
			if (i > 0)
				dbc_buf_putc(out, ',');
			if ((rc = decode(m, t->tuple[i], r, out, c, depth + 1)) != DBC_OK)
				return rc;
		}
		dbc_buf_putc(out, ']');
		return DBC_OK;
	case DBC_TY_COMPOSITE:
		/* Account ids are shown as addresses when the caller can render them. */
		if (strcmp(t->ident, "AccountId32") == 0 && o->account_fmt != NULL) {
			char addr[80];

			if ((rc = dbc_scale_read_bytes(r, 32, &p)) != DBC_OK)
				return rc;
			if (o->account_fmt(addr, sizeof(addr), p, o->account_ctx) == 0) {
				json_string(out, (const uint8_t *)addr, strlen(addr));
				return DBC_OK;
			}
			json_hex(out, p, 32);
			return DBC_OK;
		}
		return decode_fields(m, t->fields, t->nfields, r, out, c, depth);
	case DBC_TY_VARIANT:
		if ((rc = dbc_scale_read_u8(r, &tag)) != DBC_OK)
			return rc;
		for (i = 0; i < t->nvariants; i++)
			if (t->variants[i].index == tag)
				v = &t->variants[i];
		if (v == NULL)
			return DBC_ERR_SCALE;
		if (strcmp(t->path, "Option") == 0) {
			if (v->nfields == 0) {
				dbc_buf_puts(out, "null");
				return DBC_OK;
			}
			return decode_fields(m, v->fields, v->nfields, r, out, c, depth);
		}
		if (v->nfields == 0) {
			json_string(out, (const uint8_t *)v->name, strlen(v->name));
			return DBC_OK;
		}
		dbc_buf_putc(out, '{');
		json_string(out, (const uint8_t *)v->name, strlen(v->name));
		dbc_buf_putc(out, ':');
		if ((rc = decode_fields(m, v->fields, v->nfields, r, out, c, depth)) != DBC_OK)
			return rc;
		dbc_buf_putc(out, '}');
		return DBC_OK;
	case DBC_TY_BITSEQ:
	default:
		return DBC_ERR_UNSUPPORTED;
	}
}

int
dbc_meta_decode_counted(const dbc_meta_t *m, uint32_t type, dbc_scale_rd_t *r, dbc_buf_t *out,
                        const dbc_decode_opts_t *opts, size_t *visits)
{
	size_t save = r->pos, olen = out->len;
	dctx_t c;
	int rc;

	dctx_init(&c, opts, r);
	rc = decode(m, type, r, out, &c, 0);
	if (visits != NULL)
		*visits = c.visits;
	if (rc == DBC_OK && (rc = dbc_buf_error(out)) == DBC_OK)
		return DBC_OK;
	r->pos = save;
	if (out->err == 0)
		out->len = olen;
	return rc;
}

int
dbc_meta_decode(const dbc_meta_t *m, uint32_t type, dbc_scale_rd_t *r, dbc_buf_t *out,
                const dbc_decode_opts_t *opts)
{
	return dbc_meta_decode_counted(m, type, r, out, opts, NULL);
}

int
dbc_meta_decode_fields(const dbc_meta_t *m, const dbc_field_t *fields, size_t n,
                       dbc_scale_rd_t *r, dbc_buf_t *out, const dbc_decode_opts_t *opts)
{
	dctx_t c;
	size_t i;
	char idx[24];
	int rc;

	/* One budget for all the fields: they are one call's arguments. */
	dctx_init(&c, opts, r);
	/* Always an object so callers can show "name: value"; unnamed fields become "0","1",… */
	dbc_buf_putc(out, '{');
	for (i = 0; i < n; i++) {
		const char *nm = fields[i].name;

		if (i > 0)
			dbc_buf_putc(out, ',');
		if (nm == NULL) {
			(void)snprintf(idx, sizeof(idx), "%zu", i);
			nm = idx;
		}
		json_string(out, (const uint8_t *)nm, strlen(nm));
		dbc_buf_putc(out, ':');
		if ((rc = decode(m, fields[i].type, r, out, &c, 1)) != DBC_OK)
			return rc;
	}
	dbc_buf_putc(out, '}');
	return dbc_buf_error(out);
}

int
dbc_meta_skip(const dbc_meta_t *m, uint32_t type, dbc_scale_rd_t *r)
{
	dbc_buf_t scratch;
	int rc;

	dbc_buf_init(&scratch);
	rc = dbc_meta_decode(m, type, r, &scratch, NULL);
	dbc_buf_free(&scratch);
	return rc;
}

int
dbc_meta_decode_call(const dbc_meta_t *m, dbc_scale_rd_t *r, dbc_buf_t *out,
                     const dbc_decode_opts_t *opts, const dbc_pallet_t **pallet,
                     const dbc_variant_t **call)
{
	const dbc_pallet_t *p;
	const dbc_variant_t *v;
	uint8_t pi, ci;
	size_t save = r->pos;
	int rc;

	if ((rc = dbc_scale_read_u8(r, &pi)) != DBC_OK || (rc = dbc_scale_read_u8(r, &ci)) != DBC_OK)
		goto bad;
	if ((p = dbc_meta_pallet_by_index(m, pi)) == NULL || !p->has_calls ||
	    (v = dbc_meta_call_by_index(m, p, ci)) == NULL) {
		rc = DBC_ERR_NOT_FOUND;
		goto bad;
	}
	dbc_buf_puts(out, "{\"pallet\":");
	json_string(out, (const uint8_t *)p->name, strlen(p->name));
	dbc_buf_puts(out, ",\"call\":");
	json_string(out, (const uint8_t *)v->name, strlen(v->name));
	dbc_buf_puts(out, ",\"args\":");
	if ((rc = dbc_meta_decode_fields(m, v->fields, v->nfields, r, out, opts)) != DBC_OK)
		goto bad;
	dbc_buf_putc(out, '}');
	if ((rc = dbc_buf_error(out)) != DBC_OK)
		goto bad;
	if (pallet != NULL)
		*pallet = p;
	if (call != NULL)
		*call = v;
	return DBC_OK;
bad:
	r->pos = save;
	return rc;
}
