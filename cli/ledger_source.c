/* Ledger key source: --ledger[=DEVICE] (hidraw path, or tcp:HOST:PORT for a Speculos-protocol
 * emulator), --account/--change/--index (m/44'/354'/a'/c'/i'), --ledger-cla HEX (legacy app
 * protocol; 0xF9 or absent = the Polkadot generic app).
 *
 * What DBC cannot use is refused here, before any signing APDU, with the reason (ledger.md §4):
 * the generic app has no sr25519 (DBC's node and triples need it) and its ecdsa is keccak-based. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "hw/hw.h"
#include "hw/ledger.h"
#include "hw/ledger_signer.h"

int
cli_ledger_signer(const cli_keysrc_t *ks, dbc_signer_t **out)
{
	dbc_ledger_signer_cfg_t cfg;
	dbc_hw_dev_t *dev = NULL;
	const char *hint;
	int rc;

	*out = NULL;
	memset(&cfg, 0, sizeof(cfg));
	cfg.legacy = ks->ledger_cla >= 0 && ks->ledger_cla != DBC_LEDGER_CLA_GENERIC;
	cfg.cla = cfg.legacy ? (uint8_t)ks->ledger_cla : DBC_LEDGER_CLA_GENERIC;
	cfg.ss58 = 42;
	if (cfg.legacy)
		cfg.scheme = ks->scheme; /* default sr25519, as on the legacy apps */
	else
		cfg.scheme = ks->scheme_set ? ks->scheme : DBC_ED25519;
	if (!cfg.legacy && cfg.scheme == DBC_SR25519)
		cli_die(EXIT_USAGE, "--ledger: the Polkadot generic app has no sr25519, which DBC's node "
		        "and triples require; use --scheme ed25519 (addresses, <Bytes>-wrapped messages) "
		        "or a chain app speaking the legacy protocol (--ledger-cla)");
	if (!cfg.legacy && cfg.scheme == DBC_ECDSA)
		cli_die(EXIT_USAGE, "--ledger: the Polkadot generic app signs ecdsa over keccak256 "
		        "(Ethereum style), which DBC does not verify; use --scheme ed25519");
	if (cfg.legacy && cfg.scheme == DBC_ECDSA)
		cli_die(EXIT_USAGE, "--ledger-cla: the legacy app protocol has ed25519 and sr25519 only");
	if ((rc = dbc_ledger_path_make(&cfg.path, ks->account, ks->change, ks->index)) != DBC_OK)
		return rc;
	rc = dbc_hw_open(&dev, NULL, ks->ledger_device);
	if (rc == DBC_ERR_DEVICE && (ks->ledger_device == NULL || ks->ledger_device[0] == '\0'))
		cli_die(EXIT_ENV, "--ledger: several Ledger devices found; choose one with "
		        "--ledger=PATH (see 'dbcsign hw list')");
	if (rc == DBC_ERR_INPUT)
		cli_die(EXIT_USAGE, "--ledger=%.64s: want a hidraw path or tcp:HOST:PORT",
		        ks->ledger_device ? ks->ledger_device : "");
	if (rc == DBC_ERR_DEVICE_ABSENT && ks->ledger_device != NULL &&
	    strncmp(ks->ledger_device, "tcp:", 4) == 0)
		cli_die(EXIT_ENV, "--ledger: nothing answers on %.80s (is the emulator running?)",
		        ks->ledger_device);
	if (rc == DBC_OK)
		rc = dbc_ledger_signer_new(out, &dev, &cfg);
	if (rc != DBC_OK && (hint = dbc_ledger_err_hint(rc)) != NULL)
		cli_die(dbc_err_class(rc), "--ledger: %s", hint);
	return rc;
}
