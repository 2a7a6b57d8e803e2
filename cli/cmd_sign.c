/* dbcsign sign: sign a message with any key source; print the signature as 0x-hex. */
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/keysource.h"
#include "cli/output.h"
#include "cli/stream.h"
#include "sign/hex.h"

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: dbcsign sign KEY SOURCE [--scheme S] (--message TEXT | --hex HEX | < FILE)\n"
	        "                    [--wrap]\n"
	        "       dbcsign sign KEY SOURCE [--scheme S] --lines [--hex-lines] [--wrap] < LINES\n"
	        "\n"
	        "Sign the message bytes exactly as given and print the signature as 0x-hex followed\n"
	        "by a newline (64 bytes; 65 for ecdsa). Without --message/--hex the message is read\n"
	        "from stdin, literally: `echo` adds a newline that becomes part of the message\n"
	        "(use printf or --message). sr25519 signatures are randomized; ed25519 and ecdsa\n"
	        "ones are deterministic. Every signature is verified before it is printed.\n"
	        "\n"
	        "  --message TEXT      sign the UTF-8 bytes of TEXT\n"
	        "  --hex HEX           sign these bytes (optional 0x; even length)\n"
	        "  --wrap              sign <Bytes>MESSAGE</Bytes> as polkadot-js signRaw does\n"
	        "                      (unchanged if already wrapped); the DBC node wants no wrap\n"
	        "  --lines             stream: each stdin line is one message (without its \\n or\n"
	        "                      \\r\\n; an empty line is the empty message), one signature\n"
	        "                      line out per line in, in order; the key is unlocked once.\n"
	        "                      Lines are capped at %u bytes. Output is flushed whenever\n"
	        "                      dbcsign waits for input, so a reader that writes a line\n"
	        "                      and waits gets its answer at once, and bulk input is\n"
	        "                      written in large blocks (and, with a software key, signed\n"
	        "                      on up to 4 cores). A bad line stops the stream\n"
	        "                      (exit 2, naming the line); earlier signatures stay written\n"
	        "  --hex-lines         with --lines: each line is hex (optional 0x) of the message\n"
	        "  -h, --help          this help\n"
	        "\n%s", CLI_LINE_MAX, cli_keysrc_help);
}

static const char wrap_pre[] = "<Bytes>", wrap_post[] = "</Bytes>";

/* sign --lines: one message per stdin line, one signature line out per line in. Every
 * signature is verified before it is written (dbc_signer_sign_batch); the signer was opened
 * once.
 *
 * Lines that are already buffered (bulk input: a file, a fast writer) are signed in batches:
 * a worker takes up to SIGN_SUB_MAX lines, signs them all and verifies them together (for
 * sr25519 one batch verification, about 4× cheaper per signature than one by one). With a
 * software key up to SIGN_THREADS_MAX threads do this at once (a keypair signer is
 * read-only; a device is not). Output stays in input order, and a bad line still stops the
 * stream after the lines before it. A reader that sends one line at a time gets batches of
 * one, signed and verified at once on the main thread. */
#define SIGN_BATCH_MAX 512
#define SIGN_SUB_MAX DBC_SIGNER_BATCH_CHUNK
#define SIGN_SUB_BYTES (256u * 1024u) /* a worker stops taking lines beyond this much */
#define SIGN_THREADS_MAX 4
#define SIGN_THREADS_MIN_BATCH 16 /* below this a thread costs more than it saves */

enum { STAGE_HEX, STAGE_WRAP, STAGE_SIGN };

typedef struct {
	const unsigned char *line;  /* points into the stream buffer; valid for the batch */
	size_t len;
	unsigned long lineno;
	int rc, stage;              /* rc != DBC_OK: which step failed */
	char out[2 * DBC_SIG_MAX + 4];
	size_t outlen;
} sign_item_t;

/* The lines of one batch; workers take the next unsigned line from `next`, so a thread
 * that the scheduler holds back delays only the lines it holds, not a fixed share. */
typedef struct {
	sign_item_t *items;
	size_t n, sub;              /* sub: lines a worker takes at a time */
	atomic_size_t next;
} sign_batch_t;

