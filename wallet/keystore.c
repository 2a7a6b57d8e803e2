/* polkadot-js JSON keystore v3 (and the legacy forms it still reads): substrate-crypto.md A8.
 * Layout facts come from polkadot-js/common util-crypto/src/json, scrypt, keyring/src/pair;
 * the code is written from the spec, not copied. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cJSON.h>
#include <sodium.h>

#include "sign/hash.h"
#include "sign/hex.h"
#include "wallet/keystore.h"
#include "wallet/secmem.h"
#include "wallet/ss58.h"

/* PKCS8-like framing polkadot-js puts around the secret (keyring/src/pair/defaults.ts). */
static const uint8_t pkcs8_header[16] = {
	0x30, 0x53, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06,
	0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
};
static const uint8_t pkcs8_divider[5] = { 0xa1, 0x23, 0x03, 0x21, 0x00 };

#define SALT_LEN 32
#define SCRYPT_HDR_LEN (SALT_LEN + 12)       /* salt ‖ N ‖ p ‖ r */
#define NONCE_LEN crypto_secretbox_NONCEBYTES /* 24 */
#define MAC_LEN crypto_secretbox_MACBYTES     /* 16 */
#define BLOB_MAX 4096                        /* decoded `encoded`; real ones are ~200 B */
#define SECRET_LONG 64
#define SECRET_SHORT 32

enum ks_mode { MODE_SCRYPT, MODE_NONE, MODE_LEGACY };

struct parsed {
	enum ks_mode mode;
	uint8_t *blob;   /* guarded: decoded `encoded` (the plaintext itself for MODE_NONE) */
	size_t bloblen;
};

static void
parsed_clear(struct parsed *ps)
{
	dbc_secmem_free(ps->blob);
	ps->blob = NULL;
	ps->bloblen = 0;
}

static uint32_t
load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void
store_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

int
dbc_keystore_scrypt_allowed(uint32_t n, uint32_t p, uint32_t r)
{
	/* polkadot-js util-crypto/src/scrypt/defaults.ts ALLOWED_PARAMS. The first two are
	 * unreachable there because p > 4 is refused first; we keep the same order of checks. */
	static const uint32_t allowed[][3] = {
		{ 1u << 13, 10, 8 }, { 1u << 14, 5, 8 }, { 1u << 15, 3, 8 },
		{ 1u << 15, 1, 8 }, { 1u << 16, 2, 8 }, { 1u << 17, 1, 8 }
	};
	size_t i;

	if (n > (1u << 20) || p > 4 || r > 16)
		return 0;
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (allowed[i][0] == n && allowed[i][1] == p && allowed[i][2] == r)
			return 1;
	return 0;
}

static int
check_scrypt_params(uint32_t n, uint32_t p, uint32_t r)
{
	if (n > (1u << 20) || p > 4 || r > 16)
		return DBC_ERR_RANGE;
	if (!dbc_keystore_scrypt_allowed(n, p, r))
		return DBC_ERR_UNSUPPORTED;
	return DBC_OK;
}

/* polkadot-js util isHex(): "0x" then hex digits, even length. Only such a string is hex;
 * anything else is base64, which may itself begin "0x" (about one file in 2000 written with
 * a random salt or nonce does). */
