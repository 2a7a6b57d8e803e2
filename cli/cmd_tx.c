/* dbcsign tx — build, sign, submit and decode DBC extrinsics from the chain's metadata.
 *
 *   tx rent --machine ID --gpus N --duration D     RentMachine.rent_machine
 *   tx confirm --rent-id N                         RentMachine.confirm_rent
 *   tx relet --rent-id N --duration D              RentMachine.relet_machine
 *   tx call Pallet.method --args JSON              any call
 *   tx decode HEX|FILE [--metadata FILE | --rpc URL]
 *   tx sign REQUEST.json [key source] [-o FILE]    air-gapped signing (no network)
 *   tx submit SIGNED.json|HEX [--wait]
 *
 * Modes of the building commands: online (default: fetch context, sign, show call and fee,
 * confirm, submit, follow), --unsigned -o REQUEST (online, only --from ADDRESS), and
 * --offline with every chain parameter given (prints the signed extrinsic, sends nothing). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/tx_args.h"
#include "cli/tx_internal.h"
#include "cli/tx_request.h"
#include "sign/hash.h"
#include "sign/hex.h"
#include "wallet/ss58.h"

#define MAX_INPUT_FILE ((size_t)64 << 20)
#define RENT_MULTIPLE 300u      /* HALF_HOUR in blocks (rent-machine pallet) */
#define RELET_MIN 100u          /* relet_machine: ReletTooShort below this */
#define MAX_RENT_DAYS 60u       /* MaximumRentalDuration default */
#define DEFAULT_WAIT_S 300L

enum {
	OPT_RPC = 0x200, OPT_OFFLINE, OPT_METADATA, OPT_GENESIS, OPT_SPEC, OPT_TXV, OPT_NONCE,
	OPT_TIP, OPT_ERA, OPT_BLOCK_NUMBER, OPT_BLOCK_HASH, OPT_UNSIGNED, OPT_FROM, OPT_YES,
	OPT_OUTPUT, OPT_MACHINE, OPT_GPUS, OPT_DURATION, OPT_RENT_ID, OPT_ARGS, OPT_WAIT,
	OPT_NO_WAIT, OPT_TIMEOUT, OPT_HELP
};

static const struct option longopts[] = {
	CLI_KEYSRC_LONGOPTS,
	{ "rpc", required_argument, NULL, OPT_RPC },
	{ "offline", no_argument, NULL, OPT_OFFLINE },
	{ "metadata", required_argument, NULL, OPT_METADATA },
	{ "genesis", required_argument, NULL, OPT_GENESIS },
	{ "spec-version", required_argument, NULL, OPT_SPEC },
	{ "tx-version", required_argument, NULL, OPT_TXV },
	{ "nonce", required_argument, NULL, OPT_NONCE },
	{ "tip", required_argument, NULL, OPT_TIP },
	{ "era", required_argument, NULL, OPT_ERA },
	{ "block-number", required_argument, NULL, OPT_BLOCK_NUMBER },
	{ "block-hash", required_argument, NULL, OPT_BLOCK_HASH },
	{ "unsigned", no_argument, NULL, OPT_UNSIGNED },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "out", required_argument, NULL, 'o' },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "machine", required_argument, NULL, OPT_MACHINE },
	{ "gpus", required_argument, NULL, OPT_GPUS },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "rent-id", required_argument, NULL, OPT_RENT_ID },
	{ "args", required_argument, NULL, OPT_ARGS },
	{ "wait", no_argument, NULL, OPT_WAIT },
	{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ 0, 0, 0, 0 }
};

typedef struct {
	const char *sub;
	const char *rpc_url, *metadata_path, *genesis, *era, *block_hash, *from, *out_path;
	const char *machine, *duration, *rent_id, *args, *call_path, *input;
	const char *spec, *txv, *nonce, *tip, *block_number, *gpus;
	int offline, unsigned_req, yes, wait, no_wait;
	long timeout_s;
	cli_output_t fmt;
	cli_keysrc_t ks;
} txopts_t;

/* `dbcsign tx --help`: what each subcommand is for; the details are in `tx SUB --help`. */
static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: dbcsign tx SUBCOMMAND [ARGUMENTS] [OPTIONS]\n"
	        "\n"
	        "Build, sign, submit and decode DBC extrinsics; call indices and signed extensions\n"
	        "come from the chain's metadata.\n"
	        "\n"
	        "subcommands:\n"
	        "  rent      rent GPUs of a machine (--machine ID --gpus N --duration D)\n"
	        "  confirm   confirm a rent within 15 minutes of renting (--rent-id N)\n"
	        "  relet     extend a rent (--rent-id N --duration D)\n"
	        "  call      any call of the runtime: Pallet.method --args JSON\n"
	        "  decode    show an extrinsic: signer, era, nonce, tip, call with named arguments\n"
	        "  sign      sign a request written by --unsigned, with no network (air-gapped)\n"
	        "  submit    send a signed extrinsic; with --wait follow it like rent does\n"
	        "\n"
	        "see dbcsign tx SUB --help for the arguments and options of each one.\n"
	        "\n"
	        "exit codes: 0 ok, 1 rejected (cancelled, or the chain's ExtrinsicFailed),\n"
	        "            2 usage or input error, 3 network, node or device error\n");
}

/* The options rent, confirm, relet and call share (run_build). */
static void
usage_build_options(void)
{
	printf("online (the default: show the call and fee, ask, sign, submit, follow):\n"
	       "  --rpc URL            node (http(s):// or ws(s)://; default $DBCSIGN_RPC, else\n"
	       "                       %s)\n"
	       "  --yes                do not ask before submitting (needed without a terminal)\n"
	       "  --output text|json   how the outcome is printed\n"
	       "  --no-wait            submit and print the hash without following the chain\n"
	       "  --timeout SECONDS    how long to wait for inclusion (default %ld)\n"
	       "  --nonce N            instead of the node's next nonce for the signer\n"
	       "  --tip N              tip in the smallest unit (default 0)\n"
	       "  --era immortal|PERIOD   mortal period in blocks (default %u), or immortal\n"
	       "  --block-number N --block-hash HASH   the mortal era's block (default: the\n"
	       "                       finalized head)\n"
	       "air-gapped (online, no key source):\n"
	       "  --unsigned --from ADDRESS -o REQUEST.json   write a signing request for\n"
	       "                       dbcsign tx sign\n"
	       "offline (prints the signed extrinsic, submits nothing):\n"
	       "  --offline --metadata FILE --genesis HASH --spec-version N --tx-version N\n"
	       "  --nonce N [--tip N] [--era immortal|PERIOD --block-number N --block-hash HASH]\n"
	       "  -o, --out FILE       write {\"extrinsic\",\"hash\",...} to FILE instead of stdout\n"
	       "  -h, --help           this help\n",
	       DBC_RPC_DEFAULT_URL, DEFAULT_WAIT_S, (unsigned)DBC_ERA_DEFAULT_PERIOD);
}

static const char exit_build[] =
	"exit codes: 0 included (or written), 1 cancelled or the chain's ExtrinsicFailed\n"
	"            (the module error is named), 2 usage or input error, 3 network, node\n"
	"            or device error (a timeout says how to resend the same bytes)\n";

