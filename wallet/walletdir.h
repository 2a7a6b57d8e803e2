/* The wallet directory: one polkadot-js JSON keystore per named key, NAME.json (0600), in
 * $DBCSIGN_HOME or ~/.config/dbcsign/wallets (created 0700). */
#ifndef DBC_WALLETDIR_H
#define DBC_WALLETDIR_H
#include <limits.h>
#include <stddef.h>
#include "sign/err.h"
#include "wallet/keypair.h"
#include "wallet/keystore.h"

#define DBC_WALLET_NAME_MAX 64
#define DBC_WALLET_PREFIX 42 /* SS58 prefix written into stored keystores (DBC) */

typedef struct {
	int fd;                /* the directory, O_DIRECTORY */
	char path[PATH_MAX];
	int loose_mode;        /* 1 if group/other have any access to the directory */
} dbc_walletdir_t;

typedef struct {
	char name[DBC_WALLET_NAME_MAX + 1];
	int rc;                    /* DBC_OK, or why the file did not parse */
	dbc_keystore_info_t info;  /* valid when rc == DBC_OK */
} dbc_wallet_entry_t;

/* [A-Za-z0-9._-]{1,64}, not starting with '.' (so never "." or ".."). DBC_OK or DBC_ERR_NAME. */
int dbc_wallet_name_check(const char *name) DBC_WUR;

/* $DBCSIGN_HOME if set and non-empty, else $HOME/.config/dbcsign/wallets.
 * DBC_ERR_NOT_FOUND when neither HOME nor DBCSIGN_HOME is set. */
int dbc_walletdir_default(char *buf, size_t cap) DBC_WUR;

/* Open (path NULL: the default). create=1 makes missing directories with mode 0700;
 * create=0 returns DBC_ERR_NOT_FOUND when it does not exist. */
int dbc_walletdir_open(dbc_walletdir_t *wd, const char *path, int create) DBC_WUR;
void dbc_walletdir_close(dbc_walletdir_t *wd);

/* All NAME.json entries, sorted by name; *out is malloc'ed (free()), possibly NULL if 0. */
int dbc_walletdir_list(const dbc_walletdir_t *wd, dbc_wallet_entry_t **out, size_t *count) DBC_WUR;

/* 1 if NAME.json exists (any file type), 0 if not. */
int dbc_walletdir_exists(const dbc_walletdir_t *wd, const char *name);

/* The stored keystore text (guarded memory, NUL-terminated; free with dbc_secmem_free).
 * DBC_ERR_NOT_FOUND, DBC_ERR_FILE_TYPE (symlink or not a regular file), DBC_ERR_NAME. */
int dbc_walletdir_load(const dbc_walletdir_t *wd, const char *name, char **json,
                       size_t *len) DBC_WUR;
/* Parse without a password. */
int dbc_walletdir_info(const dbc_walletdir_t *wd, const char *name,
                       dbc_keystore_info_t *info) DBC_WUR;
/* Load and decrypt into kp (from dbc_keypair_new). */
int dbc_walletdir_unlock(const dbc_walletdir_t *wd, const char *name, const char *pw,
                         size_t pwlen, dbc_keypair_t *kp, dbc_keystore_info_t *info) DBC_WUR;

/* Store a keystore text as NAME.json, atomically; an existing name is DBC_ERR_EXISTS unless
 * force. The text must parse as a keystore (checked first). After DBC_ERR_IO from this,
 * store_key or passwd, errno tells why (wallet/atomic_file.h). */
int dbc_walletdir_store(const dbc_walletdir_t *wd, const char *name, const char *json,
                        size_t len, int force) DBC_WUR;
/* Encrypt kp with pw (scrypt 2^log2n) under meta.name = name and store it. */
int dbc_walletdir_store_key(const dbc_walletdir_t *wd, const char *name, const dbc_keypair_t *kp,
                            const char *pw, size_t pwlen, unsigned log2n,
                            const dbc_keystore_meta_t *meta, int force) DBC_WUR;
int dbc_walletdir_remove(const dbc_walletdir_t *wd, const char *name) DBC_WUR;
/* Re-encrypt under a new password, atomically replacing the file. log2n 0 keeps 2^17 if the
 * file used it, else writes 2^15. Meta (name, genesisHash, whenCreated) is kept. */
int dbc_walletdir_passwd(const dbc_walletdir_t *wd, const char *name, const char *oldpw,
                         size_t oldlen, const char *newpw, size_t newlen, unsigned log2n) DBC_WUR;

#endif
