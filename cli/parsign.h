/* dbcsign — sign many messages at once, verified, over a few threads (sign --lines,
 * triple --count/--stream).
 *
 * cli_parsign() has the contract of dbc_signer_sign_batch() (sign/signer.h): the same
 * signatures in the same slots, every one verified before it returns, one error code and the
 * index of the first message that failed. It only spreads the work: the messages are cut into
 * groups of up to DBC_SIGNER_BATCH_CHUNK (one batch verification each), and up to `threads`
 * threads (the caller's among them) take the next group until none is left, so a thread the
 * scheduler holds back delays only the group it holds. Slots are the caller's arrays, in
 * input order: no reordering can happen, whatever thread signed what.
 *
 * Only a software key is signed from several threads: a keypair signer is read-only once
 * opened, a device (Ledger: one APDU exchange at a time) is not, and any signer without
 * DBC_SIGNER_SOFTWARE is signed on the calling thread alone, group after group. */
#ifndef DBC_CLI_PARSIGN_H
#define DBC_CLI_PARSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "sign/signer.h"

#define CLI_PARSIGN_THREADS_MAX 4 /* more buys little: output and input stay on one thread */

/* How many threads cli_parsign may use for this signer: 1 unless it is a software key, else
 * the online processors, 1..CLI_PARSIGN_THREADS_MAX. */
size_t cli_parsign_threads(const dbc_signer_t *s);

/* Sign msgs[0..n) into sigs/siglens as dbc_signer_sign_batch does, on up to `threads` threads
 * (clamped to 1 for a signer that is not a software key, and for batches too small to gain).
 * DBC_OK: all n signed and verified. Else the error of the lowest-numbered message that could
 * not be signed or verified, *failed its index; sigs[0 .. *failed − 1] are signed and
 * verified, the rest wiped (siglens 0). */
int cli_parsign(const dbc_signer_t *s, size_t threads, const uint8_t *const *msgs,
                const size_t *msglens, size_t n, uint8_t (*sigs)[DBC_SIG_MAX], size_t *siglens,
                size_t *failed);

#endif
