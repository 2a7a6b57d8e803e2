/* dbcsign hw list | version | address — talk to a Ledger (or a Speculos-protocol emulator). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/output.h"
#include "hw/hw.h"
#include "hw/ledger.h"
#include "wallet/ss58.h"

#define LIST_MAX 16

static void
usage(FILE *fp)
{
	fprintf(fp,
	        "usage: dbcsign hw list [--output text|json]\n"
	        "       dbcsign hw version [--ledger[=DEVICE]] [--ledger-cla HEX] [--output text|json]\n"
	        "       dbcsign hw address [--ledger[=DEVICE]] [--account N] [--change N] [--index N]\n"
	        "                          [--scheme ed25519|ecdsa|sr25519] [--ledger-cla HEX]\n"
	        "                          [--network N] [--show] [--output text|json]\n"
	        "\n"
	        "  list                Ledger HID devices (vendor 0x2c97, interface 0 / usage page 0xffa0)\n"
	        "  version             the running app and, in a Polkadot app, its version\n"
	        "  address             the account at m/44'/354'/N'/C'/I' (ed25519 on the generic app)\n"
	        "  --ledger[=DEVICE]   a hidraw path from 'hw list', or tcp:HOST:PORT for a\n"
	        "                      Speculos-protocol emulator; default: the only Ledger plugged in\n"
	        "  --ledger-cla HEX    speak the legacy per-chain app protocol with this CLA\n"
	        "                      (P2 0 = ed25519, 1 = sr25519); default: generic app, CLA 0xF9\n"
	        "  --network N         SS58 prefix or name for the address (default 42, DBC)\n"
	        "  --show              also show the address on the device and wait for approval\n"
	        "  -h, --help          this help\n"
	        "\n"
	        "The generic Polkadot app has no sr25519, signs raw messages only <Bytes>-wrapped, and\n"
	        "signs extrinsics only with a metadata proof for runtimes with CheckMetadataHash\n"
	        "(DBC's runtime has none): a Ledger cannot sign DBC node nonces or DBC transactions.\n");
}

/* One device-error line; exits with the error's class. */
static void __attribute__((noreturn))
hw_fail(int rc, const dbc_hw_dev_t *dev, const char *what)
{
	const char *hint = dbc_ledger_err_hint(rc);
	uint16_t sw = dev ? dbc_hw_last_sw(dev) : 0;

	if (hint == NULL)
		cli_fail(rc, "%s", what);
	if (rc == DBC_ERR_DEVICE || rc == DBC_ERR_DEVICE_PROTOCOL) {
		if (sw != 0 && dev != NULL && dbc_hw_last_text(dev)[0] != '\0')
			cli_die(dbc_err_class(rc), "%s: %s (status 0x%04x: %s; device says \"%.60s\")", what,
			        hint, sw, dbc_ledger_sw_message(sw), dbc_hw_last_text(dev));
		if (sw != 0)
			cli_die(dbc_err_class(rc), "%s: %s (status 0x%04x: %s)", what, hint, sw,
			        dbc_ledger_sw_message(sw));
	}
	cli_die(dbc_err_class(rc), "%s: %s", what, hint);
}

static dbc_hw_dev_t *
open_device(const char *device)
{
	dbc_hw_dev_t *dev = NULL;
	int rc = dbc_hw_open(&dev, NULL, device);

	if (rc == DBC_ERR_DEVICE && (device == NULL || device[0] == '\0'))
		cli_die(EXIT_ENV, "hw: several Ledger devices found; choose one with --ledger=PATH "
		        "(see 'dbcsign hw list')");
	if (rc == DBC_ERR_INPUT)
		cli_die(EXIT_USAGE, "--ledger=%.64s: want a hidraw path or tcp:HOST:PORT",
		        device ? device : "");
	if (rc == DBC_ERR_DEVICE_ABSENT && device != NULL && strncmp(device, "tcp:", 4) == 0)
		cli_die(EXIT_ENV, "hw: nothing answers on %.80s (is the emulator running?)", device);
	if (rc != DBC_OK)
		hw_fail(rc, NULL, "hw");
	return dev;
}

