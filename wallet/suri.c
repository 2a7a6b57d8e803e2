/* Secret URI parsing and key derivation, following sp-core/subkey (substrate-crypto.md A4):
 * `PHRASE|0xSEED` then `/soft` and `//hard` junctions then `///password`. Where polkadot-js
 * differs (legacy space-padded string seeds, hex junctions, unicode phrases) we follow sp-core
 * and reject what it rejects. */
#include <string.h>
#include <sodium.h>

#include "sign/ecdsa.h"
#include "sign/ed25519.h"
#include "sign/sr25519.h"
#include "wallet/keypair.h"
#include "wallet/mnemonic.h"
#include "wallet/secmem.h"
#include "wallet/suri.h"

#define JUNCTION_ID_LEN 32

/* Rust's str::from_utf8 rules: no overlong forms, no surrogates, nothing above U+10FFFF.
 * NUL is refused too: our strings are C strings further up. */
static int
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned lo = 0x80, hi = 0xbf;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else
			return 0;
		if (len - i - 1 < n)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t k = 2; k <= n; k++) {
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return 0;
		}
		i += n + 1;
	}
	return 1;
}

static int
is_phrase_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == ' ';
}

static int
has_prefix(const char *s, size_t len, size_t i, const char *prefix)
{
	size_t pl = strlen(prefix);

	return len - i >= pl && memcmp(s + i, prefix, pl) == 0;
}

/* Length of the segment at s[i..) up to the next '/' or the end. */
static size_t
segment_len(const char *s, size_t len, size_t i)
{
	size_t j = i;

	while (j < len && s[j] != '/')
		j++;
	return j - i;
}

int
dbc_suri_parse(dbc_suri_parts_t *out, const char *suri, size_t len)
{
	size_t i = 0, seg;

	memset(out, 0, sizeof(*out));
	if (suri == NULL || !utf8_valid(suri, len))
		return DBC_ERR_SURI;
	while (i < len && is_phrase_char(suri[i]))
		i++;
	out->phrase = suri;
	out->phrase_len = i;
	out->has_phrase = i > 0;
	out->path = suri + i;
	while (i < len) {
		if (has_prefix(suri, len, i, "///")) {
			/* The password is the rest of the string; sp-core refuses a newline in it. */
			out->password = suri + i + 3;
			out->password_len = len - i - 3;
			out->has_password = 1;
			if (memchr(out->password, '\n', out->password_len) != NULL)
				goto bad;
			break;
		} else if (has_prefix(suri, len, i, "//")) {
			if ((seg = segment_len(suri, len, i + 2)) == 0)
				goto bad;
			i += 2 + seg;
		} else if (suri[i] == '/') {
			if ((seg = segment_len(suri, len, i + 1)) == 0)
				goto bad;
			i += 1 + seg;
		} else
			goto bad; /* e.g. "sd.asd": a character that is neither phrase nor path */
		out->path_len = (size_t)(suri + i - out->path);
	}
	return DBC_OK;
bad:
	memset(out, 0, sizeof(*out));
	return DBC_ERR_SURI;
}

int
dbc_suri_next_junction(const dbc_suri_parts_t *p, size_t *pos, const char **code,
                       size_t *codelen, int *hard)
{
	size_t i = *pos;

	/* The path was validated by dbc_suri_parse: "/" seg or "//" seg, segs non-empty. */
	if (i >= p->path_len || p->path[i] != '/')
		return 0;
	i++;
	*hard = 0;
	if (i < p->path_len && p->path[i] == '/') {
		*hard = 1;
		i++;
	}
	*code = p->path + i;
	*codelen = segment_len(p->path, p->path_len, i);
	*pos = i + *codelen;
	return 1;
}

