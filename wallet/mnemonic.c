/* Substrate flavour of BIP39 (paritytech/substrate-bip39; spec substrate-crypto.md A1).
 *
 * The phrase only encodes entropy: Substrate's mini-secret is PBKDF2 over the *entropy bytes*,
 * not over the normalised phrase as in plain BIP39. Word lookups binary-search the generated
 * table; that leaks timing about which words were typed, which we accept (the phrase is
 * already in this process' memory and nothing remote can time us). */
#include <string.h>
#include <sodium.h>

#include "sign/hash.h"
#include "wallet/mnemonic.h"
#include "wallet/secmem.h"

#define MAX_WORDS 24
#define BITS_BYTES 33 /* 24 words * 11 bits = 264 bits */
#define PBKDF2_ROUNDS 2048
#define SALT_PREFIX "mnemonic"
#define SALT_PREFIX_LEN 8

static int
is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int
valid_word_count(size_t n)
{
	return n == 12 || n == 15 || n == 18 || n == 21 || n == 24;
}

const char *
dbc_bip39_word(unsigned i)
{
	if (i >= DBC_BIP39_WORDS)
		return NULL;
	return dbc_bip39_english[i];
}

/* Byte order comparison of the list entry with w[0..len). */
static int
word_cmp(const char *entry, const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < len && entry[i] != '\0'; i++) {
		if ((unsigned char)entry[i] != (unsigned char)w[i])
			return (unsigned char)entry[i] < (unsigned char)w[i] ? -1 : 1;
	}
	if (i == len)
		return entry[i] == '\0' ? 0 : 1;
	return -1; /* entry is a proper prefix of w */
}