static int
is_pjs_hex(const char *s, size_t slen)
{
	size_t i;

	if (slen < 2 || s[0] != '0' || s[1] != 'x' || slen % 2 != 0)
		return 0;
	for (i = 2; i < slen; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* `encoded`: 0x-hex or base64 (padding optional, as polkadot-js's decoder is lenient). */
static int
decode_encoded(struct parsed *ps, const char *s)
{
	size_t slen = strlen(s), outlen = 0;
	uint8_t *buf;
	int rc;

	if (slen == 0)
		return DBC_ERR_KEYSTORE;
	if (slen > 2 * BLOB_MAX + 2)
		return DBC_ERR_TOO_LARGE;
	if ((buf = dbc_secmem_alloc(BLOB_MAX)) == NULL)
		return DBC_ERR_NOMEM;
	if (is_pjs_hex(s, slen)) {
		rc = dbc_hex_decode(buf, BLOB_MAX, &outlen, s, slen, DBC_HEX_ALLOW_0X);
		if (rc != DBC_OK)
			rc = DBC_ERR_KEYSTORE;
	} else if (sodium_base642bin(buf, BLOB_MAX, s, slen, NULL, &outlen, NULL,
	                             sodium_base64_VARIANT_ORIGINAL) == 0 ||
	           sodium_base642bin(buf, BLOB_MAX, s, slen, NULL, &outlen, NULL,
	                             sodium_base64_VARIANT_ORIGINAL_NO_PADDING) == 0) {
		rc = DBC_OK;
	} else {
		rc = DBC_ERR_KEYSTORE;
	}
	if (rc != DBC_OK) {
		dbc_secmem_free(buf);
		return rc;
	}
	ps->blob = buf;
	ps->bloblen = outlen;
	return DBC_OK;
}

/* A JSON array of exactly these strings (any order), or one string equal to `single`. */
static int
type_is(const cJSON *t, const char *a, const char *b)
{
	const cJSON *e;
	int n = 0, seen_a = 0, seen_b = 0;

	if (!cJSON_IsArray(t))
		return 0;
	cJSON_ArrayForEach(e, t) {
		if (!cJSON_IsString(e))
			return 0;
		n++;
		if (strcmp(e->valuestring, a) == 0)
			seen_a = 1;
		else if (b != NULL && strcmp(e->valuestring, b) == 0)
			seen_b = 1;
		else
			return 0;
	}
	return b == NULL ? (n == 1 && seen_a) : (n == 2 && seen_a && seen_b);
}

static int
string_array_ok(const cJSON *a)
{
	const cJSON *e;

	if (!cJSON_IsArray(a))
		return 0;
	cJSON_ArrayForEach(e, a)
		if (!cJSON_IsString(e))
			return 0;
	return 1;
}

static int
parse_encoding(dbc_keystore_info_t *info, enum ks_mode *mode, const cJSON *enc)
{
	const cJSON *content, *type, *version, *kind;
	const char *v;

	if (!cJSON_IsObject(enc))
		return DBC_ERR_JSON;
	content = cJSON_GetObjectItemCaseSensitive(enc, "content");
	type = cJSON_GetObjectItemCaseSensitive(enc, "type");
	version = cJSON_GetObjectItemCaseSensitive(enc, "version");
	if (content == NULL || type == NULL || version == NULL)
		return DBC_ERR_KEYSTORE;
	if (!cJSON_IsString(version) || !(cJSON_IsString(content) || cJSON_IsArray(content)) ||
	    !(cJSON_IsString(type) || cJSON_IsArray(type)))
		return DBC_ERR_JSON;
	if (cJSON_IsArray(content) && !string_array_ok(content))
		return DBC_ERR_JSON;
	if (cJSON_IsArray(type) && !string_array_ok(type))
		return DBC_ERR_JSON;
	v = version->valuestring;
	if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0 && strcmp(v, "2") != 0 &&
	    strcmp(v, "3") != 0)
		return DBC_ERR_KEYSTORE;

	/* content: "pkcs8" or ["pkcs8", scheme]; version 0 never records the scheme. */
	info->scheme_known = 0;
	if (cJSON_IsString(content)) {
		if (strcmp(content->valuestring, "pkcs8") != 0)
			return DBC_ERR_KEYSTORE;
	} else {
		kind = cJSON_GetArrayItem(content, 0);
		if (kind == NULL || strcmp(kind->valuestring, "pkcs8") != 0)
			return DBC_ERR_KEYSTORE;
		kind = cJSON_GetArrayItem(content, 1);
		if (kind != NULL && strcmp(v, "0") != 0) {
			if (strcmp(kind->valuestring, "ethereum") == 0)
				return DBC_ERR_UNSUPPORTED;
			if (dbc_scheme_parse(kind->valuestring, &info->scheme) != DBC_OK ||
			    strcmp(kind->valuestring, dbc_scheme_name(info->scheme)) != 0)
				return DBC_ERR_SCHEME;
			info->scheme_known = 1;
		} else if (strcmp(v, "3") == 0) {
			return DBC_ERR_KEYSTORE;
		}
	}

	if (type_is(type, "scrypt", "xsalsa20-poly1305")) {
		*mode = MODE_SCRYPT;
	} else if (type_is(type, "none", NULL)) {
		*mode = MODE_NONE;
	} else if ((cJSON_IsString(type) && strcmp(type->valuestring, "xsalsa20-poly1305") == 0) ||
	           type_is(type, "xsalsa20-poly1305", NULL)) {
		*mode = MODE_LEGACY;
	} else {
		return DBC_ERR_KEYSTORE;
	}
	info->encrypted = *mode != MODE_NONE;
	info->legacy = *mode == MODE_LEGACY;
	return DBC_OK;
}

/* `address`: SS58 (any prefix) or 0x-hex (polkadot-js writes ecdsa keys that way). */
static int
parse_address(dbc_keystore_info_t *info, const char *addr)
{
	uint8_t payload[33];
	size_t len = 0;
	uint16_t prefix;
	int rc;

	if (strlen(addr) >= sizeof(info->address))
		return DBC_ERR_KEYSTORE;
	memcpy(info->address, addr, strlen(addr) + 1);
	if (addr[0] == '0' && (addr[1] == 'x' || addr[1] == 'X')) {
		rc = dbc_hex_decode(payload, sizeof(payload), &len, addr, strlen(addr),
		                    DBC_HEX_ALLOW_0X);
		if (rc != DBC_OK)
			return DBC_ERR_KEYSTORE;
	} else if ((rc = dbc_ss58_decode(payload, &len, &prefix, addr)) != DBC_OK) {
		return rc;
	}
	if (len == 33) {
		if (info->scheme_known && info->scheme != DBC_ECDSA)
			return DBC_ERR_KEYSTORE;
		memcpy(info->pub, payload, 33);
		info->publen = 33;
		info->has_pub = 1;
		dbc_blake2b_256(info->account_id, payload, 33);
	} else if (len == 32) {
		memcpy(info->account_id, payload, 32);
		if (info->scheme_known && info->scheme != DBC_ECDSA) {
			memcpy(info->pub, payload, 32);
			info->publen = 32;
			info->has_pub = 1;
		}
	} else {
		return DBC_ERR_KEYSTORE;
	}
	return DBC_OK;
}

/* meta is free-form in polkadot-js: keep what we understand, ignore the rest. */
static void
parse_meta(dbc_keystore_meta_t *m, const cJSON *meta)
{
	const cJSON *it;
	size_t n;

	if (!cJSON_IsObject(meta))
		return;
	it = cJSON_GetObjectItemCaseSensitive(meta, "name");
	if (cJSON_IsString(it)) {
		n = strlen(it->valuestring);
		if (n >= sizeof(m->name))
			n = sizeof(m->name) - 1;
		memcpy(m->name, it->valuestring, n);
		m->name[n] = '\0';
	}
	it = cJSON_GetObjectItemCaseSensitive(meta, "genesisHash");
	if (cJSON_IsString(it) && strlen(it->valuestring) == 66) {
		uint8_t h[32];

		if (dbc_hex_decode_exact(h, 32, it->valuestring, DBC_HEX_ALLOW_0X) == DBC_OK)
			memcpy(m->genesis_hash, it->valuestring, 67);
	}
	it = cJSON_GetObjectItemCaseSensitive(meta, "whenCreated");
	if (cJSON_IsNumber(it) && isfinite(it->valuedouble) && it->valuedouble >= 0 &&
	    it->valuedouble < 9007199254740992.0)
		m->when_created = (uint64_t)it->valuedouble;
}

/* polkadot-js reads a keystore with JSON.parse, where a repeated member name takes the LAST
 * value; cJSON finds the FIRST. A file with two `address` (or `encoded`, or meta.name)
 * members would then show one key in polkadot-js and another here, so a repeated name at
 * any object level is refused. Names are compared after JSON unescaping, as both parsers
 * see them. Returns 1 and copies the name (cut to fit) into dup, or 0. */
static int
find_duplicate(const cJSON *node, char *dup, size_t cap)
{
	const cJSON *a, *b;

	for (a = node != NULL ? node->child : NULL; a != NULL; a = a->next) {
		if (cJSON_IsObject(node) && a->string != NULL) {
			for (b = a->next; b != NULL; b = b->next) {
				if (b->string != NULL && strcmp(a->string, b->string) == 0) {
					snprintf(dup, cap, "%s", a->string);
					return 1;
				}
			}
		}
		if ((cJSON_IsObject(a) || cJSON_IsArray(a)) && find_duplicate(a, dup, cap))
			return 1;
	}
	return 0;
}

static int
parse_internal(dbc_keystore_info_t *info, struct parsed *ps, const char *json, size_t len)
{
	cJSON *root;
	cJSON *encoded, *encoding, *address;
	size_t min;
	int rc;

	memset(info, 0, sizeof(*info));
	memset(ps, 0, sizeof(*ps));
	if (len == 0)
		return DBC_ERR_EMPTY;
	if (len > DBC_KEYSTORE_FILE_MAX)
		return DBC_ERR_TOO_LARGE;
	if ((root = cJSON_ParseWithLength(json, len)) == NULL)
		return DBC_ERR_JSON;
	if (!cJSON_IsObject(root)) {
		rc = DBC_ERR_JSON;
		goto out;
	}
	if (find_duplicate(root, info->duplicate, sizeof(info->duplicate))) {
		rc = DBC_ERR_KEYSTORE;
		goto out;
	}
	encoded = cJSON_GetObjectItemCaseSensitive(root, "encoded");
	encoding = cJSON_GetObjectItemCaseSensitive(root, "encoding");
	address = cJSON_GetObjectItemCaseSensitive(root, "address");
	if (encoded == NULL || encoding == NULL || address == NULL) {
		rc = DBC_ERR_KEYSTORE;
		goto out;
	}
	if (!cJSON_IsString(encoded) || !cJSON_IsString(address)) {
		rc = DBC_ERR_JSON;
		goto out;
	}
	if ((rc = parse_encoding(info, &ps->mode, encoding)) != DBC_OK)
		goto out;
	if ((rc = parse_address(info, address->valuestring)) != DBC_OK)
		goto out;
	parse_meta(&info->meta, cJSON_GetObjectItemCaseSensitive(root, "meta"));
	if ((rc = decode_encoded(ps, encoded->valuestring)) != DBC_OK)
		goto out;

	min = ps->mode == MODE_SCRYPT ? SCRYPT_HDR_LEN + NONCE_LEN + MAC_LEN + 1 :
	      ps->mode == MODE_LEGACY ? NONCE_LEN + MAC_LEN + 1 : sizeof(pkcs8_header);
	if (ps->bloblen < min) {
		rc = DBC_ERR_KEYSTORE;
		goto out;
	}
	if (ps->mode == MODE_SCRYPT) {
		info->n = load_le32(ps->blob + SALT_LEN);
		info->p = load_le32(ps->blob + SALT_LEN + 4);
		info->r = load_le32(ps->blob + SALT_LEN + 8);
		if ((rc = check_scrypt_params(info->n, info->p, info->r)) != DBC_OK)
			goto out;
	}
	rc = DBC_OK;
out:
	/* For type ["none"] the JSON text holds the secret in the clear: wipe cJSON's copy. */
	if (root != NULL && (encoded = cJSON_GetObjectItemCaseSensitive(root, "encoded")) != NULL &&
	    cJSON_IsString(encoded))
		sodium_memzero(encoded->valuestring, strlen(encoded->valuestring));
	cJSON_Delete(root);
	if (rc != DBC_OK)
		parsed_clear(ps);
	return rc;
}

int
dbc_keystore_parse(dbc_keystore_info_t *info, const char *json, size_t len)
{
	struct parsed ps;
	int rc = parse_internal(info, &ps, json, len);

	parsed_clear(&ps);
	return rc;
}

/* Open the box; *pt (guarded) receives the PKCS8 plaintext. */
static int
open_box(uint8_t **pt, size_t *ptlen, const struct parsed *ps, const dbc_keystore_info_t *info,
         const char *pw, size_t pwlen)
{
	uint8_t *key = NULL, *out = NULL;
	const uint8_t *nonce, *box;
	size_t boxlen;
	int rc;

	if (ps->mode == MODE_NONE) {
		if ((out = dbc_secmem_alloc(ps->bloblen)) == NULL)
			return DBC_ERR_NOMEM;
		memcpy(out, ps->blob, ps->bloblen);
		*pt = out;
		*ptlen = ps->bloblen;
		return DBC_OK;
	}
	if ((key = dbc_secmem_alloc(64)) == NULL)
		return DBC_ERR_NOMEM;
	if (pw == NULL)
		pwlen = 0;
	if (ps->mode == MODE_SCRYPT) {
		if (crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)(pw ? pw : ""), pwlen,
		    ps->blob, SALT_LEN, info->n, info->r, info->p, key, 64) != 0) {
			rc = DBC_ERR_NOMEM;
			goto out;
		}
		nonce = ps->blob + SCRYPT_HDR_LEN;
	} else {
		/* Legacy: the password itself, cut or zero-padded to 32 bytes (u8aFixLength). */
		if (pwlen > 0)
			memcpy(key, pw, pwlen > 32 ? 32 : pwlen);
		nonce = ps->blob;
	}
	box = nonce + NONCE_LEN;
	boxlen = ps->bloblen - (size_t)(box - ps->blob);
	if ((out = dbc_secmem_alloc(boxlen - MAC_LEN)) == NULL) {
		rc = DBC_ERR_NOMEM;
		goto out;
	}
	if (crypto_secretbox_open_easy(out, box, boxlen, nonce, key) != 0) {
		rc = DBC_ERR_PASSWORD;
		goto out;
	}
	*pt = out;
	*ptlen = boxlen - MAC_LEN;
	out = NULL;
	rc = DBC_OK;
out:
	dbc_secmem_free(out);
	dbc_secmem_free(key);
	return rc;
}

