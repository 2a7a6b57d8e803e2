/* V14 runtime metadata: parser into arena-allocated read-only tables, and lookups. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sign/metadata.h"

#define ARENA_CHUNK (256u * 1024u)

struct chunk {
	struct chunk *next;
	size_t used, cap;
	unsigned char data[];
};

struct dbc_meta {
	struct chunk *arena;
	size_t ntypes;
	dbc_type_t *types;
	size_t npallets;
	dbc_pallet_t *pallets;
	uint32_t extrinsic_type;
	uint8_t extrinsic_version;
	size_t nexts;
	dbc_signed_ext_t *exts;
	uint32_t runtime_type;
};

/* Bump allocation: metadata is parsed once and freed as a whole. */
static void *
arena_alloc(dbc_meta_t *m, size_t n)
{
	struct chunk *c = m->arena;
	size_t cap;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	if (c == NULL || c->cap - c->used < n) {
		cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		if ((c = calloc(1, sizeof(*c) + cap)) == NULL)
			return NULL;
		c->cap = cap;
		c->next = m->arena;
		m->arena = c;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

static char *
arena_strdup(dbc_meta_t *m, const char *s)
{
	size_t n = strlen(s);
	char *d = arena_alloc(m, n + 1);

	if (d != NULL)
		memcpy(d, s, n + 1);
	return d;
}

/* Parser state: the reader, the metadata under construction, the first error. */
typedef struct {
	dbc_scale_rd_t r;
	dbc_meta_t *m;
	int err;
} parser_t;

static int
fail(parser_t *ps, int err)
{
	if (ps->err == 0)
		ps->err = err;
	return ps->err;
}

static uint32_t
p_compact(parser_t *ps)
{
	uint32_t v = 0;
	int rc;

	if (ps->err == 0 && (rc = dbc_scale_read_compact_u32(&ps->r, &v)) != DBC_OK)
		(void)fail(ps, DBC_ERR_SCALE);
	return v;
}

static uint8_t
p_u8(parser_t *ps)
{
	uint8_t v = 0;

	if (ps->err == 0 && dbc_scale_read_u8(&ps->r, &v) != DBC_OK)
		(void)fail(ps, DBC_ERR_SCALE);
	return v;
}

static size_t
p_len(parser_t *ps)
{
	size_t n = 0;

	if (ps->err == 0 && dbc_scale_read_len(&ps->r, &n) != DBC_OK)
		(void)fail(ps, DBC_ERR_SCALE);
	return n;
}

static int
p_bool(parser_t *ps)
{
	int v = 0;

	if (ps->err == 0 && dbc_scale_read_option(&ps->r, &v) != DBC_OK)
		(void)fail(ps, DBC_ERR_SCALE);
	return v;
}

static const char *
p_string(parser_t *ps)
{
	char *s = NULL, *d;
	int rc;

	if (ps->err != 0)
		return "";
	if ((rc = dbc_scale_read_string(&ps->r, &s)) != DBC_OK) {
		(void)fail(ps, rc);
		return "";
	}
	d = arena_strdup(ps->m, s);
	free(s);
	if (d == NULL) {
		(void)fail(ps, DBC_ERR_NOMEM);
		return "";
	}
	return d;
}

/* Names end up on the terminal that asks "Sign this transaction?", and in `tx sign` they come
 * from the request file: a name with an escape sequence could redraw what the user approves.
 * Real runtimes only use Rust identifiers, and Rust type syntax for field type names. */
static int
is_ident(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

static int
is_type_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr("_:<>, ()[];&'$", *s) != NULL))
			return 0;
	return 1;
}

/* A name (pallet, call, event, error, field, path segment, constant, storage item, signed
 * extension): DBC_ERR_METADATA unless it is a plain identifier. */
static const char *
p_ident(parser_t *ps)
{
	const char *s = p_string(ps);

	if (ps->err == 0 && !is_ident(s))
		(void)fail(ps, DBC_ERR_METADATA);
	return s;
}

