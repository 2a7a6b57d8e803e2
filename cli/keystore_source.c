/* Keystore key sources: --key NAME (the wallet directory) and --keystore-json FILE (any
 * polkadot-js JSON keystore). The password comes from --password-file / --password-fd, or
 * from the terminal without echo; it and the decrypted key stay in guarded memory. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "wallet/atomic_file.h"
#include "wallet/keystore.h"
#include "wallet/secmem.h"
#include "wallet/secret_input.h"
#include "wallet/walletdir.h"

/* Warned about only after the key opened, so a failing run prints exactly one line. */
static char loose_dir[PATH_MAX];

static int
load_text(const cli_keysrc_t *ks, char **json, size_t *len)
{
	dbc_walletdir_t wd;
	int rc;

	if (ks->kind == CLI_KS_KEYSTORE_JSON)
		return dbc_file_read(ks->keystore_json, DBC_KEYSTORE_FILE_MAX, json, len);
	if ((rc = dbc_wallet_name_check(ks->key_name)) != DBC_OK)
		return rc;
	/* No wallet directory yet simply means no such key. */
	if ((rc = dbc_walletdir_open(&wd, NULL, 0)) != DBC_OK)
		return rc == DBC_ERR_FILE_TYPE ? rc : DBC_ERR_NOT_FOUND;
	if (wd.loose_mode)
		memcpy(loose_dir, wd.path, sizeof(loose_dir));
	rc = dbc_walletdir_load(&wd, ks->key_name, json, len);
	dbc_walletdir_close(&wd);
	return rc;
}

/* The password cli_keysrc_open already read from --password-file/--password-fd is in
 * ks->password: a stream (stdin, a pipe, an fd) cannot be read twice, so use that copy.
 * Read the flag here only for a caller that did not go through cli_keysrc_open, and prompt
 * on the terminal only when no password flag was given at all. *owned tells the caller
 * whether *pw is its own copy to free. */
static int
read_password(const cli_keysrc_t *ks, char **pw, size_t *pwlen, int *owned)
{
	/* cli_keysrc_password records the flag at fault in its argument; ours is const. */
	cli_keysrc_t copy;
	char prompt[160];
	int rc;

	*pw = NULL;
	*pwlen = 0;
	*owned = 0;
	if (ks->password != NULL) {
		*pw = ks->password;
		*pwlen = strlen(ks->password);
		return DBC_OK;
	}
	*owned = 1;
	if (ks->password_file != NULL || ks->password_fd >= 0) {
		copy = *ks;
		if ((rc = cli_keysrc_password(&copy, pw)) != DBC_OK)
			return rc;
		if (*pw == NULL)
			return DBC_ERR_INTERNAL;
		*pwlen = strlen(*pw);
		return DBC_OK;
	}
	snprintf(prompt, sizeof(prompt), "Password for %s: ",
	         ks->kind == CLI_KS_KEY ? ks->key_name : ks->keystore_json);
	return dbc_secret_read_tty(pw, pwlen, prompt, NULL, 0);
}

/* Name the repeated member in the error line (it comes from the file: escaped). */
static void
note_duplicate(cli_keysrc_t *ks, const dbc_keystore_info_t *info)
{
	char safe[4 * sizeof(info->duplicate)];
	size_t n = strlen(ks->what_buf);

	if (info->duplicate[0] == '\0')
		return;
	cli_safe_text(safe, sizeof(safe), info->duplicate);
	snprintf(ks->what_buf + n, sizeof(ks->what_buf) - n, ": duplicate key '%s'", safe);
	ks->what = ks->what_buf;
}

int
cli_keystore_signer(cli_keysrc_t *ks, dbc_signer_t **out)
{
	dbc_keystore_info_t info;
	dbc_keypair_t *kp = NULL;
	char *json = NULL, *pw = NULL;
	size_t len = 0, pwlen = 0;
	int rc, pw_owned = 0;

	*out = NULL;
	if (ks->kind != CLI_KS_KEY && ks->kind != CLI_KS_KEYSTORE_JSON)
		return DBC_ERR_INTERNAL;
	if ((rc = load_text(ks, &json, &len)) != DBC_OK)
		return rc;
	/* Validate the file before asking for a password it may not need. */
	if ((rc = dbc_keystore_parse(&info, json, len)) != DBC_OK) {
		note_duplicate(ks, &info);
		goto out;
	}
	if (info.encrypted && (rc = read_password(ks, &pw, &pwlen, &pw_owned)) != DBC_OK)
		goto out;
	if ((kp = dbc_keypair_new()) == NULL) {
		rc = DBC_ERR_NOMEM;
		goto out;
	}
	if ((rc = dbc_keystore_decrypt(kp, &info, json, len, pw, pwlen)) != DBC_OK)
		goto out;
	/* --scheme with a keystore may only confirm what the file says. */
	if (ks->scheme_set && kp->scheme != ks->scheme) {
		rc = DBC_ERR_SCHEME;
		goto out;
	}
	rc = dbc_keypair_signer(out, kp);
	if (rc == DBC_OK && loose_dir[0] != '\0')
		cli_warn("wallet directory %s is accessible by other users (chmod 700 it)", loose_dir);
out:
	dbc_keypair_free(&kp);
	if (pw_owned)
		dbc_secmem_free(pw);
	dbc_secmem_free(json);
	return rc;
}