/* `dbcsign tx SUB --help`: one subcommand's arguments and options, on stdout. */
static void
usage_sub(const char *sub)
{
	if (strcmp(sub, "rent") == 0) {
		printf("usage: dbcsign tx rent --machine ID --gpus N --duration D KEY SOURCE [options]\n"
		       "\n"
		       "Rent GPUs of a machine (RentMachine.rent_machine); on success prints the new\n"
		       "rent id, which must be confirmed with dbcsign tx confirm within 15 minutes.\n"
		       "\n"
		       "  --machine ID         the machine's 64 hex characters (sent as text; a 0x is\n"
		       "                       dropped with a note)\n"
		       "  --gpus N             how many of its GPUs (at least 1)\n"
		       "  --duration D         blocks, or 30m / 2h / 1d (converted with the chain's\n"
		       "                       block time): a multiple of %u blocks (30 minutes),\n"
		       "                       at most %u days\n",
		       RENT_MULTIPLE, MAX_RENT_DAYS);
		usage_build_options();
		printf("\nexamples:\n"
		       "  dbcsign tx rent --machine $MACHINE --gpus 1 --duration 2h --key alice\n"
		       "  dbcsign tx rent --machine $MACHINE --gpus 1 --duration 600 --unsigned \\\n"
		       "      --from $ADDRESS -o request.json\n\n%s\n%s", exit_build, cli_keysrc_help);
	} else if (strcmp(sub, "confirm") == 0) {
		printf("usage: dbcsign tx confirm --rent-id N KEY SOURCE [options]\n"
		       "\n"
		       "Confirm a rent (RentMachine.confirm_rent) within 150 blocks (15 minutes) of\n"
		       "renting, once the machine is reachable.\n"
		       "\n"
		       "  --rent-id N          the rent id that tx rent printed (a u64)\n");
		usage_build_options();
		printf("\nexamples:\n"
		       "  dbcsign tx confirm --rent-id 42 --key alice\n"
		       "  dbcsign tx confirm --rent-id 42 --suri-file key.txt --yes --output json\n"
		       "\n%s\n%s", exit_build, cli_keysrc_help);
	} else if (strcmp(sub, "relet") == 0) {
		printf("usage: dbcsign tx relet --rent-id N --duration D KEY SOURCE [options]\n"
		       "\n"
		       "Extend a rent (RentMachine.relet_machine).\n"
		       "\n"
		       "  --rent-id N          the rent to extend (a u64)\n"
		       "  --duration D         blocks, or 30m / 2h / 1d (converted with the chain's\n"
		       "                       block time): at least %u blocks, at most %u days\n",
		       RELET_MIN, MAX_RENT_DAYS);
		usage_build_options();
		printf("\nexamples:\n"
		       "  dbcsign tx relet --rent-id 42 --duration 1d --key alice\n"
		       "\n%s\n%s", exit_build, cli_keysrc_help);
	} else if (strcmp(sub, "call") == 0) {
		printf("usage: dbcsign tx call Pallet.method [--args JSON] KEY SOURCE [options]\n"
		       "\n"
		       "Any call the runtime's metadata lists, its arguments encoded through the\n"
		       "metadata's types (names as in the metadata, snake_case or camelCase).\n"
		       "\n"
		       "  Pallet.method        e.g. Balances.transfer_keep_alive\n"
		       "  --args JSON          an array (by position) or an object (by name); omit for a\n"
		       "                       call without arguments. Integers above 2^53 as decimal\n"
		       "                       strings; bytes as 0x-hex; account ids as SS58 or 0x-hex;\n"
		       "                       enums as \"Variant\" or {\"Variant\": value}\n");
		usage_build_options();
		printf("\nexamples:\n"
		       "  dbcsign tx call Balances.transfer_keep_alive --args '[\"5F...\", \"1000000\"]' \\\n"
		       "      --key alice\n"
		       "  dbcsign tx call System.remark --args '{\"remark\": \"0x68656c6c6f\"}' \\\n"
		       "      --suri //Alice --rpc ws://127.0.0.1:9944 --yes\n"
		       "\n%s\n%s", exit_build, cli_keysrc_help);
	} else if (strcmp(sub, "decode") == 0) {
		printf("usage: dbcsign tx decode HEX|FILE [--metadata FILE | --rpc URL] [--output json]\n"
		       "\n"
		       "Show an extrinsic: signed or not, signer, era, nonce, tip, the call with named\n"
		       "arguments, and its hash. Nothing is submitted.\n"
		       "\n"
		       "  HEX|FILE             0x-hex, a file of hex, or a JSON file with \"extrinsic\"\n"
		       "                       (what tx sign writes)\n"
		       "  --metadata FILE      decode with this metadata (no network)\n"
		       "  --rpc URL            else the node's metadata (default $DBCSIGN_RPC, else\n"
		       "                       %s)\n"
		       "  --output text|json   text (default) or one JSON object\n"
		       "  -h, --help           this help\n"
		       "\nexamples:\n"
		       "  dbcsign tx decode signed.json --metadata metadata.scale\n"
		       "  dbcsign tx decode 0x4502... --rpc ws://127.0.0.1:9944 --output json\n"
		       "\nexit codes: 0 decoded, 2 usage or input error (including a call that does not\n"
		       "            decode with this metadata), 3 network or node error\n",
		       DBC_RPC_DEFAULT_URL);
	} else if (strcmp(sub, "sign") == 0) {
		printf("usage: dbcsign tx sign REQUEST.json KEY SOURCE [--metadata FILE]\n"
		       "                       [-o SIGNED.json] [--yes]\n"
		       "\n"
		       "Sign a request that tx rent/confirm/relet/call wrote in air-gapped mode, with\n"
		       "no network: shows the call decoded from its own bytes, asks, signs with the\n"
		       "request's nonce, era and tip, and writes {\"extrinsic\",\"hash\",\"genesis\",\n"
		       "\"spec_version\",\"tx_version\"} for tx submit. The key must be the request's\n"
		       "signer.\n"
		       "\n"
		       "  REQUEST.json         the signing request\n"
		       "  --metadata FILE      nothing authenticates the request's metadata: decode with\n"
		       "                       this trusted copy instead, refusing a request whose\n"
		       "                       metadata differs\n"
		       "  -o, --out FILE       write the signed JSON to FILE (default stdout)\n"
		       "  --yes                do not ask before signing (needed without a terminal)\n"
		       "  -h, --help           this help\n"
		       "\nexamples:\n"
		       "  dbcsign tx sign request.json --key alice -o signed.json\n"
		       "  dbcsign tx sign request.json --ledger --metadata metadata.scale -o signed.json\n"
		       "\nexit codes: 0 signed, 1 cancelled or wrong password, 2 usage or input error\n"
		       "            (a request that does not decode is refused), 3 device error\n"
		       "\n%s", cli_keysrc_help);
	} else {
		printf("usage: dbcsign tx submit SIGNED.json|HEX [--wait] [--rpc URL] [options]\n"
		       "\n"
		       "Send a signed extrinsic and print its hash. A signed JSON file's genesis and\n"
		       "spec_version are checked against the node first. Sending the same bytes again\n"
		       "(after a timeout) is safe: already imported counts as success.\n"
		       "\n"
		       "  SIGNED.json|HEX      what tx sign wrote, a file of hex, or 0x-hex\n"
		       "  --wait               follow until inclusion and decode the events, like rent\n"
		       "  --no-wait            only submit (the default)\n"
		       "  --timeout SECONDS    with --wait: how long to wait (default %ld)\n"
		       "  --rpc URL            node (default $DBCSIGN_RPC, else\n"
		       "                       %s)\n"
		       "  --output text|json   how the hash or outcome is printed\n"
		       "  -h, --help           this help\n"
		       "\nexamples:\n"
		       "  dbcsign tx submit signed.json --wait\n"
		       "  dbcsign tx submit 0x4502... --rpc ws://127.0.0.1:9944 --output json\n"
		       "\nexit codes: 0 submitted (with --wait: included), 1 the chain's ExtrinsicFailed\n"
		       "            (the module error is named), 2 usage or input error (including a\n"
		       "            file signed for another chain or runtime), 3 network or node error\n",
		       DEFAULT_WAIT_S, DBC_RPC_DEFAULT_URL);
	}
}

/* ---- small strict parsers ---- */

static uint64_t
parse_u64(const char *flag, const char *s, uint64_t max)
{
	dbc_u128_t v;

	if (s == NULL || dbc_u128_from_dec(&v, s) != DBC_OK || v > max)
		cli_die(EXIT_USAGE, "%s: '%.40s' is not a whole number in 0..%llu", flag, s ? s : "",
		        (unsigned long long)max);
	return (uint64_t)v;
}

static dbc_u128_t
parse_u128(const char *flag, const char *s)
{
	dbc_u128_t v;

	if (dbc_u128_from_dec(&v, s) != DBC_OK)
		cli_die(EXIT_USAGE, "%s: '%.48s' is not a whole number", flag, s);
	return v;
}

static void
parse_hash(const char *flag, const char *s, uint8_t out[32])
{
	if (dbc_hex_decode_exact(out, 32, s, DBC_HEX_ALLOW_0X) != DBC_OK)
		cli_die(EXIT_USAGE, "%s: '%.80s' is not a 32-byte 0x-hex hash", flag, s);
}

