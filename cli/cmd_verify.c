/* dbcsign verify: check a signature against a public key or address.
 * Exit 0 "valid", exit 1 "invalid", exit 2 on malformed input (nothing on stdout). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/output.h"
#include "sign/ecdsa.h"
#include "sign/hash.h"
#include "sign/hex.h"

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: dbcsign verify --signature HEX --public ADDRESS_OR_HEX [--scheme S]\n"
	        "                      (--message TEXT | --hex HEX | < FILE) [--wrap]\n"
	        "\n"
	        "Verify a signature over the message bytes exactly as given (stdin is read\n"
	        "literally). Prints \"valid\" and exits 0, or prints \"invalid\" and exits 1;\n"
	        "malformed input exits 2 with nothing on stdout.\n"
	        "\n"
	        "  --signature HEX     64 bytes (sr25519, ed25519) or 65 bytes (ecdsa r||s||v)\n"
	        "  --public X          SS58 address or 0x-hex public key (32 bytes; for ecdsa the\n"
	        "                      33-byte key, or its 32-byte account id / SS58 address)\n"
	        "  --scheme S          sr25519 (default), ed25519 or ecdsa\n"
	        "  --message TEXT      the UTF-8 bytes of TEXT\n"
	        "  --hex HEX           these bytes (optional 0x; even length)\n"
	        "  --wrap              verify over <Bytes>MESSAGE</Bytes> (polkadot-js signRaw)\n"
	        "  -h, --help          this help\n");
}

/* ecdsa against an account id (blake2b-256 of the key): recover the key from the signature,
 * then compare its hash, as polkadot-js signatureVerify does for ecdsa addresses. */
static int
verify_ecdsa_account(const uint8_t account[32], const uint8_t *msg, size_t len,
                     const uint8_t sig[65])
{
	uint8_t hash[32], pub[33], id[32];
	int rc;

	if (sig[64] > 3)
		return DBC_ERR_SIGNATURE_FORMAT;
	dbc_blake2b_256(hash, msg, len);
	if ((rc = dbc_ecdsa_recover(pub, sig, hash)) != DBC_OK)
		return rc == DBC_ERR_SIGNATURE_FORMAT ? rc : DBC_ERR_VERIFY;
	dbc_blake2b_256(id, pub, sizeof(pub));
	return sodium_memcmp(id, account, 32) == 0 ? DBC_OK : DBC_ERR_VERIFY;
}

int
cmd_verify(int argc, char **argv)
{
	enum { OPT_MESSAGE = 0x100, OPT_HEX, OPT_WRAP, OPT_SIGNATURE, OPT_PUBLIC, OPT_SCHEME };
	static const struct option longopts[] = {
		{ "signature", required_argument, NULL, OPT_SIGNATURE },
		{ "public", required_argument, NULL, OPT_PUBLIC },
		{ "scheme", required_argument, NULL, OPT_SCHEME },
		{ "message", required_argument, NULL, OPT_MESSAGE },
		{ "hex", required_argument, NULL, OPT_HEX },
		{ "wrap", no_argument, NULL, OPT_WRAP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	dbc_scheme_t scheme = DBC_SR25519;
	const char *text = NULL, *hex = NULL, *sighex = NULL, *pubarg = NULL;
	int wrap = 0, c, rc;
	uint8_t sig[DBC_SIG_MAX], pub[DBC_PUB_MAX];
	size_t siglen = 0, publen = 0;
	cli_msg_t msg;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			cli_flush_stdout();
			return EXIT_OK;
		case OPT_SIGNATURE:
			if (sighex != NULL)
				cli_die(EXIT_USAGE, "--signature: given twice");
			sighex = optarg;
			break;
		case OPT_PUBLIC:
			if (pubarg != NULL)
				cli_die(EXIT_USAGE, "--public: given twice");
			pubarg = optarg;
			break;
		case OPT_SCHEME:
			scheme = cli_parse_scheme("--scheme", optarg);
			break;
		case OPT_MESSAGE:
			if (text != NULL)
				cli_die(EXIT_USAGE, "--message: given twice");
			text = optarg;
			break;
		case OPT_HEX:
			if (hex != NULL)
				cli_die(EXIT_USAGE, "--hex: given twice");
			hex = optarg;
			break;
		case OPT_WRAP:
			wrap = 1;
			break;
		default:
			cli_getopt_fail("verify", c, argv);
		}
	}
	cli_no_operands("verify", argc, argv);
	if (sighex == NULL)
		cli_die(EXIT_USAGE, "verify: --signature HEX is required");
	if (pubarg == NULL)
		cli_die(EXIT_USAGE, "verify: --public ADDRESS_OR_HEX is required");

	if ((rc = dbc_hex_decode(sig, sizeof(sig), &siglen, sighex, strlen(sighex),
	                         DBC_HEX_ALLOW_0X)) != DBC_OK)
		cli_fail(rc == DBC_ERR_LENGTH ? DBC_ERR_SIGNATURE_FORMAT : rc,
		         "--signature: want %zu bytes for %s", dbc_scheme_siglen(scheme),
		         dbc_scheme_name(scheme));
	if (siglen != dbc_scheme_siglen(scheme))
		cli_fail(DBC_ERR_SIGNATURE_FORMAT, "--signature: %zu bytes, want %zu for %s", siglen,
		         dbc_scheme_siglen(scheme), dbc_scheme_name(scheme));
	if ((rc = cli_parse_public(scheme, pubarg, 1, pub, &publen, NULL)) != DBC_OK)
		cli_fail(rc, "--public");
	cli_msg_load(&msg, text, hex, 0, wrap);

	if (scheme == DBC_ECDSA && publen == 32)
		rc = verify_ecdsa_account(pub, msg.buf, msg.len, sig);
	else
		rc = dbc_verify(scheme, pub, publen, msg.buf, msg.len, sig, siglen);
	cli_msg_free(&msg);
	if (rc == DBC_OK) {
		puts("valid");
		cli_flush_stdout();
		return EXIT_OK;
	}
	if (rc == DBC_ERR_VERIFY) {
		puts("invalid");
		cli_flush_stdout();
		return EXIT_REJECTED;
	}
	cli_fail(rc, "verify");
}
