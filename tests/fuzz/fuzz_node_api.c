/* Fuzz target: DBC client-node API replies and inputs (cli/net/node_api.c).
 *
 * Byte 0 picks the parser; the rest is its input:
 *  0-3  a reply body → node_envelope_parse; an accepted reply's message is walked and, when it
 *       is an object, its numbers converted to strings (node_numbers_to_strings) twice — the
 *       second pass must change nothing (idempotent) and the text must stay valid JSON;
 *  4    a multisig file → node_multisig_parse (shape checks, then sr25519 verification);
 *  5    three lines wallet/msg/sign → node_verify_text (a random triple must not verify);
 *  6    node ids, session ids and signature hex (the command-line value parsers);
 *  7    a base URL → node_url_check / node_url_join.
 * Invariants: failures explain themselves (why non-empty) and leave no tree behind; parsed ids
 * are exactly 64 lowercase hex; a joined URL starts with its base.
 * The reply handling in cli/cmd_node.c (task status, message printing) is static and exits
 * the process on errors, so it is not reachable from here (see docs/SECURITY.md). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "cli/net/node_api.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
envelope(const char *body, size_t len)
{
	cJSON *root = NULL, *copy;
	const cJSON *msg = NULL;
	long errcode = -1;
	char why[128];
	char *a, *b;

	why[0] = '\0';
	if (node_envelope_parse(body, len, &root, &errcode, &msg, why, sizeof(why)) != DBC_OK) {
		if (root != NULL || msg != NULL || why[0] == '\0')
			abort();
		return;
	}
	if (root == NULL || !cJSON_IsObject(root))
		abort();
	if (cJSON_IsObject(msg) && (copy = cJSON_Duplicate(msg, 1)) != NULL) {
		if (node_numbers_to_strings(copy) == DBC_OK) {
			a = cJSON_PrintUnformatted(copy);
			if (node_numbers_to_strings(copy) != DBC_OK)
				abort();
			b = cJSON_PrintUnformatted(copy);
			if (a != NULL && b != NULL && strcmp(a, b) != 0)
				abort();
			free(a);
			free(b);
		}
		cJSON_Delete(copy);
	}
	cJSON_Delete(root);
}

static int
is_lower_hex(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *l1, *l2, *l3, why[160];
	char id[NODE_ID_HEX_LEN + 1], sig[NODE_SIGN_HEX_LEN + 1];
	cJSON *ms = NULL;

	fuzz_init();
	if (size < 1 || size > 65536)
		return 0;
	if ((s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	why[0] = '\0';
	switch (data[0] & 7) {
	case 4:
		if (node_multisig_parse(s, size - 1, &ms, why, sizeof(why)) == DBC_OK) {
			if (!cJSON_IsObject(ms))
				abort();
			cJSON_Delete(ms);
		} else if (ms != NULL || why[0] == '\0') {
			abort();
		}
		break;
	case 5:
		l1 = s;
		l2 = strchr(l1, '\n');
		l3 = l2 != NULL ? strchr(l2 + 1, '\n') : NULL;
		if (l3 != NULL) {
			*l2++ = '\0';
			*l3++ = '\0';
			/* fuzz-made triples may be real ones (the seeds are), but never crash */
			if (node_verify_text(l1, l2, l3) > 0)
				abort();
		}
		break;
	case 6:
		if (node_id_parse(id, s) == DBC_OK && !is_lower_hex(id, NODE_ID_HEX_LEN))
			abort();
		if (node_sign_hex_parse(sig, s) == DBC_OK && !is_lower_hex(sig, NODE_SIGN_HEX_LEN))
			abort();
		if (node_session_id_check(s) == DBC_OK) {
			size_t i, n = strlen(s);

			if (n == 0 || n > NODE_SESSION_MAX)
				abort();
			for (i = 0; i < n; i++)
				if (s[i] <= ' ' || s[i] > '~' || s[i] == '"' || s[i] == '\'')
					abort();
		}
		break;
	case 7:
		if (node_url_check(s) == DBC_OK) {
			char *j = node_url_join(s, "/api/v1/tasks");

			if (j != NULL) {
				size_t n = strlen(s);

				while (n > 0 && s[n - 1] == '/')
					n--;
				if (strncmp(j, s, n) != 0)
					abort();
				free(j);
			}
		}
		break;
	default:
		envelope(s, size - 1);
		break;
	}
	free(s);
	return 0;
}