/* Machine ids are the 64 hex characters of the machine's key, sent as ASCII text. */
static void
check_machine_id(const char *s, char out[65])
{
	size_t i;
	int upper = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		cli_warn("--machine: dropped the 0x prefix (the id is sent as its 64 hex characters)");
	}
	if (strlen(s) != 64)
		cli_die(EXIT_USAGE, "--machine: want 64 hex characters, got %zu", strlen(s));
	for (i = 0; i < 64; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			cli_die(EXIT_USAGE, "--machine: '%c' at position %zu is not a hex character", s[i],
			        i + 1);
		upper |= s[i] >= 'A' && s[i] <= 'F';
	}
	if (upper)
		cli_warn("--machine: the id has upper-case letters; the chain matches ids byte for byte");
	memcpy(out, s, 64);
	out[64] = '\0';
}

/* D in blocks, or Nm/Nh/Nd converted with the block time. */
static uint32_t
parse_duration(const char *s, uint64_t block_ms)
{
	size_t n = strlen(s);
	uint64_t v, secs, mult = 0;
	char num[24];

	if (n == 0 || n >= sizeof(num))
		cli_die(EXIT_USAGE, "--duration: '%.24s' is not blocks or 30m/2h/1d", s);
	switch (s[n - 1]) {
	case 'm': mult = 60; break;
	case 'h': mult = 3600; break;
	case 'd': mult = 86400; break;
	default: break;
	}
	if (mult == 0)
		return (uint32_t)parse_u64("--duration", s, UINT32_MAX);
	memcpy(num, s, n - 1);
	num[n - 1] = '\0';
	v = parse_u64("--duration", num, 100000000ULL);
	secs = v * mult;
	if (block_ms == 0 || (secs * 1000) % block_ms != 0)
		cli_die(EXIT_USAGE, "--duration: %s is not a whole number of %llu ms blocks", s,
		        (unsigned long long)block_ms);
	if (secs * 1000 / block_ms > UINT32_MAX)
		cli_die(EXIT_USAGE, "--duration: %s is too long", s);
	return (uint32_t)(secs * 1000 / block_ms);
}

static void
check_duration(int rent, uint32_t blocks, uint64_t block_ms)
{
	uint64_t max = (uint64_t)MAX_RENT_DAYS * 86400000ULL / (block_ms ? block_ms : 6000);

	if (rent && (blocks == 0 || blocks % RENT_MULTIPLE != 0))
		cli_die(EXIT_USAGE, "--duration: %u blocks is not a positive multiple of %u (30 minutes)",
		        blocks, RENT_MULTIPLE);
	if (!rent && blocks < RELET_MIN)
		cli_die(EXIT_USAGE, "--duration: relet needs at least %u blocks, got %u", RELET_MIN, blocks);
	if (blocks > max)
		cli_die(EXIT_USAGE, "--duration: %u blocks is more than %u days (%llu blocks)", blocks,
		        MAX_RENT_DAYS, (unsigned long long)max);
}

/* ---- files and metadata ---- */

/* Whole-text JSON: trailing garbage is an error (cJSON_Parse would accept "0x12" as 0). */
static cJSON *
parse_json(const char *text, size_t len)
{
	const char *end = NULL;
	cJSON *j;

	if (text[len] != '\0')
		return NULL;
	j = cJSON_ParseWithOpts(text, &end, 1);
	return j;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f;
	struct stat st;
	char *buf;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		cli_die(EXIT_USAGE, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
		cli_die(EXIT_USAGE, "%s: not a regular file", path);
	if ((size_t)st.st_size > MAX_INPUT_FILE)
		cli_die(EXIT_USAGE, "%s: too large", path);
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL)
		cli_fail(DBC_ERR_NOMEM, "%s", path);
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f) || n != (size_t)st.st_size)
		cli_die(EXIT_ENV, "%s: read error", path);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Hex text (whitespace around allowed, 0x optional) → bytes; NULL if not hex. */
static uint8_t *
hex_text(const char *s, size_t len, size_t *out_len)
{
	uint8_t *b;

	while (len > 0 && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\r' ||
	                   s[len - 1] == '\t'))
		len--;
	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len -= 2;
	}
	if (len == 0 || (b = malloc(len / 2 + 1)) == NULL)
		return NULL;
	if (dbc_hex_decode(b, len / 2 + 1, out_len, s, len, 0) != DBC_OK) {
		free(b);
		return NULL;
	}
	return b;
}

/* hash (nullable) receives cli_tx_metadata_hash() of the bytes. */
static dbc_meta_t *
parse_metadata(const char *what, const uint8_t *b, size_t n, uint8_t *hash)
{
	dbc_meta_t *m = NULL;
	int ver = -1, rc;

	/* Also accept the SCALE Vec<u8> form (runtime API Metadata_metadata). */
	cli_tx_metadata_inner(&b, &n);
	if (hash != NULL)
		dbc_blake2b_256(hash, b, n);
	if ((rc = dbc_meta_parse(&m, b, n, &ver)) != DBC_OK) {
		if (rc == DBC_ERR_METADATA && ver >= 0 && ver != 14)
			cli_die(EXIT_USAGE, "%s: unsupported metadata version %d (dbcsign reads V14)", what,
			        ver);
		if (rc == DBC_ERR_METADATA && ver < 0)
			cli_die(EXIT_USAGE, "%s: not runtime metadata (no \"meta\" magic)", what);
		cli_fail(rc, "%s: malformed metadata", what);
	}
	return m;
}

/* Raw bytes, the Vec<u8> form, or hex text (as state_getMetadata returns it). */
static dbc_meta_t *
load_metadata_file(const char *path, uint8_t **raw, size_t *rawlen, uint8_t *hash)
{
	size_t len, hl;
	char *buf = read_file(path, &len);
	uint8_t *b;
	dbc_meta_t *m;

	if ((b = hex_text(buf, len, &hl)) != NULL) {
		free(buf);
	} else {
		b = (uint8_t *)buf;
		hl = len;
	}
	m = parse_metadata(path, b, hl, hash);
	if (raw != NULL) {
		*raw = b;
		*rawlen = hl;
	} else {
		free(b);
	}
	return m;
}

static void
env_rpc(tx_env_t *env, const char *url)
{
	int rc;

	if (env->have_rpc)
		return;
	if ((rc = dbc_rpc_init(&env->rpc, url)) != DBC_OK)
		cli_die(EXIT_USAGE, "%s", env->rpc.err);
	env->have_rpc = 1;
}

/* Genesis, versions and metadata from the node (metadata through the cache). */
static void
online_context(tx_env_t *env, const char *url, dbc_tx_params_t *p, uint8_t **raw, size_t *rawlen)
{
	uint8_t *md = NULL;
	size_t mdlen = 0;
	dbc_meta_t *m = NULL;
	int rc, ver = -1;

	env_rpc(env, url);
	if ((rc = dbc_rpc_genesis_hash(&env->rpc, p->genesis)) != DBC_OK ||
	    (rc = dbc_rpc_runtime_version(&env->rpc, &p->spec_version, &p->tx_version, NULL, 0)) != DBC_OK ||
	    (rc = dbc_rpc_metadata_cached(&env->rpc, p->genesis, p->spec_version, &md, &mdlen)) != DBC_OK)
		tx_rpc_fail(rc, &env->rpc);
	if (dbc_meta_parse(&m, md, mdlen, &ver) != DBC_OK) {
		/* A damaged cache file: fetch once more from the node. */
		dbc_rpc_cache_drop(&env->rpc, p->genesis, p->spec_version);
		free(md);
		if ((rc = dbc_rpc_metadata(&env->rpc, &md, &mdlen)) != DBC_OK)
			tx_rpc_fail(rc, &env->rpc);
		m = parse_metadata("node metadata", md, mdlen, NULL);
	}
	env->meta = m;
	cli_tx_metadata_hash(env->meta_hash, md, mdlen);
	env->have_meta_hash = 1;
	env->meta_from = "the node";
	if (raw != NULL) {
		*raw = md;
		*rawlen = mdlen;
	} else {
		free(md);
	}
}

static void
env_constants(tx_env_t *env)
{
	if (dbc_meta_ss58_prefix(env->meta, &env->ss58) != DBC_OK)
		env->ss58 = DBC_NETWORK_DBC;
}

/* ---- display and confirmation ---- */

