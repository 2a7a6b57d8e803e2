/* Fuzz target: the SCALE reader (sign/scale.c).
 *
 * The first byte seeds a small program: each step reads one value kind (chosen by the next
 * program nibble) from the rest of the input. Invariants:
 * - the reader never moves past the end and never goes backwards;
 * - every compact it accepts is canonical: re-encoding it gives exactly the bytes consumed
 *   (decode → encode round trip, for the u32/u64/u128 and big-integer forms alike);
 * - fixed-width integers, bools, options, Vec<u8> and strings re-encode to the bytes consumed;
 * - a length prefix never promises more than the bytes left;
 * - decimal u128 text round-trips through dbc_u128_to_dec / dbc_u128_from_dec. */
#include <stdlib.h>
#include <string.h>
#include "sign/scale.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes consumed by the last read must equal what the writer produces. */
static void
same(const uint8_t *start, size_t used, dbc_buf_t *b)
{
	if (dbc_buf_error(b) != 0 || b->len != used || memcmp(b->p, start, used) != 0)
		abort();
	b->len = 0;
}

static void
dec_round_trip(const uint8_t *p, size_t n)
{
	char s[48], back[40];
	dbc_u128_t v;

	if (n >= sizeof(s))
		n = sizeof(s) - 1;
	memcpy(s, p, n);
	s[n] = '\0';
	if (dbc_u128_from_dec(&v, s) == DBC_OK) {
		dbc_u128_to_dec(back, v);
		/* strict decimal: no leading zeros except "0" itself, so the text is canonical */
		if (strcmp(back, s) != 0 && !(s[0] == '0' && strlen(s) > 1))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dbc_scale_rd_t r;
	dbc_buf_t b;
	const uint8_t *prog, *start;
	size_t proglen, steps, before, used;

	fuzz_init();
	if (size < 1 || size > 8192)
		return 0;
	/* program: first byte = its length (up to 32 bytes of two nibbles each) */
	proglen = data[0] % 33;
	if (proglen + 1 > size)
		proglen = size - 1;
	prog = data + 1;
	dec_round_trip(prog + proglen, size - 1 - proglen);
	dbc_scale_rd_init(&r, prog + proglen, size - 1 - proglen);
	dbc_buf_init(&b);
	for (steps = 0; steps < proglen * 2; steps++) {
		uint8_t op = (uint8_t)(steps % 2 ? prog[steps / 2] >> 4 : prog[steps / 2] & 15);
		int rc = DBC_ERR_INTERNAL;

		before = dbc_scale_rd_left(&r);
		start = r.p + r.pos;
		switch (op) {
		case 0: { uint8_t v; if ((rc = dbc_scale_read_u8(&r, &v)) == DBC_OK) dbc_scale_put_u8(&b, v); break; }
		case 1: { uint16_t v; if ((rc = dbc_scale_read_u16(&r, &v)) == DBC_OK) dbc_scale_put_u16(&b, v); break; }
		case 2: { uint32_t v; if ((rc = dbc_scale_read_u32(&r, &v)) == DBC_OK) dbc_scale_put_u32(&b, v); break; }
		case 3: { uint64_t v; if ((rc = dbc_scale_read_u64(&r, &v)) == DBC_OK) dbc_scale_put_u64(&b, v); break; }
		case 4: { dbc_u128_t v; if ((rc = dbc_scale_read_u128(&r, &v)) == DBC_OK) dbc_scale_put_u128(&b, v); break; }
		case 5: { int v; if ((rc = dbc_scale_read_bool(&r, &v)) == DBC_OK) { if (v != 0 && v != 1) abort(); dbc_scale_put_bool(&b, v); } break; }
		case 6: { uint32_t v; if ((rc = dbc_scale_read_compact_u32(&r, &v)) == DBC_OK) { dbc_scale_put_compact(&b, v); if (dbc_scale_compact_size(v) != b.len) abort(); } break; }
		case 7: { uint64_t v; if ((rc = dbc_scale_read_compact_u64(&r, &v)) == DBC_OK) dbc_scale_put_compact(&b, v); break; }
		case 8: { dbc_u128_t v; if ((rc = dbc_scale_read_compact_u128(&r, &v)) == DBC_OK) dbc_scale_put_compact(&b, v); break; }
		case 9: {
			uint8_t mag[DBC_COMPACT_MAX_BYTES];
			size_t n = 0;
			if ((rc = dbc_scale_read_compact_big(&r, mag, &n)) == DBC_OK) {
				if (n > DBC_COMPACT_MAX_BYTES || (n > 0 && mag[n - 1] == 0))
					abort(); /* trailing zeros are trimmed */
				dbc_scale_put_compact_big(&b, mag, n);
			}
			break;
		}
		case 10: {
			size_t n;
			if ((rc = dbc_scale_read_len(&r, &n)) == DBC_OK) {
				if (n > dbc_scale_rd_left(&r))
					abort();
				dbc_scale_put_compact(&b, n);
			}
			break;
		}
		case 11: {
			const uint8_t *p;
			size_t n;
			if ((rc = dbc_scale_read_vec_u8(&r, &p, &n)) == DBC_OK)
				dbc_scale_put_vec_u8(&b, p, n);
			break;
		}
		case 12: {
			char *s = NULL;
			if ((rc = dbc_scale_read_string(&r, &s)) == DBC_OK) {
				dbc_scale_put_string(&b, s);
				free(s);
			} else if (s != NULL) {
				abort();
			}
			break;
		}
		case 13: { int some; if ((rc = dbc_scale_read_option(&r, &some)) == DBC_OK) { if (some != 0 && some != 1) abort(); dbc_scale_put_u8(&b, (uint8_t)some); } break; }
		case 14: {
			const uint8_t *p;
			size_t n = prog[steps / 2] % 40;
			if ((rc = dbc_scale_read_bytes(&r, n, &p)) == DBC_OK) {
				if (p != start)
					abort();
				dbc_buf_put(&b, p, n);
			}
			break;
		}
		default:
			rc = dbc_scale_skip(&r, prog[steps / 2] % 9);
			b.len = 0;
			if (rc == DBC_OK)
				continue;
			break;
		}
		if (dbc_scale_rd_left(&r) > before)
			abort();
		used = before - dbc_scale_rd_left(&r);
		if (rc == DBC_OK) {
			same(start, used, &b);
		} else {
			if (rc > 0)
				abort();
			b.len = 0;
			/* a failed read of a fixed-size value consumes nothing */
			if (op <= 4 && used != 0)
				abort();
			break;
		}
	}
	dbc_buf_free(&b);
	return 0;
}
