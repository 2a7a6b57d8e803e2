/* dbcsign node: a client for a DBC client node's REST API (dbc-node-api.md §3).
 *
 * Every operational route is a POST of {peer_nodes_list:[NODE_ID], additional:{...}, <auth>}.
 * Auth is a fresh wallet/nonce/sign per request (key source), or a renter's session_id and
 * session_id_sign, or a multisig_accounts block from a file. The node answers HTTP 200 with
 * {"errcode":N,"message":...} even when the compute node refused, so errcode decides:
 *   errcode 0  → message as JSON on stdout, exit 0
 *   errcode≠0  → message on stderr, exit 1
 *   transport failure, timeout, HTTP status ≠ 200, a reply that is not the envelope → exit 3.
 * Argument parsing lives here; request bodies and envelopes in cli/net/node_api.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include <cJSON.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/net/http.h"
#include "cli/net/node_api.h"
#include "wallet/secmem.h"
#include "wallet/secret_input.h"

#define NODE_TIMEOUT_DEFAULT_S 60L   /* the client node itself gives up after 30 s (§2.7) */
#define NODE_FILE_MAX (1024u * 1024u)
#define NODE_REPEAT_MAX 64
#define NODE_PASSWORD_MAX 256

/* Commands; flags say what each needs. */
enum {
	NEED_PEER = 0x01,      /* peer_nodes_list must hold the compute node id */
	NEED_AUTH = 0x02,      /* wallet, session or multisig auth */
	NEED_WALLET = 0x04,    /* wallet or multisig only (session_id route) */
	NEED_ID = 0x08,        /* a task id operand */
	OPT_AUTH = 0x10,       /* auth sent when given */
	NO_AUTH = 0x20         /* never send credentials */
};

typedef enum {
	C_TASKS, C_TASK, C_CREATE, C_START, C_STOP, C_RESTART, C_SHUTDOWN, C_POWEROFF, C_RESET,
	C_DELETE, C_LOGS, C_MODIFY, C_PASSWD, C_SESSION, C_MACHINE, C_IMAGES, C_PEERS, C_REQUEST
} node_cmd_t;

