/* STUB: Ledger key source (--ledger[=DEVICE], --account/--change/--index, --ledger-cla).
 * The hardware engineer replaces this file; the contract is cli_ledger_signer() in
 * cli/keysource.h. */
#include "cli/keysource.h"

int
cli_ledger_signer(const cli_keysrc_t *ks, dbc_signer_t **out)
{
	(void)ks;
	*out = NULL;
	return DBC_ERR_UNSUPPORTED;
}
