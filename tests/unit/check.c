#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "tests/unit/check.h"
#include "sign/hex.h"

static const char *check_name = "test";
static int n_pass, n_fail, n_skip;

void
check_init(const char *name)
{
	check_name = name;
	setvbuf(stdout, NULL, _IOLBF, 0);
}

void
check_true(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (cond) {
		n_pass++;
		return;
	}
	n_fail++;
	printf("FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void
check_hex(const uint8_t *got, size_t len, const char *want_hex, const char *file, int line,
          const char *what)
{
	char *buf = malloc(2 * len + 1);
	const char *w = want_hex;

	if (buf == NULL)
		abort();
	dbc_hex_encode(buf, got, len);
	if (w[0] == '0' && (w[1] == 'x' || w[1] == 'X'))
		w += 2;
	check_true(strcasecmp(buf, w) == 0, file, line, "%s: got %s want %s", what, buf, w);
	free(buf);
}

void
check_skip(const char *why)
{
	n_skip++;
	printf("SKIP %s: %s\n", check_name, why);
}

int
check_done(void)
{
	printf("%s: %d passed, %d failed", check_name, n_pass, n_fail);
	if (n_skip)
		printf(", %d skipped", n_skip);
	printf("\n");
	return n_fail == 0 ? 0 : 1;
}

const char *
check_shared_path(const char *rel, char *buf, size_t cap)
{
	const char *dir = getenv("DBCSIGN_SHARED");
	const char *ci = getenv("CI");
	struct stat st;
	int n;

	if (dir == NULL || *dir == '\0')
		dir = "../shared";
	n = snprintf(buf, cap, "%s/%s", dir, rel);
	if (n < 0 || (size_t)n >= cap)
		abort();
	if (stat(buf, &st) == 0)
		return buf;
	if (ci != NULL && strcmp(ci, "true") == 0) {
		check_true(0, __FILE__, __LINE__, "shared file missing in CI: %s", buf);
	} else {
		char why[512];
		snprintf(why, sizeof(why), "%s absent (set DBCSIGN_SHARED)", buf);
		check_skip(why);
	}
	return NULL;
}

uint8_t *
check_load_shared_file(const char *rel, size_t *len)
{
	char path[4096];
	FILE *f;
	long sz;
	uint8_t *data;

	*len = 0;
	if (check_shared_path(rel, path, sizeof(path)) == NULL)
		return NULL;
	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		check_true(0, __FILE__, __LINE__, "cannot read %s", path);
		if (f)
			fclose(f);
		return NULL;
	}
	if ((data = malloc((size_t)sz + 1)) == NULL)
		abort();
	if (fread(data, 1, (size_t)sz, f) != (size_t)sz) {
		check_true(0, __FILE__, __LINE__, "short read %s", path);
		fclose(f);
		free(data);
		return NULL;
	}
	fclose(f);
	data[sz] = '\0';
	*len = (size_t)sz;
	return data;
}

cJSON *
check_load_shared_json(const char *rel)
{
	size_t len;
	uint8_t *data = check_load_shared_file(rel, &len);
	cJSON *j;

	if (data == NULL)
		return NULL;
	j = cJSON_ParseWithLength((const char *)data, len);
	free(data);
	check_true(j != NULL, __FILE__, __LINE__, "JSON parse %s", rel);
	return j;
}

const char *
check_jstr(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

long
check_unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n;
	if (dbc_hex_decode(out, cap, &n, hex, strlen(hex), DBC_HEX_ALLOW_0X) != 0)
		return -1;
	return (long)n;
}