static const struct node_cmd_info {
	const char *name;
	node_cmd_t cmd;
	unsigned need;
	const char *path;   /* route after /api/v1; a task id is appended for NEED_ID */
} cmds[] = {
	{ "tasks", C_TASKS, NEED_PEER | NEED_AUTH, "/tasks" },
	{ "task", C_TASK, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/" },
	{ "create", C_CREATE, NEED_PEER | NEED_AUTH, "/tasks/start" },
	{ "start", C_START, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/start/" },
	{ "stop", C_STOP, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/stop/" },
	{ "restart", C_RESTART, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/restart/" },
	{ "shutdown", C_SHUTDOWN, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/shutdown/" },
	{ "poweroff", C_POWEROFF, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/poweroff/" },
	{ "reset", C_RESET, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/reset/" },
	{ "delete", C_DELETE, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/delete/" },
	{ "logs", C_LOGS, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/logs/" },
	{ "modify", C_MODIFY, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/modify/" },
	{ "passwd", C_PASSWD, NEED_PEER | NEED_AUTH | NEED_ID, "/tasks/passwd/" },
	{ "session-id", C_SESSION, NEED_PEER | NEED_AUTH | NEED_WALLET, "/mining_nodes/session_id" },
	{ "machine", C_MACHINE, NO_AUTH, "/mining_nodes" },
	{ "images", C_IMAGES, OPT_AUTH, "/images" },
	{ "peers", C_PEERS, NO_AUTH, "/peers/active" },
	{ "request", C_REQUEST, OPT_AUTH, NULL },
};

/* VM fields given as flags (§3.5 create, §3.4 modify). kind: string, unsigned number, port,
 * or repeatable string array. */
enum { F_STR, F_NUM, F_PORT, F_LIST };
static const struct node_field {
	const char *flag;
	const char *create_key;  /* NULL: not for create */
	const char *modify_key;  /* NULL: not for modify */
	int kind;
} fields[] = {
	{ "image", "image_name", NULL, F_STR },
	{ "desc", "desc", NULL, F_STR },
	{ "os", "operation_system", NULL, F_STR },
	{ "bios", "bios_mode", NULL, F_STR },
	{ "ssh-port", "ssh_port", "new_ssh_port", F_PORT },
	{ "rdp-port", "rdp_port", "new_rdp_port", F_PORT },
	{ "vnc-port", "vnc_port", "new_vnc_port", F_PORT },
	{ "gpus", "gpu_count", "new_gpu_count", F_NUM },
	{ "cpus", "cpu_cores", "new_cpu_cores", F_NUM },
	{ "mem", "mem_size", "new_mem_size", F_NUM },
	{ "disk", "disk_size", NULL, F_NUM },
	{ "data-file", "data_file_name", NULL, F_STR },
	{ "network-name", "network_name", NULL, F_STR },
	{ "public-ip", "public_ip", "new_public_ip", F_STR },
	{ "task-id", "task_id", NULL, F_STR },
	{ "interface-model", "interface_model_type", NULL, F_STR },
	{ "custom-port", "custom_port", "new_custom_port", F_LIST },
	{ "multicast", "multicast", NULL, F_LIST },
	{ "filter", "network_filters", "new_network_filters", F_LIST },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))
_Static_assert(sizeof(fields) / sizeof(fields[0]) == 19, "cmd_node longopts has 19 field slots");

enum {
	O_URL = 0x100, O_PEER, O_SESSION_ID, O_SESSION_SIGN, O_MULTISIG, O_WALLET, O_TIMEOUT,
	O_FORCE, O_HEAD, O_TAIL, O_LINES, O_ADDITIONAL, O_WAIT, O_WAIT_INTERVAL, O_WAIT_TIMEOUT,
	O_USERNAME, O_NEWPW_FILE, O_IMAGE_SERVER, O_GLOBAL, O_LAN, O_BODY,
	O_FIELD = 0x200 /* + index into fields[] */
};

/* Which command may use which of its own options (global ones are always fine). */
static const struct {
	int opt;
	unsigned cmds; /* bitmask of 1 << node_cmd_t */
} opt_scope[] = {
	{ O_FORCE, 1u << C_RESTART },
	{ O_HEAD, 1u << C_LOGS }, { O_TAIL, 1u << C_LOGS }, { O_LINES, 1u << C_LOGS },
	{ O_ADDITIONAL, 1u << C_CREATE | 1u << C_MODIFY },
	{ O_WAIT, 1u << C_CREATE }, { O_WAIT_INTERVAL, 1u << C_CREATE },
	{ O_WAIT_TIMEOUT, 1u << C_CREATE },
	{ O_USERNAME, 1u << C_PASSWD }, { O_NEWPW_FILE, 1u << C_PASSWD },
	{ O_IMAGE_SERVER, 1u << C_IMAGES },
	{ O_GLOBAL, 1u << C_PEERS }, { O_LAN, 1u << C_PEERS },
	{ O_BODY, 1u << C_REQUEST },
};

typedef struct {
	/* global */
	const char *url;
	char peer[NODE_ID_HEX_LEN + 1];
	int has_peer;
	const char *session_id;
	char session_sign[NODE_SIGN_HEX_LEN + 1];
	int has_session_sign;
	const char *multisig_file;
	const char *want_wallet;
	long timeout_ms;
	/* per command */
	int force, head, tail;
	unsigned long lines;
	const char *additional_file;
	int wait;
	unsigned long wait_interval, wait_timeout;
	const char *username;
	const char *newpw_file;
	const char *image_server;
	int global, lan;
	const char *body_file;
	const char *field_val[NFIELDS];
	const char *field_list[NFIELDS][NODE_REPEAT_MAX];
	int field_n[NFIELDS];
	/* seen options (for scope checks and duplicates) */
	int seen[0x200 + NFIELDS];
	/* auth */
	cli_keysrc_t ks;
	node_auth_t auth;
	cJSON *multisig;
	dbc_signer_t *signer;
} node_opts_t;

static void
node_usage(FILE *f)
{
	fprintf(f,
	"usage: dbcsign node [--url URL] [--peer NODE_ID] [AUTH] COMMAND [ARGS]\n"
	"\n"
	"Call a DBC client node's HTTP API (default URL $DBCSIGN_NODE_URL, else\n"
	"%s). Prints the node's \"message\" as JSON on stdout. Every request\n"
	"carries a fresh nonce and signature.\n"
	"\n"
	"commands:\n"
	"  tasks                      list your tasks (VMs) on the machine\n"
	"  task ID                    task details (ssh/rdp/vnc login)\n"
	"  create VM-FIELDS [--additional FILE] [--wait]   create a VM (POST /tasks/start)\n"
	"  start|stop|shutdown|poweroff|reset|delete ID\n"
	"  restart ID [--force]\n"
	"  logs ID [--head|--tail] [--lines N]\n"
	"  modify ID [MODIFY-FIELDS] [--additional FILE]\n"
	"  passwd ID --username NAME [--new-password-file PATH|-]   (else asked on the tty)\n"
	"  session-id                 the renter's session id (wallet or multisig auth only)\n"
	"  machine                    node list (no --peer) or the machine's info\n"
	"  images [--image-server ID] image list\n"
	"  peers [--global|--lan]     p2p peers of the client node\n"
	"  request PATH [--body FILE] POST any other route (auth fields injected)\n"
	"\n"
	"global options:\n"
	"  --url URL                  http(s)://HOST:PORT of the client node\n"
	"  --peer NODE_ID             the compute node (64 hex), sent in peer_nodes_list\n"
	"  --timeout SECONDS          per request (default %ld)\n"
	"AUTH (one of):\n"
	"  KEY SOURCE                 wallet + fresh nonce + sign (sr25519 keys only)\n"
	"  --session-id ID --session-sign SIG   a renter's shared session\n"
	"  --multisig FILE            a multisig_accounts block (JSON)\n"
	"  --wallet ADDRESS           with a key source: refuse unless the key is ADDRESS\n"
	"VM-FIELDS (numbers are sent as JSON strings, as the node requires):\n"
	"  --image NAME.qcow2 --desc TEXT --os linux|windows --bios legacy|uefi|pxe\n"
	"  --ssh-port N --rdp-port N --vnc-port N --gpus N --cpus N --mem GiB --disk GiB\n"
	"  --data-file NAME --network-name NAME --public-ip IP --task-id ID\n"
	"  --interface-model e1000|rtl8139 --custom-port SPEC --multicast ADDR:PORT\n"
	"  --filter RULE (the last three repeatable)\n"
	"  --wait [--wait-interval S] [--wait-timeout S]   poll until the task leaves \"creating\"\n"
	"MODIFY-FIELDS: --ssh-port --rdp-port --vnc-port --public-ip --gpus --cpus --mem\n"
	"  --custom-port --filter\n"
	"\n"
	"exit: 0 ok, 1 the node refused (errcode != 0), 2 usage, 3 network/HTTP/bad reply\n"
	"\n%s", NODE_DEFAULT_URL, NODE_TIMEOUT_DEFAULT_S, cli_keysrc_help);
}

static unsigned long
parse_ulong(const char *flag, const char *s, unsigned long min, unsigned long max)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9' || strlen(s) > 10)
		cli_die(EXIT_USAGE, "node: %s needs a number (%lu..%lu)", flag, min, max);
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < min || v > max)
		cli_die(EXIT_USAGE, "node: %s must be %lu..%lu", flag, min, max);
	return v;
}

/* Task ids are Base58 (20-22 chars) or vm_check_<time>; they go into the URL path. */
static void
check_task_id(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n > 64)
		cli_die(EXIT_USAGE, "node: malformed task id (1..64 letters, digits, '_' or '-')");
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '_' || c == '-'))
			cli_die(EXIT_USAGE, "node: malformed task id (1..64 letters, digits, '_' or '-')");
	}
}

static void
check_field_value(const struct node_field *f, const char *v)
{
	size_t i;

	if (f->kind == F_NUM)
		(void)parse_ulong(f->flag, v, 0, 4294967295UL);
	else if (f->kind == F_PORT)
		(void)parse_ulong(f->flag, v, 1, 65535);
	for (i = 0; v[i] != '\0'; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			cli_die(EXIT_USAGE, "node: --%s: control characters are not allowed", f->flag);
}

/* Read a whole small file (or stdin for "-"). Not secret. */
static char *
read_file(const char *flag, const char *path, size_t *len)
{
	FILE *fp;
	char *buf;
	size_t n = 0, cap = 4096;
	size_t r;

	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (fp == NULL)
		cli_die(EXIT_USAGE, "node: %s %s: %s", flag, path, strerror(errno));
	if ((buf = malloc(cap)) == NULL)
		cli_die(EXIT_ENV, "node: out of memory");
	for (;;) {
		if (n + 1 >= cap) {
			char *nb;

			if (cap >= NODE_FILE_MAX)
				cli_die(EXIT_USAGE, "node: %s %s: larger than %u bytes", flag, path,
				        NODE_FILE_MAX);
			cap *= 2;
			if ((nb = realloc(buf, cap)) == NULL)
				cli_die(EXIT_ENV, "node: out of memory");
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, fp);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(fp))
		cli_die(EXIT_USAGE, "node: %s %s: read error", flag, path);
	if (fp != stdin)
		fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static cJSON *
read_json_object(const char *flag, const char *path)
{
	size_t len = 0;
	char *text = read_file(flag, path, &len);
	cJSON *o = cJSON_ParseWithLength(text, len);

	free(text);
	if (!cJSON_IsObject(o))
		cli_die(EXIT_USAGE, "node: %s %s: not a JSON object", flag, path);
	return o;
}

/* ---- password for `passwd` (the VM user's new password; never from argv) ---- */

/* Read with the shared secret readers: guarded memory wiped on free, no stdio buffers, and
 * on a terminal echo off with the terminal restored on Ctrl-C and other signals. */
static char *
read_new_password(const node_opts_t *o)
{
	char *pw = NULL;
	size_t len = 0;
	const char *what = o->newpw_file != NULL ? "--new-password-file" : "new password";
	int rc;

	if (o->newpw_file != NULL)
		rc = dbc_secret_read_path_prompt(&pw, &len, o->newpw_file, NULL, "new VM password: ");
	else if (!isatty(STDIN_FILENO))
		rc = dbc_secret_read_fd(&pw, &len, STDIN_FILENO);
	else
		rc = dbc_secret_read_tty(&pw, &len, "new VM password: ", "again: ", 0);
	if (rc == DBC_ERR_EMPTY)
		cli_die(EXIT_USAGE, "node: empty password");
	if (rc == DBC_ERR_INPUT && o->newpw_file == NULL && isatty(STDIN_FILENO))
		cli_die(EXIT_USAGE, "node: the passwords differ");
	if (rc == DBC_ERR_TTY)
		cli_die(EXIT_ENV, "node: no terminal to ask for the password "
		        "(use --new-password-file PATH|-)");
	if (rc != DBC_OK) {
		if (o->newpw_file != NULL)
			cli_fail(rc, "node: --new-password-file %s", o->newpw_file);
		cli_fail(rc, "node: %s", what);
	}
	if (len > NODE_PASSWORD_MAX) {
		dbc_secret_free(&pw);
		cli_die(EXIT_USAGE, "node: password longer than %d bytes", NODE_PASSWORD_MAX);
	}
	/* The readers drop one line ending; another one means more than one line. */
	if (memchr(pw, '\n', len) != NULL) {
		dbc_secret_free(&pw);
		cli_die(EXIT_USAGE, "node: %s: a password is one line", what);
	}
	return pw;
}

/* ---- one request ---- */

/* Wipe every string in a tree before freeing it (a passwd body holds the password). */
static void
json_wipe(cJSON *j)
{
	for (; j != NULL; j = j->next) {
		if (cJSON_IsString(j) && j->valuestring != NULL)
			sodium_memzero(j->valuestring, strlen(j->valuestring));
		json_wipe(j->child);
	}
}

static const char *
message_text(const cJSON *m, char **alloc)
{
	*alloc = NULL;
	if (m == NULL)
		return "(no message)";
	if (cJSON_IsString(m) && m->valuestring != NULL)
		return m->valuestring;
	*alloc = cJSON_PrintUnformatted(m);
	return *alloc != NULL ? *alloc : "(unprintable message)";
}

/* POST body to path; on success return the parsed reply (the caller frees it) and point
 * *message at its "message". Any failure ends the process with the right exit code and one
 * line on stderr, before anything reached stdout. */
static cJSON *
node_post(node_opts_t *o, const char *path, cJSON *body, int secret_body, const cJSON **message)
{
	dbc_http_resp_t resp;
	char why[128], *url, *text, *alloc;
	cJSON *root = NULL;
	long errcode = 0;
	int rc;

	if ((rc = node_auth_inject(body, &o->auth)) != DBC_OK)
		cli_fail(rc, "node: signing the request");
	if ((text = cJSON_PrintUnformatted(body)) == NULL)
		cli_die(EXIT_ENV, "node: out of memory");
	if ((url = node_url_join(o->url, path)) == NULL)
		cli_die(EXIT_ENV, "node: out of memory");
	rc = dbc_http_post_json(url, text, o->timeout_ms, 0, &resp);
	if (secret_body) {
		sodium_memzero(text, strlen(text));
		json_wipe(body);
	}
	free(text);
	if (rc != DBC_OK) {
		if (rc == DBC_ERR_TIMEOUT)
			cli_die(EXIT_ENV, "node: no reply from %s within %ld s", url, o->timeout_ms / 1000);
		if (rc == DBC_ERR_TOO_LARGE)
			cli_die(EXIT_ENV, "node: reply from %s too large", url);
		cli_die(dbc_err_class(rc) == EXIT_USAGE ? EXIT_USAGE : EXIT_ENV,
		        "node: cannot reach %s: %s", url, dbc_http_last_error());
	}
	rc = node_envelope_parse(resp.body, resp.len, &root, &errcode, message, why, sizeof(why));
	if (resp.status != 200) {
		/* Local errors of the client node (bad request, unknown route, p2p timeout). */
		if (rc == DBC_OK) {
			const char *m = message_text(*message, &alloc);

			cli_die(EXIT_ENV, "node: HTTP %ld from %s: %s (errcode %ld)", resp.status, url, m,
			        errcode);
		}
		cli_die(EXIT_ENV, "node: HTTP %ld from %s", resp.status, url);
	}
	if (rc != DBC_OK)
		cli_die(EXIT_ENV, "node: bad reply from %s: %s", url, why);
	if (errcode != 0) {
		const char *m = message_text(*message, &alloc);

		cli_die(EXIT_REJECTED, "node: %s (errcode %ld)", m, errcode);
	}
	dbc_http_resp_free(&resp);
	free(url);
	return root;
}

static void
print_message(const cJSON *m)
{
	char *s = m != NULL ? cJSON_Print(m) : NULL;

	if (m != NULL && s == NULL)
		cli_die(EXIT_ENV, "node: out of memory");
	printf("%s\n", s != NULL ? s : "null");
	free(s);
	cli_flush_stdout();
}

/* ---- bodies per command ---- */

static cJSON *
fields_object(node_opts_t *o, node_cmd_t cmd)
{
	cJSON *add, *arr;
	size_t i;
	int k, rc;

	if (o->additional_file != NULL) {
		add = read_json_object("--additional", o->additional_file);
		/* The node reads numbers in `additional` as missing (§3.5). */
		if ((rc = node_numbers_to_strings(add)) != DBC_OK)
			cli_die(EXIT_USAGE, "node: --additional %s: numbers must be integers",
			        o->additional_file);
	} else if ((add = cJSON_CreateObject()) == NULL) {
		cli_die(EXIT_ENV, "node: out of memory");
	}
	for (i = 0; i < NFIELDS; i++) {
		const char *key = cmd == C_CREATE ? fields[i].create_key : fields[i].modify_key;

		if (key == NULL)
			continue;
		if (fields[i].kind == F_LIST) {
			if (o->field_n[i] == 0)
				continue;
			cJSON_DeleteItemFromObjectCaseSensitive(add, key);
			if ((arr = cJSON_AddArrayToObject(add, key)) == NULL)
				cli_die(EXIT_ENV, "node: out of memory");
			for (k = 0; k < o->field_n[i]; k++)
				if (!cJSON_AddItemToArray(arr, cJSON_CreateString(o->field_list[i][k])))
					cli_die(EXIT_ENV, "node: out of memory");
		} else if (o->field_val[i] != NULL) {
			cJSON_DeleteItemFromObjectCaseSensitive(add, key);
			if (cJSON_AddStringToObject(add, key, o->field_val[i]) == NULL)
				cli_die(EXIT_ENV, "node: out of memory");
		}
	}
	return add;
}

static const char *
task_status(const cJSON *m)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(m, "status");

	return cJSON_IsString(s) && s->valuestring != NULL ? s->valuestring : NULL;
}

static void
sleep_seconds(unsigned long s)
{
	struct timespec ts = { (time_t)s, 0 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Poll /tasks/<id> until it leaves "creating"; print the final task detail. */
static int
wait_task(node_opts_t *o, const char *task_id)
{
	char path[128];
	const cJSON *m;
	cJSON *root, *body;
	const char *st;
	unsigned long waited = 0;
	int tty = isatty(STDERR_FILENO);

	(void)snprintf(path, sizeof(path), "/tasks/%s", task_id);
	for (;;) {
		if ((body = node_body_new(o->peer, NULL)) == NULL)
			cli_die(EXIT_ENV, "node: out of memory");
		root = node_post(o, path, body, 0, &m);
		cJSON_Delete(body);
		st = task_status(m);
		if (st == NULL || strcmp(st, "creating") != 0)
			break;
		if (waited >= o->wait_timeout) {
			if (tty)
				fputc('\n', stderr);
			cli_die(EXIT_ENV, "node: task %s still creating after %lu s", task_id, waited);
		}
		if (tty) {
			fprintf(stderr, "\rdbcsign: task %s: creating (%lu s)", task_id, waited);
			fflush(stderr);
		}
		cJSON_Delete(root);
		sleep_seconds(o->wait_interval);
		waited += o->wait_interval;
	}
	if (tty && waited > 0)
		fputc('\n', stderr);
	print_message(m);
	cJSON_Delete(root);
	return EXIT_OK;
}

static int
run(node_opts_t *o, const struct node_cmd_info *ci, const char *operand)
{
	char path[512];
	const cJSON *m, *tid;
	cJSON *body, *add = NULL, *root;
	char *pw = NULL, *tid_copy;
	const char *peer = o->has_peer ? o->peer : NULL;
	int n, ret;

	n = snprintf(path, sizeof(path), "%s%s", ci->path != NULL ? ci->path : "",
	             (ci->need & NEED_ID) ? operand : "");
	if (n < 0 || (size_t)n >= sizeof(path))
		cli_die(EXIT_USAGE, "node: path too long");
	switch (ci->cmd) {
	case C_RESTART:
		if (o->force)
			(void)snprintf(path + n, sizeof(path) - (size_t)n, "?force_reboot=true");
		break;
	case C_LOGS:
		(void)snprintf(path + n, sizeof(path) - (size_t)n, "?flag=%s&line_num=%lu",
		               o->head ? "head" : "tail", o->lines);
		break;
	case C_PEERS:
		(void)snprintf(path, sizeof(path), "/peers/%s",
		               o->global ? "global" : o->lan ? "lan" : "active");
		break;
	case C_CREATE:
	case C_MODIFY:
		add = fields_object(o, ci->cmd);
		if (ci->cmd == C_CREATE &&
		    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(add, "image_name")))
			cli_die(EXIT_USAGE, "node create: --image NAME.qcow2 is required");
		if (ci->cmd == C_MODIFY && add->child == NULL)
			cli_die(EXIT_USAGE, "node modify: nothing to change");
		break;
	case C_PASSWD:
		if (o->username == NULL)
			cli_die(EXIT_USAGE, "node passwd: --username NAME is required");
		pw = read_new_password(o);
		if ((add = cJSON_CreateObject()) == NULL ||
		    cJSON_AddStringToObject(add, "username", o->username) == NULL ||
		    cJSON_AddStringToObject(add, "password", pw) == NULL)
			cli_die(EXIT_ENV, "node: out of memory");
		dbc_secmem_free(pw);
		break;
	case C_IMAGES:
		if (o->image_server != NULL &&
		    ((add = cJSON_CreateObject()) == NULL ||
		     cJSON_AddStringToObject(add, "image_server", o->image_server) == NULL))
			cli_die(EXIT_ENV, "node: out of memory");
		break;
	case C_REQUEST:
		n = snprintf(path, sizeof(path), "%s", operand);
		if (n < 0 || (size_t)n >= sizeof(path))
			cli_die(EXIT_USAGE, "node: path too long");
		break;
	default:
		break;
	}

	if (ci->cmd == C_REQUEST && o->body_file != NULL) {
		body = read_json_object("--body", o->body_file);
		if (cJSON_GetObjectItemCaseSensitive(body, "peer_nodes_list") == NULL) {
			cJSON *list = cJSON_AddArrayToObject(body, "peer_nodes_list");

			if (list == NULL || (peer != NULL && !cJSON_AddItemToArray(list, cJSON_CreateString(peer))))
				cli_die(EXIT_ENV, "node: out of memory");
		}
		if (cJSON_GetObjectItemCaseSensitive(body, "additional") == NULL &&
		    cJSON_AddObjectToObject(body, "additional") == NULL)
			cli_die(EXIT_ENV, "node: out of memory");
	} else {
		body = node_body_new(peer, add);
	}
	if (body == NULL)
		cli_die(EXIT_ENV, "node: out of memory");

	root = node_post(o, path, body, ci->cmd == C_PASSWD, &m);
	cJSON_Delete(body);
	if (ci->cmd == C_CREATE && o->wait) {
		tid = cJSON_GetObjectItemCaseSensitive(m, "task_id");
		if (!cJSON_IsString(tid) || tid->valuestring == NULL)
			cli_die(EXIT_ENV, "node: the create reply has no task_id");
		if ((tid_copy = strdup(tid->valuestring)) == NULL)
			cli_die(EXIT_ENV, "node: out of memory");
		cJSON_Delete(root);
		check_task_id(tid_copy);
		ret = wait_task(o, tid_copy);
		free(tid_copy);
		return ret;
	}
	print_message(m);
	cJSON_Delete(root);
	return EXIT_OK;
}

/* ---- argv ---- */

static void
set_once(node_opts_t *o, int opt, const char *name)
{
	if (o->seen[opt]++)
		cli_die(EXIT_USAGE, "node: --%s given twice", name);
}

static void
parse_field(node_opts_t *o, size_t i, const char *v)
{
	check_field_value(&fields[i], v);
	if (fields[i].kind == F_LIST) {
		if (o->field_n[i] >= NODE_REPEAT_MAX)
			cli_die(EXIT_USAGE, "node: --%s at most %d times", fields[i].flag, NODE_REPEAT_MAX);
		o->field_list[i][o->field_n[i]++] = v;
		o->seen[O_FIELD + (int)i] = 1;
		return;
	}
	set_once(o, O_FIELD + (int)i, fields[i].flag);
	o->field_val[i] = v;
}

static const struct node_cmd_info *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

/* Options of one command used with another: a usage error, not silently ignored. */
static void
check_scope(const node_opts_t *o, const struct node_cmd_info *ci)
{
	size_t i;

	for (i = 0; i < sizeof(opt_scope) / sizeof(opt_scope[0]); i++)
		if (o->seen[opt_scope[i].opt] && !(opt_scope[i].cmds & (1u << ci->cmd)))
			cli_die(EXIT_USAGE, "node %s: an option given is not used by this command "
			        "(see dbcsign node --help)", ci->name);
	for (i = 0; i < NFIELDS; i++) {
		if (!o->seen[O_FIELD + (int)i])
			continue;
		if ((ci->cmd == C_CREATE && fields[i].create_key != NULL) ||
		    (ci->cmd == C_MODIFY && fields[i].modify_key != NULL))
			continue;
		cli_die(EXIT_USAGE, "node %s: --%s is not used by this command", ci->name,
		        fields[i].flag);
	}
	if (o->head && o->tail)
		cli_die(EXIT_USAGE, "node logs: --head or --tail, not both");
	if (o->global && o->lan)
		cli_die(EXIT_USAGE, "node peers: --global or --lan, not both");
}

static void
setup_auth(node_opts_t *o, const struct node_cmd_info *ci)
{
	int has_key, modes, rc;
	size_t len = 0;
	char why[128], *text;

	has_key = cli_keysrc_check(&o->ks, 0);
	if ((o->session_id != NULL) != o->has_session_sign)
		cli_die(EXIT_USAGE, "node: --session-id and --session-sign go together");
	modes = has_key + (o->session_id != NULL) + (o->multisig_file != NULL);
	if (modes > 1)
		cli_die(EXIT_USAGE, "node: give one of a key source, --session-id/--session-sign, "
		        "or --multisig");
	if (o->want_wallet != NULL && !has_key)
		cli_die(EXIT_USAGE, "node: --wallet checks a key source; none given");
	if ((ci->need & NEED_AUTH) && modes == 0)
		cli_die(EXIT_USAGE, "node %s: needs a key source, --session-id with --session-sign, "
		        "or --multisig", ci->name);
	if ((ci->need & NEED_WALLET) && o->session_id != NULL)
		cli_die(EXIT_USAGE, "node %s: the node wants a wallet or multisig signature here, "
		        "not a session", ci->name);
	if ((ci->need & NEED_PEER) && !o->has_peer)
		cli_die(EXIT_USAGE, "node %s: --peer NODE_ID (the compute node, 64 hex) is required",
		        ci->name);
	o->auth.kind = NODE_AUTH_NONE;
	if (ci->need & NO_AUTH)
		return; /* credentials are bearer tokens: never send them where unneeded */
	if (o->session_id != NULL) {
		o->auth.kind = NODE_AUTH_SESSION;
		o->auth.session_id = o->session_id;
		o->auth.session_sign = o->session_sign;
	} else if (o->multisig_file != NULL) {
		text = read_file("--multisig", o->multisig_file, &len);
		rc = node_multisig_parse(text, len, &o->multisig, why, sizeof(why));
		free(text);
		if (rc != DBC_OK)
			cli_die(dbc_err_class(rc) == EXIT_REJECTED ? EXIT_REJECTED : EXIT_USAGE,
			        "node: --multisig %s: %s", o->multisig_file, why);
		o->auth.kind = NODE_AUTH_MULTISIG;
		o->auth.multisig = o->multisig;
	} else if (has_key) {
		if (o->ks.scheme_set && o->ks.scheme != DBC_SR25519)
			cli_die(EXIT_USAGE, "node: the DBC node verifies sr25519 signatures only");
		if ((rc = cli_keysrc_open(&o->ks, &o->signer, NULL)) != DBC_OK)
			cli_fail(rc, "%s", o->ks.what);
		cli_keysrc_clear(&o->ks);
		if ((rc = node_signer_check(o->signer)) != DBC_OK)
			cli_die(EXIT_USAGE, "node: this key (%s, %s) cannot make DBC node signatures: "
			        "sr25519 over the raw nonce is required",
			        dbc_scheme_name(dbc_signer_scheme(o->signer)), dbc_signer_source(o->signer));
		o->auth.kind = NODE_AUTH_WALLET;
		o->auth.signer = o->signer;
		if ((rc = node_signer_wallet(o->signer, o->auth.wallet)) != DBC_OK)
			cli_fail(rc, "node: wallet address");
		if (o->want_wallet != NULL &&
		    (rc = node_wallet_matches(o->signer, o->want_wallet)) != DBC_OK) {
			if (rc == DBC_ERR_MISMATCH)
				cli_die(EXIT_REJECTED, "node: the key is %s, not --wallet %s",
				        o->auth.wallet, o->want_wallet);
			cli_fail(rc, "node: --wallet");
		}
	}
}

int
cmd_node(int argc, char **argv)
{
	static struct option longopts[] = {
		CLI_KEYSRC_LONGOPTS,
		{ "url", required_argument, NULL, O_URL },
		{ "peer", required_argument, NULL, O_PEER },
		{ "session-id", required_argument, NULL, O_SESSION_ID },
		{ "session-sign", required_argument, NULL, O_SESSION_SIGN },
		{ "multisig", required_argument, NULL, O_MULTISIG },
		{ "wallet", required_argument, NULL, O_WALLET },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "force", no_argument, NULL, O_FORCE },
		{ "head", no_argument, NULL, O_HEAD },
		{ "tail", no_argument, NULL, O_TAIL },
		{ "lines", required_argument, NULL, O_LINES },
		{ "additional", required_argument, NULL, O_ADDITIONAL },
		{ "wait", no_argument, NULL, O_WAIT },
		{ "wait-interval", required_argument, NULL, O_WAIT_INTERVAL },
		{ "wait-timeout", required_argument, NULL, O_WAIT_TIMEOUT },
		{ "username", required_argument, NULL, O_USERNAME },
		{ "new-password-file", required_argument, NULL, O_NEWPW_FILE },
		{ "image-server", required_argument, NULL, O_IMAGE_SERVER },
		{ "global", no_argument, NULL, O_GLOBAL },
		{ "lan", no_argument, NULL, O_LAN },
		{ "body", required_argument, NULL, O_BODY },
		{ "help", no_argument, NULL, 'h' },
		/* fields[] entries, filled in below */
		{ NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 },
		{ NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 },
		{ NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 },
		{ NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 },
		{ NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 }, { NULL, 0, NULL, 0 },
		{ NULL, 0, NULL, 0 }
	};
	static node_opts_t o; /* large (repeat lists); static keeps it off the stack */
	const struct node_cmd_info *ci;
	const char *operand = NULL, *env;
	size_t base, i;
	int c, rc, ret;

	base = 0;
	while (longopts[base].name != NULL)
		base++;
	for (i = 0; i < NFIELDS; i++) {
		longopts[base + i].name = fields[i].flag;
		longopts[base + i].has_arg = required_argument;
		longopts[base + i].flag = NULL;
		longopts[base + i].val = O_FIELD + (int)i;
	}

	memset(&o, 0, sizeof(o));
	cli_keysrc_init(&o.ks);
	o.timeout_ms = NODE_TIMEOUT_DEFAULT_S * 1000;
	o.lines = 100;
	o.wait_interval = 10;
	o.wait_timeout = 3600;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (cli_keysrc_option(&o.ks, c, optarg))
			continue;
		if (c >= O_FIELD && c < O_FIELD + (int)NFIELDS) {
			parse_field(&o, (size_t)(c - O_FIELD), optarg);
			continue;
		}
		switch (c) {
		case 'h':
			node_usage(stdout);
			cli_flush_stdout();
			return EXIT_OK;
		case O_URL:
			set_once(&o, c, "url");
			o.url = optarg;
			break;
		case O_PEER:
			set_once(&o, c, "peer");
			if (node_id_parse(o.peer, optarg) != DBC_OK)
				cli_die(EXIT_USAGE, "node: --peer: a node id is 64 hex characters");
			o.has_peer = 1;
			break;
		case O_SESSION_ID:
			set_once(&o, c, "session-id");
			if (node_session_id_check(optarg) != DBC_OK)
				cli_die(EXIT_USAGE, "node: --session-id: 1..%d printable characters without "
				        "spaces or quotes", NODE_SESSION_MAX);
			o.session_id = optarg;
			break;
		case O_SESSION_SIGN:
			set_once(&o, c, "session-sign");
			if (node_sign_hex_parse(o.session_sign, optarg) != DBC_OK)
				cli_die(EXIT_USAGE, "node: --session-sign: 128 hex characters expected");
			o.has_session_sign = 1;
			break;
		case O_MULTISIG:
			set_once(&o, c, "multisig");
			o.multisig_file = optarg;
			break;
		case O_WALLET:
			set_once(&o, c, "wallet");
			o.want_wallet = optarg;
			break;
		case O_TIMEOUT:
			set_once(&o, c, "timeout");
			o.timeout_ms = (long)parse_ulong("--timeout", optarg, 1, 3600) * 1000;
			break;
		case O_FORCE: set_once(&o, c, "force"); o.force = 1; break;
		case O_HEAD: set_once(&o, c, "head"); o.head = 1; break;
		case O_TAIL: set_once(&o, c, "tail"); o.tail = 1; break;
		case O_LINES:
			set_once(&o, c, "lines");
			o.lines = parse_ulong("--lines", optarg, 1, 100000);
			break;
		case O_ADDITIONAL: set_once(&o, c, "additional"); o.additional_file = optarg; break;
		case O_WAIT: set_once(&o, c, "wait"); o.wait = 1; break;
		case O_WAIT_INTERVAL:
			set_once(&o, c, "wait-interval");
			o.wait_interval = parse_ulong("--wait-interval", optarg, 1, 3600);
			break;
		case O_WAIT_TIMEOUT:
			set_once(&o, c, "wait-timeout");
			o.wait_timeout = parse_ulong("--wait-timeout", optarg, 1, 86400);
			break;
		case O_USERNAME: set_once(&o, c, "username"); o.username = optarg; break;
		case O_NEWPW_FILE: set_once(&o, c, "new-password-file"); o.newpw_file = optarg; break;
		case O_IMAGE_SERVER: set_once(&o, c, "image-server"); o.image_server = optarg; break;
		case O_GLOBAL: set_once(&o, c, "global"); o.global = 1; break;
		case O_LAN: set_once(&o, c, "lan"); o.lan = 1; break;
		case O_BODY: set_once(&o, c, "body"); o.body_file = optarg; break;
		default:
			cli_getopt_fail("node", c, argv);
		}
	}
	if (optind >= argc)
		cli_die(EXIT_USAGE, "node: no command (see dbcsign node --help)");
	if ((ci = find_cmd(argv[optind])) == NULL)
		cli_die(EXIT_USAGE, "node: unknown command '%.40s' (see dbcsign node --help)",
		        argv[optind]);
	optind++;
	if ((ci->need & NEED_ID) || ci->cmd == C_REQUEST) {
		if (optind >= argc)
			cli_die(EXIT_USAGE, "node %s: needs %s", ci->name,
			        ci->cmd == C_REQUEST ? "a PATH (e.g. /tasks)" : "a task ID");
		operand = argv[optind++];
		if (ci->cmd == C_REQUEST) {
			if (operand[0] != '/' || strpbrk(operand, " \t\r\n#") != NULL || strlen(operand) > 400)
				cli_die(EXIT_USAGE, "node request: PATH must start with '/' (e.g. /tasks), "
				        "without spaces");
		} else {
			check_task_id(operand);
		}
	}
	if (optind < argc)
		cli_die(EXIT_USAGE, "node %s: unexpected argument", ci->name);
	check_scope(&o, ci);

	if (o.url == NULL) {
		env = getenv("DBCSIGN_NODE_URL");
		o.url = env != NULL && env[0] != '\0' ? env : NODE_DEFAULT_URL;
	}
	if ((rc = node_url_check(o.url)) != DBC_OK)
		cli_die(EXIT_USAGE, "node: the URL must be http(s)://HOST[:PORT][/api/v1], without "
		        "credentials, query or spaces");
	if ((o.body_file != NULL && strcmp(o.body_file, "-") == 0) ||
	    (o.additional_file != NULL && strcmp(o.additional_file, "-") == 0) ||
	    (o.multisig_file != NULL && strcmp(o.multisig_file, "-") == 0)) {
		if ((o.ks.suri_file != NULL && strcmp(o.ks.suri_file, "-") == 0) ||
		    (o.ks.password_file != NULL && strcmp(o.ks.password_file, "-") == 0) ||
		    (o.newpw_file != NULL && strcmp(o.newpw_file, "-") == 0))
			cli_die(EXIT_USAGE, "node: stdin ('-') can feed only one input");
	}

	setup_auth(&o, ci);
	ret = run(&o, ci, operand);
	dbc_signer_free(&o.signer);
	cJSON_Delete(o.multisig);
	return ret;
}
