/* STROBE-128 (the subset merlin uses) and Merlin v1.0 transcripts + transcript RNG.
 * Follows the operation semantics documented in substrate-crypto.md §A3 (dalek merlin
 * strobe.rs/transcript.rs): R = 166, flags I/A/C/T/M/K, meta_ad = M|A, ad = A,
 * prf = I|A|C, key = A|C. Control flow depends only on lengths, never on data. */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sign/keccak.h"
#include "sign/merlin.h"

#define STROBE_R 166

#define FLAG_I 1
#define FLAG_A 2
#define FLAG_C 4
#define FLAG_T 8
#define FLAG_M 16
#define FLAG_K 32

static void
strobe_run_f(dbc_strobe_t *s)
{
	s->st[s->pos] ^= s->pos_begin;
	s->st[s->pos + 1] ^= 0x04;
	s->st[STROBE_R + 1] ^= 0x80;
	dbc_keccakf1600(s->st);
	s->pos = 0;
	s->pos_begin = 0;
}

static void
strobe_absorb(dbc_strobe_t *s, const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		s->st[s->pos] ^= data[i];
		if (++s->pos == STROBE_R)
			strobe_run_f(s);
	}
}

static void
strobe_overwrite(dbc_strobe_t *s, const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		s->st[s->pos] = data[i];
		if (++s->pos == STROBE_R)
			strobe_run_f(s);
	}
}

static void
strobe_squeeze(dbc_strobe_t *s, uint8_t *out, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[i] = s->st[s->pos];
		s->st[s->pos] = 0;
		if (++s->pos == STROBE_R)
			strobe_run_f(s);
	}
}

/* A continued operation ("more") must carry the same flags; merlin panics otherwise. All
 * callers in this project pass constant flags, so a mismatch is a programming error that
 * we cannot report from a void API; the continuation is simply applied. */
static void
strobe_begin_op(dbc_strobe_t *s, uint8_t flags, int more)
{
	uint8_t hdr[2];

	if (more)
		return;
	hdr[0] = s->pos_begin;
	hdr[1] = flags;
	s->pos_begin = (uint8_t)(s->pos + 1);
	s->cur_flags = flags;
	strobe_absorb(s, hdr, sizeof(hdr));
	if ((flags & (FLAG_C | FLAG_K)) != 0 && s->pos != 0)
		strobe_run_f(s);
}

void
dbc_strobe_init(dbc_strobe_t *s, const uint8_t *label, size_t len)
{
	static const uint8_t head[6] = { 1, STROBE_R + 2, 1, 0, 1, 96 };

	memset(s, 0, sizeof(*s));
	memcpy(s->st, head, sizeof(head));
	memcpy(s->st + 6, "STROBEv1.0.2", 12);
	dbc_keccakf1600(s->st);
	s->pos = s->pos_begin = s->cur_flags = 0;
	dbc_strobe_meta_ad(s, label, len, 0);
}

void
dbc_strobe_meta_ad(dbc_strobe_t *s, const uint8_t *data, size_t len, int more)
{
	strobe_begin_op(s, FLAG_M | FLAG_A, more);
	strobe_absorb(s, data, len);
}

void
dbc_strobe_ad(dbc_strobe_t *s, const uint8_t *data, size_t len, int more)
{
	strobe_begin_op(s, FLAG_A, more);
	strobe_absorb(s, data, len);
}

void
dbc_strobe_prf(dbc_strobe_t *s, uint8_t *out, size_t len, int more)
{
	strobe_begin_op(s, FLAG_I | FLAG_A | FLAG_C, more);
	strobe_squeeze(s, out, len);
}

void
dbc_strobe_key(dbc_strobe_t *s, const uint8_t *data, size_t len, int more)
{
	strobe_begin_op(s, FLAG_A | FLAG_C, more);
	strobe_overwrite(s, data, len);
}

/* Merlin encodes lengths as u32 LE; every length here is far below 2^32 (callers pass
 * buffers they hold in memory, and sign/ caps messages well below that). */
static void
le32(uint8_t out[4], size_t n)
{
	out[0] = (uint8_t)n;
	out[1] = (uint8_t)(n >> 8);
	out[2] = (uint8_t)(n >> 16);
	out[3] = (uint8_t)(n >> 24);
}

void
dbc_merlin_init(dbc_merlin_t *t, const uint8_t *label, size_t len)
{
	dbc_strobe_init(&t->strobe, DBC_LIT("Merlin v1.0"));
	dbc_merlin_append(t, DBC_LIT("dom-sep"), label, len);
}

void
dbc_merlin_append(dbc_merlin_t *t, const uint8_t *label, size_t llen, const uint8_t *msg,
                  size_t mlen)
{
	uint8_t n[4];

	le32(n, mlen);
	dbc_strobe_meta_ad(&t->strobe, label, llen, 0);
	dbc_strobe_meta_ad(&t->strobe, n, sizeof(n), 1);
	dbc_strobe_ad(&t->strobe, msg, mlen, 0);
}

void
dbc_merlin_challenge(dbc_merlin_t *t, const uint8_t *label, size_t llen, uint8_t *out, size_t n)
{
	uint8_t nb[4];

	le32(nb, n);
	dbc_strobe_meta_ad(&t->strobe, label, llen, 0);
	dbc_strobe_meta_ad(&t->strobe, nb, sizeof(nb), 1);
	dbc_strobe_prf(&t->strobe, out, n, 0);
}

void
dbc_merlin_rng_init(dbc_merlin_rng_t *r, const dbc_merlin_t *t)
{
	memcpy(&r->strobe, &t->strobe, sizeof(r->strobe));
}

void
dbc_merlin_rng_rekey(dbc_merlin_rng_t *r, const uint8_t *label, size_t llen,
                     const uint8_t *witness, size_t wlen)
{
	uint8_t n[4];

	le32(n, wlen);
	dbc_strobe_meta_ad(&r->strobe, label, llen, 0);
	dbc_strobe_meta_ad(&r->strobe, n, sizeof(n), 1);
	dbc_strobe_key(&r->strobe, witness, wlen, 0);
}

void
dbc_merlin_rng_finalize(dbc_merlin_rng_t *r, const uint8_t rand32[32])
{
	dbc_strobe_meta_ad(&r->strobe, DBC_LIT("rng"), 0);
	dbc_strobe_key(&r->strobe, rand32, 32, 0);
}

void
dbc_merlin_rng_fill(dbc_merlin_rng_t *r, uint8_t *out, size_t n)
{
	uint8_t nb[4];

	le32(nb, n);
	dbc_strobe_meta_ad(&r->strobe, nb, sizeof(nb), 0);
	dbc_strobe_prf(&r->strobe, out, n, 0);
}

void
dbc_merlin_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}
