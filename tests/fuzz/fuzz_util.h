/* Helpers shared by the fuzz targets (header only: each target is one translation unit).
 *
 * - fuzz_init(): sodium_init() once (sodium_malloc aborts without it).
 * - fuzz_meta(): DBC's real V14 metadata, loaded once from
 *   $DBCSIGN_SHARED/fixtures/dbc/metadata-v14-spec400.scale (see fixtures/dbc/SOURCES.md), or
 *   NULL when the shared tree is absent (the target then skips the metadata-driven part; with
 *   CI=true a missing fixture aborts, so CI cannot silently fuzz nothing).
 * - fuzz_take(): a tiny cursor over the input, to split it into fields. */
#ifndef DBC_FUZZ_UTIL_H
#define DBC_FUZZ_UTIL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "sign/metadata.h"
#include "sign/scale.h"

static inline void
fuzz_init(void)
{
	static int done;

	if (!done) {
		if (sodium_init() < 0)
			abort();
		done = 1;
	}
}

static inline uint8_t *
fuzz_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

/* The fixture is the RPC's Bytes (compact length ‖ "meta" ‖ 14 ‖ …); the parser wants the
 * bytes after the length. Loaded once per process and never freed (LeakSanitizer ignores
 * reachable globals). */
static inline const dbc_meta_t *
fuzz_meta(void)
{
	static int tried;
	static dbc_meta_t *meta;
	char path[4096];
	const char *dir = getenv("DBCSIGN_SHARED");
	const char *ci = getenv("CI");
	uint8_t *buf;
	size_t len = 0, off = 0;

	if (tried)
		return meta;
	tried = 1;
	fuzz_init();
	if (dir == NULL || *dir == '\0')
		dir = "../shared";
	(void)snprintf(path, sizeof(path), "%s/fixtures/dbc/metadata-v14-spec400.scale", dir);
	if ((buf = fuzz_read_file(path, &len)) != NULL) {
		if (len >= 4 && memcmp(buf, "meta", 4) != 0) {
			dbc_scale_rd_t r;
			uint32_t n;

			dbc_scale_rd_init(&r, buf, len);
			if (dbc_scale_read_compact_u32(&r, &n) == DBC_OK)
				off = len - dbc_scale_rd_left(&r);
		}
		if (dbc_meta_parse(&meta, buf + off, len - off, NULL) != DBC_OK)
			meta = NULL;
		free(buf);
	}
	if (meta == NULL && ci != NULL && strcmp(ci, "true") == 0) {
		fprintf(stderr, "fuzz: %s missing or unparsable in CI\n", path);
		abort();
	}
	return meta;
}

typedef struct {
	const uint8_t *p;
	size_t left;
} fuzz_cur_t;

/* Next byte (0 once the input is used up). */
static inline uint8_t
fuzz_byte(fuzz_cur_t *c)
{
	if (c->left == 0)
		return 0;
	c->left--;
	return *c->p++;
}

/* Up to n bytes; *got says how many. */
static inline const uint8_t *
fuzz_take(fuzz_cur_t *c, size_t n, size_t *got)
{
	const uint8_t *p = c->p;

	if (n > c->left)
		n = c->left;
	c->p += n;
	c->left -= n;
	*got = n;
	return p;
}

#endif
