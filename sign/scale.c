/* SCALE codec: bounds-checked reader, growable writer with a sticky error. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "sign/scale.h"

void
dbc_scale_rd_init(dbc_scale_rd_t *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = p == NULL ? 0 : len;
	r->pos = 0;
}

size_t
dbc_scale_rd_left(const dbc_scale_rd_t *r)
{
	return r->pos <= r->len ? r->len - r->pos : 0;
}

int
dbc_scale_read_bytes(dbc_scale_rd_t *r, size_t n, const uint8_t **out)
{
	if (n > dbc_scale_rd_left(r))
		return DBC_ERR_SCALE;
	*out = r->p + r->pos;
	r->pos += n;
	return DBC_OK;
}

int
dbc_scale_skip(dbc_scale_rd_t *r, size_t n)
{
	const uint8_t *p;

	return dbc_scale_read_bytes(r, n, &p);
}

/* Little-endian unsigned of n bytes (n <= 16). */
static int
read_le(dbc_scale_rd_t *r, size_t n, dbc_u128_t *v)
{
	const uint8_t *p;
	dbc_u128_t x = 0;
	size_t i;
	int rc;

	if ((rc = dbc_scale_read_bytes(r, n, &p)) != DBC_OK)
		return rc;
	for (i = n; i > 0; i--)
		x = (x << 8) | p[i - 1];
	*v = x;
	return DBC_OK;
}

int
dbc_scale_read_u8(dbc_scale_rd_t *r, uint8_t *v)
{
	dbc_u128_t x;
	int rc;

	if ((rc = read_le(r, 1, &x)) == DBC_OK)
		*v = (uint8_t)x;
	return rc;
}

int
dbc_scale_read_u16(dbc_scale_rd_t *r, uint16_t *v)
{
	dbc_u128_t x;
	int rc;

	if ((rc = read_le(r, 2, &x)) == DBC_OK)
		*v = (uint16_t)x;
	return rc;
}

int
dbc_scale_read_u32(dbc_scale_rd_t *r, uint32_t *v)
{
	dbc_u128_t x;
	int rc;

	if ((rc = read_le(r, 4, &x)) == DBC_OK)
		*v = (uint32_t)x;
	return rc;
}

int
dbc_scale_read_u64(dbc_scale_rd_t *r, uint64_t *v)
{
	dbc_u128_t x;
	int rc;

	if ((rc = read_le(r, 8, &x)) == DBC_OK)
		*v = (uint64_t)x;
	return rc;
}

int
dbc_scale_read_u128(dbc_scale_rd_t *r, dbc_u128_t *v)
{
	return read_le(r, 16, v);
}

int
dbc_scale_read_bool(dbc_scale_rd_t *r, int *v)
{
	size_t save = r->pos;
	uint8_t b;
	int rc;

	if ((rc = dbc_scale_read_u8(r, &b)) != DBC_OK)
		return rc;
	if (b > 1) {
		r->pos = save;
		return DBC_ERR_SCALE;
	}
	*v = b;
	return DBC_OK;
}

int
dbc_scale_read_option(dbc_scale_rd_t *r, int *some)
{
	return dbc_scale_read_bool(r, some);
}

