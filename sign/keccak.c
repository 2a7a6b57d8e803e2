/* Keccak-f[1600] (FIPS 202 permutation, 24 rounds) for STROBE-128 / merlin.
 * Written from the FIPS 202 description: lane A[x][y] is the little-endian u64 at
 * st[8*(x+5y)]; the local aNN / bNN hold lane x + 5y. The round is written out in full
 * (theta, rho+pi into b, chi back into a, iota) so every lane stays in a register and
 * every rotation count is a constant: merlin runs 4 to 7 permutations per sr25519
 * signature or verification, so this function is on the hot path.
 * Control flow never depends on data (the state can hold secrets). The lanes live in
 * registers and stack slots of this frame only; the 200-byte state itself belongs to the
 * caller, which wipes it (dbc_merlin_wipe). */
#include <stdint.h>

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
	uint64_t a00, a01, a02, a03, a04, a05, a06, a07, a08, a09, a10, a11, a12;
	uint64_t a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24;
	uint64_t b00, b01, b02, b03, b04, b05, b06, b07, b08, b09, b10, b11, b12;
	uint64_t b13, b14, b15, b16, b17, b18, b19, b20, b21, b22, b23, b24;
	uint64_t c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;
	int round;

	a00 = load64_le(state + 0);
	a01 = load64_le(state + 8);
	a02 = load64_le(state + 16);
	a03 = load64_le(state + 24);
	a04 = load64_le(state + 32);
	a05 = load64_le(state + 40);
	a06 = load64_le(state + 48);
	a07 = load64_le(state + 56);
	a08 = load64_le(state + 64);
	a09 = load64_le(state + 72);
	a10 = load64_le(state + 80);
	a11 = load64_le(state + 88);
	a12 = load64_le(state + 96);
	a13 = load64_le(state + 104);
	a14 = load64_le(state + 112);
	a15 = load64_le(state + 120);
	a16 = load64_le(state + 128);
	a17 = load64_le(state + 136);
	a18 = load64_le(state + 144);
	a19 = load64_le(state + 152);
	a20 = load64_le(state + 160);
	a21 = load64_le(state + 168);
	a22 = load64_le(state + 176);
	a23 = load64_le(state + 184);
	a24 = load64_le(state + 192);

	for (round = 0; round < 24; round++) {
		/* theta: column parities c, mixing terms d */
		c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
		c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
		c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
		c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
		c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
		d0 = c4 ^ ROL64(c1, 1);
		d1 = c0 ^ ROL64(c2, 1);
		d2 = c1 ^ ROL64(c3, 1);
		d3 = c2 ^ ROL64(c4, 1);
		d4 = c3 ^ ROL64(c0, 1);
		/* theta applied, then rho (rotate) and pi (B[y][2x+3y] = A[x][y]) */
		b00 = a00 ^ d0;
		b10 = ROL64(a01 ^ d1, 1);
		b20 = ROL64(a02 ^ d2, 62);
		b05 = ROL64(a03 ^ d3, 28);
		b15 = ROL64(a04 ^ d4, 27);
		b16 = ROL64(a05 ^ d0, 36);
		b01 = ROL64(a06 ^ d1, 44);
		b11 = ROL64(a07 ^ d2, 6);
		b21 = ROL64(a08 ^ d3, 55);
		b06 = ROL64(a09 ^ d4, 20);
		b07 = ROL64(a10 ^ d0, 3);
		b17 = ROL64(a11 ^ d1, 10);
		b02 = ROL64(a12 ^ d2, 43);
		b12 = ROL64(a13 ^ d3, 25);
		b22 = ROL64(a14 ^ d4, 39);
		b23 = ROL64(a15 ^ d0, 41);
		b08 = ROL64(a16 ^ d1, 45);
		b18 = ROL64(a17 ^ d2, 15);
		b03 = ROL64(a18 ^ d3, 21);
		b13 = ROL64(a19 ^ d4, 8);
		b14 = ROL64(a20 ^ d0, 18);
		b24 = ROL64(a21 ^ d1, 2);
		b09 = ROL64(a22 ^ d2, 61);
		b19 = ROL64(a23 ^ d3, 56);
		b04 = ROL64(a24 ^ d4, 14);
		/* chi along rows, then iota */
		a00 = b00 ^ (~b01 & b02);
		a01 = b01 ^ (~b02 & b03);
		a02 = b02 ^ (~b03 & b04);
		a03 = b03 ^ (~b04 & b00);
		a04 = b04 ^ (~b00 & b01);
		a05 = b05 ^ (~b06 & b07);
		a06 = b06 ^ (~b07 & b08);
		a07 = b07 ^ (~b08 & b09);
		a08 = b08 ^ (~b09 & b05);
		a09 = b09 ^ (~b05 & b06);
		a10 = b10 ^ (~b11 & b12);
		a11 = b11 ^ (~b12 & b13);
		a12 = b12 ^ (~b13 & b14);
		a13 = b13 ^ (~b14 & b10);
		a14 = b14 ^ (~b10 & b11);
		a15 = b15 ^ (~b16 & b17);
		a16 = b16 ^ (~b17 & b18);
		a17 = b17 ^ (~b18 & b19);
		a18 = b18 ^ (~b19 & b15);
		a19 = b19 ^ (~b15 & b16);
		a20 = b20 ^ (~b21 & b22);
		a21 = b21 ^ (~b22 & b23);
		a22 = b22 ^ (~b23 & b24);
		a23 = b23 ^ (~b24 & b20);
		a24 = b24 ^ (~b20 & b21);
		a00 ^= keccak_rc[round];
	}

	store64_le(state + 0, a00);
	store64_le(state + 8, a01);
	store64_le(state + 16, a02);
	store64_le(state + 24, a03);
	store64_le(state + 32, a04);
	store64_le(state + 40, a05);
	store64_le(state + 48, a06);
	store64_le(state + 56, a07);
	store64_le(state + 64, a08);
	store64_le(state + 72, a09);
	store64_le(state + 80, a10);
	store64_le(state + 88, a11);
	store64_le(state + 96, a12);
	store64_le(state + 104, a13);
	store64_le(state + 112, a14);
	store64_le(state + 120, a15);
	store64_le(state + 128, a16);
	store64_le(state + 136, a17);
	store64_le(state + 144, a18);
	store64_le(state + 152, a19);
	store64_le(state + 160, a20);
	store64_le(state + 168, a21);
	store64_le(state + 176, a22);
	store64_le(state + 184, a23);
	store64_le(state + 192, a24);
}
