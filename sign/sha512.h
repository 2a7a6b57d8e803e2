/* SHA-512 compression function (FIPS 180-4 section 6.4.2) on 64-bit words, internal to sign/.
 * It exists for PBKDF2-HMAC-SHA512 (sign/hash.c): each iteration hashes a 64-byte value with
 * fixed padding, so working on words avoids the byte conversions, padding and state copies of
 * the general update/final API. Everything else hashes through libsodium.
 *
 * Words are the big-endian reading of the message bytes (FIPS 180-4 section 3.1). Nothing here
 * branches on or indexes by data. The functions take the caller's 16-word message-schedule
 * scratch `w`: afterwards it holds data-derived words, and the caller wipes it once when done
 * instead of paying for a wipe on every block. The compiler also spills working variables
 * to the callee's own stack frame, which no C code can wipe: a caller hashing secrets
 * overwrites the stack below its frame afterwards (sign/hash.c scrub_stack_below). */
#ifndef DBC_SHA512_H
#define DBC_SHA512_H
#include <stddef.h>
#include <stdint.h>

/* FIPS 180-4 section 5.3.5: H(0). */
void dbc_sha512_init(uint64_t h[8]);
/* h := h + compress(h, block), block = one 128-byte message block as 16 words. */
void dbc_sha512_compress(uint64_t h[8], const uint64_t block[16], uint64_t *restrict w);
/* out := h + compress(h, m[0..7] || 0x80 00.. || 1536): the final block of a 192-byte message,
 * i.e. of an HMAC-SHA512 inner or outer hash of a 64-byte value once h has absorbed the
 * 128-byte key block. out may be h or m. */
void dbc_sha512_compress_hmac64(uint64_t out[8], const uint64_t h[8], const uint64_t m[8],
                                uint64_t *restrict w);
/* n big-endian 8-byte groups of `in` <-> words. */
void dbc_sha512_load_be(uint64_t *w, const uint8_t *in, size_t n);
void dbc_sha512_store_be(uint8_t *out, const uint64_t *w, size_t n);

#endif
