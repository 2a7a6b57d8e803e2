/* SHA-512 compression on 64-bit words, written from FIPS 180-4 sections 4.1.3, 4.2.3, 5.3.5
 * and 6.4.2 (see sign/sha512.h). The 80 rounds are unrolled in groups of eight, so the
 * working variables a..h rotate by renaming instead of by moves, and the message schedule
 * is a rolling window of 16 words (W[t] overwrites W[t-16] in place). */
#include "sign/sha512.h"

/* FIPS 180-4 section 4.2.3: the first 64 bits of the fractional parts of the cube roots of
 * the first 80 primes (generated from that definition with integer cube roots, and equal to
 * the table printed in the standard). */
static const uint64_t k512[80] = {
	0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
	0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
	0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
	0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
	0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
	0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
	0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
	0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
	0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
	0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
	0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
	0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
	0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
	0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
	0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
	0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
	0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
	0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
	0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
	0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

void
dbc_sha512_init(uint64_t h[8])
{
	/* section 5.3.5: the first 64 bits of the fractional parts of the square roots of the
	 * first eight primes */
	h[0] = 0x6a09e667f3bcc908ULL;
	h[1] = 0xbb67ae8584caa73bULL;
	h[2] = 0x3c6ef372fe94f82bULL;
	h[3] = 0xa54ff53a5f1d36f1ULL;
	h[4] = 0x510e527fade682d1ULL;
	h[5] = 0x9b05688c2b3e6c1fULL;
	h[6] = 0x1f83d9abfb41bd6bULL;
	h[7] = 0x5be0cd19137e2179ULL;
}

/* Section 4.1.3, factored so that each function is one register copy, three rotates and
 * two XORs (rotation distributes over XOR: ROTR28(x ^ ROTR6(x ^ ROTR5(x))) = ROTR28(x) ^
 * ROTR34(x) ^ ROTR39(x)). x86-64 without BMI2 has only a destructive rotate, so the
 * textbook form needs a copy per rotate; the factored one measured about 10% faster. */
#define ROTR(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define BSIG0(x) ROTR((x) ^ ROTR((x) ^ ROTR((x), 5), 6), 28)        /* 28, 34, 39 */
#define BSIG1(x) ROTR((x) ^ ROTR((x) ^ ROTR((x), 23), 4), 14)       /* 14, 18, 41 */
#define SSIG0(x) (ROTR((x) ^ ROTR((x), 7), 1) ^ ((x) >> 7))         /* 1, 8; 7 */
#define SSIG1(x) (ROTR((x) ^ ROTR((x), 42), 19) ^ ((x) >> 6))       /* 19, 61; 6 */
/* Ch(x, y, z) with one operation fewer than the textbook form, same truth table. */
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))

/* Section 6.4.2 step 1 for t >= 16, in the window: w[t mod 16] holds W[t-16] and becomes W[t]. */
#define W_SCHED(t) (w[(t) & 15] += SSIG1(w[((t) - 2) & 15]) + w[((t) - 7) & 15] + \
                    SSIG0(w[((t) - 15) & 15]))
#define W_BLOCK(t) (w[(t)])

/* Step 3, one round t. Instead of shifting h<-g<-...<-a, the caller renames: the next round
 * is called with the arguments rotated right by one. Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c))
 * (if a = b the majority is b, otherwise it is c), and this round's a ^ b is the next
 * round's b ^ c, so the rounds pass it along in `ab`/`bc` (two variables, swapped by the
 * caller like the working variables). */
#define ROUND(a, b, c, d, e, f, g, h, t, W, ab, bc) do { \
	uint64_t t1_ = (h) + BSIG1(e) + CH((e), (f), (g)) + k512[(t)] + W(t); \
	(d) += t1_; \
	(ab) = (a) ^ (b); \
	(h) = t1_ + BSIG0(a) + ((b) ^ ((ab) & (bc))); \
} while (0)

#define ROUND8(t, W) do { \
	ROUND(a, b, c, d, e, f, g, h, (t) + 0, W, x, y); \
	ROUND(h, a, b, c, d, e, f, g, (t) + 1, W, y, x); \
	ROUND(g, h, a, b, c, d, e, f, (t) + 2, W, x, y); \
	ROUND(f, g, h, a, b, c, d, e, (t) + 3, W, y, x); \
	ROUND(e, f, g, h, a, b, c, d, (t) + 4, W, x, y); \
	ROUND(d, e, f, g, h, a, b, c, (t) + 5, W, y, x); \
	ROUND(c, d, e, f, g, h, a, b, (t) + 6, W, x, y); \
	ROUND(b, c, d, e, f, g, h, a, (t) + 7, W, y, x); \
} while (0)

/* out := in + the 80 rounds over the schedule whose first 16 words are in w. Inlined into
 * both callers so that the constant padding words of compress_hmac64 fold into the code. */
static inline __attribute__((always_inline)) void
sha512_rounds(uint64_t out[8], const uint64_t in[8], uint64_t *restrict w)
{
	uint64_t a = in[0], b = in[1], c = in[2], d = in[3];
	uint64_t e = in[4], f = in[5], g = in[6], h = in[7];
	uint64_t x, y = b ^ c;          /* a ^ b of this round, b ^ c of the next */

	ROUND8(0, W_BLOCK);
	ROUND8(8, W_BLOCK);
	ROUND8(16, W_SCHED);
	ROUND8(24, W_SCHED);
	ROUND8(32, W_SCHED);
	ROUND8(40, W_SCHED);
	ROUND8(48, W_SCHED);
	ROUND8(56, W_SCHED);
	ROUND8(64, W_SCHED);
	ROUND8(72, W_SCHED);
	/* step 4 */
	out[0] = in[0] + a;
	out[1] = in[1] + b;
	out[2] = in[2] + c;
	out[3] = in[3] + d;
	out[4] = in[4] + e;
	out[5] = in[5] + f;
	out[6] = in[6] + g;
	out[7] = in[7] + h;
}

void
dbc_sha512_compress(uint64_t h[8], const uint64_t block[16], uint64_t *restrict w)
{
	int i;

	for (i = 0; i < 16; i++)
		w[i] = block[i];
	sha512_rounds(h, h, w);
}

void
dbc_sha512_compress_hmac64(uint64_t out[8], const uint64_t h[8], const uint64_t m[8],
                           uint64_t *restrict w)
{
	int i;

	/* spelled out: as a loop, GCC makes this a call to memcpy */
	w[0] = m[0];
	w[1] = m[1];
	w[2] = m[2];
	w[3] = m[3];
	w[4] = m[4];
	w[5] = m[5];
	w[6] = m[6];
	w[7] = m[7];
	/* section 5.1.2 padding of a 192-byte message: a 1 bit, zeros, and the 128-bit length
	 * 192 * 8 = 1536 */
	w[8] = 0x8000000000000000ULL;
	for (i = 9; i < 15; i++)
		w[i] = 0;
	w[15] = 192 * 8;
	sha512_rounds(out, h, w);
}

void
dbc_sha512_load_be(uint64_t *w, const uint8_t *in, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		uint64_t v = 0;

		for (k = 0; k < 8; k++)
			v = (v << 8) | in[8 * i + (size_t)k];
		w[i] = v;
	}
}

void
dbc_sha512_store_be(uint8_t *out, const uint64_t *w, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++)
		for (k = 0; k < 8; k++)
			out[8 * i + (size_t)k] = (uint8_t)(w[i] >> (56 - 8 * k));
}
