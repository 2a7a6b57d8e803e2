/* The bare Keccak-f[1600] permutation (sign/keccak.h), which STROBE-128 / merlin and so every
 * sr25519 signature rest on.
 *  1. Known answers: the Keccak team's published intermediate values, XKCP
 *     TestVectors/KeccakF-1600-IntermediateValues.txt ("Example with the all-zero input" and
 *     "Example taking the previous output as input"): the state after permuting the all-zero
 *     state once, and after permuting that output once more, all 25 lanes.
 *  2. A differential test against ref_keccakf1600() below: a deliberately slow, loop-based
 *     permutation written straight from FIPS 202 section 3 (theta, rho, pi, chi, iota as
 *     Algorithms 1-4 and 6), which derives its rho offsets (Algorithm 2) and round constants
 *     (Algorithm 5, the rc() LFSR) itself instead of sharing tables with sign/keccak.c.
 *     It runs on every single-bit state, on the all-ones state, and on a few thousand
 *     pseudo-random states (fixed seed, so a failure reproduces), at an unaligned address too.
 * The reference is itself checked against the known answers, so the two cannot agree on a
 * wrong permutation. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sign/keccak.h"
#include "tests/unit/check.h"

/* XKCP KeccakF-1600-IntermediateValues.txt, "Same, with lanes as 64-bit words" of the second
 * example's input (= output of permuting the zero state), lanes in order x + 5y. */
static const uint64_t kat_zero_once[25] = {
	0xF1258F7940E1DDE7ULL, 0x84D5CCF933C0478AULL, 0xD598261EA65AA9EEULL,
	0xBD1547306F80494DULL, 0x8B284E056253D057ULL, 0xFF97A42D7F8E6FD4ULL,
	0x90FEE5A0A44647C4ULL, 0x8C5BDA0CD6192E76ULL, 0xAD30A6F71B19059CULL,
	0x30935AB7D08FFC64ULL, 0xEB5AA93F2317D635ULL, 0xA9A6E6260D712103ULL,
	0x81A57C16DBCF555FULL, 0x43B831CD0347C826ULL, 0x01F22F1A11A5569FULL,
	0x05E5635A21D9AE61ULL, 0x64BEFEF28CC970F2ULL, 0x613670957BC46611ULL,
	0xB87C5A554FD00ECBULL, 0x8C3EE88A1CCF32C8ULL, 0x940C7922AE3A2614ULL,
	0x1841F924A2C509E4ULL, 0x16F53526E70465C2ULL, 0x75F644E97F30A13BULL,
	0xEAF1FF7B5CECA249ULL,
};

/* Same file, second example, the lanes after round 23's iota (= its "State after permutation"). */
static const uint64_t kat_zero_twice[25] = {
	0x2D5C954DF96ECB3CULL, 0x6A332CD07057B56DULL, 0x093D8D1270D76B6CULL,
	0x8A20D9B25569D094ULL, 0x4F9C4F99E5E7F156ULL, 0xF957B9A2DA65FB38ULL,
	0x85773DAE1275AF0DULL, 0xFAF4F247C3D810F7ULL, 0x1F1B9EE6F79A8759ULL,
	0xE4FECC0FEE98B425ULL, 0x68CE61B6B9CE68A1ULL, 0xDEEA66C4BA8F974FULL,
	0x33C43D836EAFB1F5ULL, 0xE00654042719DBD9ULL, 0x7CF8A9F009831265ULL,
	0xFD5449A6BF174743ULL, 0x97DDAD33D8994B40ULL, 0x48EAD5FC5D0BE774ULL,
	0xE3B8C8EE55B7B03CULL, 0x91A0226E649E42E9ULL, 0x900E3129E7BADD7BULL,
	0x202A9EC5FAA3CCE8ULL, 0x5B3402464E1C3DB6ULL, 0x609F4E62A44C1059ULL,
	0x20D06CD26A8FBF5CULL,
};