/* The public key in the plaintext must be the key's: all 32 bytes (sr25519/ed25519), all 33
 * for ecdsa (or its first 32, which is all polkadot-js's decoder reads back). */
static int
pub_matches(const dbc_keypair_t *kp, const uint8_t *pubpart, size_t publen)
{
	if (kp->publen == 32)
		return publen == 32 && memcmp(kp->pub, pubpart, 32) == 0;
	return (publen == 33 || publen == 32) && memcmp(kp->pub, pubpart, publen) == 0;
}

static int
address_matches(const dbc_keypair_t *kp, const dbc_keystore_info_t *info)
{
	uint8_t acct[32];

	if (info->publen == 33)
		return kp->publen == 33 && memcmp(kp->pub, info->pub, 33) == 0;
	if (dbc_account_id(kp->scheme, kp->pub, kp->publen, acct) != DBC_OK)
		return 0;
	return memcmp(acct, info->account_id, 32) == 0;
}

static int
key_from_secret(dbc_keypair_t *kp, dbc_scheme_t scheme, const uint8_t *secret, size_t len)
{
	int rc;

	if (len == SECRET_SHORT)
		return dbc_keypair_from_seed(kp, scheme, secret);
	switch (scheme) {
	case DBC_SR25519:
		return dbc_keypair_from_sr25519_secret(kp, secret, 1);
	case DBC_ED25519:
		/* seed ‖ public: the stored public half must be the seed's. */
		if ((rc = dbc_keypair_from_seed(kp, scheme, secret)) != DBC_OK)
			return rc;
		return memcmp(kp->pub, secret + 32, 32) == 0 ? DBC_OK : DBC_ERR_MISMATCH;
	case DBC_ECDSA:
		break;
	}
	return DBC_ERR_KEYSTORE;
}

