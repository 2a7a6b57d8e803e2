/* STROBE-128 and Merlin transcripts (merlin v1.0), as used by schnorrkel. */
#ifndef DBC_MERLIN_H
#define DBC_MERLIN_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint8_t st[200];
	uint8_t pos, pos_begin, cur_flags;
} dbc_strobe_t;

typedef struct {
	dbc_strobe_t strobe;
} dbc_merlin_t;

typedef struct {
	dbc_strobe_t strobe;
} dbc_merlin_rng_t;

/* STROBE-128 primitives (exposed for the conformance test). */
void dbc_strobe_init(dbc_strobe_t *s, const uint8_t *label, size_t len);
void dbc_strobe_meta_ad(dbc_strobe_t *s, const uint8_t *data, size_t len, int more);
void dbc_strobe_ad(dbc_strobe_t *s, const uint8_t *data, size_t len, int more);
void dbc_strobe_prf(dbc_strobe_t *s, uint8_t *out, size_t len, int more);
void dbc_strobe_key(dbc_strobe_t *s, const uint8_t *data, size_t len, int more);

void dbc_merlin_init(dbc_merlin_t *t, const uint8_t *label, size_t len);
void dbc_merlin_append(dbc_merlin_t *t, const uint8_t *label, size_t llen, const uint8_t *msg,
                       size_t mlen);
void dbc_merlin_challenge(dbc_merlin_t *t, const uint8_t *label, size_t llen, uint8_t *out,
                          size_t n);
/* Transcript RNG: build from a transcript copy, rekey with witnesses, finalize with 32 random
 * bytes, fill. */
void dbc_merlin_rng_init(dbc_merlin_rng_t *r, const dbc_merlin_t *t);
void dbc_merlin_rng_rekey(dbc_merlin_rng_t *r, const uint8_t *label, size_t llen,
                          const uint8_t *witness, size_t wlen);
void dbc_merlin_rng_finalize(dbc_merlin_rng_t *r, const uint8_t rand32[32]);
void dbc_merlin_rng_fill(dbc_merlin_rng_t *r, uint8_t *out, size_t n);
/* Wipe a transcript/rng holding secret-derived state. */
void dbc_merlin_wipe(void *p, size_t len);

#define DBC_LIT(s) (const uint8_t *)(s), (sizeof(s) - 1)

#endif
