/* Output formatting: subkey-compatible key blocks, JSON, hex lines. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/output.h"
#include "sign/hex.h"
#include "wallet/secmem.h"
#include "wallet/ss58.h"

int
cli_stdout_secret(void)
{
	static char *buf;

	/* Kept until exit: stdio flushes it in exit(); guarded pages are never swapped/dumped. */
	if (buf == NULL && (buf = dbc_secmem_alloc(BUFSIZ)) == NULL)
		return -1;
	return setvbuf(stdout, buf, _IOFBF, BUFSIZ) == 0 ? 0 : -1;
}

void
cli_hex0x(char *out, const uint8_t *in, size_t len)
{
	out[0] = '0';
	out[1] = 'x';
	dbc_hex_encode(out + 2, in, len);
}

void
cli_print_hex_line(const uint8_t *buf, size_t len)
{
	char hex[2 * 256 + 3];
	size_t i;

	/* Chunked so any length works without a large stack buffer. */
	fputs("0x", stdout);
	for (i = 0; i < len; i += 256) {
		size_t n = len - i < 256 ? len - i : 256;

		dbc_hex_encode(hex, buf + i, n);
		fputs(hex, stdout);
	}
	fputc('\n', stdout);
	cli_flush_stdout();
}

const char *
cli_network_name(uint16_t prefix, char buf[8])
{
	/* subkey prints the ss58-registry name; these are the ones a DBC user meets. */
	switch (prefix) {
	case 42:
		return "substrate";
	case 0:
		return "polkadot";
	case 2:
		return "kusama";
	default:
		snprintf(buf, 8, "%u", (unsigned)prefix);
		return buf;
	}
}

static void
json_escaped(const char *s)
{
	const unsigned char *p;

	fputc('"', stdout);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			fputc(*p, stdout);
	}
	fputc('"', stdout);
}

void
cli_json_begin(cli_json_t *j)
{
	j->n = 0;
	fputs("{", stdout);
}

static void
json_key(cli_json_t *j, const char *key)
{
	fputs(j->n++ > 0 ? ",\n  " : "\n  ", stdout);
	json_escaped(key);
	fputs(": ", stdout);
}

void
cli_json_str(cli_json_t *j, const char *key, const char *val)
{
	json_key(j, key);
	json_escaped(val);
}

void
cli_json_raw(cli_json_t *j, const char *key, const char *val)
{
	json_key(j, key);
	fputs(val, stdout);
}

void
cli_json_end(cli_json_t *j)
{
	fputs(j->n > 0 ? "\n}\n" : "}\n", stdout);
	cli_flush_stdout();
}

/* Everything printed about a key, as strings. */
struct key_strings {
	char seed[2 * 32 + 3];
	char pub[2 * DBC_PUB_MAX + 3];
	char account[2 * 32 + 3];
	char ss58_pub[DBC_SS58_MAX];
	char ss58_addr[DBC_SS58_MAX];
	char netbuf[8];
	const char *network;
};

static int
key_strings_fill(struct key_strings *ks, const cli_keyinfo_t *ki)
{
	uint8_t account[32];
	int rc;

	if (ki->publen != dbc_scheme_publen(ki->scheme))
		return DBC_ERR_PUBKEY;
	if ((rc = dbc_account_id(ki->scheme, ki->pub, ki->publen, account)) != DBC_OK)
		return rc;
	if (ki->seed != NULL)
		cli_hex0x(ks->seed, ki->seed, 32);
	else
		strcpy(ks->seed, "n/a");
	cli_hex0x(ks->pub, ki->pub, ki->publen);
	cli_hex0x(ks->account, account, 32);
	/* For ecdsa the two SS58 forms differ: the 33-byte key vs the blake2 account id. */
	if ((rc = dbc_ss58_encode(ks->ss58_pub, ki->network, ki->pub, ki->publen)) != DBC_OK)
		return rc;
	if ((rc = dbc_ss58_encode(ks->ss58_addr, ki->network, account, 32)) != DBC_OK)
		return rc;
	ks->network = cli_network_name(ki->network, ks->netbuf);
	return DBC_OK;
}

static void
print_text(const cli_keyinfo_t *ki, const struct key_strings *ks)
{
	if (ki->public_uri != NULL) {
		/* subkey print_from_public: a wider label column. */
		printf("Public Key URI `%s` is account:\n", ki->public_uri);
		printf("  Network ID/Version: %s\n", ks->network);
		printf("  Public key (hex):   %s\n", ks->pub);
		printf("  Account ID:         %s\n", ks->account);
		printf("  Public key (SS58):  %s\n", ks->ss58_pub);
		printf("  SS58 Address:       %s\n", ks->ss58_addr);
		return;
	}
	if (ki->phrase != NULL)
		printf("Secret phrase:       %s\n", ki->phrase);
	else
		printf("Secret Key URI `%s` is account:\n", ki->suri != NULL ? ki->suri : "");
	printf("  Network ID:        %s\n", ks->network);
	printf("  Secret seed:       %s\n", ks->seed);
	printf("  Public key (hex):  %s\n", ks->pub);
	printf("  Account ID:        %s\n", ks->account);
	printf("  Public key (SS58): %s\n", ks->ss58_pub);
	printf("  SS58 Address:      %s\n", ks->ss58_addr);
}

static void
print_json(const cli_keyinfo_t *ki, const struct key_strings *ks)
{
	cli_json_t j;

	/* Alphabetical, as subkey's serde_json output. */
	cli_json_begin(&j);
	cli_json_str(&j, "accountId", ks->account);
	cli_json_str(&j, "networkId", ks->network);
	cli_json_str(&j, "publicKey", ks->pub);
	if (ki->public_uri != NULL)
		cli_json_str(&j, "publicKeyUri", ki->public_uri);
	if (ki->public_uri == NULL) {
		if (ki->phrase != NULL)
			cli_json_str(&j, "secretPhrase", ki->phrase);
		else
			cli_json_str(&j, "secretKeyUri", ki->suri != NULL ? ki->suri : "");
		if (ki->seed != NULL)
			cli_json_str(&j, "secretSeed", ks->seed);
	}
	cli_json_str(&j, "ss58Address", ks->ss58_addr);
	cli_json_str(&j, "ss58PublicKey", ks->ss58_pub);
	cli_json_end(&j);
}

int
cli_print_keyinfo(const cli_keyinfo_t *ki, cli_output_t fmt)
{
	struct key_strings *ks;
	int rc;

	/* The seed's hex is a secret too: build the strings in guarded memory. */
	if ((ks = dbc_secmem_alloc(sizeof(*ks))) == NULL)
		return DBC_ERR_NOMEM;
	if ((rc = key_strings_fill(ks, ki)) == DBC_OK) {
		if (fmt == OUT_JSON)
			print_json(ki, ks);
		else
			print_text(ki, ks);
		cli_flush_stdout();
	}
	dbc_secmem_free(ks);
	return rc;
}
