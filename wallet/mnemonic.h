/* Substrate BIP39: English wordlist, checksum validated; mini-secret = PBKDF2 over the entropy. */
#ifndef DBC_MNEMONIC_H
#define DBC_MNEMONIC_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

#define DBC_MNEMONIC_MAX 256 /* 24 words * 8 chars + spaces, with room */
#define DBC_BIP39_WORDS 2048
#define DBC_BIP39_WORD_MAX 8

/* Parsing follows rust-bip39 (what sp-core uses): words are split on ASCII whitespace, so
 * leading/trailing/repeated spaces, tabs and newlines are tolerated; words themselves are
 * strict (lowercase English list entries, no prefixes, no NFKD). Errors, checked in this
 * order: DBC_ERR_MNEMONIC_LENGTH (not 12/15/18/21/24 words), DBC_ERR_MNEMONIC_WORD,
 * DBC_ERR_MNEMONIC_CHECKSUM. entropy gets 16..32 bytes; on error it is wiped. */
int dbc_mnemonic_to_entropy(uint8_t entropy[32], size_t *entlen, const char *phrase, size_t len) DBC_WUR;
/* entlen ∈ {16,20,24,28,32} (else DBC_ERR_LENGTH); words joined by single spaces, NUL-terminated.
 * cap too small → DBC_ERR_LENGTH (out wiped). */
int dbc_mnemonic_from_entropy(char *out, size_t cap, const uint8_t *entropy, size_t entlen) DBC_WUR;
/* words ∈ {12,15,18,21,24} (else DBC_ERR_MNEMONIC_LENGTH); entropy from the OS CSPRNG. */
int dbc_mnemonic_generate(char *out, size_t cap, unsigned words) DBC_WUR;
/* PBKDF2-HMAC-SHA512(entropy, "mnemonic"||password, 2048)[0..32]. password may be NULL when
 * pwlen is 0. entlen must be 16..32 and a multiple of 4 (substrate-bip39), else DBC_ERR_LENGTH. */
int dbc_entropy_to_mini_secret(uint8_t mini[32], const uint8_t *entropy, size_t entlen,
                               const char *password, size_t pwlen) DBC_WUR;
int dbc_mnemonic_to_mini_secret(uint8_t mini[32], const char *phrase, size_t len,
                                const char *password, size_t pwlen) DBC_WUR;
/* The word at index i (0..2047), for completion/tests; NULL if out of range. */
const char *dbc_bip39_word(unsigned i);
/* Index of the word w[0..len) in the list, or -1. */
int dbc_bip39_index(const char *w, size_t len);

/* The generated table (wallet/bip39_english.c). */
extern const char dbc_bip39_english[DBC_BIP39_WORDS][DBC_BIP39_WORD_MAX + 1];

#endif