static const char *
p_opt_ident(parser_t *ps)
{
	return p_bool(ps) ? p_ident(ps) : NULL;
}

/* Field type names are Rust type syntax as the macro wrote it, which can break lines (DBC's
 * spec-400 RuntimeCall fields read "…hidden_include::dispatch\n::CallableCallFor<System,
 * Runtime>"): white space becomes one space, anything else outside the syntax is refused. */
static const char *
p_opt_type_name(parser_t *ps)
{
	char *s = NULL, *c;
	const char *d;
	int rc;

	if (!p_bool(ps) || ps->err != 0)
		return NULL;
	if ((rc = dbc_scale_read_string(&ps->r, &s)) != DBC_OK) {
		(void)fail(ps, rc);
		return NULL;
	}
	for (c = s; *c != '\0'; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	if (!is_type_name(s)) {
		free(s);
		(void)fail(ps, DBC_ERR_METADATA);
		return NULL;
	}
	d = arena_strdup(ps->m, s);
	free(s);
	if (d == NULL)
		(void)fail(ps, DBC_ERR_NOMEM);
	return d;
}

/* Vec<String> → lines joined with sep, each line's leading spaces dropped (doc comments
 * arrive as " text"). keep == 0 only skips. */
static const char *
p_strings(parser_t *ps, const char *sep, int keep)
{
	size_t n, i;
	dbc_buf_t b;
	const char *s, *res = "";

	n = p_len(ps);
	dbc_buf_init(&b);
	for (i = 0; i < n && ps->err == 0; i++) {
		s = p_string(ps);
		if (!keep)
			continue;
		while (*s == ' ')
			s++;
		if (*s == '\0')
			continue;
		if (b.len > 0)
			dbc_buf_puts(&b, sep);
		dbc_buf_puts(&b, s);
	}
	if (keep && ps->err == 0 && b.len > 0) {
		const char *c = dbc_buf_cstr(&b);

		if (c == NULL || (res = arena_strdup(ps->m, c)) == NULL) {
			(void)fail(ps, DBC_ERR_NOMEM);
			res = "";
		}
	}
	dbc_buf_free(&b);
	return res;
}

static void *
p_array(parser_t *ps, size_t n, size_t elem)
{
	void *p;

	if (ps->err != 0)
		return NULL;
	if (n != 0 && elem > SIZE_MAX / n) {
		(void)fail(ps, DBC_ERR_SCALE);
		return NULL;
	}
	if ((p = arena_alloc(ps->m, n * elem)) == NULL)
		(void)fail(ps, DBC_ERR_NOMEM);
	return p;
}

static dbc_field_t *
p_fields(parser_t *ps, size_t *count)
{
	size_t n = p_len(ps), i;
	dbc_field_t *f = p_array(ps, n, sizeof(*f));

	for (i = 0; i < n && ps->err == 0; i++) {
		f[i].name = p_opt_ident(ps);
		f[i].type = p_compact(ps);
		f[i].type_name = p_opt_type_name(ps);
		f[i].docs = p_strings(ps, " ", 0);
	}
	*count = n;
	return f;
}

static void
p_type(parser_t *ps, dbc_type_t *t)
{
	size_t n, i;
	const char *seg;
	dbc_buf_t path;
	dbc_typaram_t *tp;
	dbc_variant_t *v;
	uint32_t *tu;
	uint8_t kind;

	/* path */
	n = p_len(ps);
	dbc_buf_init(&path);
	t->ident = "";
	for (i = 0; i < n && ps->err == 0; i++) {
		seg = p_ident(ps);
		if (i > 0)
			dbc_buf_puts(&path, "::");
		dbc_buf_puts(&path, seg);
		t->ident = seg;
	}
	t->path = "";
	if (n > 0 && ps->err == 0) {
		const char *c = dbc_buf_cstr(&path);

		if (c == NULL || (t->path = arena_strdup(ps->m, c)) == NULL) {
			(void)fail(ps, DBC_ERR_NOMEM);
			t->path = "";
		}
	}
	dbc_buf_free(&path);
	/* type params */
	n = p_len(ps);
	tp = p_array(ps, n, sizeof(*tp));
	for (i = 0; i < n && ps->err == 0; i++) {
		tp[i].name = p_ident(ps);
		tp[i].has_type = p_bool(ps);
		tp[i].type = tp[i].has_type ? p_compact(ps) : 0;
	}
	t->nparams = n;
	t->params = tp;
	kind = p_u8(ps);
	switch (kind) {
	case DBC_TY_COMPOSITE:
		t->fields = p_fields(ps, &t->nfields);
		break;
	case DBC_TY_VARIANT:
		n = p_len(ps);
		v = p_array(ps, n, sizeof(*v));
		for (i = 0; i < n && ps->err == 0; i++) {
			v[i].name = p_ident(ps);
			v[i].fields = p_fields(ps, &v[i].nfields);
			v[i].index = p_u8(ps);
			v[i].docs = p_strings(ps, " ", 1);
		}
		t->nvariants = n;
		t->variants = v;
		break;
	case DBC_TY_SEQUENCE:
	case DBC_TY_COMPACT:
		t->elem = p_compact(ps);
		break;
	case DBC_TY_ARRAY:
		if (ps->err == 0 && dbc_scale_read_u32(&ps->r, &t->len) != DBC_OK)
			(void)fail(ps, DBC_ERR_SCALE);
		t->elem = p_compact(ps);
		break;
	case DBC_TY_TUPLE:
		n = p_len(ps);
		tu = p_array(ps, n, sizeof(*tu));
		for (i = 0; i < n && ps->err == 0; i++)
			tu[i] = p_compact(ps);
		t->ntuple = n;
		t->tuple = tu;
		break;
	case DBC_TY_PRIMITIVE:
		t->prim = (dbc_prim_t)p_u8(ps);
		if (t->prim > DBC_PRIM_I256)
			(void)fail(ps, DBC_ERR_SCALE);
		break;
	case DBC_TY_BITSEQ:
		t->bit_store = p_compact(ps);
		t->bit_order = p_compact(ps);
		break;
	default:
		(void)fail(ps, DBC_ERR_SCALE);
		return;
	}
	t->kind = (dbc_tykind_t)kind;
	t->docs = p_strings(ps, " ", 0);
}

static void
p_storage(parser_t *ps, dbc_pallet_t *p)
{
	size_t n, i, k;
	dbc_storage_t *s;
	uint8_t *h;
	const uint8_t *def;

	p->storage_prefix = p_ident(ps);
	n = p_len(ps);
	s = p_array(ps, n, sizeof(*s));
	for (i = 0; i < n && ps->err == 0; i++) {
		s[i].name = p_ident(ps);
		s[i].optional = p_u8(ps) == 0;
		switch (p_u8(ps)) {
		case 0:
			s[i].value_type = p_compact(ps);
			break;
		case 1:
			s[i].is_map = 1;
			s[i].nhashers = p_len(ps);
			h = p_array(ps, s[i].nhashers, 1);
			for (k = 0; k < s[i].nhashers && ps->err == 0; k++)
				if ((h[k] = p_u8(ps)) > 6)
					(void)fail(ps, DBC_ERR_SCALE);
			s[i].hashers = h;
			s[i].key_type = p_compact(ps);
			s[i].value_type = p_compact(ps);
			break;
		default:
			(void)fail(ps, DBC_ERR_SCALE);
		}
		if (ps->err == 0 &&
		    dbc_scale_read_vec_u8(&ps->r, &def, &s[i].def_len) != DBC_OK)
			(void)fail(ps, DBC_ERR_SCALE);
		/* The buffer outlives the parse only through the arena: copy. */
		if (ps->err == 0) {
			uint8_t *d = p_array(ps, s[i].def_len, 1);

			if (d != NULL)
				memcpy(d, def, s[i].def_len);
			s[i].def = d;
		}
		(void)p_strings(ps, " ", 0);
	}
	p->nstorage = n;
	p->storage = s;
}

static void
p_pallet(parser_t *ps, dbc_pallet_t *p)
{
	size_t n, i;
	dbc_constant_t *c;
	const uint8_t *val;

	p->name = p_ident(ps);
	if (p_bool(ps))
		p_storage(ps, p);
	if ((p->has_calls = p_bool(ps)))
		p->calls_type = p_compact(ps);
	if ((p->has_events = p_bool(ps)))
		p->events_type = p_compact(ps);
	n = p_len(ps);
	c = p_array(ps, n, sizeof(*c));
	for (i = 0; i < n && ps->err == 0; i++) {
		c[i].name = p_ident(ps);
		c[i].type = p_compact(ps);
		if (ps->err == 0 && dbc_scale_read_vec_u8(&ps->r, &val, &c[i].value_len) != DBC_OK)
			(void)fail(ps, DBC_ERR_SCALE);
		if (ps->err == 0) {
			uint8_t *d = p_array(ps, c[i].value_len, 1);

			if (d != NULL)
				memcpy(d, val, c[i].value_len);
			c[i].value = d;
		}
		c[i].docs = p_strings(ps, " ", 1);
	}
	p->nconstants = n;
	p->constants = c;
	if ((p->has_errors = p_bool(ps)))
		p->errors_type = p_compact(ps);
	p->index = p_u8(ps);
}

static int
fields_in_range(const dbc_field_t *f, size_t n, size_t ntypes)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (f[i].type >= ntypes)
			return 0;
	return 1;
}