/* NULL when the call does not decode, or leaves bytes over; *why (nullable) gets the reason. */
static char *
decode_call_json(const tx_env_t *env, const uint8_t *call, size_t len, int *why)
{
	uint16_t prefix = env->ss58;
	dbc_decode_opts_t o = { tx_account_fmt, &prefix, 1 };
	dbc_scale_rd_t r;
	dbc_buf_t b;
	char *s;
	int rc;

	dbc_buf_init(&b);
	dbc_scale_rd_init(&r, call, len);
	if ((rc = dbc_meta_decode_call(env->meta, &r, &b, &o, NULL, NULL)) != DBC_OK ||
	    dbc_scale_rd_left(&r) != 0 || dbc_buf_cstr(&b) == NULL) {
		if (why != NULL)
			*why = rc != DBC_OK ? rc : dbc_scale_rd_left(&r) != 0 ? DBC_ERR_SCALE : DBC_ERR_NOMEM;
		dbc_buf_free(&b);
		return NULL;
	}
	s = strdup((const char *)b.p);
	dbc_buf_free(&b);
	return s;
}

static void
print_fee(dbc_u128_t fee)
{
	char dec[40], txt[64];
	size_t n, pad, i, k = 0;

	/* 15 decimals (1 DBC = 10^15 planck). */
	dbc_u128_to_dec(dec, fee);
	n = strlen(dec);
	if (n > 15) {
		memcpy(txt, dec, n - 15);
		k = n - 15;
	} else {
		txt[k++] = '0';
	}
	txt[k++] = '.';
	pad = n < 15 ? 15 - n : 0;
	for (i = 0; i < pad; i++)
		txt[k++] = '0';
	memcpy(txt + k, n > 15 ? dec + n - 15 : dec, n > 15 ? 15 : n);
	k += n > 15 ? 15 : n;
	txt[k] = '\0';
	fprintf(stderr, "  fee:    %s DBC (estimate)\n", txt);
}

/* Without --yes a terminal is needed to ask. Checked before any work, so that a run that
 * will refuse prints the one error line and not a summary first. */
static void
can_confirm_or_die(int yes)
{
	if (!yes && (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO)))
		cli_die(EXIT_USAGE, "no terminal to confirm on: pass --yes");
}

/* Ask on the terminal; without one, --yes is required. */
static void
confirm(int yes, const char *question)
{
	char line[16];

	if (yes)
		return;
	can_confirm_or_die(yes);
	fprintf(stderr, "%s [y/N] ", question);
	if (fgets(line, sizeof(line), stdin) == NULL || (line[0] != 'y' && line[0] != 'Y'))
		cli_die(EXIT_REJECTED, "cancelled");
}

/* ---- building ---- */

static void
set_era(const txopts_t *o, tx_env_t *env, dbc_tx_params_t *p)
{
	uint8_t fh[32];
	uint64_t num;
	int rc;

	if (o->era != NULL && strcmp(o->era, "immortal") == 0) {
		if (o->block_number != NULL || o->block_hash != NULL)
			cli_die(EXIT_USAGE, "--block-number/--block-hash: not used with --era immortal");
		p->mortal = 0;
		return;
	}
	if (o->era != NULL) {
		p->period = parse_u64("--era", o->era, 65536);
		if (p->period < 4)
			cli_die(EXIT_USAGE, "--era: a period of at least 4 blocks, or 'immortal'");
	} else {
		p->period = DBC_ERA_DEFAULT_PERIOD;
	}
	if (o->block_number != NULL || o->block_hash != NULL) {
		if (o->block_number == NULL || o->block_hash == NULL)
			cli_die(EXIT_USAGE, "--block-number and --block-hash go together");
		p->block_number = parse_u64("--block-number", o->block_number, UINT32_MAX);
		parse_hash("--block-hash", o->block_hash, p->block_hash);
		p->mortal = 1;
		return;
	}
	if (o->offline) {
		if (o->era != NULL)
			cli_die(EXIT_USAGE, "--era %s: give --block-number and --block-hash of the era's block",
			        o->era);
		p->mortal = 0; /* offline without a block: immortal */
		return;
	}
	/* Online: mortal from the finalized head. */
	if ((rc = dbc_rpc_finalized_head(&env->rpc, fh)) != DBC_OK ||
	    (rc = dbc_rpc_header(&env->rpc, fh, &num, NULL)) != DBC_OK)
		tx_rpc_fail(rc, &env->rpc);
	p->mortal = 1;
	p->block_number = num;
	memcpy(p->block_hash, fh, 32);
}

static void
encode_call_or_die(const tx_env_t *env, const char *path, const cJSON *args, dbc_buf_t *call)
{
	char why[CLI_TX_WHY];
	int rc;

	if ((rc = cli_tx_encode_call_path(env->meta, path, args, call, why)) != DBC_OK)
		cli_die(dbc_err_class(rc) >= 3 ? EXIT_ENV : EXIT_USAGE, "%s", why);
}

static void
print_signed(const tx_env_t *env, const dbc_buf_t *ext, const dbc_tx_params_t *p, FILE *f)
{
	uint8_t h[32];
	char *ex = tx_hex0x(ext->p, ext->len), *hx, *gh;

	dbc_tx_hash(h, ext->p, ext->len);
	hx = tx_hex0x(h, 32);
	gh = tx_hex0x(p->genesis, 32);
	if (ex == NULL || hx == NULL || gh == NULL)
		cli_fail(DBC_ERR_NOMEM, "output");
	if (env->fmt == OUT_JSON || f != stdout)
		fprintf(f, "{\n  \"extrinsic\": \"%s\",\n  \"hash\": \"%s\",\n  \"genesis\": \"%s\",\n"
		        "  \"spec_version\": %u,\n  \"tx_version\": %u\n}\n", ex, hx, gh, p->spec_version,
		        p->tx_version);
	else
		fprintf(f, "%s\n", ex);
	free(ex);
	free(hx);
	free(gh);
}

static FILE *
open_out(const char *path)
{
	FILE *f;

	if (path == NULL || strcmp(path, "-") == 0)
		return stdout;
	if ((f = fopen(path, "wx")) == NULL)
		cli_die(errno == EEXIST ? EXIT_USAGE : EXIT_ENV, "%s: %s", path,
		        errno == EEXIST ? "exists (refusing to overwrite)" : strerror(errno));
	return f;
}

static void
close_out(FILE *f, const char *path)
{
	if (f == stdout) {
		cli_flush_stdout();
		return;
	}
	if (fflush(f) != 0 || ferror(f) || fclose(f) != 0)
		cli_die(EXIT_ENV, "%s: write error", path);
}

static void
write_request(const txopts_t *o, const tx_env_t *env, const dbc_tx_params_t *p,
              const uint8_t account[32], const dbc_buf_t *call, const uint8_t *md, size_t mdlen)
{
	cJSON *req = cJSON_CreateObject(), *era;
	char *s, dec[40], addr[DBC_SS58_MAX], *decoded;
	FILE *f;

	if (req == NULL)
		cli_fail(DBC_ERR_NOMEM, "request");
	cJSON_AddStringToObject(req, "type", CLI_TX_REQUEST_TYPE);
	cJSON_AddNumberToObject(req, "version", 1);
	if ((s = tx_hex0x(p->genesis, 32)) != NULL)
		cJSON_AddStringToObject(req, "genesis", s);
	free(s);
	cJSON_AddNumberToObject(req, "spec_version", p->spec_version);
	cJSON_AddNumberToObject(req, "tx_version", p->tx_version);
	cJSON_AddNumberToObject(req, "ss58_prefix", env->ss58);
	if (dbc_ss58_encode(addr, env->ss58, account, 32) == DBC_OK)
		cJSON_AddStringToObject(req, "from", addr);
	if ((s = tx_hex0x(account, 32)) != NULL)
		cJSON_AddStringToObject(req, "account", s);
	free(s);
	cJSON_AddNumberToObject(req, "nonce", (double)p->nonce);
	dbc_u128_to_dec(dec, p->tip);
	cJSON_AddStringToObject(req, "tip", dec);
	if (p->mortal) {
		era = cJSON_AddObjectToObject(req, "era");
		cJSON_AddNumberToObject(era, "period", (double)p->period);
		cJSON_AddNumberToObject(era, "block_number", (double)p->block_number);
		if ((s = tx_hex0x(p->block_hash, 32)) != NULL)
			cJSON_AddStringToObject(era, "block_hash", s);
		free(s);
	} else {
		cJSON_AddStringToObject(req, "era", "immortal");
	}
	if ((s = tx_hex0x(call->p, call->len)) != NULL)
		cJSON_AddStringToObject(req, "call", s);
	free(s);
	if ((decoded = decode_call_json(env, call->p, call->len, NULL)) != NULL)
		cJSON_AddRawToObject(req, "call_decoded", decoded);
	free(decoded);
	if ((s = tx_hex0x(md, mdlen)) != NULL)
		cJSON_AddStringToObject(req, "metadata", s);
	free(s);
	if ((s = cJSON_Print(req)) == NULL)
		cli_fail(DBC_ERR_NOMEM, "request");
	f = open_out(o->out_path);
	fprintf(f, "%s\n", s);
	close_out(f, o->out_path);
	free(s);
	cJSON_Delete(req);
}