typedef struct {
	const dbc_signer_t *signer;
	int wrap, hexlines, raw;
	unsigned char *arena;       /* this worker's messages (lines + <Bytes> wraps) */
	size_t cap;
	sign_batch_t *batch;
	pthread_t tid;
	int nomem;
	/* the lines in hand */
	size_t idx[SIGN_SUB_MAX], off[SIGN_SUB_MAX], lens[SIGN_SUB_MAX];
	const uint8_t *msgs[SIGN_SUB_MAX];
	uint8_t sigs[SIGN_SUB_MAX][DBC_SIG_MAX];
	size_t siglens[SIGN_SUB_MAX];
} sign_job_t;

/* Put item's message into the arena at *used: 1 if it is to be signed (*off, *len set),
 * 0 if the line is bad (it->rc, it->stage set). */
static int
prepare_one(sign_job_t *job, sign_item_t *it, size_t *used, size_t *off, size_t *len)
{
	size_t msglen, pre = sizeof(wrap_pre) - 1, post = sizeof(wrap_post) - 1;
	size_t need = it->len + pre + post;
	unsigned char *msg;

	if (job->cap - *used < need) {
		size_t ncap = job->cap * 2 > *used + need ? job->cap * 2 : *used + need;
		unsigned char *na = realloc(job->arena, ncap);

		if (na == NULL) {
			it->rc = DBC_ERR_NOMEM;
			it->stage = STAGE_SIGN;
			return 0;
		}
		job->arena = na;
		job->cap = ncap;
	}
	msg = job->arena + *used;
	if (job->hexlines) {
		if ((it->rc = dbc_hex_decode(msg + pre, it->len, &msglen, (const char *)it->line,
		                             it->len, DBC_HEX_ALLOW_0X)) != DBC_OK) {
			it->stage = STAGE_HEX;
			return 0;
		}
	} else {
		msglen = it->len;
		if (msglen > 0)
			memcpy(msg + pre, it->line, msglen);
	}
	/* The message sits at msg + pre, so wrapping only adds the two ends. */
	if (job->wrap && !cli_msg_is_wrapped(msg + pre, msglen)) {
		memcpy(msg, wrap_pre, pre);
		memcpy(msg + pre + msglen, wrap_post, post);
		*off = *used;
		*len = msglen + pre + post;
	} else if (!job->raw && !cli_msg_is_wrapped(msg + pre, msglen)) {
		it->rc = DBC_ERR_UNSUPPORTED;
		it->stage = STAGE_WRAP;
		return 0;
	} else {
		*off = *used + pre;
		*len = msglen;
	}
	*used += need;
	return 1;
}

/* Take up to batch->sub lines, sign them and verify them together; repeat until none is
 * left. The writer stops at the first failed line, so what follows a failure (also the
 * unsigned rest of a failed group, marked failed too) is never written. */
static void *
sign_worker(void *arg)
{
	sign_job_t *job = arg;
	sign_batch_t *b = job->batch;
	size_t i, k, cnt, taken, used, failed;
	int rc;

	for (;;) {
		cnt = taken = used = 0;
		while (taken < b->sub && (taken == 0 || used < SIGN_SUB_BYTES)) {
			if ((i = atomic_fetch_add(&b->next, 1)) >= b->n)
				break;
			taken++;
			b->items[i].rc = DBC_OK;
			if (prepare_one(job, &b->items[i], &used, &job->off[cnt], &job->lens[cnt]))
				job->idx[cnt++] = i;
		}
		if (taken == 0)
			break;
		for (k = 0; k < cnt; k++)
			job->msgs[k] = job->arena + job->off[k];
		rc = dbc_signer_sign_batch(job->signer, job->msgs, job->lens, cnt, job->sigs,
		                           job->siglens, &failed);
		for (k = 0; k < cnt; k++) {
			sign_item_t *it = &b->items[job->idx[k]];

			if (rc != DBC_OK && k >= failed) {
				it->rc = rc;
				it->stage = STAGE_SIGN;
				continue;
			}
			cli_hex0x(it->out, job->sigs[k], job->siglens[k]);
			it->out[2 + 2 * job->siglens[k]] = '\n';
			it->outlen = 3 + 2 * job->siglens[k];
		}
		sodium_memzero(job->sigs, sizeof(job->sigs));
	}
	return NULL;
}

/* Write the batch's signatures in order; at the first failed line, exit with its error
 * (what was written before it stays written: exit() flushes stdout). */