int
dbc_scale_read_compact_big(dbc_scale_rd_t *r, uint8_t out[DBC_COMPACT_MAX_BYTES], size_t *n)
{
	size_t save = r->pos, len, i;
	const uint8_t *p;
	uint8_t b0;
	uint32_t small;
	int rc;

	if ((rc = dbc_scale_read_u8(r, &b0)) != DBC_OK)
		return rc;
	memset(out, 0, DBC_COMPACT_MAX_BYTES);
	switch (b0 & 3) {
	case 0:
		small = b0 >> 2;
		break;
	case 1:
		if ((rc = dbc_scale_read_bytes(r, 1, &p)) != DBC_OK)
			goto bad;
		small = ((uint32_t)b0 | (uint32_t)p[0] << 8) >> 2;
		if (small < 64) /* fits the one-byte mode: not canonical */
			goto bad;
		break;
	case 2:
		if ((rc = dbc_scale_read_bytes(r, 3, &p)) != DBC_OK)
			goto bad;
		small = ((uint32_t)b0 | (uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 |
		         (uint32_t)p[2] << 24) >> 2;
		if (small < (1u << 14))
			goto bad;
		break;
	default:
		len = (size_t)(b0 >> 2) + 4;
		if ((rc = dbc_scale_read_bytes(r, len, &p)) != DBC_OK)
			goto bad;
		/* Canonical: no zero top byte, and more than the four-byte mode could hold. */
		if (p[len - 1] == 0)
			goto bad;
		if (len == 4 && p[3] < 0x40)
			goto bad;
		memcpy(out, p, len);
		*n = len;
		return DBC_OK;
	}
	for (i = 0; i < 4; i++)
		out[i] = (uint8_t)(small >> (8 * i));
	for (*n = 4; *n > 0 && out[*n - 1] == 0; (*n)--)
		;
	return DBC_OK;
bad:
	r->pos = save;
	return DBC_ERR_SCALE;
}

/* A compact into a C integer of `width` bytes. */
static int
read_compact_width(dbc_scale_rd_t *r, size_t width, dbc_u128_t *v)
{
	uint8_t mag[DBC_COMPACT_MAX_BYTES];
	size_t save = r->pos, n, i;
	dbc_u128_t x = 0;
	int rc;

	if ((rc = dbc_scale_read_compact_big(r, mag, &n)) != DBC_OK)
		return rc;
	if (n > width) {
		r->pos = save;
		return DBC_ERR_RANGE;
	}
	for (i = n; i > 0; i--)
		x = (x << 8) | mag[i - 1];
	*v = x;
	return DBC_OK;
}

int
dbc_scale_read_compact_u32(dbc_scale_rd_t *r, uint32_t *v)
{
	dbc_u128_t x;
	int rc;

	if ((rc = read_compact_width(r, 4, &x)) == DBC_OK)
		*v = (uint32_t)x;
	return rc;
}

int
dbc_scale_read_compact_u64(dbc_scale_rd_t *r, uint64_t *v)
{
	dbc_u128_t x;
	int rc;

	if ((rc = read_compact_width(r, 8, &x)) == DBC_OK)
		*v = (uint64_t)x;
	return rc;
}

int
dbc_scale_read_compact_u128(dbc_scale_rd_t *r, dbc_u128_t *v)
{
	return read_compact_width(r, 16, v);
}

int
dbc_scale_read_len(dbc_scale_rd_t *r, size_t *n)
{
	size_t save = r->pos;
	uint64_t x;
	int rc;

	if ((rc = dbc_scale_read_compact_u64(r, &x)) != DBC_OK)
		return rc == DBC_ERR_RANGE ? DBC_ERR_SCALE : rc;
	if (x > dbc_scale_rd_left(r)) {
		r->pos = save;
		return DBC_ERR_SCALE;
	}
	*n = (size_t)x;
	return DBC_OK;
}

int
dbc_scale_read_vec_u8(dbc_scale_rd_t *r, const uint8_t **p, size_t *n)
{
	size_t save = r->pos, len;
	int rc;

	if ((rc = dbc_scale_read_len(r, &len)) != DBC_OK)
		return rc;
	if ((rc = dbc_scale_read_bytes(r, len, p)) != DBC_OK) {
		r->pos = save;
		return rc;
	}
	*n = len;
	return DBC_OK;
}

/* Strict UTF-8 (no overlongs, no surrogates, <= U+10FFFF) and no NUL. */
static int
utf8_ok(const uint8_t *s, size_t n)
{
	size_t i = 0, k, need;
	uint32_t cp, min;

	while (i < n) {
		uint8_t c = s[i];

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return 0;
		}
		if (need > n - i - 1)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

int
dbc_scale_read_string(dbc_scale_rd_t *r, char **out)
{
	size_t save = r->pos, n;
	const uint8_t *p;
	char *s;
	int rc;

	if ((rc = dbc_scale_read_vec_u8(r, &p, &n)) != DBC_OK)
		return rc;
	if (!utf8_ok(p, n)) {
		r->pos = save;
		return DBC_ERR_SCALE;
	}
	if ((s = malloc(n + 1)) == NULL) {
		r->pos = save;
		return DBC_ERR_NOMEM;
	}
	memcpy(s, p, n);
	s[n] = '\0';
	*out = s;
	return DBC_OK;
}

size_t
dbc_scale_compact_size(dbc_u128_t v)
{
	size_t n;

	if (v < 64)
		return 1;
	if (v < (1u << 14))
		return 2;
	if (v < (1u << 30))
		return 4;
	for (n = 0; v != 0; v >>= 8)
		n++;
	return 1 + (n < 4 ? 4 : n);
}

/* ---- writer ---- */

void
dbc_buf_init(dbc_buf_t *b)
{
	memset(b, 0, sizeof(*b));
}

void
dbc_buf_free(dbc_buf_t *b)
{
	if (b->p != NULL) {
		sodium_memzero(b->p, b->cap);
		free(b->p);
	}
	memset(b, 0, sizeof(*b));
}

int
dbc_buf_error(const dbc_buf_t *b)
{
	return b->err;
}

uint8_t *
dbc_buf_reserve(dbc_buf_t *b, size_t n)
{
	size_t cap;
	uint8_t *np;

	if (b->err != 0)
		return NULL;
	if (n > DBC_BUF_MAX - b->len) {
		b->err = DBC_ERR_TOO_LARGE;
		return NULL;
	}
	/* +1 keeps room for the NUL of dbc_buf_cstr. */
	if (b->len + n + 1 > b->cap) {
		cap = b->cap < 64 ? 64 : b->cap;
		while (cap < b->len + n + 1)
			cap *= 2;
		/* Grow by copy so the old contents can be wiped (they may be a signing payload). */
		if ((np = malloc(cap)) == NULL) {
			b->err = DBC_ERR_NOMEM;
			return NULL;
		}
		if (b->p != NULL) {
			memcpy(np, b->p, b->len);
			sodium_memzero(b->p, b->cap);
			free(b->p);
		}
		b->p = np;
		b->cap = cap;
	}
	return b->p + b->len;
}

void
dbc_buf_put(dbc_buf_t *b, const void *p, size_t n)
{
	uint8_t *dst;

	if (n == 0)
		return;
	if ((dst = dbc_buf_reserve(b, n)) == NULL)
		return;
	memcpy(dst, p, n);
	b->len += n;
}

void
dbc_buf_putc(dbc_buf_t *b, uint8_t c)
{
	dbc_buf_put(b, &c, 1);
}

void
dbc_buf_puts(dbc_buf_t *b, const char *s)
{
	dbc_buf_put(b, s, strlen(s));
}

void
dbc_buf_printf(dbc_buf_t *b, const char *fmt, ...)
{
	va_list ap;
	char small[128];
	int n;
	uint8_t *dst;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (b->err == 0)
			b->err = DBC_ERR_INTERNAL;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		dbc_buf_put(b, small, (size_t)n);
		return;
	}
	if ((dst = dbc_buf_reserve(b, (size_t)n + 1)) == NULL)
		return;
	va_start(ap, fmt);
	(void)vsnprintf((char *)dst, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *
dbc_buf_cstr(dbc_buf_t *b)
{
	if (dbc_buf_reserve(b, 0) == NULL)
		return NULL;
	b->p[b->len] = '\0';
	return (const char *)b->p;
}

static void
put_le(dbc_buf_t *b, dbc_u128_t v, size_t n)
{
	uint8_t tmp[16];
	size_t i;

	for (i = 0; i < n; i++)
		tmp[i] = (uint8_t)(v >> (8 * i));
	dbc_buf_put(b, tmp, n);
}

void
dbc_scale_put_u8(dbc_buf_t *b, uint8_t v)
{
	dbc_buf_putc(b, v);
}

void
dbc_scale_put_u16(dbc_buf_t *b, uint16_t v)
{
	put_le(b, v, 2);
}

void
dbc_scale_put_u32(dbc_buf_t *b, uint32_t v)
{
	put_le(b, v, 4);
}

void
dbc_scale_put_u64(dbc_buf_t *b, uint64_t v)
{
	put_le(b, v, 8);
}

void
dbc_scale_put_u128(dbc_buf_t *b, dbc_u128_t v)
{
	put_le(b, v, 16);
}

void
dbc_scale_put_bool(dbc_buf_t *b, int v)
{
	dbc_buf_putc(b, v ? 1 : 0);
}

void
dbc_scale_put_compact(dbc_buf_t *b, dbc_u128_t v)
{
	size_t n;

	if (v < 64) {
		put_le(b, v << 2, 1);
	} else if (v < (1u << 14)) {
		put_le(b, (v << 2) | 1, 2);
	} else if (v < (1u << 30)) {
		put_le(b, (v << 2) | 2, 4);
	} else {
		n = dbc_scale_compact_size(v) - 1;
		dbc_buf_putc(b, (uint8_t)(((n - 4) << 2) | 3));
		put_le(b, v, n);
	}
}

void
dbc_scale_put_compact_big(dbc_buf_t *b, const uint8_t *le, size_t n)
{
	dbc_u128_t v = 0;
	size_t i;

	while (n > 0 && le[n - 1] == 0)
		n--;
	if (n > DBC_COMPACT_MAX_BYTES) {
		if (b->err == 0)
			b->err = DBC_ERR_RANGE;
		return;
	}
	if (n <= 16) {
		for (i = n; i > 0; i--)
			v = (v << 8) | le[i - 1];
		dbc_scale_put_compact(b, v);
		return;
	}
	dbc_buf_putc(b, (uint8_t)(((n - 4) << 2) | 3));
	dbc_buf_put(b, le, n);
}

void
dbc_scale_put_vec_u8(dbc_buf_t *b, const uint8_t *p, size_t n)
{
	dbc_scale_put_compact(b, n);
	dbc_buf_put(b, p, n);
}

void
dbc_scale_put_string(dbc_buf_t *b, const char *s)
{
	dbc_scale_put_vec_u8(b, (const uint8_t *)s, strlen(s));
}

void
dbc_u128_to_dec(char out[40], dbc_u128_t v)
{
	char tmp[40];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

int
dbc_u128_from_dec(dbc_u128_t *v, const char *s)
{
	const dbc_u128_t max = ~(dbc_u128_t)0;
	dbc_u128_t x = 0;
	unsigned d;

	if (s == NULL || *s == '\0')
		return DBC_ERR_INPUT;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return DBC_ERR_INPUT;
		d = (unsigned)(*s - '0');
		if (x > (max - d) / 10)
			return DBC_ERR_RANGE;
		x = x * 10 + d;
	}
	*v = x;
	return DBC_OK;
}