/* Sign with the key source and check it is the expected account (if any). */
static dbc_signer_t *
open_signer(cli_keysrc_t *ks, uint8_t account[32], const uint8_t *expect)
{
	dbc_signer_t *s = NULL;
	const uint8_t *pub;
	size_t publen;
	int rc;

	if ((rc = cli_keysrc_open(ks, &s, NULL)) != DBC_OK)
		cli_fail(rc, "%s", ks->what);
	pub = dbc_signer_public(s, &publen);
	if ((rc = dbc_account_id(dbc_signer_scheme(s), pub, publen, account)) != DBC_OK)
		cli_fail(rc, "key");
	if (expect != NULL && memcmp(expect, account, 32) != 0)
		cli_fail(DBC_ERR_MISMATCH, "the key is not the request's signer");
	return s;
}

static void
sign_or_die(const tx_env_t *env, const dbc_tx_params_t *p, const dbc_buf_t *call,
            const dbc_signer_t *s, dbc_buf_t *ext)
{
	const char *bad_ext = NULL;
	int rc;

	if ((rc = dbc_tx_sign(env->meta, p, call->p, call->len, s, ext, &bad_ext)) != DBC_OK) {
		if (rc == DBC_ERR_UNSUPPORTED && bad_ext != NULL)
			cli_die(EXIT_USAGE, "the runtime uses the signed extension '%s', which dbcsign does "
			        "not know: refusing to sign", bad_ext);
		if (rc == DBC_ERR_UNSUPPORTED)
			cli_die(EXIT_USAGE, "this key source (%s) cannot sign transactions",
			        dbc_signer_source(s));
		cli_fail(rc, "signing");
	}
}

/* "RentMachine.rent_machine(machine_id: "…", rent_gpu_num: 1, duration: 600)" on stderr,
 * with durations also in hours/days so a typo in the number of blocks is visible. */
static void
print_call(const tx_env_t *env, const dbc_buf_t *call)
{
	char *decoded = decode_call_json(env, call->p, call->len, NULL);
	cJSON *j = decoded != NULL ? cJSON_Parse(decoded) : NULL, *a;
	const cJSON *pl = cJSON_GetObjectItemCaseSensitive(j, "pallet");
	const cJSON *cl = cJSON_GetObjectItemCaseSensitive(j, "call");
	uint64_t bt = 6000;
	int first = 1;
	char *sp, *sc;

	if (!cJSON_IsString(pl) || !cJSON_IsString(cl)) {
		fprintf(stderr, "  call:   (does not decode with this metadata)\n");
		cJSON_Delete(j);
		free(decoded);
		return;
	}
	if (dbc_meta_block_time_ms(env->meta, &bt) != DBC_OK)
		bt = 0; /* unknown: show blocks only */
	/* Names are plain identifiers (the metadata parser refuses others) and values are
	 * escaped: the metadata may come from the request file being approved. */
	sp = tx_safe_dup(pl->valuestring);
	sc = tx_safe_dup(cl->valuestring);
	fprintf(stderr, "  call:   %s.%s(", sp, sc);
	free(sp);
	free(sc);
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(j, "args")) {
		char *v = cJSON_PrintUnformatted(a);
		char *sn = tx_safe_dup(a->string), *sv = tx_safe_dup(v != NULL ? v : "?");

		fprintf(stderr, "%s%s: %s", first ? "" : ", ", sn, sv);
		free(sn);
		free(sv);
		if (cJSON_IsNumber(a) && strstr(a->string, "duration") != NULL && bt > 0) {
			uint64_t secs = (uint64_t)a->valuedouble * bt / 1000;

			fprintf(stderr, " blocks = %llu h %llu min", (unsigned long long)(secs / 3600),
			        (unsigned long long)(secs % 3600 / 60));
		}
		free(v);
		first = 0;
	}
	fprintf(stderr, ")\n");
	cJSON_Delete(j);
	free(decoded);
}

static void
show_summary(const tx_env_t *env, const dbc_buf_t *call, const dbc_tx_params_t *p,
             const uint8_t account[32], const char *scheme)
{
	char addr[DBC_SS58_MAX], tip[40];
	dbc_buf_t payload;

	if (dbc_ss58_encode(addr, env->ss58, account, 32) != DBC_OK)
		addr[0] = '\0';
	dbc_u128_to_dec(tip, p->tip);
	fprintf(stderr, "dbcsign: transaction\n");
	print_call(env, call);
	fprintf(stderr, "  signer: %s%s%s%s\n  nonce:  %llu\n  tip:    %s\n", addr,
	        scheme ? " (" : "", scheme ? scheme : "", scheme ? ")" : "",
	        (unsigned long long)p->nonce, tip);
	if (p->mortal)
		fprintf(stderr, "  era:    mortal, %llu blocks from #%llu\n",
		        (unsigned long long)p->period, (unsigned long long)p->block_number);
	else
		fprintf(stderr, "  era:    immortal\n");
	if (env->have_meta_hash) {
		char hx[67];

		hx[0] = '0';
		hx[1] = 'x';
		dbc_hex_encode(hx + 2, env->meta_hash, 32);
		fprintf(stderr, "  metadata: blake2b-256 %s (from %s)\n", hx, env->meta_from);
	}
	/* Say whether the > 256-byte rule applies: the signer then sees only a hash. */
	dbc_buf_init(&payload);
	if (dbc_tx_payload(env->meta, p, call->p, call->len, &payload, NULL) == DBC_OK)
		fprintf(stderr, "  signs:  %s (payload %zu bytes)\n",
		        payload.len > DBC_TX_HASHED_PAYLOAD_OVER ? "blake2b-256 of the payload" :
		        "the payload itself", payload.len);
	dbc_buf_free(&payload);
}