static void
write_batch(const sign_job_t *job, const sign_item_t *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const sign_item_t *it = &items[i];

		if (it->rc != DBC_OK) {
			if (it->stage == STAGE_HEX)
				cli_fail(it->rc, "sign --lines --hex-lines: stdin line %lu", it->lineno);
			if (it->stage == STAGE_WRAP)
				cli_fail(it->rc, "sign --lines: stdin line %lu: this key source (%s) "
				         "signs only <Bytes>-wrapped messages; add --wrap", it->lineno,
				         dbc_signer_source(job->signer));
			cli_fail(it->rc, "sign --lines: stdin line %lu", it->lineno);
		}
		if (fwrite(it->out, 1, it->outlen, stdout) != it->outlen)
			cli_flush_stdout();
	}
}

static void
sign_lines(const dbc_signer_t *signer, int wrap, int hexlines)
{
	static sign_job_t jobs[SIGN_THREADS_MAX]; /* ~40 KiB each: not on the stack */
	sign_item_t *items;
	cli_lines_t in;
	const unsigned char *line;
	sign_batch_t batch;
	size_t len, n, k, nthreads = 1, started, workers;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (dbc_signer_flags(signer) & DBC_SIGNER_SOFTWARE)
		nthreads = cpus < 1 ? 1 : cpus > SIGN_THREADS_MAX ? SIGN_THREADS_MAX : (size_t)cpus;
	if ((items = calloc(SIGN_BATCH_MAX, sizeof(*items))) == NULL)
		cli_fail(DBC_ERR_NOMEM, "sign --lines");
	memset(jobs, 0, sizeof(jobs));
	for (k = 0; k < nthreads; k++) {
		jobs[k].signer = signer;
		jobs[k].wrap = wrap;
		jobs[k].hexlines = hexlines;
		jobs[k].raw = (dbc_signer_flags(signer) & DBC_SIGNER_CAN_RAW) != 0;
		jobs[k].batch = &batch;
		/* Worker buffers are allocated on first use: an interactive stream needs one. */
	}
	jobs[0].cap = CLI_LINE_MAX + sizeof(wrap_pre) + sizeof(wrap_post);
	if ((jobs[0].arena = malloc(jobs[0].cap)) == NULL)
		cli_fail(DBC_ERR_NOMEM, "sign --lines");
	cli_lines_init(&in, "sign --lines", 0);
	for (;;) {
		/* A batch: the next line (waiting for it if need be), then whatever complete lines
		 * are already buffered. The line pointers stay valid until the stream reads again. */
		for (n = 0; n < SIGN_BATCH_MAX; n++) {
			if (n > 0 && !cli_lines_ready(&in))
				break;
			if (!cli_lines_next(&in, &line, &len))
				break;
			items[n].line = line;
			items[n].len = len;
			items[n].lineno = in.lineno;
			items[n].rc = DBC_OK;
		}
		if (n == 0)
			break;
		/* Helpers only for a batch worth it; this thread always works too. */
		batch.items = items;
		batch.n = n;
		atomic_store(&batch.next, 0);
		started = 0;
		workers = nthreads > 1 && n >= SIGN_THREADS_MIN_BATCH ? nthreads : 1;
		/* Equal shares up to one batch verification each: larger groups verify
		 * cheaper, smaller ones spread better over the threads. */
		batch.sub = (n + workers - 1) / workers;
		if (batch.sub > SIGN_SUB_MAX)
			batch.sub = SIGN_SUB_MAX;
		for (k = 1; k < workers; k++) {
			if (jobs[k].arena == NULL) {
				jobs[k].cap = SIGN_SUB_BYTES + CLI_LINE_MAX;
				if ((jobs[k].arena = malloc(jobs[k].cap)) == NULL)
					break;
			}
			if (pthread_create(&jobs[k].tid, NULL, sign_worker, &jobs[k]) != 0)
				break;
			started = k;
		}
		(void)sign_worker(&jobs[0]);
		for (k = 1; k <= started; k++)
			if (pthread_join(jobs[k].tid, NULL) != 0)
				cli_fail(DBC_ERR_INTERNAL, "sign --lines: thread");
		write_batch(&jobs[0], items, n);
	}
	cli_lines_free(&in);
	for (k = 0; k < nthreads; k++)
		free(jobs[k].arena);
	free(items);
	cli_flush_stdout();
}

