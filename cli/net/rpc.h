/* Substrate JSON-RPC 2.0 over HTTP(S) (cli/net/http.h).
 *
 * wss:// and ws:// URLs are mapped to https:// and http://: since polkadot-v0.9.43 a node
 * serves HTTP and WebSocket JSON-RPC on one port (dbc-chain.md §4). Reads are retried on
 * transport errors and 5xx; author_submitExtrinsic is never retried here (the caller resends
 * the SAME signed bytes, which the pool recognises). Every failure leaves one line in
 * c->err for the message. */
#ifndef DBC_RPC_H
#define DBC_RPC_H
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>

#include "sign/err.h"
#include "sign/scale.h"

/* DBC mainnet's public endpoint (dbc-chain.md §4). */
#define DBC_RPC_DEFAULT_URL "https://rpc.dbcwallet.io"
#define DBC_RPC_TIMEOUT_MS 30000L
#define DBC_RPC_READ_RETRIES 2

typedef struct {
	char url[512];
	long timeout_ms;
	int retries;
	int id;
	char err[320];
} dbc_rpc_t;

/* url NULL → $DBCSIGN_RPC, else DBC_RPC_DEFAULT_URL. DBC_ERR_INPUT for a URL that is not
 * http(s)/ws(s) or too long. $DBCSIGN_RPC_TIMEOUT (seconds) overrides the per-call timeout. */
int dbc_rpc_init(dbc_rpc_t *c, const char *url) DBC_WUR;

/* params: JSON text of the params array ("[]" if NULL). *result (caller frees) is the
 * "result" member. An "error" object → DBC_ERR_RPC (DBC_ERR_REJECTED for an invalid
 * transaction, code 1010) with code and message in c->err. */
int dbc_rpc_call(dbc_rpc_t *c, const char *method, const char *params, int retry_ok,
                 cJSON **result) DBC_WUR;

/* number < 0: the best block. */
int dbc_rpc_block_hash(dbc_rpc_t *c, int64_t number, uint8_t out[32]) DBC_WUR;
int dbc_rpc_genesis_hash(dbc_rpc_t *c, uint8_t out[32]) DBC_WUR;
int dbc_rpc_runtime_version(dbc_rpc_t *c, uint32_t *spec, uint32_t *tx, char *spec_name,
                            size_t cap) DBC_WUR;
/* Metadata bytes (malloc'ed). */
int dbc_rpc_metadata(dbc_rpc_t *c, uint8_t **buf, size_t *len) DBC_WUR;
int dbc_rpc_account_next_index(dbc_rpc_t *c, const char *ss58, uint64_t *nonce) DBC_WUR;
int dbc_rpc_finalized_head(dbc_rpc_t *c, uint8_t out[32]) DBC_WUR;
/* hash NULL: the best header. */
int dbc_rpc_header(dbc_rpc_t *c, const uint8_t *hash, uint64_t *number, uint8_t parent[32]) DBC_WUR;
/* The block's extrinsics as a cJSON array of "0x…" strings (caller frees *exts). */
int dbc_rpc_block_extrinsics(dbc_rpc_t *c, const uint8_t hash[32], cJSON **exts) DBC_WUR;
/* *found = 0 when the key has no value. *val malloc'ed. at NULL: best block. */
int dbc_rpc_storage(dbc_rpc_t *c, const uint8_t *key, size_t keylen, const uint8_t *at,
                    uint8_t **val, size_t *len, int *found) DBC_WUR;
/* payment_queryInfo: the partial fee in planck. */
int dbc_rpc_query_fee(dbc_rpc_t *c, const uint8_t *ext, size_t len, dbc_u128_t *fee) DBC_WUR;
/* author_submitExtrinsic. "Already imported" counts as success (same bytes resent). */
int dbc_rpc_submit(dbc_rpc_t *c, const uint8_t *ext, size_t len, uint8_t hash[32]) DBC_WUR;

/* Metadata through the cache $XDG_CACHE_HOME/dbcsign (else ~/.cache/dbcsign), one file per
 * (genesis, spec_version, node URL): metadata-GENESIS-SPEC-URLHASH.scale, URLHASH the first 8
 * bytes of blake2b of c->url in hex. The URL is in the key so that metadata from one node is
 * never used for sessions against another (a hostile --rpc cannot poison later sessions).
 * The caller parses and should call dbc_rpc_cache_drop() if parsing fails. */
int dbc_rpc_metadata_cached(dbc_rpc_t *c, const uint8_t genesis[32], uint32_t spec,
                            uint8_t **buf, size_t *len) DBC_WUR;
void dbc_rpc_cache_drop(const dbc_rpc_t *c, const uint8_t genesis[32], uint32_t spec);

#endif