/* Every type id a type refers to exists. The registry itself is read without recursion;
 * cycles (a type containing itself) are legal in scale-info and are bounded where types are
 * walked: depth and work limits in the decoder, 16 steps in dbc_meta_resolve. */
static int
type_refs_in_range(const dbc_type_t *t, size_t ntypes)
{
	size_t i;

	for (i = 0; i < t->nparams; i++)
		if (t->params[i].has_type && t->params[i].type >= ntypes)
			return 0;
	switch (t->kind) {
	case DBC_TY_COMPOSITE:
		return fields_in_range(t->fields, t->nfields, ntypes);
	case DBC_TY_VARIANT:
		for (i = 0; i < t->nvariants; i++)
			if (!fields_in_range(t->variants[i].fields, t->variants[i].nfields, ntypes))
				return 0;
		return 1;
	case DBC_TY_SEQUENCE:
	case DBC_TY_ARRAY:
	case DBC_TY_COMPACT:
		return t->elem < ntypes;
	case DBC_TY_TUPLE:
		for (i = 0; i < t->ntuple; i++)
			if (t->tuple[i] >= ntypes)
				return 0;
		return 1;
	case DBC_TY_BITSEQ:
		return t->bit_store < ntypes && t->bit_order < ntypes;
	default:
		return 1;
	}
}