int
cmd_sign(int argc, char **argv)
{
	enum { OPT_MESSAGE = 0x100, OPT_HEX, OPT_WRAP, OPT_LINES, OPT_HEX_LINES };
	static const struct option longopts[] = {
		CLI_KEYSRC_LONGOPTS,
		{ "message", required_argument, NULL, OPT_MESSAGE },
		{ "hex", required_argument, NULL, OPT_HEX },
		{ "wrap", no_argument, NULL, OPT_WRAP },
		{ "lines", no_argument, NULL, OPT_LINES },
		{ "hex-lines", no_argument, NULL, OPT_HEX_LINES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_keysrc_t ks;
	const char *text = NULL, *hex = NULL;
	int wrap = 0, lines = 0, hexlines = 0, stdin_taken, c, rc;
	cli_msg_t msg;
	dbc_signer_t *signer = NULL;
	uint8_t sig[DBC_SIG_MAX];
	size_t siglen = 0;
	unsigned flags;

	cli_keysrc_init(&ks);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (cli_keysrc_option(&ks, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			cli_flush_stdout();
			return EXIT_OK;
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
		case OPT_LINES:
			lines = 1;
			break;
		case OPT_HEX_LINES:
			hexlines = 1;
			break;
		default:
			cli_getopt_fail("sign", c, argv);
		}
	}
	cli_no_operands("sign", argc, argv);
	cli_keysrc_check(&ks, 1);

	stdin_taken = (ks.suri_file != NULL && strcmp(ks.suri_file, "-") == 0) ||
	              (ks.password_file != NULL && strcmp(ks.password_file, "-") == 0) ||
	              ks.suri_fd == 0 || ks.password_fd == 0;
	if (hexlines && !lines)
		cli_die(EXIT_USAGE, "--hex-lines: only with --lines");
	if (lines) {
		if (text != NULL || hex != NULL)
			cli_die(EXIT_USAGE, "--lines reads the messages from stdin: drop %s",
			        text != NULL ? "--message" : "--hex");
		if (stdin_taken)
			cli_die(EXIT_USAGE, "--lines reads the messages from stdin, which already "
			        "carries the secret URI or password (use a file or another fd)");
		if ((rc = cli_keysrc_open(&ks, &signer, NULL)) != DBC_OK)
			cli_fail(rc, "%s", ks.what);
		cli_keysrc_clear(&ks);
		flags = dbc_signer_flags(signer);
		if (!(flags & (DBC_SIGNER_CAN_RAW | DBC_SIGNER_CAN_WRAPPED)))
			cli_fail(DBC_ERR_UNSUPPORTED, "sign: this key source (%s) cannot sign messages",
			         dbc_signer_source(signer));
		sign_lines(signer, wrap, hexlines);
		dbc_signer_free(&signer);
		return EXIT_OK;
	}
	/* Read and check the message before touching the key. */
	cli_msg_load(&msg, text, hex, stdin_taken, wrap);

	if ((rc = cli_keysrc_open(&ks, &signer, NULL)) != DBC_OK)
		cli_fail(rc, "%s", ks.what);
	cli_keysrc_clear(&ks);

	flags = dbc_signer_flags(signer);
	if (!(flags & DBC_SIGNER_CAN_RAW)) {
		/* A Ledger signs raw messages only inside <Bytes>..</Bytes>. */
		if (!(flags & DBC_SIGNER_CAN_WRAPPED))
			cli_fail(DBC_ERR_UNSUPPORTED, "sign: this key source (%s) cannot sign messages",
			         dbc_signer_source(signer));
		if (!cli_msg_is_wrapped(msg.buf, msg.len))
			cli_fail(DBC_ERR_UNSUPPORTED, "sign: this key source (%s) signs only "
			         "<Bytes>-wrapped messages; add --wrap", dbc_signer_source(signer));
	}

	rc = dbc_signer_sign(signer, msg.buf, msg.len, sig, &siglen);
	dbc_signer_free(&signer);
	cli_msg_free(&msg);
	if (rc != DBC_OK)
		cli_fail(rc, "sign");
	cli_print_hex_line(sig, siglen);
	sodium_memzero(sig, sizeof(sig));
	return EXIT_OK;
}
