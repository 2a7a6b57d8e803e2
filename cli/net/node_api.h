/* DBC client-node REST API (dbc-node-api.md §2-§3): request bodies, auth fields, envelopes.
 * No argv parsing and no printing here; cmd_node.c and cmd_triple.c sit on top. */
#ifndef DBC_NODE_API_H
#define DBC_NODE_API_H
#include <stddef.h>
#include <cJSON.h>

#include "sign/err.h"
#include "sign/signer.h"
#include "wallet/nonce.h"
#include "wallet/ss58.h"

#define NODE_ID_HEX_LEN 64
#define NODE_SIGN_HEX_LEN 128
#define NODE_SESSION_MAX 128        /* longest session_id we accept (DBC's are 55 chars) */
#define NODE_DEFAULT_URL "http://127.0.0.1:5002"
#define NODE_API_PREFIX "/api/v1"

typedef enum {
	NODE_AUTH_NONE = 0,
	NODE_AUTH_WALLET,   /* wallet + fresh nonce + sign, from a signer */
	NODE_AUTH_SESSION,  /* session_id + session_id_sign given by the renter */
	NODE_AUTH_MULTISIG  /* a multisig_accounts block from a file */
} node_auth_kind_t;

typedef struct {
	node_auth_kind_t kind;
	const dbc_signer_t *signer;        /* NODE_AUTH_WALLET */
	char wallet[DBC_SS58_MAX];         /* SS58-42 of the signer (filled by node_auth_wallet) */
	const char *session_id;            /* NODE_AUTH_SESSION */
	const char *session_sign;
	const cJSON *multisig;             /* NODE_AUTH_MULTISIG: the multisig_accounts object */
} node_auth_t;

/* The signer must be sr25519 and able to sign raw bytes (the node verifies sr25519 over the
 * unwrapped nonce): DBC_ERR_SCHEME / DBC_ERR_UNSUPPORTED otherwise. */
int node_signer_check(const dbc_signer_t *s) DBC_WUR;
/* SS58-42 address of the signer's public key. */
int node_signer_wallet(const dbc_signer_t *s, char out[DBC_SS58_MAX]) DBC_WUR;
/* DBC_OK if `addr` (SS58 of any prefix, or 64 hex with optional 0x) names the signer's public
 * key; DBC_ERR_MISMATCH if it names another key; an input error if it does not decode. */
int node_wallet_matches(const dbc_signer_t *s, const char *addr) DBC_WUR;
/* sr25519 signature (context "substrate", through dbc_signer_sign, so verified) over the raw
 * bytes of msg, as 128 lowercase hex characters without 0x. */
int node_sign_text(const dbc_signer_t *s, const char *msg, char hex[NODE_SIGN_HEX_LEN + 1]) DBC_WUR;
/* Verify a DBC auth triple: wallet = SS58 or 64-hex public key, sign = 128 hex (0x allowed). */
int node_verify_text(const char *wallet, const char *msg, const char *sign_hex) DBC_WUR;

/* Node ids are 64 hex characters (an sr25519 public key); copied lowercased. */
int node_id_parse(char out[NODE_ID_HEX_LEN + 1], const char *s) DBC_WUR;
/* A session_id as typed by a user: 1..NODE_SESSION_MAX printable ASCII, no spaces or quotes. */
int node_session_id_check(const char *s) DBC_WUR;
/* A signature given on the command line: 128 hex (optional 0x); copied lowercased, no 0x. */
int node_sign_hex_parse(char out[NODE_SIGN_HEX_LEN + 1], const char *s) DBC_WUR;

/* Parse a multisig file: either {"multisig_accounts":{...}} or the bare {...} block.
 * Checks the shape (wallets[], threshold, signs[{wallet,nonce,sign}]), that each signer is
 * listed in wallets, that threshold <= |wallets| and <= |signs|, and verifies every sign
 * locally (the compute node rejects the whole request if one fails). A numeric threshold is
 * rewritten as a JSON string (the node ignores numbers). *out: the multisig_accounts object. */
int node_multisig_parse(const char *text, size_t len, cJSON **out, char *why, size_t whycap) DBC_WUR;

/* {"peer_nodes_list":[peer] (or [] when peer is NULL), "additional": additional or {}}.
 * Takes ownership of `additional`. */
cJSON *node_body_new(const char *peer, cJSON *additional);
/* Add the auth fields to a request body, replacing any present (NODE_AUTH_NONE leaves the
 * body as it is). For NODE_AUTH_WALLET this draws a fresh nonce and signs it, so call it once
 * per request. */
int node_auth_inject(cJSON *body, node_auth_t *auth) DBC_WUR;

/* Convert JSON numbers among the object's members into decimal JSON strings (the node reads
 * numbers in `additional` as missing, dbc-node-api.md §3.5). Only integers are accepted:
 * DBC_ERR_JSON for a fractional or huge number. */
int node_numbers_to_strings(cJSON *obj) DBC_WUR;

/* Parse a reply body: a JSON object with an integer "errcode". *root receives the parsed
 * tree (cJSON_Delete it), *message points into it (may be NULL when absent).
 * DBC_ERR_RPC with a reason in why for non-JSON, non-object, or missing/non-integer errcode. */
int node_envelope_parse(const char *body, size_t len, cJSON **root, long *errcode,
                        const cJSON **message, char *why, size_t whycap) DBC_WUR;

/* DBC sign_tool's exact stdout (src/sign_tool/main.cpp, dbc-node-api.md §1.3): labels
 * right-justified with std::setw(12) for wallet/nonce/nonce_sign and std::setw(18) for
 * session_id/session_id_sign, every line ended by '\n'. */
#define NODE_SIGNTOOL_USAGE "usage: \n  sign_tool [wallet] [wallet_private_key] [session_id](\xe5\x8f\xaf\xe9\x80\x89)\n"
#define NODE_SIGNTOOL_MISMATCH "input wallet & wallet_private_key is error!\n"
/* Write the 3 (session_id NULL) or 5 lines into out; returns the length, or -1 if cap is
 * too small. */
int node_signtool_format(char *out, size_t cap, const char *wallet, const char *nonce,
                         const char *nonce_sign, const char *session_id,
                         const char *session_sign);

/* Base URL checks and joins: url must be http(s)://host..., without query/fragment;
 * a trailing "/" or "/api/v1" is dropped. path starts with "/" and is appended after /api/v1
 * (a path already starting with /api/v1 is taken as is). Returns a malloc'ed string or NULL. */
int node_url_check(const char *url) DBC_WUR;
char *node_url_join(const char *base, const char *path);

#endif