int
dbc_meta_parse(dbc_meta_t **out, const uint8_t *buf, size_t len, int *version)
{
	parser_t ps;
	const uint8_t *magic;
	size_t n, i;
	uint32_t id;
	int rc;

	*out = NULL;
	if (version != NULL)
		*version = -1;
	memset(&ps, 0, sizeof(ps));
	dbc_scale_rd_init(&ps.r, buf, len);
	if (dbc_scale_read_bytes(&ps.r, 4, &magic) != DBC_OK || memcmp(magic, "meta", 4) != 0)
		return DBC_ERR_METADATA;
	if (len < 5)
		return DBC_ERR_METADATA;
	if (version != NULL)
		*version = buf[4];
	if (buf[4] != 14)
		return DBC_ERR_METADATA;
	ps.r.pos = 5;
	if ((ps.m = calloc(1, sizeof(*ps.m))) == NULL)
		return DBC_ERR_NOMEM;

	/* Type registry: ids must be 0..n-1 in order (scale-info always writes them so). */
	n = p_len(&ps);
	ps.m->types = p_array(&ps, n, sizeof(dbc_type_t));
	ps.m->ntypes = n;
	for (i = 0; i < n && ps.err == 0; i++) {
		memset(&ps.m->types[i], 0, sizeof(dbc_type_t));
		id = p_compact(&ps);
		if (ps.err == 0 && id != i)
			(void)fail(&ps, DBC_ERR_METADATA);
		ps.m->types[i].id = id;
		p_type(&ps, &ps.m->types[i]);
	}
	n = p_len(&ps);
	ps.m->pallets = p_array(&ps, n, sizeof(dbc_pallet_t));
	ps.m->npallets = n;
	for (i = 0; i < n && ps.err == 0; i++) {
		memset(&ps.m->pallets[i], 0, sizeof(dbc_pallet_t));
		p_pallet(&ps, &ps.m->pallets[i]);
	}
	ps.m->extrinsic_type = p_compact(&ps);
	ps.m->extrinsic_version = p_u8(&ps);
	n = p_len(&ps);
	ps.m->exts = p_array(&ps, n, sizeof(dbc_signed_ext_t));
	ps.m->nexts = n;
	for (i = 0; i < n && ps.err == 0; i++) {
		ps.m->exts[i].identifier = p_ident(&ps);
		ps.m->exts[i].type = p_compact(&ps);
		ps.m->exts[i].additional = p_compact(&ps);
	}
	ps.m->runtime_type = p_compact(&ps);
	if (ps.err == 0 && dbc_scale_rd_left(&ps.r) != 0)
		(void)fail(&ps, DBC_ERR_SCALE);
	/* Every type id the tables refer to must exist. */
	for (i = 0; i < ps.m->ntypes && ps.err == 0; i++)
		if (!type_refs_in_range(&ps.m->types[i], ps.m->ntypes))
			(void)fail(&ps, DBC_ERR_METADATA);
	for (i = 0; i < ps.m->npallets && ps.err == 0; i++) {
		const dbc_pallet_t *p = &ps.m->pallets[i];

		if ((p->has_calls && p->calls_type >= ps.m->ntypes) ||
		    (p->has_events && p->events_type >= ps.m->ntypes) ||
		    (p->has_errors && p->errors_type >= ps.m->ntypes))
			(void)fail(&ps, DBC_ERR_METADATA);
	}
	for (i = 0; i < ps.m->nexts && ps.err == 0; i++)
		if (ps.m->exts[i].type >= ps.m->ntypes || ps.m->exts[i].additional >= ps.m->ntypes)
			(void)fail(&ps, DBC_ERR_METADATA);
	if (ps.err == 0 && ps.m->extrinsic_type >= ps.m->ntypes)
		(void)fail(&ps, DBC_ERR_METADATA);
	if (ps.err != 0) {
		rc = ps.err;
		dbc_meta_free(&ps.m);
		return rc;
	}
	*out = ps.m;
	return DBC_OK;
}