/* Byte <-> lane conversion of the state, little-endian by construction (independent of the
 * host's byte order, unlike a memcpy). */
static uint64_t
lane_get(const uint8_t *st, int i)
{
	uint64_t v = 0;
	int k;

	for (k = 7; k >= 0; k--)
		v = v << 8 | st[8 * i + k];
	return v;
}

static void
lane_put(uint8_t *st, int i, uint64_t v)
{
	int k;

	for (k = 0; k < 8; k++)
		st[8 * i + k] = (uint8_t)(v >> (8 * k));
}

static uint64_t
ref_rotl(uint64_t v, unsigned n)
{
	n %= 64;
	return n == 0 ? v : (v << n | v >> (64 - n));
}

/* FIPS 202 Algorithm 5: rc(t), one output bit of a degree-8 LFSR (x^8 + x^6 + x^5 + x^4 + 1). */
static int
ref_rc_bit(int t)
{
	unsigned r = 1;	/* bit i holds R[i] */
	int i;

	for (i = 1; i <= t % 255; i++) {
		r <<= 1;		/* R = 0 || R: R[8] is now bit 8 */
		if (r & 0x100)
			r ^= 0x171;	/* R[0], R[4], R[5], R[6] ^= R[8]; truncate to 8 bits */
	}
	return (int)(r & 1);
}

/* FIPS 202 Algorithm 7 with b = 1600, nr = 24 (Keccak-f[1600] = Keccak-p[1600, 24]), on
 * lanes a[x][y]; every step is a plain loop over its definition. */
static void
ref_keccakf1600(uint8_t st[200])
{
	uint64_t a[5][5], b[5][5], c[5], d[5];
	int x, y, t, ir, j;

	for (x = 0; x < 5; x++)
		for (y = 0; y < 5; y++)
			a[x][y] = lane_get(st, x + 5 * y);
	for (ir = 0; ir < 24; ir++) {
		/* theta (Algorithm 1) */
		for (x = 0; x < 5; x++)
			c[x] = a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4];
		for (x = 0; x < 5; x++)
			d[x] = c[(x + 4) % 5] ^ ref_rotl(c[(x + 1) % 5], 1);
		for (x = 0; x < 5; x++)
			for (y = 0; y < 5; y++)
				a[x][y] ^= d[x];
		/* rho (Algorithm 2): offsets (t+1)(t+2)/2 along the (x, y) -> (y, 2x+3y) walk */
		x = 1;
		y = 0;
		for (t = 0; t < 24; t++) {
			int nx = y, ny = (2 * x + 3 * y) % 5;

			a[x][y] = ref_rotl(a[x][y], (unsigned)((t + 1) * (t + 2) / 2));
			x = nx;
			y = ny;
		}
		/* pi (Algorithm 3): A'[x][y] = A[(x + 3y) mod 5][x] */
		for (x = 0; x < 5; x++)
			for (y = 0; y < 5; y++)
				b[x][y] = a[(x + 3 * y) % 5][x];
		/* chi (Algorithm 4) */
		for (x = 0; x < 5; x++)
			for (y = 0; y < 5; y++)
				a[x][y] = b[x][y] ^ (~b[(x + 1) % 5][y] & b[(x + 2) % 5][y]);
		/* iota (Algorithm 6): RC bit 2^j - 1 = rc(j + 7 ir) */
		for (j = 0; j <= 6; j++)
			a[0][0] ^= (uint64_t)ref_rc_bit(j + 7 * ir) << ((1u << j) - 1);
	}
	for (x = 0; x < 5; x++)
		for (y = 0; y < 5; y++)
			lane_put(st, x + 5 * y, a[x][y]);
}

/* Index of the first lane of st that differs from want, or -1. */
static int
first_bad_lane(const uint8_t st[200], const uint64_t want[25])
{
	int i;

	for (i = 0; i < 25; i++)
		if (lane_get(st, i) != want[i])
			return i;
	return -1;
}

