/* HTTP(S) client over libcurl, resolved with dlopen()/dlsym() on first use.
 *
 * The binary does not link libcurl: offline commands (sign, verify, nonce, ...) must not pay
 * for its ~30 shared libraries at start-up (environment.md §14). The curl headers are used for
 * types and constants only; every function comes from the table below.
 *
 * Safety settings, on every request: TLS peer and host verification explicitly on (never
 * turned off anywhere), finite connect and total timeouts, redirects off, only http/https,
 * response bodies capped. */
#define CURL_DISABLE_TYPECHECK 1  /* curl_easy_setopt is called through a pointer, not the macro */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#include "cli/net/http.h"

#define HTTP_DEFAULT_CAP (16u * 1024u * 1024u)
#define HTTP_CONNECT_MAX_MS 10000L
#define HTTP_DEFAULT_TIMEOUT_MS 30000L
/* CURLOPT_PROTOCOLS (deprecated in 7.85, but the only choice on an older runtime library). */
#define HTTP_OPT_PROTOCOLS_LEGACY ((CURLoption)(CURLOPTTYPE_LONG + 181))
#define HTTP_OPT_REDIR_PROTOCOLS_LEGACY ((CURLoption)(CURLOPTTYPE_LONG + 182))

struct curl_api {
	void *handle;
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
};

static struct curl_api curl;
static int curl_state; /* 0 not tried, 1 loaded, -1 failed */
static char last_error[CURL_ERROR_SIZE + 64];

static void __attribute__((format(printf, 1, 2)))
set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
}

/* dlsym returns void *; converting it to a function pointer is what POSIX guarantees works. */
static int
resolve(void **slot, const char *name)
{
	void *p;

	dlerror();
	p = dlsym(curl.handle, name);
	if (p == NULL) {
		set_error("libcurl.so.4 lacks %s", name);
		return -1;
	}
	*slot = p;
	return 0;
}

#define RESOLVE(field, name) resolve((void **)(void *)&curl.field, name)

static int
curl_load(void)
{
	const char *e;

	if (curl_state != 0)
		return curl_state > 0 ? DBC_OK : DBC_ERR_NETWORK;
	curl_state = -1;
	curl.handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (curl.handle == NULL) {
		e = dlerror();
		set_error("cannot load libcurl.so.4 (install libcurl4): %s", e != NULL ? e : "?");
		return DBC_ERR_NETWORK;
	}
	if (RESOLVE(global_init, "curl_global_init") || RESOLVE(easy_init, "curl_easy_init") ||
	    RESOLVE(easy_setopt, "curl_easy_setopt") || RESOLVE(easy_perform, "curl_easy_perform") ||
	    RESOLVE(easy_getinfo, "curl_easy_getinfo") ||
	    RESOLVE(easy_cleanup, "curl_easy_cleanup") ||
	    RESOLVE(easy_strerror, "curl_easy_strerror") ||
	    RESOLVE(slist_append, "curl_slist_append") ||
	    RESOLVE(slist_free_all, "curl_slist_free_all")) {
		dlclose(curl.handle);
		memset(&curl, 0, sizeof(curl));
		return DBC_ERR_NETWORK;
	}
	if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		set_error("curl_global_init failed");
		return DBC_ERR_NETWORK;
	}
	curl_state = 1;
	return DBC_OK;
}

struct sink {
	char *buf;
	size_t len, cap_alloc, max;
	int too_large, nomem;
};