static void
keypair_wipe(dbc_keypair_t *kp)
{
	sodium_memzero(kp, sizeof(*kp));
}

static int
key_from_plaintext(dbc_keypair_t *kp, const dbc_keystore_info_t *info, const uint8_t *pt,
                   size_t ptlen)
{
	static const dbc_scheme_t order[] = { DBC_SR25519, DBC_ED25519, DBC_ECDSA };
	const uint8_t *secret = pt + sizeof(pkcs8_header), *pubpart;
	size_t seclen, div, publen, i;
	int rc = DBC_ERR_MISMATCH;

	if (ptlen < sizeof(pkcs8_header) ||
	    memcmp(pt, pkcs8_header, sizeof(pkcs8_header)) != 0)
		return DBC_ERR_KEYSTORE;
	/* Generation 3 stores 64-byte secrets; older files and ecdsa keys store 32 bytes
	 * (polkadot-js decodePair looks for the divider at the long offset first). */
	div = sizeof(pkcs8_header) + SECRET_LONG;
	seclen = SECRET_LONG;
	if (ptlen < div + sizeof(pkcs8_divider) ||
	    memcmp(pt + div, pkcs8_divider, sizeof(pkcs8_divider)) != 0) {
		div = sizeof(pkcs8_header) + SECRET_SHORT;
		seclen = SECRET_SHORT;
		if (ptlen < div + sizeof(pkcs8_divider) ||
		    memcmp(pt + div, pkcs8_divider, sizeof(pkcs8_divider)) != 0)
			return DBC_ERR_KEYSTORE;
	}
	pubpart = pt + div + sizeof(pkcs8_divider);
	publen = ptlen - div - sizeof(pkcs8_divider);
	if (publen != 32 && publen != 33)
		return DBC_ERR_KEYSTORE;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (info->scheme_known && order[i] != info->scheme)
			continue;
		if (key_from_secret(kp, order[i], secret, seclen) == DBC_OK &&
		    pub_matches(kp, pubpart, publen) && address_matches(kp, info))
			return DBC_OK;
		keypair_wipe(kp);
		/* A known scheme whose secret does not even load is a malformed file. */
		if (info->scheme_known && seclen == SECRET_LONG && order[i] == DBC_ECDSA)
			rc = DBC_ERR_KEYSTORE;
	}
	return rc;
}

