/* Secret URIs: PHRASE | 0xSEED, then /soft and //hard junctions, then ///password.
 * An empty phrase means the dev phrase ("bottom drive obey ..."), as in sp-core. */
#ifndef DBC_SURI_H
#define DBC_SURI_H
#include <stddef.h>
#include <stdint.h>
#include "sign/signer.h"
#include "wallet/keypair.h"

#define DBC_DEV_PHRASE "bottom drive obey lake curtain smoke basket hold race lonely fit walk"

/* Junction → 32-byte chain code (u64 LE, or SCALE string, blake2b-256 if > 32 bytes).
 * text is the junction code without the leading '/' of a hard junction. */
void dbc_junction_chain_code(uint8_t cc[32], const char *text, size_t len);

/* Full derivation. password_override (nullable) wins over ///password. suri is guarded
 * memory owned by the caller; nothing is kept. Errors: DBC_ERR_SURI (grammar, NUL byte or
 * invalid UTF-8), DBC_ERR_SEED (0x part not exactly 64 hex digits, or an invalid ecdsa
 * scalar), DBC_ERR_MNEMONIC_*, DBC_ERR_SOFT_DERIVATION, DBC_ERR_SCHEME. kp is zeroed on error. */
int dbc_suri_to_keypair(dbc_keypair_t *kp, dbc_scheme_t scheme, const char *suri, size_t len,
                        const char *password_override) DBC_WUR;
/* 1 if the SURI derives from the public dev phrase alone: it parses, its phrase part is empty
 * (it is empty or starts with '/') and it has no ///password, so anyone can derive the key
 * (safe on argv). 0 otherwise. */
int dbc_suri_is_dev(const char *suri, size_t len);
/* 1 if the phrase part is a valid mnemonic (so `inspect` can print secretPhrase). */
int dbc_suri_has_mnemonic(const char *suri, size_t len);
/* Public derivation "ADDRESS_OR_HEX/soft/soft" for sr25519: path is the junction part
 * ("" or starting with '/'); hard junctions or a ///password → DBC_ERR_SURI. */
int dbc_suri_public_derive(uint8_t pub[32], const uint8_t base[32], const char *path, size_t len) DBC_WUR;

/* The grammar of sp-core's AddressUri::parse (substrate-crypto.md A4); pointers into the input. */
typedef struct {
	const char *phrase;      /* maximal prefix of [a-zA-Z0-9 ] */
	size_t phrase_len;
	int has_phrase;          /* 0: empty phrase part → DBC_DEV_PHRASE */
	const char *path;        /* the junctions, e.g. "/xx//a/b//c" (path_len may be 0) */
	size_t path_len;
	const char *password;    /* after "///": the rest of the string */
	size_t password_len;
	int has_password;        /* 1 even for an empty "///" */
} dbc_suri_parts_t;

/* Split without deriving anything. DBC_ERR_SURI on a grammar error, a NUL byte, a newline in
 * the password or invalid UTF-8. */
int dbc_suri_parse(dbc_suri_parts_t *out, const char *suri, size_t len) DBC_WUR;
/* Walk the junctions of a parsed path: *pos starts at 0. Returns 1 with the junction code
 * (without the extra '/' of a hard junction) and *hard, or 0 at the end. */
int dbc_suri_next_junction(const dbc_suri_parts_t *p, size_t *pos, const char **code,
                           size_t *codelen, int *hard);

#endif
