/* Keccak-f[1600] (FIPS 202 permutation, 24 rounds) for STROBE-128 / merlin.
 * Written from the FIPS 202 description: lane A[x][y] is the little-endian u64 at
 * st[8*(x+5y)]. Data-independent control flow only (the state can hold secrets). */
#include <stdint.h>
#include <sodium.h>

#include "sign/keccak.h"

static const uint64_t keccak_rc[24] = {
	0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL,
	0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL,
	0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL,
	0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
	0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
	0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
	0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
	0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

#define ROL64(v, n) (((v) << (n)) | ((v) >> (64 - (n))))

static uint64_t
load64_le(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	       (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static void
store64_le(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void
dbc_keccakf1600(uint8_t state[200])
{
	/* a[x + 5y]; names below follow that index. */
	uint64_t a[25], b[25], c[5], d[5];
	int i, round;

	for (i = 0; i < 25; i++)
		a[i] = load64_le(state + 8 * i);

	for (round = 0; round < 24; round++) {
		/* theta */
		for (i = 0; i < 5; i++)
			c[i] = a[i] ^ a[i + 5] ^ a[i + 10] ^ a[i + 15] ^ a[i + 20];
		for (i = 0; i < 5; i++)
			d[i] = c[(i + 4) % 5] ^ ROL64(c[(i + 1) % 5], 1);
		for (i = 0; i < 25; i++)
			a[i] ^= d[i % 5];

		/* rho and pi: B[y][2x+3y] = ROT(A[x][y], r[x][y]); written out so the
		 * rotation counts are compile-time constants. */
		b[0] = a[0];
		b[10] = ROL64(a[1], 1);
		b[20] = ROL64(a[2], 62);
		b[5] = ROL64(a[3], 28);
		b[15] = ROL64(a[4], 27);
		b[16] = ROL64(a[5], 36);
		b[1] = ROL64(a[6], 44);
		b[11] = ROL64(a[7], 6);
		b[21] = ROL64(a[8], 55);
		b[6] = ROL64(a[9], 20);
		b[7] = ROL64(a[10], 3);
		b[17] = ROL64(a[11], 10);
		b[2] = ROL64(a[12], 43);
		b[12] = ROL64(a[13], 25);
		b[22] = ROL64(a[14], 39);
		b[23] = ROL64(a[15], 41);
		b[8] = ROL64(a[16], 45);
		b[18] = ROL64(a[17], 15);
		b[3] = ROL64(a[18], 21);
		b[13] = ROL64(a[19], 8);
		b[14] = ROL64(a[20], 18);
		b[24] = ROL64(a[21], 2);
		b[9] = ROL64(a[22], 61);
		b[19] = ROL64(a[23], 56);
		b[4] = ROL64(a[24], 14);

		/* chi, row by row */
		for (i = 0; i < 25; i += 5) {
			a[i + 0] = b[i + 0] ^ (~b[i + 1] & b[i + 2]);
			a[i + 1] = b[i + 1] ^ (~b[i + 2] & b[i + 3]);
			a[i + 2] = b[i + 2] ^ (~b[i + 3] & b[i + 4]);
			a[i + 3] = b[i + 3] ^ (~b[i + 4] & b[i + 0]);
			a[i + 4] = b[i + 4] ^ (~b[i + 0] & b[i + 1]);
		}

		/* iota */
		a[0] ^= keccak_rc[round];
	}

	for (i = 0; i < 25; i++)
		store64_le(state + 8 * i, a[i]);
	/* The lanes mirror a state that may be secret (transcript RNG). */
	sodium_memzero(a, sizeof(a));
	sodium_memzero(b, sizeof(b));
	sodium_memzero(c, sizeof(c));
	sodium_memzero(d, sizeof(d));
}