int
dbc_keystore_decrypt(dbc_keypair_t *kp, dbc_keystore_info_t *info, const char *json,
                     size_t len, const char *pw, size_t pwlen)
{
	dbc_keystore_info_t local;
	dbc_keystore_info_t *in = info != NULL ? info : &local;
	struct parsed ps;
	uint8_t *pt = NULL;
	size_t ptlen = 0;
	int rc;

	if (kp == NULL || json == NULL)
		return DBC_ERR_INTERNAL;
	if ((rc = parse_internal(in, &ps, json, len)) != DBC_OK)
		return rc;
	if ((rc = open_box(&pt, &ptlen, &ps, in, pw, pwlen)) == DBC_OK)
		rc = key_from_plaintext(kp, in, pt, ptlen);
	if (rc != DBC_OK)
		keypair_wipe(kp);
	dbc_secmem_free(pt);
	parsed_clear(&ps);
	return rc;
}

/* ---- writer ---- */

/* sr25519 canonical key ‖ nonce → polkadot-js's ed25519 form (key·8 ‖ nonce): the scalar is
 * < 2^253, so a 3-bit left shift of the little-endian integer never overflows. */
static void
sr25519_to_ed25519_form(uint8_t out[64], const uint8_t canonical[64])
{
	unsigned carry = 0, v;
	size_t i;

	for (i = 0; i < 32; i++) {
		v = ((unsigned)canonical[i] << 3) | carry;
		out[i] = (uint8_t)v;
		carry = v >> 8;
	}
	memcpy(out + 32, canonical + 32, 32);
}