static void
json_string(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

static int
hw_list(cli_output_t fmt)
{
	dbc_hw_info_t list[LIST_MAX];
	size_t n = 0, i;
	int rc;

	if ((rc = dbc_hw_list(NULL, list, LIST_MAX, &n)) != DBC_OK)
		hw_fail(rc, NULL, "hw list");
	if (fmt == OUT_JSON) {
		fputs("[", stdout);
		for (i = 0; i < n; i++) {
			printf("%s\n  {\"path\": ", i ? "," : "");
			json_string(list[i].path);
			printf(", \"model\": ");
			json_string(dbc_hw_model_name(list[i].pid));
			printf(", \"product\": ");
			json_string(list[i].product);
			printf(", \"serial\": ");
			json_string(list[i].serial);
			printf(", \"vendorId\": \"0x%04x\", \"productId\": \"0x%04x\"}", list[i].vid,
			       list[i].pid);
		}
		fputs(n ? "\n]\n" : "]\n", stdout);
	} else {
		for (i = 0; i < n; i++)
			printf("%s\t%s\t%s\t%04x:%04x\n", list[i].path, dbc_hw_model_name(list[i].pid),
			       list[i].product[0] ? list[i].product : "-", list[i].vid, list[i].pid);
		if (n == 0)
			cli_warn("no Ledger device found (plugged in and unlocked?)");
	}
	cli_flush_stdout();
	return EXIT_OK;
}

static int
hw_version(const cli_keysrc_t *ks, cli_output_t fmt)
{
	dbc_hw_dev_t *dev = open_device(ks->ledger_device);
	dbc_ledger_version_t v;
	char name[64], appver[64], ver[48], target[16];
	uint8_t cla = ks->ledger_cla >= 0 ? (uint8_t)ks->ledger_cla : DBC_LEDGER_CLA_GENERIC;
	int rc, in_app;

	if ((rc = dbc_ledger_app_info(dev, name, sizeof(name), appver, sizeof(appver))) != DBC_OK)
		hw_fail(rc, dev, "hw version");
	in_app = strcmp(name, "BOLOS") != 0;
	if (in_app) {
		if ((rc = dbc_ledger_get_version(dev, cla, &v)) != DBC_OK)
			hw_fail(rc, dev, "hw version");
		(void)snprintf(ver, sizeof(ver), "%u.%u.%u", v.major, v.minor, v.patch);
		(void)snprintf(target, sizeof(target), "0x%08x", (unsigned)v.target_id);
	}
	dbc_hw_close(&dev);
	if (fmt == OUT_JSON) {
		cli_json_t j;

		cli_json_begin(&j);
		cli_json_str(&j, "app", name);
		cli_json_str(&j, "appVersion", appver);
		if (in_app) {
			cli_json_raw(&j, "locked", v.locked ? "true" : "false");
			cli_json_str(&j, "targetId", target);
			cli_json_raw(&j, "testMode", v.test_mode ? "true" : "false");
			cli_json_str(&j, "version", ver);
		}
		cli_json_end(&j);
	} else {
		printf("App:         %s %s\n", name, appver);
		if (in_app) {
			printf("Version:     %s%s\n", ver, v.test_mode ? " (test mode)" : "");
			printf("Locked:      %s\n", v.locked ? "yes" : "no");
			printf("Target id:   %s\n", target);
		}
		cli_flush_stdout();
	}
	if (!in_app)
		cli_warn("the device is on its dashboard: open the Polkadot app to use it");
	return EXIT_OK;
}

static int
hw_address(const cli_keysrc_t *ks, uint16_t network, int show, cli_output_t fmt)
{
	dbc_ledger_path_t path;
	dbc_hw_dev_t *dev;
	uint8_t pub[DBC_PUB_MAX];
	size_t publen = 0;
	char addr[80], expect[DBC_SS58_MAX], pathtext[64], pubhex[2 * DBC_PUB_MAX + 3];
	int legacy = ks->ledger_cla >= 0 && ks->ledger_cla != DBC_LEDGER_CLA_GENERIC;
	dbc_scheme_t scheme = ks->scheme_set ? ks->scheme : legacy ? DBC_SR25519 : DBC_ED25519;
	int rc;

	if (!legacy && scheme == DBC_SR25519)
		cli_die(EXIT_USAGE, "hw address: the Polkadot generic app has no sr25519 "
		        "(use --scheme ed25519, or --ledger-cla for a legacy app)");
	if (legacy && scheme == DBC_ECDSA)
		cli_die(EXIT_USAGE, "hw address: the legacy app protocol has ed25519 and sr25519 only");
	if ((rc = dbc_ledger_path_make(&path, ks->account, ks->change, ks->index)) != DBC_OK)
		cli_fail(rc, "hw address: path");
	dbc_ledger_path_format(&path, pathtext, sizeof(pathtext));
	dev = open_device(ks->ledger_device);
	if (show)
		cli_warn("check the address on the device and approve it there");
	if (legacy) {
		rc = dbc_ledger_legacy_address(dev, (uint8_t)ks->ledger_cla, &path, scheme, show, pub,
		    addr, sizeof(addr));
		publen = 32;
	} else {
		rc = dbc_ledger_generic_address(dev, &path, scheme, network, show, pub, &publen, addr,
		    sizeof(addr));
	}
	if (rc != DBC_OK)
		hw_fail(rc, dev, "hw address");
	dbc_hw_close(&dev);
	if (scheme != DBC_ECDSA) {
		/* Never print a device's address we cannot reproduce from its public key. */
		if ((rc = dbc_ss58_encode(expect, network, pub, 32)) != DBC_OK)
			cli_fail(rc, "hw address: --network");
		if (!legacy && strcmp(expect, addr) != 0)
			cli_die(EXIT_ENV, "hw address: the device's address does not match its public key");
		/* A legacy app prints its own chain's prefix; show the one asked for. */
		(void)snprintf(addr, sizeof(addr), "%s", expect);
	}
	cli_hex0x(pubhex, pub, publen);
	if (fmt == OUT_JSON) {
		cli_json_t j;

		cli_json_begin(&j);
		cli_json_str(&j, "address", addr);
		cli_json_str(&j, "path", pathtext);
		cli_json_str(&j, "publicKey", pubhex);
		cli_json_end(&j);
	} else {
		printf("Path:        %s\n", pathtext);
		printf("Scheme:      %s\n", dbc_scheme_name(scheme));
		printf("Public key:  %s\n", pubhex);
		printf("Address:     %s\n", addr);
		cli_flush_stdout();
	}
	return EXIT_OK;
}

int
cmd_hw(int argc, char **argv)
{
	enum { OPT_NETWORK = 0x100, OPT_OUTPUT, OPT_SHOW };
	static const struct option longopts[] = {
		CLI_KEYSRC_LONGOPTS,
		{ "network", required_argument, NULL, OPT_NETWORK },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "show", no_argument, NULL, OPT_SHOW },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_keysrc_t ks;
	const char *sub;
	uint16_t network = DBC_NETWORK_DBC;
	cli_output_t fmt = OUT_TEXT;
	int c, show = 0;

	if (argc < 2)
		cli_die(EXIT_USAGE, "hw: give a subcommand: list, version or address (see 'dbcsign hw --help')");
	sub = argv[1];
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0 || strcmp(sub, "help") == 0) {
		usage(stdout);
		cli_flush_stdout();
		return EXIT_OK;
	}
	if (strcmp(sub, "list") != 0 && strcmp(sub, "version") != 0 && strcmp(sub, "address") != 0)
		cli_die(EXIT_USAGE, "hw: unknown subcommand '%.32s' (want list, version or address)", sub);
	cli_keysrc_init(&ks);
	opterr = 0;
	optind = 1;
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (cli_keysrc_option(&ks, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			cli_flush_stdout();
			return EXIT_OK;
		case OPT_NETWORK:
			network = cli_parse_network("--network", optarg);
			break;
		case OPT_OUTPUT:
			fmt = cli_parse_output(optarg, 1u << OUT_TEXT | 1u << OUT_JSON);
			break;
		case OPT_SHOW:
			show = 1;
			break;
		default:
			cli_getopt_fail("hw", c, argv);
		}
	}
	cli_no_operands("hw", argc, argv);
	if (ks.kind != CLI_KS_NONE && ks.kind != CLI_KS_LEDGER)
		cli_die(EXIT_USAGE, "hw: the only key source here is --ledger[=DEVICE]");
	if (strcmp(sub, "list") == 0) {
		if (ks.nsources > 0 || ks.account_set || ks.change_set || ks.index_set ||
		    ks.ledger_cla >= 0 || show || ks.scheme_set)
			cli_die(EXIT_USAGE, "hw list: takes only --output");
		return hw_list(fmt);
	}
	if (show && strcmp(sub, "address") != 0)
		cli_die(EXIT_USAGE, "--show: only with hw address");
	if (strcmp(sub, "version") == 0) {
		if (ks.account_set || ks.change_set || ks.index_set || ks.scheme_set)
			cli_die(EXIT_USAGE, "hw version: --account/--change/--index/--scheme do not apply");
		return hw_version(&ks, fmt);
	}
	return hw_address(&ks, network, show, fmt);
}
