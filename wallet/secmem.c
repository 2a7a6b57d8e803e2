#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sodium.h>

#include "wallet/secmem.h"

int
dbc_process_harden(void)
{
	struct rlimit rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl) != 0)
		return -1;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return -1;
	umask(077);
	return 0;
}

void *
dbc_secmem_alloc(size_t len)
{
	void *p = sodium_malloc(len == 0 ? 1 : len);

	if (p != NULL)
		memset(p, 0, len == 0 ? 1 : len);
	return p;
}

void
dbc_secmem_free(void *p)
{
	sodium_free(p);
}

char *
dbc_secmem_strndup(const char *s, size_t len)
{
	char *p = dbc_secmem_alloc(len + 1);

	if (p != NULL) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}
