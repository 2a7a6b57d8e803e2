/* Declassification points for the constant-time check (make ctime; tests/ctime/ctime.c).
 * That check runs the secret paths under valgrind memcheck with every secret marked
 * "undefined", so any branch or memory index computed from a secret is reported. A few
 * values computed from secrets are public by construction: "is this key valid at all",
 * a public key, a signature. Code marks each such value at the point where it becomes
 * public, as libsecp256k1 does with secp256k1_declassify. A no-op unless built with
 * -DDBC_CTIME (only the ctime build is). */
#ifndef DBC_DECLASSIFY_H
#define DBC_DECLASSIFY_H
#include <stddef.h>

#ifdef DBC_CTIME
#include <valgrind/memcheck.h>
#define DBC_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define DBC_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

/* The same for a return value: `if (!dbc_public_int(valid)) ...` */
static inline int
dbc_public_int(int v)
{
	DBC_DECLASSIFY(&v, sizeof(v));
	return v;
}
#endif
