/* Substrate BIP39: English wordlist, checksum validated; mini-secret = PBKDF2 over the entropy. */
#ifndef DBC_MNEMONIC_H
#define DBC_MNEMONIC_H
#include <stddef.h>
#include <stdint.h>
#include "sign/err.h"

#define DBC_MNEMONIC_MAX 256 /* 24 words * 8 chars + spaces, with room */

/* Words separated by single spaces (leading/trailing/multiple whitespace is rejected? no:
 * tolerated as in sp-core? see mnemonic.c). Errors: DBC_ERR_MNEMONIC_{WORD,CHECKSUM,LENGTH}. */
int dbc_mnemonic_to_entropy(uint8_t entropy[32], size_t *entlen, const char *phrase, size_t len) DBC_WUR;
int dbc_mnemonic_from_entropy(char *out, size_t cap, const uint8_t *entropy, size_t entlen) DBC_WUR;
/* words ∈ {12,15,18,21,24}; entropy from the OS CSPRNG. */
int dbc_mnemonic_generate(char *out, size_t cap, unsigned words) DBC_WUR;
/* PBKDF2-HMAC-SHA512(entropy, "mnemonic"||password, 2048)[0..32]. */
int dbc_entropy_to_mini_secret(uint8_t mini[32], const uint8_t *entropy, size_t entlen,
                               const char *password, size_t pwlen) DBC_WUR;
int dbc_mnemonic_to_mini_secret(uint8_t mini[32], const char *phrase, size_t len,
                                const char *password, size_t pwlen) DBC_WUR;
/* The word at index i (0..2047), for completion/tests. */
const char *dbc_bip39_word(unsigned i);

#endif