static int
build_plaintext(uint8_t *pt, size_t *ptlen, const dbc_keypair_t *kp)
{
	dbc_keypair_t *check;
	size_t off = 0, seclen;
	int rc;

	memcpy(pt, pkcs8_header, sizeof(pkcs8_header));
	off = sizeof(pkcs8_header);
	switch (kp->scheme) {
	case DBC_SR25519:
		if (kp->publen != 32)
			return DBC_ERR_INTERNAL;
		sr25519_to_ed25519_form(pt + off, kp->secret);
		seclen = SECRET_LONG;
		break;
	case DBC_ED25519:
		if (kp->publen != 32)
			return DBC_ERR_INTERNAL;
		memcpy(pt + off, kp->secret, SECRET_LONG);
		seclen = SECRET_LONG;
		break;
	case DBC_ECDSA:
		if (kp->publen != 33)
			return DBC_ERR_INTERNAL;
		memcpy(pt + off, kp->secret, SECRET_SHORT);
		seclen = SECRET_SHORT;
		break;
	default:
		return DBC_ERR_SCHEME;
	}
	off += seclen;
	memcpy(pt + off, pkcs8_divider, sizeof(pkcs8_divider));
	off += sizeof(pkcs8_divider);
	memcpy(pt + off, kp->pub, kp->publen);
	off += kp->publen;
	*ptlen = off;

	/* Never write a file we could not read back: rebuild the key from what we store. */
	if ((check = dbc_keypair_new()) == NULL)
		return DBC_ERR_NOMEM;
	rc = key_from_secret(check, kp->scheme, pt + sizeof(pkcs8_header), seclen);
	if (rc == DBC_OK && (check->publen != kp->publen ||
	                     memcmp(check->pub, kp->pub, kp->publen) != 0))
		rc = DBC_ERR_INTERNAL;
	dbc_keypair_free(&check);
	return rc;
}