/* rent / confirm / relet / call. */
static int
run_build(txopts_t *o)
{
	tx_env_t env;
	dbc_tx_params_t p;
	dbc_buf_t call, ext;
	cJSON *args = NULL;
	uint8_t account[32], *md = NULL;
	size_t mdlen = 0;
	uint64_t block_ms = 6000, rent_id = 0;
	char machine[65] = "";
	const char *path = NULL;
	dbc_signer_t *signer = NULL;
	int have_key, rc;
	uint32_t gpus = 0;

	memset(&env, 0, sizeof(env));
	memset(&p, 0, sizeof(p));
	env.fmt = o->fmt;
	env.progress = isatty(STDERR_FILENO);
	env.wait_s = o->timeout_s;

	/* Input checks that need no chain come first. */
	if (strcmp(o->sub, "rent") == 0) {
		if (o->machine == NULL || o->gpus == NULL || o->duration == NULL)
			cli_die(EXIT_USAGE, "tx rent: need --machine ID, --gpus N and --duration D");
		check_machine_id(o->machine, machine);
		gpus = (uint32_t)parse_u64("--gpus", o->gpus, UINT32_MAX);
		if (gpus == 0)
			cli_die(EXIT_USAGE, "--gpus: at least 1");
		path = "RentMachine.rent_machine";
	} else if (strcmp(o->sub, "confirm") == 0 || strcmp(o->sub, "relet") == 0) {
		if (o->rent_id == NULL)
			cli_die(EXIT_USAGE, "tx %s: need --rent-id N", o->sub);
		rent_id = parse_u64("--rent-id", o->rent_id, UINT64_MAX);
		if (strcmp(o->sub, "relet") == 0 && o->duration == NULL)
			cli_die(EXIT_USAGE, "tx relet: need --duration D");
		path = strcmp(o->sub, "confirm") == 0 ? "RentMachine.confirm_rent" :
		       "RentMachine.relet_machine";
	} else {
		if (o->call_path == NULL)
			cli_die(EXIT_USAGE, "tx call: need Pallet.method");
		path = o->call_path;
		if (o->args != NULL && (args = parse_json(o->args, strlen(o->args))) == NULL)
			cli_die(EXIT_USAGE, "--args: not valid JSON");
		if (args != NULL && !cJSON_IsArray(args) && !cJSON_IsObject(args))
			cli_die(EXIT_USAGE, "--args: want a JSON array or object");
	}
	if (strcmp(o->sub, "rent") != 0 && strcmp(o->sub, "relet") != 0 && o->duration != NULL)
		cli_die(EXIT_USAGE, "--duration: only for rent and relet");
	if (o->unsigned_req && o->from == NULL)
		cli_die(EXIT_USAGE, "--unsigned: give --from ADDRESS");
	if (o->unsigned_req && o->out_path == NULL)
		cli_die(EXIT_USAGE, "--unsigned: give -o REQUEST.json");
	have_key = cli_keysrc_check(&o->ks, 0);
	if (!o->unsigned_req && !have_key)
		(void)cli_keysrc_check(&o->ks, 1); /* dies with the list of sources */
	if (o->unsigned_req && have_key)
		cli_die(EXIT_USAGE, "--unsigned: no key source is used (sign later with 'tx sign')");
	/* The online flow asks before submitting. */
	if (!o->offline && !o->unsigned_req)
		can_confirm_or_die(o->yes);

	if (o->offline) {
		if (o->metadata_path == NULL || o->genesis == NULL || o->spec == NULL ||
		    o->txv == NULL || o->nonce == NULL)
			cli_die(EXIT_USAGE, "--offline: need --metadata, --genesis, --spec-version, "
			        "--tx-version and --nonce");
		if (o->rpc_url != NULL)
			cli_die(EXIT_USAGE, "--offline and --rpc exclude each other");
		parse_hash("--genesis", o->genesis, p.genesis);
		p.spec_version = (uint32_t)parse_u64("--spec-version", o->spec, UINT32_MAX);
		p.tx_version = (uint32_t)parse_u64("--tx-version", o->txv, UINT32_MAX);
		env.meta = load_metadata_file(o->metadata_path, o->unsigned_req ? &md : NULL, &mdlen,
		                              NULL);
	} else {
		if (o->metadata_path != NULL || o->genesis != NULL || o->spec != NULL || o->txv != NULL)
			cli_die(EXIT_USAGE, "--metadata/--genesis/--spec-version/--tx-version: only with "
			        "--offline (online they come from the node)");
		online_context(&env, o->rpc_url, &p, o->unsigned_req ? &md : NULL, &mdlen);
	}
	env_constants(&env);
	if (dbc_meta_block_time_ms(env.meta, &block_ms) != DBC_OK)
		block_ms = 6000;

	/* Arguments → call bytes, through the metadata's types. */
	if (strcmp(o->sub, "rent") == 0 || strcmp(o->sub, "relet") == 0) {
		uint32_t blocks = parse_duration(o->duration, block_ms);
		char num[24];

		check_duration(strcmp(o->sub, "rent") == 0, blocks, block_ms);
		args = cJSON_CreateArray();
		if (strcmp(o->sub, "rent") == 0) {
			cJSON_AddItemToArray(args, cJSON_CreateString(machine));
			cJSON_AddItemToArray(args, cJSON_CreateNumber(gpus));
		} else {
			(void)snprintf(num, sizeof(num), "%llu", (unsigned long long)rent_id);
			cJSON_AddItemToArray(args, cJSON_CreateString(num));
		}
		cJSON_AddItemToArray(args, cJSON_CreateNumber(blocks));
	} else if (strcmp(o->sub, "confirm") == 0) {
		char num[24];

		(void)snprintf(num, sizeof(num), "%llu", (unsigned long long)rent_id);
		args = cJSON_CreateArray();
		cJSON_AddItemToArray(args, cJSON_CreateString(num));
	}
	dbc_buf_init(&call);
	dbc_buf_init(&ext);
	encode_call_or_die(&env, path, args, &call);
	cJSON_Delete(args);

	if (o->tip != NULL)
		p.tip = parse_u128("--tip", o->tip);
	set_era(o, &env, &p);

	if (o->unsigned_req) {
		uint8_t pl[33];
		size_t plen;
		uint16_t prefix;

		if ((rc = dbc_ss58_decode(pl, &plen, &prefix, o->from)) != DBC_OK)
			cli_fail(rc, "--from '%.64s'", o->from);
		if (plen != 32)
			cli_die(EXIT_USAGE, "--from: want a 32-byte account address");
		memcpy(account, pl, 32);
		if (o->nonce != NULL)
			p.nonce = parse_u64("--nonce", o->nonce, UINT32_MAX);
		else if (!o->offline &&
		         (rc = dbc_rpc_account_next_index(&env.rpc, o->from, &p.nonce)) != DBC_OK)
			tx_rpc_fail(rc, &env.rpc);
		else if (o->offline)
			cli_die(EXIT_USAGE, "--nonce is required");
		write_request(o, &env, &p, account, &call, md, mdlen);
		if (env.progress)
			fprintf(stderr, "dbcsign: wrote %s; sign it with 'dbcsign tx sign %s'\n",
			        o->out_path, o->out_path);
		free(md);
		dbc_buf_free(&call);
		dbc_meta_free(&env.meta);
		return EXIT_OK;
	}

	signer = open_signer(&o->ks, account, NULL);
	if (o->nonce != NULL) {
		p.nonce = parse_u64("--nonce", o->nonce, UINT32_MAX);
	} else {
		char addr[DBC_SS58_MAX];

		if ((rc = dbc_ss58_encode(addr, env.ss58, account, 32)) != DBC_OK)
			cli_fail(rc, "address");
		if ((rc = dbc_rpc_account_next_index(&env.rpc, addr, &p.nonce)) != DBC_OK)
			tx_rpc_fail(rc, &env.rpc);
	}
	sign_or_die(&env, &p, &call, signer, &ext);
	if (o->offline) {
		FILE *f = open_out(o->out_path);

		print_signed(&env, &ext, &p, f);
		close_out(f, o->out_path);
	} else {
		dbc_u128_t fee;

		show_summary(&env, &call, &p, account, dbc_scheme_name(dbc_signer_scheme(signer)));
		if (dbc_rpc_query_fee(&env.rpc, ext.p, ext.len, &fee) == DBC_OK)
			print_fee(fee);
		else
			fprintf(stderr, "  fee:    unknown (%s)\n", env.rpc.err);
		confirm(o->yes, "Submit this transaction?");
		rc = tx_submit_and_follow(&env, ext.p, ext.len, !o->no_wait);
		dbc_signer_free(&signer);
		dbc_buf_free(&call);
		dbc_buf_free(&ext);
		dbc_meta_free(&env.meta);
		return rc;
	}
	dbc_signer_free(&signer);
	dbc_buf_free(&call);
	dbc_buf_free(&ext);
	dbc_meta_free(&env.meta);
	return EXIT_OK;
}

/* ---- tx decode ---- */

/* An extrinsic from a hex argument, a file of hex, or a JSON file with "extrinsic". */
static uint8_t *
load_extrinsic(const char *arg, size_t *len, cJSON **json_out)
{
	uint8_t *b;
	char *text;
	size_t tl;
	cJSON *j;

	if (json_out != NULL)
		*json_out = NULL;
	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		if ((b = hex_text(arg, strlen(arg), len)) == NULL)
			cli_die(EXIT_USAGE, "extrinsic: not valid hex");
		return b;
	}
	text = read_file(arg, &tl);
	if ((j = parse_json(text, tl)) != NULL && !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		j = NULL;
	}
	if (j != NULL) {
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "extrinsic");

		if (!cJSON_IsString(e) || (b = hex_text(e->valuestring, strlen(e->valuestring), len)) == NULL)
			cli_die(EXIT_USAGE, "%s: no \"extrinsic\" hex in the JSON", arg);
		free(text);
		if (json_out != NULL)
			*json_out = j;
		else
			cJSON_Delete(j);
		return b;
	}
	if ((b = hex_text(text, tl, len)) == NULL)
		cli_die(EXIT_USAGE, "%s: neither hex nor a JSON file with \"extrinsic\"", arg);
	free(text);
	return b;
}

