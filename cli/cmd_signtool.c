/* sign_tool compatibility: `dbcsign sign-tool WALLET SEED_HEX [SESSION_ID]`, and the same when
 * the binary runs as `sign_tool` (main.c passes the original argv: argv[1] is WALLET either way).
 *
 * stdout is byte-identical to DBC's src/sign_tool/main.cpp (dbc-node-api.md §1.2-§1.3).
 * Deliberate differences, documented in dbcsign(1):
 *   - a warning on stderr that the key was given on argv (shell history, ps, /proc);
 *   - the seed is copied into guarded memory and the argv string is overwritten at once, so
 *     /proc/PID/cmdline stops showing it (it was visible until then: the warning stands);
 *   - exit 1 (DBC: always 0) on too few arguments, a malformed seed, or a wallet/key mismatch;
 *     a malformed seed gets one "dbcsign: ..." line on stderr (DBC's tool would crash). */
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "cli/cli.h"
#include "cli/net/node_api.h"
#include "sign/hex.h"
#include "wallet/keypair.h"
#include "wallet/nonce.h"
#include "wallet/secmem.h"

#define SIGNTOOL_OUT_MAX 1024

/* Move the seed out of argv into guarded memory and wipe the argv bytes in place. */
static char *
take_seed(char *arg)
{
	size_t n = strlen(arg);
	char *copy = dbc_secmem_strndup(arg, n);

	sodium_memzero(arg, n);
	return copy;
}

static int
mismatch(void)
{
	fputs(NODE_SIGNTOOL_MISMATCH, stdout);
	cli_flush_stdout();
	return EXIT_REJECTED;
}

int
cmd_signtool(int argc, char **argv)
{
	char nonce[DBC_NONCE_LEN + 1], nsig[NODE_SIGN_HEX_LEN + 1], ssig[NODE_SIGN_HEX_LEN + 1];
	const char *wallet, *session_id = NULL;
	dbc_keypair_t *kp = NULL;
	dbc_signer_t *signer = NULL;
	uint8_t *seed;
	char *seed_hex, *out;
	int rc, n, ret = EXIT_REJECTED;

	if (argc < 3) {
		fputs(NODE_SIGNTOOL_USAGE, stdout);
		cli_flush_stdout();
		return EXIT_REJECTED;
	}
	wallet = argv[1];
	if ((seed_hex = take_seed(argv[2])) == NULL)
		cli_die(EXIT_ENV, "sign-tool: out of guarded memory");
	if (argc > 3 && argv[3][0] != '\0')
		session_id = argv[3]; /* sign_tool signs any non-empty session_id as given */
	cli_warn("sign-tool: the private key was given on the command line, where shell history, "
	         "ps and /proc can read it; prefer `dbcsign triple --suri-file FILE`");

	seed = dbc_secmem_alloc(32);
	out = dbc_secmem_alloc(SIGNTOOL_OUT_MAX);
	kp = dbc_keypair_new();
	if (seed == NULL || out == NULL || kp == NULL)
		cli_die(EXIT_ENV, "sign-tool: out of guarded memory");
	/* DBC prepends "0x" unless present and hands the string to substrate's from_string,
	 * which takes exactly a 32-byte hex seed (§1.5). */
	if (dbc_hex_decode_exact(seed, 32, seed_hex, DBC_HEX_ALLOW_0X) != DBC_OK) {
		fprintf(stderr, "dbcsign: sign-tool: the private key must be the 32-byte seed as 64 hex "
		        "characters (0x optional)\n");
		goto done;
	}
	if ((rc = dbc_keypair_from_seed(kp, DBC_SR25519, seed)) != DBC_OK ||
	    (rc = dbc_keypair_signer(&signer, kp)) != DBC_OK) {
		fprintf(stderr, "dbcsign: sign-tool: %s\n", dbc_strerror(rc));
		ret = dbc_err_class(rc) == EXIT_ENV ? EXIT_ENV : EXIT_REJECTED;
		goto done;
	}
	dbc_keypair_free(&kp);
	if ((rc = dbc_nonce_generate(nonce)) != DBC_OK ||
	    (rc = node_sign_text(signer, nonce, nsig)) != DBC_OK) {
		fprintf(stderr, "dbcsign: sign-tool: %s\n", dbc_strerror(rc));
		ret = EXIT_ENV;
		goto done;
	}
	/* sign_tool's self-check: the nonce signature must verify under the given wallet. */
	if (node_verify_text(wallet, nonce, nsig) != DBC_OK) {
		ret = mismatch();
		goto done;
	}
	if (session_id != NULL && (rc = node_sign_text(signer, session_id, ssig)) != DBC_OK) {
		fprintf(stderr, "dbcsign: sign-tool: %s\n", dbc_strerror(rc));
		ret = EXIT_ENV;
		goto done;
	}
	n = node_signtool_format(out, SIGNTOOL_OUT_MAX, wallet, nonce, nsig, session_id, ssig);
	if (n < 0) {
		fprintf(stderr, "dbcsign: sign-tool: argument too long\n");
		goto done;
	}
	if (fwrite(out, 1, (size_t)n, stdout) != (size_t)n)
		cli_die(EXIT_ENV, "sign-tool: cannot write to stdout");
	cli_flush_stdout();
	ret = EXIT_OK;
done:
	dbc_signer_free(&signer);
	dbc_keypair_free(&kp);
	dbc_secmem_free(out);
	dbc_secmem_free(seed);
	dbc_secmem_free(seed_hex);
	return ret;
}