static int
format_address(char *out, size_t cap, const dbc_keypair_t *kp, uint16_t prefix)
{
	char ss58[DBC_SS58_MAX];
	int rc;

	if (kp->scheme == DBC_ECDSA) {
		if (cap < 2 + 2 * 33 + 1)
			return DBC_ERR_INTERNAL;
		out[0] = '0';
		out[1] = 'x';
		dbc_hex_encode(out + 2, kp->pub, 33);
		return DBC_OK;
	}
	if ((rc = dbc_ss58_encode(ss58, prefix, kp->pub, 32)) != DBC_OK)
		return rc;
	if (strlen(ss58) >= cap)
		return DBC_ERR_INTERNAL;
	memcpy(out, ss58, strlen(ss58) + 1);
	return DBC_OK;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int
build_json(char **out, size_t *outlen, const char *encoded, const char *address,
           dbc_scheme_t scheme, const dbc_keystore_meta_t *meta)
{
	cJSON *root, *enc, *arr, *m;
	char *text, *res;
	size_t n;
	uint64_t when = meta != NULL && meta->when_created != 0 ? meta->when_created : now_ms();
	int ok = 1;

	if ((root = cJSON_CreateObject()) == NULL)
		return DBC_ERR_NOMEM;
	/* Member order as polkadot-js pair.toJson() writes it. */
	ok &= cJSON_AddStringToObject(root, "encoded", encoded) != NULL;
	ok &= (enc = cJSON_AddObjectToObject(root, "encoding")) != NULL;
	if (ok) {
		ok &= (arr = cJSON_AddArrayToObject(enc, "content")) != NULL;
		if (ok) {
			cJSON_AddItemToArray(arr, cJSON_CreateString("pkcs8"));
			cJSON_AddItemToArray(arr, cJSON_CreateString(dbc_scheme_name(scheme)));
			ok &= cJSON_GetArraySize(arr) == 2;
		}
		ok &= (arr = cJSON_AddArrayToObject(enc, "type")) != NULL;
		if (ok) {
			cJSON_AddItemToArray(arr, cJSON_CreateString("scrypt"));
			cJSON_AddItemToArray(arr, cJSON_CreateString("xsalsa20-poly1305"));
			ok &= cJSON_GetArraySize(arr) == 2;
		}
		ok &= cJSON_AddStringToObject(enc, "version", "3") != NULL;
	}
	ok &= cJSON_AddStringToObject(root, "address", address) != NULL;
	ok &= (m = cJSON_AddObjectToObject(root, "meta")) != NULL;
	if (ok) {
		if (meta != NULL && meta->genesis_hash[0] != '\0')
			ok &= cJSON_AddStringToObject(m, "genesisHash", meta->genesis_hash) != NULL;
		ok &= cJSON_AddStringToObject(m, "name", meta != NULL ? meta->name : "") != NULL;
		ok &= cJSON_AddNumberToObject(m, "whenCreated", (double)when) != NULL;
	}
	if (!ok || (text = cJSON_PrintUnformatted(root)) == NULL) {
		cJSON_Delete(root);
		return DBC_ERR_NOMEM;
	}
	cJSON_Delete(root);
	n = strlen(text);
	if ((res = malloc(n + 2)) == NULL) {
		cJSON_free(text);
		return DBC_ERR_NOMEM;
	}
	memcpy(res, text, n);
	res[n] = '\n';
	res[n + 1] = '\0';
	cJSON_free(text);
	*out = res;
	*outlen = n + 1;
	return DBC_OK;
}

int
dbc_keystore_encrypt(char **out, size_t *outlen, const dbc_keypair_t *kp, const char *pw,
                     size_t pwlen, unsigned log2n, uint16_t prefix,
                     const dbc_keystore_meta_t *meta)
{
	/* header 16 + secret 64 + divider 5 + public 33 at most */
	enum { PT_MAX = 16 + 64 + 5 + 33 };
	uint8_t *pt = NULL, *key = NULL;
	uint8_t blob[SCRYPT_HDR_LEN + NONCE_LEN + MAC_LEN + PT_MAX];
	char b64[((sizeof(blob) + 2) / 3) * 4 + 1];
	char address[DBC_KEYSTORE_ADDR_MAX];
	size_t ptlen = 0, bloblen;
	uint32_t n;
	int rc;

	if (out == NULL || outlen == NULL || kp == NULL)
		return DBC_ERR_INTERNAL;
	*out = NULL;
	*outlen = 0;
	if (pw == NULL || pwlen == 0)
		return DBC_ERR_EMPTY;
	if (log2n != 15 && log2n != 17)
		return DBC_ERR_RANGE;
	n = 1u << log2n;
	if ((rc = format_address(address, sizeof(address), kp, prefix)) != DBC_OK)
		return rc;
	if ((pt = dbc_secmem_alloc(PT_MAX)) == NULL || (key = dbc_secmem_alloc(64)) == NULL) {
		rc = DBC_ERR_NOMEM;
		goto done;
	}
	if ((rc = build_plaintext(pt, &ptlen, kp)) != DBC_OK)
		goto done;

	randombytes_buf(blob, SALT_LEN);
	store_le32(blob + SALT_LEN, n);
	store_le32(blob + SALT_LEN + 4, 1);  /* p, then r: polkadot-js's order */
	store_le32(blob + SALT_LEN + 8, 8);
	randombytes_buf(blob + SCRYPT_HDR_LEN, NONCE_LEN);
	if (crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)pw, pwlen, blob, SALT_LEN,
	                                          n, 8, 1, key, 64) != 0) {
		rc = DBC_ERR_NOMEM;
		goto done;
	}
	if (crypto_secretbox_easy(blob + SCRYPT_HDR_LEN + NONCE_LEN, pt, ptlen,
	                          blob + SCRYPT_HDR_LEN, key) != 0) {
		rc = DBC_ERR_INTERNAL;
		goto done;
	}
	bloblen = SCRYPT_HDR_LEN + NONCE_LEN + MAC_LEN + ptlen;
	sodium_bin2base64(b64, sizeof(b64), blob, bloblen, sodium_base64_VARIANT_ORIGINAL);
	rc = build_json(out, outlen, b64, address, kp->scheme, meta);
done:
	sodium_memzero(blob, sizeof(blob));
	dbc_secmem_free(key);
	dbc_secmem_free(pt);
	return rc;
}