static int
run_decode(txopts_t *o)
{
	tx_env_t env;
	dbc_tx_params_t p;
	dbc_tx_decoded_t d;
	uint8_t *ext, h[32];
	size_t len;
	int rc;
	char *call, *hx, *sig, addr[DBC_SS58_MAX], tip[40];
	static const char *sigs[] = { "ed25519", "sr25519", "ecdsa" };
	cJSON *j = NULL;

	if (o->input == NULL)
		cli_die(EXIT_USAGE, "tx decode: give the extrinsic (0x-hex or a file)");
	memset(&env, 0, sizeof(env));
	memset(&p, 0, sizeof(p));
	env.fmt = o->fmt;
	ext = load_extrinsic(o->input, &len, NULL);
	if (o->metadata_path != NULL) {
		if (o->rpc_url != NULL)
			cli_die(EXIT_USAGE, "--metadata and --rpc exclude each other");
		env.meta = load_metadata_file(o->metadata_path, NULL, NULL, NULL);
	} else {
		online_context(&env, o->rpc_url, &p, NULL, NULL);
	}
	env_constants(&env);
	if ((rc = dbc_tx_decode(env.meta, ext, len, &d)) != DBC_OK)
		cli_fail(rc, "extrinsic");
	if ((call = decode_call_json(&env, d.call, d.calllen, &rc)) == NULL)
		cli_die(EXIT_USAGE, "extrinsic: the call does not decode with this metadata (%s)",
		        dbc_strerror(rc));
	dbc_tx_hash(h, ext, len);
	hx = tx_hex0x(h, 32);
	sig = tx_hex0x(d.sig, d.siglen);
	if (hx == NULL || sig == NULL)
		cli_fail(DBC_ERR_NOMEM, "output");
	if (d.is_signed && dbc_ss58_encode(addr, env.ss58, d.account, 32) != DBC_OK)
		addr[0] = '\0';
	dbc_u128_to_dec(tip, d.tip);
	if (o->fmt == OUT_JSON) {
		printf("{\n  \"signed\": %s,\n", d.is_signed ? "true" : "false");
		if (d.is_signed) {
			char *acc = tx_hex0x(d.account, 32);

			printf("  \"signer\": \"%s\",\n  \"account\": \"%s\",\n  \"signature_type\": \"%s\",\n"
			       "  \"signature\": \"%s\",\n", addr, acc != NULL ? acc : "", sigs[d.sig_type], sig);
			free(acc);
			if (d.era.period != 0)
				printf("  \"era\": {\"period\": %llu, \"phase\": %llu},\n",
				       (unsigned long long)d.era.period, (unsigned long long)d.era.phase);
			else
				printf("  \"era\": \"immortal\",\n");
			printf("  \"nonce\": %llu,\n  \"tip\": \"%s\",\n", (unsigned long long)d.nonce, tip);
			if (d.has_asset_id)
				printf("  \"asset_id\": %u,\n", d.asset_id);
			else
				printf("  \"asset_id\": null,\n");
		}
		printf("  \"call\": %s,\n  \"hash\": \"%s\"\n}\n", call, hx);
	} else {
		cJSON *cj = cJSON_Parse(call), *a;

		if (d.is_signed) {
			printf("signer:    %s (%s)\n", addr, sigs[d.sig_type]);
			if (d.era.period != 0)
				printf("era:       mortal, period %llu, phase %llu\n",
				       (unsigned long long)d.era.period, (unsigned long long)d.era.phase);
			else
				printf("era:       immortal\n");
			printf("nonce:     %llu\ntip:       %s\n", (unsigned long long)d.nonce, tip);
			if (d.has_asset_id)
				printf("asset id:  %u\n", d.asset_id);
			printf("signature: %s\n", sig);
		} else {
			printf("unsigned\n");
		}
		char *sp = tx_safe_dup(cJSON_GetObjectItemCaseSensitive(cj, "pallet")->valuestring);
		char *sc = tx_safe_dup(cJSON_GetObjectItemCaseSensitive(cj, "call")->valuestring);

		printf("call:      %s.%s\n", sp, sc);
		free(sp);
		free(sc);
		cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(cj, "args")) {
			char *v = cJSON_PrintUnformatted(a);
			char *sn = tx_safe_dup(a->string), *sv = tx_safe_dup(v);

			printf("  %s: %s\n", sn, sv);
			free(sn);
			free(sv);
			free(v);
		}
		printf("hash:      %s\n", hx);
		cJSON_Delete(cj);
	}
	cli_flush_stdout();
	cJSON_Delete(j);
	free(call);
	free(hx);
	free(sig);
	free(ext);
	dbc_meta_free(&env.meta);
	return EXIT_OK;
}

/* ---- tx sign REQUEST ---- */

static int
run_sign(txopts_t *o)
{
	tx_env_t env;
	cli_tx_request_t rq;
	dbc_buf_t call, ext;
	uint8_t account[32];
	size_t len;
	char *text, why[CLI_TX_REQUEST_WHY];
	const char *f = o->input;
	dbc_signer_t *signer;
	FILE *out;
	int rc;

	if (f == NULL)
		cli_die(EXIT_USAGE, "tx sign: give the signing request file");
	can_confirm_or_die(o->yes);
	(void)cli_keysrc_check(&o->ks, 1);
	memset(&env, 0, sizeof(env));
	env.fmt = o->fmt;
	text = read_file(f, &len);
	if ((rc = cli_tx_request_parse(&rq, text, len, why)) != DBC_OK) {
		if (rc == DBC_ERR_NOMEM)
			cli_fail(rc, "%s", f);
		cli_die(EXIT_USAGE, "%s: %s", f, why);
	}
	free(text);
	/* The request's metadata decides how the call is shown, and nothing in the signature
	 * covers it (DBC has no CheckMetadataHash): --metadata FILE replaces it with a trusted
	 * copy, which must be the same bytes. */
	if (o->metadata_path != NULL) {
		uint8_t req_hash[32];
		char a[67], b[67];

		env.meta = load_metadata_file(o->metadata_path, NULL, NULL, env.meta_hash);
		cli_tx_metadata_hash(req_hash, rq.metadata, rq.metadata_len);
		if (memcmp(req_hash, env.meta_hash, 32) != 0) {
			a[0] = b[0] = '0';
			a[1] = b[1] = 'x';
			dbc_hex_encode(a + 2, req_hash, 32);
			dbc_hex_encode(b + 2, env.meta_hash, 32);
			cli_die(EXIT_USAGE, "%s: the request's metadata (blake2b-256 %s) is not %s (%s): "
			        "refusing to sign", f, a, o->metadata_path, b);
		}
		env.meta_from = o->metadata_path;
	} else {
		env.meta = parse_metadata(f, rq.metadata, rq.metadata_len, env.meta_hash);
		env.meta_from = "the request, unauthenticated; check it or pass --metadata FILE";
	}
	env.have_meta_hash = 1;
	env_constants(&env);
	/* What is shown comes from the call bytes themselves, not the request's description; a
	 * call that does not decode (or leaves bytes over) cannot be shown, so it is not signed. */
	if ((rc = cli_tx_request_check_call(&rq, env.meta)) != DBC_OK)
		cli_die(EXIT_USAGE, "%s: the call does not decode with this metadata (%s): refusing "
		        "to sign what cannot be shown", f, dbc_strerror(rc));
	dbc_buf_init(&call);
	dbc_buf_init(&ext);
	dbc_buf_put(&call, rq.call, rq.call_len);
	show_summary(&env, &call, &rq.params, rq.account, NULL);
	confirm(o->yes, "Sign this transaction?");
	signer = open_signer(&o->ks, account, rq.account);
	sign_or_die(&env, &rq.params, &call, signer, &ext);
	out = open_out(o->out_path);
	env.fmt = OUT_JSON;
	print_signed(&env, &ext, &rq.params, out);
	close_out(out, o->out_path);
	dbc_signer_free(&signer);
	dbc_buf_free(&call);
	dbc_buf_free(&ext);
	cli_tx_request_free(&rq);
	dbc_meta_free(&env.meta);
	return EXIT_OK;
}

/* ---- tx submit ---- */