static void
test_known_answers(void (*perm)(uint8_t *), const char *who)
{
	uint8_t st[200];
	int bad;

	memset(st, 0, sizeof(st));
	perm(st);
	bad = first_bad_lane(st, kat_zero_once);
	CHECK(bad < 0, "%s: F(0) differs from XKCP at lane %d", who, bad);
	/* the byte order of the contract: lane 0 = 0xF1258F7940E1DDE7 is stored E7 DD E1 40 ... */
	CHECK_HEX(st, 16, "e7dde140798f25f18a47c033f9ccd584", "F(0) first bytes");
	perm(st);
	bad = first_bad_lane(st, kat_zero_twice);
	CHECK(bad < 0, "%s: F(F(0)) differs from XKCP at lane %d", who, bad);
	CHECK_HEX(st + 184, 16, "59104ca4624e9f605cbf8f6ad26cd020", "F(F(0)) bytes 184..199");
}

/* splitmix64: a fixed, reproducible stream for the random states (not for secrets). */
static uint64_t
next_u64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Permute a copy of st with both implementations (ours at buf, which may be unaligned);
 * returns 1 when they agree. */
static int
agrees(const uint8_t st[200], uint8_t *buf)
{
	uint8_t want[200];

	memcpy(want, st, 200);
	memcpy(buf, st, 200);
	ref_keccakf1600(want);
	dbc_keccakf1600(buf);
	return memcmp(want, buf, 200) == 0;
}

#define RANDOM_STATES 3000

static void
test_differential(void)
{
	/* 8-byte aligned storage; buf + 1 exercises an unaligned caller buffer */
	uint64_t storage[26];
	uint8_t *aligned = (uint8_t *)storage, *unaligned = (uint8_t *)storage + 1;
	uint8_t st[200];
	uint64_t seed = 0x6462637369676e31ULL;	/* "dbcsign1" */
	int i, k, bad_bit = -1, bad_rand = -1, bad_chain = -1;

	/* every single-bit state: each output lane depends on the rotation and position of
	 * every input lane, so a wrong rho offset or pi index shows up here */
	for (i = 0; i < 1600 && bad_bit < 0; i++) {
		memset(st, 0, sizeof(st));
		st[i / 8] = (uint8_t)(1u << (i % 8));
		if (!agrees(st, aligned))
			bad_bit = i;
	}
	CHECK(bad_bit < 0, "keccak-f vs FIPS 202 reference: single-bit state, bit %d", bad_bit);

	memset(st, 0xff, sizeof(st));
	CHECK(agrees(st, aligned), "keccak-f vs FIPS 202 reference: all-ones state");

	for (i = 0; i < RANDOM_STATES && bad_rand < 0; i++) {
		for (k = 0; k < 25; k++)
			lane_put(st, k, next_u64(&seed));
		if (!agrees(st, (i & 1) ? unaligned : aligned))
			bad_rand = i;
	}
	CHECK(bad_rand < 0, "keccak-f vs FIPS 202 reference: random state %d of %d", bad_rand,
	      RANDOM_STATES);

	/* a chain of permutations, as STROBE runs them: the outputs of ours feed ours */
	memcpy(aligned, st, 200);
	for (i = 0; i < 200 && bad_chain < 0; i++) {
		ref_keccakf1600(st);
		dbc_keccakf1600(aligned);
		if (memcmp(st, aligned, 200) != 0)
			bad_chain = i;
	}
	CHECK(bad_chain < 0, "keccak-f vs FIPS 202 reference: chained, step %d", bad_chain);
}

static void
perm_ours(uint8_t *st)
{
	dbc_keccakf1600(st);
}

static void
perm_ref(uint8_t *st)
{
	ref_keccakf1600(st);
}

int
main(void)
{
	check_init("test_keccak");
	/* the oracle first: it must reproduce the published values on its own */
	test_known_answers(perm_ref, "reference");
	test_known_answers(perm_ours, "dbc_keccakf1600");
	test_differential();
	return check_done();
}
