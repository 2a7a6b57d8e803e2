/* Signing many messages over a few threads (see cli/parsign.h for the contract). */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/parsign.h"

#define GROUP_BYTES (256u * 1024u)  /* a thread stops taking messages beyond this much */
#define THREADS_MIN_MSGS 16         /* below this a thread costs more than it saves */

typedef struct {
	const dbc_signer_t *signer;
	const uint8_t *const *msgs;
	const size_t *lens;
	uint8_t (*sigs)[DBC_SIG_MAX];
	size_t *siglens;
	size_t n, group;            /* group: messages a thread takes at a time */
	atomic_size_t next;         /* first message no thread has taken */
	atomic_size_t stop;         /* lowest failed index so far (n: none): later groups skip */
} parsign_t;

/* One thread's share: its lowest failure, read by the caller after the join. */
typedef struct {
	parsign_t *p;
	pthread_t tid;
	int rc;
	size_t failed;
} parsign_worker_t;

size_t
cli_parsign_threads(const dbc_signer_t *s)
{
	long cpus;

	if (!(dbc_signer_flags(s) & DBC_SIGNER_SOFTWARE))
		return 1;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus < 1)
		return 1;
	return cpus > CLI_PARSIGN_THREADS_MAX ? CLI_PARSIGN_THREADS_MAX : (size_t)cpus;
}

/* Take the next group [*start, *end): up to p->group messages, fewer when they add up to
 * GROUP_BYTES (one long message then does not hold back a whole group of others). 0 when
 * every message is taken, or a failure before them makes signing them pointless. */
static int
take_group(parsign_t *p, size_t *start, size_t *end)
{
	size_t s = atomic_load(&p->next), e, bytes;

	do {
		if (s >= p->n || s >= atomic_load(&p->stop))
			return 0;
		for (e = s, bytes = 0; e < p->n && e - s < p->group && (e == s || bytes < GROUP_BYTES);
		     e++)
			bytes += p->lens[e];
	} while (!atomic_compare_exchange_weak(&p->next, &s, e));
	*start = s;
	*end = e;
	return 1;
}

static void *
parsign_worker(void *arg)
{
	parsign_worker_t *w = arg;
	parsign_t *p = w->p;
	size_t start, end, f, cur;
	int rc;

	while (take_group(p, &start, &end)) {
		/* Groups are disjoint slices of the caller's arrays: each thread writes only its own. */
		rc = dbc_signer_sign_batch(p->signer, p->msgs + start, p->lens + start, end - start,
		                           p->sigs + start, p->siglens + start, &f);
		if (rc == DBC_OK)
			continue;
		f += start;
		/* This thread's groups come in rising order: its first failure is its lowest. */
		if (w->rc == DBC_OK) {
			w->rc = rc;
			w->failed = f;
		}
		cur = atomic_load(&p->stop);
		while (f < cur && !atomic_compare_exchange_weak(&p->stop, &cur, f))
			;
	}
	return NULL;
}

int
cli_parsign(const dbc_signer_t *s, size_t threads, const uint8_t *const *msgs,
            const size_t *msglens, size_t n, uint8_t (*sigs)[DBC_SIG_MAX], size_t *siglens,
            size_t *failed)
{
	parsign_t p = {
		.signer = s, .msgs = msgs, .lens = msglens, .sigs = sigs, .siglens = siglens, .n = n,
	};
	parsign_worker_t w[CLI_PARSIGN_THREADS_MAX];
	size_t k, started = 1, first = n;
	int rc = DBC_OK;

	*failed = 0;
	if (n == 0)
		return DBC_OK;
	/* The thread-safety rule lives here, not with the callers: only software keys. */
	if (!(dbc_signer_flags(s) & DBC_SIGNER_SOFTWARE) || threads < 1 || n < THREADS_MIN_MSGS)
		threads = 1;
	if (threads > CLI_PARSIGN_THREADS_MAX)
		threads = CLI_PARSIGN_THREADS_MAX;
	/* Equal shares up to one batch verification each: larger groups verify cheaper,
	 * smaller ones spread better over the threads. */
	p.group = (n + threads - 1) / threads;
	if (p.group > DBC_SIGNER_BATCH_CHUNK)
		p.group = DBC_SIGNER_BATCH_CHUNK;
	atomic_init(&p.next, 0);
	atomic_init(&p.stop, n);
	for (k = 0; k < threads; k++) {
		w[k].p = &p;
		w[k].rc = DBC_OK;
		w[k].failed = n;
	}
	/* w[0] is this thread. Helpers that cannot be started are not needed: this thread
	 * signs whatever is left. */
	for (k = 1; k < threads; k++) {
		if (pthread_create(&w[k].tid, NULL, parsign_worker, &w[k]) != 0)
			break;
		started = k + 1;
	}
	(void)parsign_worker(&w[0]);
	for (k = 1; k < started; k++)
		if (pthread_join(w[k].tid, NULL) != 0)
			/* Cannot happen for a thread we started; and we must not return while it
			 * may still write into the caller's arrays. */
			cli_fail(DBC_ERR_INTERNAL, "sign: thread");
	for (k = 0; k < started; k++)
		if (w[k].rc != DBC_OK && w[k].failed < first) {
			first = w[k].failed;
			rc = w[k].rc;
		}
	if (rc == DBC_OK)
		return DBC_OK;
	/* Groups after the failure may have been signed, or never taken: all are wiped, so
	 * what the caller holds is exactly "the first *failed messages, verified". */
	dbc_signer_batch_wipe(sigs, siglens, first, n);
	*failed = first;
	return rc;
}