/* Rust `str::parse::<u64>`: optional '+', at least one ASCII digit, no overflow. */
static int
parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (len > 0 && s[0] == '+')
		i = 1;
	if (i == len)
		return 0;
	for (; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return 0;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

/* SCALE compact length prefix; returns its size (1..9). */
static size_t
scale_compact(uint8_t out[9], uint64_t n)
{
	size_t nb = 0;

	if (n < 64) {
		out[0] = (uint8_t)(n << 2);
		return 1;
	}
	if (n < (1u << 14)) {
		uint16_t v = (uint16_t)((n << 2) | 1u);

		out[0] = (uint8_t)v;
		out[1] = (uint8_t)(v >> 8);
		return 2;
	}
	if (n < (1u << 30)) {
		uint32_t v = (uint32_t)((n << 2) | 2u);

		for (size_t k = 0; k < 4; k++)
			out[k] = (uint8_t)(v >> (8 * k));
		return 4;
	}
	for (uint64_t t = n; t != 0; t >>= 8)
		nb++;
	out[0] = (uint8_t)(((nb - 4) << 2) | 3u);
	for (size_t k = 0; k < nb; k++)
		out[1 + k] = (uint8_t)(n >> (8 * k));
	return 1 + nb;
}

void
dbc_junction_chain_code(uint8_t cc[32], const char *text, size_t len)
{
	uint8_t prefix[9];
	size_t plen;
	uint64_t n;

	memset(cc, 0, JUNCTION_ID_LEN);
	if (parse_u64(text, len, &n)) {
		for (size_t k = 0; k < 8; k++)
			cc[k] = (uint8_t)(n >> (8 * k));
		return;
	}
	/* DeriveJunction::soft(&str): the SCALE encoding, hashed when longer than 32 bytes. */
	plen = scale_compact(prefix, (uint64_t)len);
	if (plen + len <= JUNCTION_ID_LEN) {
		memcpy(cc, prefix, plen);
		if (len > 0)
			memcpy(cc + plen, text, len);
	} else {
		crypto_generichash_state st;

		/* Unkeyed BLAKE2b-256, streamed so no copy of the junction is made. */
		if (crypto_generichash_init(&st, NULL, 0, JUNCTION_ID_LEN) != 0 ||
		    crypto_generichash_update(&st, prefix, plen) != 0 ||
		    crypto_generichash_update(&st, (const unsigned char *)text, len) != 0 ||
		    crypto_generichash_final(&st, cc, JUNCTION_ID_LEN) != 0)
			sodium_misuse(); /* cannot fail with these parameters */
		sodium_memzero(&st, sizeof(st));
	}
	sodium_memzero(prefix, sizeof(prefix));
}

/* Working memory for a derivation: one guarded block, freed (and wiped) at the end. */
struct derive_work {
	uint8_t mini[32];
	uint8_t cc[32];
	uint8_t child_seed[32];
	uint8_t child_secret[64];
	uint8_t child_pub[32];
	dbc_keypair_t kp;
};

/* "0x" + exactly 64 hex digits → the 32-byte seed (constant-time decode). */
static int
seed_from_hex(uint8_t seed[32], const char *hex, size_t len)
{
	size_t binlen = 0;
	const char *end = NULL;

	if (len != 64 || sodium_hex2bin(seed, 32, hex, len, NULL, &binlen, &end) != 0 ||
	    binlen != 32 || end != hex + len) {
		sodium_memzero(seed, 32);
		return DBC_ERR_SEED;
	}
	return DBC_OK;
}

static int
derive_root(struct derive_work *w, dbc_scheme_t scheme, const dbc_suri_parts_t *p,
            const char *password_override)
{
	const char *phrase = p->has_phrase ? p->phrase : DBC_DEV_PHRASE;
	size_t plen = p->has_phrase ? p->phrase_len : strlen(DBC_DEV_PHRASE);
	const char *pw = "";
	size_t pwlen = 0;
	int r;

	if (plen >= 2 && phrase[0] == '0' && phrase[1] == 'x') {
		/* A raw seed; sp-core passes the password only to from_phrase, so it is ignored. */
		if ((r = seed_from_hex(w->mini, phrase + 2, plen - 2)) != DBC_OK)
			return r;
	} else {
		if (password_override != NULL) {
			pw = password_override;
			pwlen = strlen(password_override);
		} else if (p->has_password) {
			pw = p->password;
			pwlen = p->password_len;
		}
		if ((r = dbc_mnemonic_to_mini_secret(w->mini, phrase, plen, pw, pwlen)) != DBC_OK)
			return r;
	}
	return dbc_keypair_from_seed(&w->kp, scheme, w->mini);
}

static int
derive_hard(struct derive_work *w)
{
	int had_seed = w->kp.has_seed;
	dbc_scheme_t scheme = w->kp.scheme;
	int r;

	switch (scheme) {
	case DBC_SR25519:
		r = dbc_sr25519_derive_hard(w->child_seed, NULL, w->kp.secret, w->cc);
		break;
	case DBC_ED25519:
		r = dbc_ed25519_derive_hard(w->child_seed, w->kp.seed, w->cc);
		break;
	case DBC_ECDSA:
		r = dbc_ecdsa_derive_hard(w->child_seed, w->kp.seed, w->cc);
		break;
	default:
		r = DBC_ERR_SCHEME;
		break;
	}
	if (r == DBC_OK)
		r = dbc_keypair_from_seed(&w->kp, scheme, w->child_seed);
	if (r == DBC_OK && !had_seed) {
		/* sp-core: once a soft junction dropped the seed, later hard junctions keep
		 * reporting none (`maybe_seed.map(..)` on None). */
		w->kp.has_seed = 0;
		sodium_memzero(w->kp.seed, sizeof(w->kp.seed));
	}
	sodium_memzero(w->child_seed, sizeof(w->child_seed));
	return r;
}

static int
derive_soft(struct derive_work *w)
{
	int r;

	if (w->kp.scheme != DBC_SR25519)
		return DBC_ERR_SOFT_DERIVATION;
	/* rand32 NULL: the child nonce is randomized, as schnorrkel does. */
	r = dbc_sr25519_derive_soft(w->child_secret, w->child_pub, NULL, w->kp.secret, w->kp.pub,
	                            w->cc, NULL);
	if (r == DBC_OK) {
		memcpy(w->kp.secret, w->child_secret, 64);
		memcpy(w->kp.pub, w->child_pub, 32);
		w->kp.has_seed = 0;
		sodium_memzero(w->kp.seed, sizeof(w->kp.seed));
	}
	sodium_memzero(w->child_secret, sizeof(w->child_secret));
	return r;
}

int
dbc_suri_to_keypair(dbc_keypair_t *kp, dbc_scheme_t scheme, const char *suri, size_t len,
                    const char *password_override)
{
	dbc_suri_parts_t p;
	struct derive_work *w;
	const char *code;
	size_t codelen, pos = 0;
	int hard, r;

	sodium_memzero(kp, sizeof(*kp));
	if (scheme != DBC_SR25519 && scheme != DBC_ED25519 && scheme != DBC_ECDSA)
		return DBC_ERR_SCHEME;
	if ((r = dbc_suri_parse(&p, suri, len)) != DBC_OK)
		return r;
	if ((w = dbc_secmem_alloc(sizeof(*w))) == NULL)
		return DBC_ERR_NOMEM;
	if ((r = derive_root(w, scheme, &p, password_override)) != DBC_OK)
		goto out;
	while (dbc_suri_next_junction(&p, &pos, &code, &codelen, &hard)) {
		dbc_junction_chain_code(w->cc, code, codelen);
		if ((r = hard ? derive_hard(w) : derive_soft(w)) != DBC_OK)
			goto out;
	}
	memcpy(kp, &w->kp, sizeof(*kp));
out:
	sodium_memzero(&p, sizeof(p));
	dbc_secmem_free(w); /* sodium_free wipes */
	return r;
}

int
dbc_suri_is_dev(const char *suri, size_t len)
{
	dbc_suri_parts_t p;

	if (dbc_suri_parse(&p, suri, len) != DBC_OK)
		return 0;
	return !p.has_phrase && !p.has_password;
}

int
dbc_suri_has_mnemonic(const char *suri, size_t len)
{
	dbc_suri_parts_t p;
	uint8_t entropy[32];
	size_t entlen;
	int ok;

	if (dbc_suri_parse(&p, suri, len) != DBC_OK || !p.has_phrase)
		return 0;
	if (p.phrase_len >= 2 && p.phrase[0] == '0' && p.phrase[1] == 'x')
		return 0;
	ok = dbc_mnemonic_to_entropy(entropy, &entlen, p.phrase, p.phrase_len) == DBC_OK;
	sodium_memzero(entropy, sizeof(entropy));
	return ok;
}

int
dbc_suri_public_derive(uint8_t pub[32], const uint8_t base[32], const char *path, size_t len)
{
	dbc_suri_parts_t p;
	uint8_t cur[32], next[32], cc[32];
	const char *code;
	size_t codelen, pos = 0;
	int hard, r;

	memcpy(cur, base, 32);
	if (len > 0 && path[0] != '/')
		return DBC_ERR_SURI;
	if ((r = dbc_suri_parse(&p, path, len)) != DBC_OK)
		return r;
	if (p.has_password)
		return DBC_ERR_SURI; /* a password means a secret; public derivation has none */
	while (dbc_suri_next_junction(&p, &pos, &code, &codelen, &hard)) {
		if (hard)
			return DBC_ERR_SURI; /* hard derivation needs the secret key */
		dbc_junction_chain_code(cc, code, codelen);
		if ((r = dbc_sr25519_derive_soft_public(next, NULL, cur, cc)) != DBC_OK)
			return r;
		memcpy(cur, next, 32);
	}
	memcpy(pub, cur, 32);
	return DBC_OK;
}
