/* Tiny test harness: every check counts; main() ends with `return check_done();`, which prints
 * "<name>: N passed, N failed[, N skipped]". Shared vectors are read through DBCSIGN_SHARED
 * (default ../shared); absent files skip outside CI and fail when CI=true. */
#ifndef DBC_CHECK_H
#define DBC_CHECK_H
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>

void check_init(const char *name);
void check_true(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void check_hex(const uint8_t *got, size_t len, const char *want_hex, const char *file, int line,
               const char *what);
void check_skip(const char *why);
int check_done(void);

/* Read a file under the shared directory (malloc'ed, NUL-terminated, *len without the NUL).
 * NULL: skipped or failed (accounted for). */
uint8_t *check_load_shared_file(const char *rel, size_t *len);
/* Load a JSON file under the shared directory (e.g. "vectors/sr25519.json"). NULL: skipped or failed. */
cJSON *check_load_shared_json(const char *rel);
/* Full path of a shared file into buf; returns NULL (after skip/fail accounting) when absent. */
const char *check_shared_path(const char *rel, char *buf, size_t cap);
/* String member or "" */
const char *check_jstr(const cJSON *obj, const char *key);
/* Decode hex (0x optional) into out; returns length or -1. */
long check_unhex(uint8_t *out, size_t cap, const char *hex);

#define CHECK(cond, ...) check_true(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_HEX(got, len, want, what) check_hex((got), (len), (want), __FILE__, __LINE__, (what))
#define CHECK_OK(expr, what) do { int check_r_ = (expr); \
	check_true(check_r_ == 0, __FILE__, __LINE__, "%s: returned %d", (what), check_r_); } while (0)

#endif