static size_t
sink_write(char *data, size_t size, size_t nmemb, void *userp)
{
	struct sink *s = userp;
	size_t n, want;
	char *nb;

	if (size != 0 && nmemb > (size_t)-1 / size)
		return 0;
	n = size * nmemb;
	if (n > s->max - s->len) {
		s->too_large = 1;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	if (s->len + n + 1 > s->cap_alloc) {
		want = s->cap_alloc ? s->cap_alloc : 4096;
		while (want < s->len + n + 1)
			want *= 2;
		if ((nb = realloc(s->buf, want)) == NULL) {
			s->nomem = 1;
			return 0;
		}
		s->buf = nb;
		s->cap_alloc = want;
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return n;
}

static int
map_curl_error(CURLcode cc, const struct sink *s, const char *errbuf)
{
	if (s->too_large) {
		set_error("response larger than %zu bytes", s->max);
		return DBC_ERR_TOO_LARGE;
	}
	if (s->nomem || cc == CURLE_OUT_OF_MEMORY) {
		set_error("out of memory");
		return DBC_ERR_NOMEM;
	}
	set_error("%s", errbuf[0] != '\0' ? errbuf : curl.easy_strerror(cc));
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
		return DBC_ERR_TIMEOUT;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return DBC_ERR_INPUT;
	default:
		return DBC_ERR_NETWORK;
	}
}

/* Apply one option; a failure here is a programming or library-version problem. */
#define SETOPT(opt, val) do { \
	if (curl.easy_setopt(h, (opt), (val)) != CURLE_OK) { \
		set_error("curl option %s refused", #opt); \
		rc = DBC_ERR_NETWORK; \
		goto out; \
	} \
} while (0)

static int
request(const char *url, const char *body, long timeout_ms, size_t max_body, dbc_http_resp_t *resp)
{
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *hdrs = NULL, *tmp;
	struct sink s;
	CURL *h = NULL;
	CURLcode cc;
	long status = 0;
	int rc;

	memset(resp, 0, sizeof(*resp));
	memset(&s, 0, sizeof(s));
	errbuf[0] = '\0';
	last_error[0] = '\0';
	if (url == NULL || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)) {
		set_error("only http:// and https:// URLs are supported");
		return DBC_ERR_INPUT;
	}
	if ((rc = curl_load()) != DBC_OK)
		return rc;
	s.max = max_body ? max_body : HTTP_DEFAULT_CAP;
	if (timeout_ms <= 0)
		timeout_ms = HTTP_DEFAULT_TIMEOUT_MS;
	if ((h = curl.easy_init()) == NULL) {
		set_error("curl_easy_init failed");
		return DBC_ERR_NOMEM;
	}
	SETOPT(CURLOPT_ERRORBUFFER, errbuf);
	SETOPT(CURLOPT_URL, url);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_NOPROGRESS, 1L);
	SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, 2L);
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < HTTP_CONNECT_MAX_MS ? timeout_ms : HTTP_CONNECT_MAX_MS);
	SETOPT(CURLOPT_TIMEOUT_MS, timeout_ms);
	SETOPT(CURLOPT_USERAGENT, "dbcsign");
	SETOPT(CURLOPT_WRITEFUNCTION, sink_write);
	SETOPT(CURLOPT_WRITEDATA, &s);
	/* Only http and https, for the request and for any redirect target (redirects are off,
	 * this is defence in depth). */
	if (curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK) {
		SETOPT(HTTP_OPT_PROTOCOLS_LEGACY, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
		SETOPT(HTTP_OPT_REDIR_PROTOCOLS_LEGACY, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	} else {
		SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	}
	if (body != NULL) {
		if ((tmp = curl.slist_append(hdrs, "Content-Type: application/json")) == NULL) {
			rc = DBC_ERR_NOMEM;
			goto out;
		}
		hdrs = tmp;
		/* No "Expect: 100-continue" round trip: libevent's evhttp does not need it. */
		if ((tmp = curl.slist_append(hdrs, "Expect:")) == NULL) {
			rc = DBC_ERR_NOMEM;
			goto out;
		}
		hdrs = tmp;
		SETOPT(CURLOPT_HTTPHEADER, hdrs);
		SETOPT(CURLOPT_POSTFIELDS, body);
		SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	} else {
		SETOPT(CURLOPT_HTTPGET, 1L);
	}
	cc = curl.easy_perform(h);
	if (cc != CURLE_OK) {
		rc = map_curl_error(cc, &s, errbuf);
		goto out;
	}
	if (curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK) {
		set_error("no HTTP status");
		rc = DBC_ERR_NETWORK;
		goto out;
	}
	if (s.buf == NULL) {
		if ((s.buf = calloc(1, 1)) == NULL) {
			rc = DBC_ERR_NOMEM;
			goto out;
		}
	}
	resp->status = status;
	resp->body = s.buf;
	resp->len = s.len;
	s.buf = NULL;
	rc = DBC_OK;
out:
	free(s.buf);
	if (hdrs != NULL)
		curl.slist_free_all(hdrs);
	curl.easy_cleanup(h);
	return rc;
}

int
dbc_http_post_json(const char *url, const char *body, long timeout_ms, size_t max_body,
                   dbc_http_resp_t *resp)
{
	if (body == NULL)
		body = "";
	return request(url, body, timeout_ms, max_body, resp);
}

int
dbc_http_get(const char *url, long timeout_ms, size_t max_body, dbc_http_resp_t *resp)
{
	return request(url, NULL, timeout_ms, max_body, resp);
}

void
dbc_http_resp_free(dbc_http_resp_t *resp)
{
	if (resp == NULL)
		return;
	free(resp->body);
	resp->body = NULL;
	resp->len = 0;
	resp->status = 0;
}

const char *
dbc_http_last_error(void)
{
	return last_error[0] != '\0' ? last_error : "no error";
}