static int
run_submit(txopts_t *o)
{
	tx_env_t env;
	dbc_tx_params_t p;
	uint8_t *ext, want[32];
	size_t len;
	cJSON *j = NULL;
	const cJSON *g, *s;
	int rc;

	if (o->input == NULL)
		cli_die(EXIT_USAGE, "tx submit: give the signed extrinsic (file or 0x-hex)");
	memset(&env, 0, sizeof(env));
	memset(&p, 0, sizeof(p));
	env.fmt = o->fmt;
	env.progress = isatty(STDERR_FILENO);
	env.wait_s = o->timeout_s;
	ext = load_extrinsic(o->input, &len, &j);
	online_context(&env, o->rpc_url, &p, NULL, NULL);
	env_constants(&env);
	/* A signed file says which chain and runtime it was made for: check before sending. */
	if (j != NULL) {
		g = cJSON_GetObjectItemCaseSensitive(j, "genesis");
		s = cJSON_GetObjectItemCaseSensitive(j, "spec_version");
		if (cJSON_IsString(g)) {
			parse_hash("genesis", g->valuestring, want);
			if (memcmp(want, p.genesis, 32) != 0)
				cli_die(EXIT_USAGE, "%s was signed for another chain (genesis %.18s…), not this "
				        "node's", o->input, g->valuestring);
		}
		if (cJSON_IsNumber(s) && (uint32_t)s->valuedouble != p.spec_version)
			cli_die(EXIT_USAGE, "%s was signed for spec_version %u, the node runs %u: sign again",
			        o->input, (uint32_t)s->valuedouble, p.spec_version);
		cJSON_Delete(j);
	}
	rc = tx_submit_and_follow(&env, ext, len, o->wait);
	free(ext);
	dbc_meta_free(&env.meta);
	return rc;
}

/* One bit per subcommand, in the order of is_subcommand()'s list. */
enum {
	S_RENT = 1u << 0, S_CONFIRM = 1u << 1, S_RELET = 1u << 2, S_CALL = 1u << 3,
	S_DECODE = 1u << 4, S_SIGN = 1u << 5, S_SUBMIT = 1u << 6
};
#define S_BUILD (S_RENT | S_CONFIRM | S_RELET | S_CALL)
#define S_ALL (S_BUILD | S_DECODE | S_SIGN | S_SUBMIT)

/* The subcommands that take option C: exactly the options usage_sub() lists for each (keep
 * the two together; tests/cli/test_tx_help.sh checks help and parser against one list). The
 * parser refuses the rest instead of ignoring them, so `tx rent --wait` or `tx sign --output`
 * cannot look as if they did something. */
static unsigned
option_subs(int c)
{
	switch (c) {
	case OPT_RPC: return S_BUILD | S_DECODE | S_SUBMIT;
	case OPT_METADATA: return S_BUILD | S_DECODE | S_SIGN;
	case OPT_OUTPUT: return S_BUILD | S_DECODE | S_SUBMIT;
	case 'o':
	case OPT_YES: return S_BUILD | S_SIGN;
	case OPT_OFFLINE:
	case OPT_GENESIS:
	case OPT_SPEC:
	case OPT_TXV:
	case OPT_NONCE:
	case OPT_TIP:
	case OPT_ERA:
	case OPT_BLOCK_NUMBER:
	case OPT_BLOCK_HASH:
	case OPT_UNSIGNED:
	case OPT_FROM: return S_BUILD;
	case OPT_NO_WAIT:
	case OPT_TIMEOUT: return S_BUILD | S_SUBMIT;
	case OPT_WAIT: return S_SUBMIT;
	case OPT_MACHINE:
	case OPT_GPUS: return S_RENT;
	case OPT_DURATION: return S_RENT | S_RELET;
	case OPT_RENT_ID: return S_CONFIRM | S_RELET;
	case OPT_ARGS: return S_CALL;
	case 'h':
	case OPT_HELP:
	case ':':
	case '?': return S_ALL;
	default: return S_BUILD | S_SIGN; /* CLI_KEYSRC_LONGOPTS: where a key signs */
	}
}

/* The subcommand's bit, or 0 if S is none. */
static unsigned
is_subcommand(const char *s)
{
	static const char *const subs[] = { "rent", "confirm", "relet", "call", "decode", "sign",
	                                    "submit" };
	size_t i;

	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(s, subs[i]) == 0)
			return 1u << i;
	return 0;
}

static void
die_unknown_sub(const char *s)
{
	cli_die(EXIT_USAGE, "tx: unknown subcommand '%.32s' (rent, confirm, relet, call, decode, "
	        "sign, submit)", s);
}

int
cmd_tx(int argc, char **argv)
{
	txopts_t o;
	unsigned sub_bit;
	int c, idx;

	memset(&o, 0, sizeof(o));
	cli_keysrc_init(&o.ks);
	o.fmt = OUT_TEXT;
	o.timeout_s = DEFAULT_WAIT_S;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    (strcmp(argv[1], "help") == 0 && argc == 2)) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	/* `tx help SUB` is `tx SUB --help`. */
	if (strcmp(argv[1], "help") == 0) {
		if (argc > 3)
			cli_die(EXIT_USAGE, "tx help: unexpected argument '%.64s'", argv[3]);
		if (!is_subcommand(argv[2]))
			die_unknown_sub(argv[2]);
		usage_sub(argv[2]);
		cli_flush_stdout();
		return EXIT_OK;
	}
	o.sub = argv[1];
	if ((sub_bit = is_subcommand(o.sub)) == 0)
		die_unknown_sub(o.sub);
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	for (idx = -1; (c = getopt_long(argc, argv, ":ho:", longopts, &idx)) != -1; idx = -1) {
		/* Before the value is looked at: an option of another subcommand is the error. */
		if ((option_subs(c) & sub_bit) == 0)
			cli_die_option_not_here("tx", o.sub, longopts, idx, c);
		if (cli_keysrc_option(&o.ks, c, optarg))
			continue;
		switch (c) {
		case OPT_RPC: o.rpc_url = optarg; break;
		case OPT_OFFLINE: o.offline = 1; break;
		case OPT_METADATA: o.metadata_path = optarg; break;
		case OPT_GENESIS: o.genesis = optarg; break;
		case OPT_SPEC: o.spec = optarg; break;
		case OPT_TXV: o.txv = optarg; break;
		case OPT_NONCE: o.nonce = optarg; break;
		case OPT_TIP: o.tip = optarg; break;
		case OPT_ERA: o.era = optarg; break;
		case OPT_BLOCK_NUMBER: o.block_number = optarg; break;
		case OPT_BLOCK_HASH: o.block_hash = optarg; break;
		case OPT_UNSIGNED: o.unsigned_req = 1; break;
		case OPT_FROM: o.from = optarg; break;
		case 'o': o.out_path = optarg; break;
		case OPT_YES: o.yes = 1; break;
		case OPT_OUTPUT: o.fmt = cli_parse_output(optarg, (1u << OUT_TEXT) | (1u << OUT_JSON)); break;
		case OPT_MACHINE: o.machine = optarg; break;
		case OPT_GPUS: o.gpus = optarg; break;
		case OPT_DURATION: o.duration = optarg; break;
		case OPT_RENT_ID: o.rent_id = optarg; break;
		case OPT_ARGS: o.args = optarg; break;
		case OPT_WAIT: o.wait = 1; break;
		case OPT_NO_WAIT: o.no_wait = 1; break;
		case OPT_TIMEOUT:
			o.timeout_s = (long)parse_u64("--timeout", optarg, 86400);
			break;
		case 'h':
		case OPT_HELP:
			usage_sub(o.sub);
			cli_flush_stdout();
			return EXIT_OK;
		case ':':
			cli_die(EXIT_USAGE, "tx %s: option '%s' needs a value", o.sub, argv[optind - 1]);
		default:
			cli_die(EXIT_USAGE, "tx %s: unknown option '%s'", o.sub, argv[optind - 1]);
		}
	}
	if (strcmp(o.sub, "call") == 0 && optind < argc)
		o.call_path = argv[optind++];
	else if ((strcmp(o.sub, "decode") == 0 || strcmp(o.sub, "sign") == 0 ||
	          strcmp(o.sub, "submit") == 0) && optind < argc)
		o.input = argv[optind++];
	if (optind < argc)
		cli_die(EXIT_USAGE, "tx %s: unexpected argument '%.64s'", o.sub, argv[optind]);
	if (o.wait && o.no_wait)
		cli_die(EXIT_USAGE, "--wait and --no-wait exclude each other");
	if (strcmp(o.sub, "decode") == 0)
		return run_decode(&o);
	if (strcmp(o.sub, "sign") == 0)
		return run_sign(&o);
	if (strcmp(o.sub, "submit") == 0)
		return run_submit(&o);
	return run_build(&o);
}