void
dbc_meta_free(dbc_meta_t **m)
{
	struct chunk *c, *next;

	if (m == NULL || *m == NULL)
		return;
	for (c = (*m)->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(*m);
	*m = NULL;
}

size_t
dbc_meta_ntypes(const dbc_meta_t *m)
{
	return m->ntypes;
}

const dbc_type_t *
dbc_meta_type(const dbc_meta_t *m, uint32_t id)
{
	return id < m->ntypes ? &m->types[id] : NULL;
}

const dbc_type_t *
dbc_meta_resolve(const dbc_meta_t *m, uint32_t id)
{
	const dbc_type_t *t = dbc_meta_type(m, id);
	int depth;

	for (depth = 0; t != NULL && depth < 16; depth++) {
		if (t->kind == DBC_TY_COMPOSITE && t->nfields == 1)
			t = dbc_meta_type(m, t->fields[0].type);
		else if (t->kind == DBC_TY_TUPLE && t->ntuple == 1)
			t = dbc_meta_type(m, t->tuple[0]);
		else
			break;
	}
	return t;
}

size_t
dbc_meta_npallets(const dbc_meta_t *m)
{
	return m->npallets;
}

const dbc_pallet_t *
dbc_meta_pallet_at(const dbc_meta_t *m, size_t i)
{
	return i < m->npallets ? &m->pallets[i] : NULL;
}

int
dbc_meta_name_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == '_')
			a++;
		while (*b == '_')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

