/* STUB: keystore key sources (--key NAME, --keystore-json FILE). The wallet/keystore engineer
 * replaces this file; the contract is cli_keystore_signer() in cli/keysource.h. */
#include "cli/keysource.h"

int
cli_keystore_signer(const cli_keysrc_t *ks, dbc_signer_t **out)
{
	(void)ks;
	*out = NULL;
	return DBC_ERR_UNSUPPORTED;
}
