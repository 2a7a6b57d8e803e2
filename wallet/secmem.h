/* Secret memory and process hardening. */
#ifndef DBC_SECMEM_H
#define DBC_SECMEM_H
#include <stddef.h>
#include "sign/err.h"

/* Core dumps off (RLIMIT_CORE 0, PR_SET_DUMPABLE 0), umask 077. 0 on success. */
int dbc_process_harden(void) DBC_WUR;
/* Guarded allocation (sodium_malloc), zero-filled. NULL on failure. */
void *dbc_secmem_alloc(size_t len);
/* Wipe and free (sodium_free wipes); NULL is fine. */
void dbc_secmem_free(void *p);
/* strdup into guarded memory. */
char *dbc_secmem_strndup(const char *s, size_t len);

#endif
