/* polkadot-js JSON keystores (KeyringPair$Json), read and written.
 *
 * Format (substrate-crypto.md A8): `encoded` = base64 (readers also accept 0x-hex) of
 *   salt(32) ‖ N ‖ p ‖ r (u32 LE, in that order) ‖ nonce(24) ‖ secretbox(MAC16 ‖ ct)
 * with key = scrypt(password, salt, N, r, p, 64)[0..32]; the plaintext is
 *   PKCS8 header ‖ secret ‖ divider ‖ public.
 * Also read: type ["none"] (plaintext in `encoded`) and the legacy "xsalsa20-poly1305"
 * string type (version 0/2), whose box key is the password cut or zero-padded to 32 bytes.
 *
 * Every decrypted key is checked against the plaintext's public part and the file's
 * `address` before it is returned. Secrets and plaintexts live in guarded memory only. */
#ifndef DBC_KEYSTORE_H
#define DBC_KEYSTORE_H
#include <stddef.h>
#include <stdint.h>
#include "sign/signer.h"
#include "wallet/keypair.h"

#define DBC_KEYSTORE_FILE_MAX (64u * 1024u) /* a keystore file larger than this is refused */
#define DBC_KEYSTORE_NAME_MAX 128           /* meta.name kept (longer names are cut) */
#define DBC_KEYSTORE_ADDR_MAX 80            /* SS58 or 0x + 66 hex */

/* scrypt log2(N) the writer supports: 15 (default, readable by every polkadot-js) or 17
 * (polkadot-js >= 13.5.3 default). */
#define DBC_KEYSTORE_LOG2N_DEFAULT 15

typedef struct {
	char name[DBC_KEYSTORE_NAME_MAX]; /* "" when absent */
	char genesis_hash[67];            /* "0x" + 64 hex, "" when absent */
	uint64_t when_created;            /* ms since the epoch, 0 when absent */
} dbc_keystore_meta_t;

/* What a keystore says about itself, without a password. */
typedef struct {
	int scheme_known;        /* 0: legacy file without a content type (v0/v2) */
	dbc_scheme_t scheme;
	int encrypted;           /* 0 for type ["none"] */
	int legacy;              /* 1 for the v0/v2 "xsalsa20-poly1305" string type */
	uint32_t n, p, r;        /* scrypt parameters, 0 when not scrypt */
	char address[DBC_KEYSTORE_ADDR_MAX]; /* the file's `address` as written */
	uint8_t account_id[32];  /* what the address names (ecdsa: blake2b-256 of the public) */
	int has_pub;             /* 1 when the address carries the public key itself */
	uint8_t pub[DBC_PUB_MAX];
	size_t publen;
	dbc_keystore_meta_t meta;
	char duplicate[32];      /* parse refused a repeated member name: that name (cut to
	                          * fit, not escaped: print it safely), else "" */
} dbc_keystore_info_t;

/* Parse and validate the structure (JSON types, encoding, scrypt parameters, address).
 * Errors: DBC_ERR_JSON (not JSON / wrong member types), DBC_ERR_KEYSTORE (missing members,
 * bad encoded, unknown encoding.type or version, a member name repeated in any object —
 * polkadot-js would take the last, so the file is ambiguous; info->duplicate names it),
 * DBC_ERR_UNSUPPORTED (ethereum keys, scrypt
 * parameters outside polkadot-js's allowed set), DBC_ERR_RANGE (scrypt N > 2^20, p > 4 or
 * r > 16), DBC_ERR_TOO_LARGE, SS58 errors for a bad address. */
int dbc_keystore_parse(dbc_keystore_info_t *info, const char *json, size_t len) DBC_WUR;

/* Decrypt into kp (from dbc_keypair_new). pw may be NULL/empty only for type ["none"].
 * info (nullable) receives the parse result. Errors: those of dbc_keystore_parse, then
 * DBC_ERR_PASSWORD (MAC check failed: wrong password or tampered ciphertext),
 * DBC_ERR_KEYSTORE (bad plaintext layout), DBC_ERR_MISMATCH (key does not match the
 * plaintext's public key or the address), DBC_ERR_NOMEM. kp is wiped on error. */
int dbc_keystore_decrypt(dbc_keypair_t *kp, dbc_keystore_info_t *info, const char *json,
                         size_t len, const char *pw, size_t pwlen) DBC_WUR;

/* Encrypt kp as a v3 keystore (scrypt 2^log2n, p=1, r=8; log2n 15 or 17) into a
 * malloc'ed, NUL-terminated JSON text ending in a newline (free with free(); it holds no
 * secret in the clear). The address is SS58 with `prefix` (0x-hex compressed public key for
 * ecdsa, as polkadot-js writes it). meta (nullable): name, genesisHash, whenCreated
 * (0 → now). An empty password is refused (DBC_ERR_EMPTY). */
int dbc_keystore_encrypt(char **out, size_t *outlen, const dbc_keypair_t *kp, const char *pw,
                         size_t pwlen, unsigned log2n, uint16_t prefix,
                         const dbc_keystore_meta_t *meta) DBC_WUR;

/* 1 if (N, p, r) is in polkadot-js's allowed set, else 0. */
int dbc_keystore_scrypt_allowed(uint32_t n, uint32_t p, uint32_t r);

#endif
