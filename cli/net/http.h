/* Minimal HTTP(S) client over libcurl, loaded with dlopen() on first use so that offline
 * commands never pay for libcurl's start-up. TLS verification is always on; every call has a
 * finite timeout. */
#ifndef DBC_HTTP_H
#define DBC_HTTP_H
#include <stddef.h>
#include "sign/err.h"

typedef struct {
	long status;   /* HTTP status code */
	char *body;    /* NUL-terminated, malloc'ed */
	size_t len;
} dbc_http_resp_t;

/* POST a JSON body (Content-Type: application/json). DBC_ERR_NETWORK / DBC_ERR_TIMEOUT on
 * transport failure; any HTTP status is returned in resp (not an error here). Response bodies
 * are capped (DBC_ERR_TOO_LARGE above max_body bytes; 0 = 16 MiB default). */
int dbc_http_post_json(const char *url, const char *body, long timeout_ms, size_t max_body,
                       dbc_http_resp_t *resp) DBC_WUR;
int dbc_http_get(const char *url, long timeout_ms, size_t max_body, dbc_http_resp_t *resp) DBC_WUR;
void dbc_http_resp_free(dbc_http_resp_t *resp);
/* Last transport error text (curl's), for messages. */
const char *dbc_http_last_error(void);

#endif
