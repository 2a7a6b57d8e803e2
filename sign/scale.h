/* SCALE codec (Substrate's "Simple Concatenated Aggregate Little-Endian").
 *
 * Reader: every read checks the bytes left first and never moves past the end; a failed read
 * leaves the position unchanged and returns DBC_ERR_SCALE (or DBC_ERR_RANGE when a value does
 * not fit the requested C type). Length prefixes are checked against the bytes left before
 * anything is allocated, so a huge compact length cannot overflow or exhaust memory.
 *
 * Writer: a growable buffer with a sticky error. Writes after a failure are no-ops; check
 * dbc_buf_error() once at the end (or use the result of dbc_buf_take()). */
#ifndef DBC_SCALE_H
#define DBC_SCALE_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

typedef unsigned __int128 dbc_u128_t;

/* The largest compact big-integer: 4 + 63 = 67 bytes of magnitude at most 2^536 - 1. */
#define DBC_COMPACT_MAX_BYTES 67
/* A writer refuses to grow past this (DBC_ERR_TOO_LARGE). */
#define DBC_BUF_MAX ((size_t)64 << 20)

typedef struct {
	const uint8_t *p;
	size_t len;
	size_t pos;
} dbc_scale_rd_t;

void dbc_scale_rd_init(dbc_scale_rd_t *r, const uint8_t *p, size_t len);
size_t dbc_scale_rd_left(const dbc_scale_rd_t *r);

int dbc_scale_read_u8(dbc_scale_rd_t *r, uint8_t *v) DBC_WUR;
int dbc_scale_read_u16(dbc_scale_rd_t *r, uint16_t *v) DBC_WUR;
int dbc_scale_read_u32(dbc_scale_rd_t *r, uint32_t *v) DBC_WUR;
int dbc_scale_read_u64(dbc_scale_rd_t *r, uint64_t *v) DBC_WUR;
int dbc_scale_read_u128(dbc_scale_rd_t *r, dbc_u128_t *v) DBC_WUR;
/* 0x00 false, 0x01 true, anything else DBC_ERR_SCALE. */
int dbc_scale_read_bool(dbc_scale_rd_t *r, int *v) DBC_WUR;
/* Borrow n bytes (no copy). */
int dbc_scale_read_bytes(dbc_scale_rd_t *r, size_t n, const uint8_t **out) DBC_WUR;
int dbc_scale_skip(dbc_scale_rd_t *r, size_t n) DBC_WUR;

/* Compact integers. Non-canonical encodings (a longer mode than needed) are refused, as
 * parity-scale-codec does. A value too large for the C type → DBC_ERR_RANGE. */
int dbc_scale_read_compact_u32(dbc_scale_rd_t *r, uint32_t *v) DBC_WUR;
int dbc_scale_read_compact_u64(dbc_scale_rd_t *r, uint64_t *v) DBC_WUR;
int dbc_scale_read_compact_u128(dbc_scale_rd_t *r, dbc_u128_t *v) DBC_WUR;
/* Any compact: the magnitude little-endian in out (up to 67 bytes, trailing zeros trimmed,
 * *n == 0 for zero). */
int dbc_scale_read_compact_big(dbc_scale_rd_t *r, uint8_t out[DBC_COMPACT_MAX_BYTES], size_t *n) DBC_WUR;
/* A length prefix (compact) that must not exceed the bytes left: every element of a
 * sequence we decode takes at least one byte, so a larger count is malformed input. */
int dbc_scale_read_len(dbc_scale_rd_t *r, size_t *n) DBC_WUR;
/* Vec<u8> / String: borrowed bytes. */
int dbc_scale_read_vec_u8(dbc_scale_rd_t *r, const uint8_t **p, size_t *n) DBC_WUR;
/* String copied to a malloc'ed NUL-terminated string; embedded NUL or invalid UTF-8 →
 * DBC_ERR_SCALE. */
int dbc_scale_read_string(dbc_scale_rd_t *r, char **out) DBC_WUR;
/* Option tag: *some = 0 or 1; other tags → DBC_ERR_SCALE. */
int dbc_scale_read_option(dbc_scale_rd_t *r, int *some) DBC_WUR;

/* The encoded size of a compact integer. */
size_t dbc_scale_compact_size(dbc_u128_t v);

typedef struct {
	uint8_t *p;
	size_t len;
	size_t cap;
	int err;
} dbc_buf_t;

void dbc_buf_init(dbc_buf_t *b);
/* Wipes and frees the contents. */
void dbc_buf_free(dbc_buf_t *b);
int dbc_buf_error(const dbc_buf_t *b);
/* Make room for n more bytes; returns a pointer to them (NULL after an error). */
uint8_t *dbc_buf_reserve(dbc_buf_t *b, size_t n);
void dbc_buf_put(dbc_buf_t *b, const void *p, size_t n);
void dbc_buf_putc(dbc_buf_t *b, uint8_t c);
/* Text helpers for renderers (no NUL is stored; use dbc_buf_cstr to terminate). */
void dbc_buf_puts(dbc_buf_t *b, const char *s);
void dbc_buf_printf(dbc_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append a NUL without counting it; returns the string (NULL after an error). */
const char *dbc_buf_cstr(dbc_buf_t *b);

void dbc_scale_put_u8(dbc_buf_t *b, uint8_t v);
void dbc_scale_put_u16(dbc_buf_t *b, uint16_t v);
void dbc_scale_put_u32(dbc_buf_t *b, uint32_t v);
void dbc_scale_put_u64(dbc_buf_t *b, uint64_t v);
void dbc_scale_put_u128(dbc_buf_t *b, dbc_u128_t v);
void dbc_scale_put_bool(dbc_buf_t *b, int v);
void dbc_scale_put_compact(dbc_buf_t *b, dbc_u128_t v);
/* Compact from a little-endian magnitude of any length up to 67 significant bytes. */
void dbc_scale_put_compact_big(dbc_buf_t *b, const uint8_t *le, size_t n);
/* compact(n) || bytes */
void dbc_scale_put_vec_u8(dbc_buf_t *b, const uint8_t *p, size_t n);
void dbc_scale_put_string(dbc_buf_t *b, const char *s);

/* Decimal text of a u128 into out (40 bytes is enough). */
void dbc_u128_to_dec(char out[40], dbc_u128_t v);
/* Strict decimal (digits only, no sign, no leading '+', at most 39 digits) → u128;
 * DBC_ERR_INPUT for non-digits, DBC_ERR_RANGE on overflow. */
int dbc_u128_from_dec(dbc_u128_t *v, const char *s) DBC_WUR;

#endif