const dbc_pallet_t *
dbc_meta_pallet(const dbc_meta_t *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->npallets; i++)
		if (strcmp(m->pallets[i].name, name) == 0)
			return &m->pallets[i];
	for (i = 0; i < m->npallets; i++)
		if (dbc_meta_name_eq(m->pallets[i].name, name))
			return &m->pallets[i];
	return NULL;
}

const dbc_pallet_t *
dbc_meta_pallet_by_index(const dbc_meta_t *m, uint8_t index)
{
	size_t i;

	for (i = 0; i < m->npallets; i++)
		if (m->pallets[i].index == index)
			return &m->pallets[i];
	return NULL;
}

static const dbc_variant_t *
variant_by_name(const dbc_meta_t *m, uint32_t type, const char *name)
{
	const dbc_type_t *t = dbc_meta_type(m, type);
	size_t i;

	if (t == NULL || t->kind != DBC_TY_VARIANT)
		return NULL;
	for (i = 0; i < t->nvariants; i++)
		if (strcmp(t->variants[i].name, name) == 0)
			return &t->variants[i];
	for (i = 0; i < t->nvariants; i++)
		if (dbc_meta_name_eq(t->variants[i].name, name))
			return &t->variants[i];
	return NULL;
}

static const dbc_variant_t *
variant_by_index(const dbc_meta_t *m, uint32_t type, uint8_t index)
{
	const dbc_type_t *t = dbc_meta_type(m, type);
	size_t i;

	if (t == NULL || t->kind != DBC_TY_VARIANT)
		return NULL;
	for (i = 0; i < t->nvariants; i++)
		if (t->variants[i].index == index)
			return &t->variants[i];
	return NULL;
}

const dbc_variant_t *
dbc_meta_call(const dbc_meta_t *m, const dbc_pallet_t *p, const char *name)
{
	return p != NULL && p->has_calls ? variant_by_name(m, p->calls_type, name) : NULL;
}

const dbc_variant_t *
dbc_meta_call_by_index(const dbc_meta_t *m, const dbc_pallet_t *p, uint8_t index)
{
	return p != NULL && p->has_calls ? variant_by_index(m, p->calls_type, index) : NULL;
}

const dbc_variant_t *
dbc_meta_event(const dbc_meta_t *m, const dbc_pallet_t *p, uint8_t index)
{
	return p != NULL && p->has_events ? variant_by_index(m, p->events_type, index) : NULL;
}

int
dbc_meta_error(const dbc_meta_t *m, uint8_t pallet_index, uint8_t error_index,
               const dbc_pallet_t **pallet, const dbc_variant_t **err)
{
	const dbc_pallet_t *p = dbc_meta_pallet_by_index(m, pallet_index);
	const dbc_variant_t *v;

	if (p == NULL || !p->has_errors)
		return DBC_ERR_NOT_FOUND;
	if ((v = variant_by_index(m, p->errors_type, error_index)) == NULL)
		return DBC_ERR_NOT_FOUND;
	*pallet = p;
	*err = v;
	return DBC_OK;
}

const dbc_constant_t *
dbc_meta_constant(const dbc_meta_t *m, const char *pallet, const char *name)
{
	const dbc_pallet_t *p = dbc_meta_pallet(m, pallet);
	size_t i;

	if (p == NULL)
		return NULL;
	for (i = 0; i < p->nconstants; i++)
		if (strcmp(p->constants[i].name, name) == 0)
			return &p->constants[i];
	return NULL;
}

const dbc_storage_t *
dbc_meta_storage(const dbc_meta_t *m, const dbc_pallet_t *p, const char *name)
{
	size_t i;

	(void)m;
	if (p == NULL)
		return NULL;
	for (i = 0; i < p->nstorage; i++)
		if (strcmp(p->storage[i].name, name) == 0)
			return &p->storage[i];
	return NULL;
}