int
dbc_bip39_index(const char *w, size_t len)
{
	int lo = 0, hi = DBC_BIP39_WORDS - 1;

	if (len == 0 || len > DBC_BIP39_WORD_MAX)
		return -1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = word_cmp(dbc_bip39_english[mid], w, len);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void
bits_put11(uint8_t *bits, size_t pos, unsigned v)
{
	size_t k;

	for (k = 0; k < 11; k++) {
		unsigned bit = (v >> (10 - k)) & 1u;
		size_t p = pos + k;

		bits[p / 8] |= (uint8_t)(bit << (7 - p % 8));
	}
}

static unsigned
bits_get11(const uint8_t *bits, size_t pos)
{
	unsigned v = 0;
	size_t k;

	for (k = 0; k < 11; k++) {
		size_t p = pos + k;

		v = (v << 1) | ((bits[p / 8] >> (7 - p % 8)) & 1u);
	}
	return v;
}

/* Next whitespace-separated word at or after *pos; 0 at the end. */
static int
next_word(const char *s, size_t len, size_t *pos, const char **w, size_t *wlen)
{
	size_t i = *pos, start;

	while (i < len && is_ascii_space(s[i]))
		i++;
	if (i == len) {
		*pos = i;
		return 0;
	}
	start = i;
	while (i < len && !is_ascii_space(s[i]))
		i++;
	*w = s + start;
	*wlen = i - start;
	*pos = i;
	return 1;
}

int
dbc_mnemonic_to_entropy(uint8_t entropy[32], size_t *entlen, const char *phrase, size_t len)
{
	uint8_t bits[BITS_BYTES];
	uint8_t hash[32];
	size_t pos = 0, nwords = 0, wlen, entbytes, csbits;
	const char *w;
	int r = DBC_OK;

	*entlen = 0;
	sodium_memzero(entropy, 32);
	if (phrase == NULL)
		return DBC_ERR_MNEMONIC_LENGTH;
	/* rust-bip39 checks the word count before looking words up. */
	while (nwords <= MAX_WORDS && next_word(phrase, len, &pos, &w, &wlen))
		nwords++;
	if (!valid_word_count(nwords))
		return DBC_ERR_MNEMONIC_LENGTH;

	memset(bits, 0, sizeof(bits));
	pos = 0;
	for (size_t i = 0; i < nwords; i++) {
		int idx;

		if (!next_word(phrase, len, &pos, &w, &wlen) || (idx = dbc_bip39_index(w, wlen)) < 0) {
			r = DBC_ERR_MNEMONIC_WORD;
			goto out;
		}
		bits_put11(bits, i * 11, (unsigned)idx);
	}
	entbytes = nwords * 4 / 3; /* ENT = words * 32 / 3 bits */
	csbits = nwords / 3;       /* CS = ENT / 32 */
	dbc_sha256(hash, bits, entbytes);
	if ((hash[0] >> (8 - csbits)) != (bits[entbytes] >> (8 - csbits))) {
		r = DBC_ERR_MNEMONIC_CHECKSUM;
		goto out;
	}
	memcpy(entropy, bits, entbytes);
	*entlen = entbytes;
out:
	sodium_memzero(bits, sizeof(bits));
	sodium_memzero(hash, sizeof(hash));
	return r;
}

int
dbc_mnemonic_from_entropy(char *out, size_t cap, const uint8_t *entropy, size_t entlen)
{
	uint8_t bits[BITS_BYTES];
	uint8_t hash[32];
	size_t nwords, o = 0;
	int r = DBC_OK;

	if (cap > 0)
		out[0] = '\0';
	if (entlen < 16 || entlen > 32 || entlen % 4 != 0)
		return DBC_ERR_LENGTH;
	nwords = entlen * 3 / 4;
	memset(bits, 0, sizeof(bits));
	memcpy(bits, entropy, entlen);
	dbc_sha256(hash, entropy, entlen);
	bits[entlen] = hash[0]; /* the checksum bits (at most 8) follow the entropy */
	for (size_t i = 0; i < nwords; i++) {
		const char *word = dbc_bip39_english[bits_get11(bits, i * 11)];
		size_t wl = strlen(word);

		if (o + (i > 0) + wl + 1 > cap) {
			r = DBC_ERR_LENGTH;
			break;
		}
		if (i > 0)
			out[o++] = ' ';
		memcpy(out + o, word, wl);
		o += wl;
		out[o] = '\0';
	}
	if (r != DBC_OK && cap > 0)
		sodium_memzero(out, cap);
	sodium_memzero(bits, sizeof(bits));
	sodium_memzero(hash, sizeof(hash));
	return r;
}

int
dbc_mnemonic_generate(char *out, size_t cap, unsigned words)
{
	uint8_t entropy[32];
	size_t entlen;
	int r;

	if (cap > 0)
		out[0] = '\0';
	if (!valid_word_count(words))
		return DBC_ERR_MNEMONIC_LENGTH;
	entlen = (size_t)words * 4 / 3;
	randombytes_buf(entropy, entlen);
	r = dbc_mnemonic_from_entropy(out, cap, entropy, entlen);
	sodium_memzero(entropy, sizeof(entropy));
	return r;
}

int
dbc_entropy_to_mini_secret(uint8_t mini[32], const uint8_t *entropy, size_t entlen,
                           const char *password, size_t pwlen)
{
	uint8_t seed[64];
	uint8_t *salt;
	int r;

	sodium_memzero(mini, 32);
	if (entlen < 16 || entlen > 32 || entlen % 4 != 0)
		return DBC_ERR_LENGTH;
	if (password == NULL && pwlen != 0)
		return DBC_ERR_INTERNAL;
	if (pwlen > DBC_MNEMONIC_MAX * 64) /* far beyond any real password; keeps sizes sane */
		return DBC_ERR_TOO_LARGE;
	/* The salt holds the password, so it lives in guarded memory. */
	if ((salt = dbc_secmem_alloc(SALT_PREFIX_LEN + pwlen)) == NULL)
		return DBC_ERR_NOMEM;
	memcpy(salt, SALT_PREFIX, SALT_PREFIX_LEN);
	if (pwlen > 0)
		memcpy(salt + SALT_PREFIX_LEN, password, pwlen);
	/* Only the first half of the 64-byte BIP39-style seed is used (substrate-bip39). */
	r = dbc_pbkdf2_sha512(seed, sizeof(seed), entropy, entlen, salt, SALT_PREFIX_LEN + pwlen,
	                      PBKDF2_ROUNDS);
	if (r == DBC_OK)
		memcpy(mini, seed, 32);
	sodium_memzero(seed, sizeof(seed));
	dbc_secmem_free(salt);
	return r;
}

int
dbc_mnemonic_to_mini_secret(uint8_t mini[32], const char *phrase, size_t len,
                            const char *password, size_t pwlen)
{
	uint8_t entropy[32];
	size_t entlen;
	int r;

	sodium_memzero(mini, 32);
	if ((r = dbc_mnemonic_to_entropy(entropy, &entlen, phrase, len)) == DBC_OK)
		r = dbc_entropy_to_mini_secret(mini, entropy, entlen, password, pwlen);
	sodium_memzero(entropy, sizeof(entropy));
	return r;
}