int
dbc_meta_extrinsic_param(const dbc_meta_t *m, const char *name, uint32_t *id)
{
	const dbc_type_t *t = dbc_meta_type(m, m->extrinsic_type);
	size_t i;

	for (i = 0; t != NULL && i < t->nparams; i++)
		if (strcmp(t->params[i].name, name) == 0 && t->params[i].has_type &&
		    t->params[i].type < m->ntypes) {
			*id = t->params[i].type;
			return DBC_OK;
		}
	return DBC_ERR_NOT_FOUND;
}

int
dbc_meta_call_type(const dbc_meta_t *m, uint32_t *id)
{
	size_t i;

	if (dbc_meta_extrinsic_param(m, "Call", id) == DBC_OK)
		return DBC_OK;
	/* Fallback: the enum named RuntimeCall (or Call in older runtimes). */
	for (i = 0; i < m->ntypes; i++)
		if (m->types[i].kind == DBC_TY_VARIANT &&
		    (strcmp(m->types[i].path, "node_runtime::RuntimeCall") == 0 ||
		     strcmp(m->types[i].ident, "RuntimeCall") == 0)) {
			*id = (uint32_t)i;
			return DBC_OK;
		}
	return DBC_ERR_METADATA;
}

uint8_t
dbc_meta_extrinsic_version(const dbc_meta_t *m)
{
	return m->extrinsic_version;
}

size_t
dbc_meta_nsigned_ext(const dbc_meta_t *m)
{
	return m->nexts;
}

const dbc_signed_ext_t *
dbc_meta_signed_ext(const dbc_meta_t *m, size_t i)
{
	return i < m->nexts ? &m->exts[i] : NULL;
}

/* A constant's value as an unsigned integer of its primitive type (u8..u64). */
static int
constant_uint(const dbc_meta_t *m, const dbc_constant_t *c, uint64_t *v)
{
	const dbc_type_t *t;
	dbc_scale_rd_t r;
	size_t width;
	uint64_t x = 0;
	size_t i;

	if (c == NULL || (t = dbc_meta_resolve(m, c->type)) == NULL || t->kind != DBC_TY_PRIMITIVE)
		return DBC_ERR_NOT_FOUND;
	switch (t->prim) {
	case DBC_PRIM_U8: width = 1; break;
	case DBC_PRIM_U16: width = 2; break;
	case DBC_PRIM_U32: width = 4; break;
	case DBC_PRIM_U64: width = 8; break;
	default: return DBC_ERR_METADATA;
	}
	dbc_scale_rd_init(&r, c->value, c->value_len);
	if (c->value_len != width)
		return DBC_ERR_METADATA;
	for (i = width; i > 0; i--)
		x = (x << 8) | c->value[i - 1];
	*v = x;
	return DBC_OK;
}

int
dbc_meta_ss58_prefix(const dbc_meta_t *m, uint16_t *prefix)
{
	uint64_t v;
	int rc;

	if ((rc = constant_uint(m, dbc_meta_constant(m, "System", "SS58Prefix"), &v)) != DBC_OK)
		return rc;
	if (v > 16383)
		return DBC_ERR_METADATA;
	*prefix = (uint16_t)v;
	return DBC_OK;
}

int
dbc_meta_block_time_ms(const dbc_meta_t *m, uint64_t *ms)
{
	uint64_t v;

	if (constant_uint(m, dbc_meta_constant(m, "Babe", "ExpectedBlockTime"), &v) == DBC_OK &&
	    v > 0) {
		*ms = v;
		return DBC_OK;
	}
	if (constant_uint(m, dbc_meta_constant(m, "Timestamp", "MinimumPeriod"), &v) == DBC_OK &&
	    v > 0 && v < UINT64_MAX / 2) {
		*ms = 2 * v;
		return DBC_OK;
	}
	return DBC_ERR_NOT_FOUND;
}
