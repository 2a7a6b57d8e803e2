/* hidapi (hidraw) backend of the I/O seam.
 *
 * libhidapi-hidraw (and the libudev it pulls in) is dlopen()ed on the first device call,
 * not linked: commands that never touch a Ledger (sign, triple, ...) start without it,
 * which saves about 0.1-0.25 ms of every cold start (docs/BENCHMARKS.md). */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <hidapi.h>

#include "hw/devlock.h"
#include "hw/io.h"

#define HIDAPI_SONAME "libhidapi-hidraw.so.0"

/* What the seam's handle points at: hidapi's device plus the exclusive lock on its node, held
 * from before hid_open_path() until after hid_close() so no other process can interleave
 * frames with ours on the token (libfido2 hid_linux.c takes the same flock). */
struct hidapi_handle {
	hid_device *dev;
	dbc_devlock_t lock;
};

/* The hidapi functions used here, resolved from HIDAPI_SONAME (hidapi.h gives the types). */
static struct {
	void *lib;
	__typeof__(&hid_init) init;
	__typeof__(&hid_enumerate) enumerate;
	__typeof__(&hid_free_enumeration) free_enumeration;
	__typeof__(&hid_open_path) open_path;
	__typeof__(&hid_close) close;
	__typeof__(&hid_read_timeout) read_timeout;
	__typeof__(&hid_write) write;
} hid;
static int hid_ready = 0;   /* 1 loaded and initialised, -1 failed (not retried) */

static int
resolve(void **slot, const char *name)
{
	*slot = dlsym(hid.lib, name);
	return *slot == NULL ? -1 : 0;
}

#define RESOLVE(field, name) resolve((void **)(void *)&hid.field, name)

static int
ensure_init(void)
{
	if (hid_ready != 0)
		return hid_ready > 0 ? DBC_OK : DBC_ERR_DEVICE;
	hid_ready = -1;
	if ((hid.lib = dlopen(HIDAPI_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return DBC_ERR_DEVICE;
	if (RESOLVE(init, "hid_init") || RESOLVE(enumerate, "hid_enumerate") ||
	    RESOLVE(free_enumeration, "hid_free_enumeration") ||
	    RESOLVE(open_path, "hid_open_path") || RESOLVE(close, "hid_close") ||
	    RESOLVE(read_timeout, "hid_read_timeout") || RESOLVE(write, "hid_write") ||
	    hid.init() != 0) {
		dlclose(hid.lib);
		memset(&hid, 0, sizeof(hid));
		return DBC_ERR_DEVICE;
	}
	hid_ready = 1;
	return DBC_OK;
}

/* wide → ASCII for display; non-ASCII becomes '?'. */
static void
narrow(char *out, size_t cap, const wchar_t *w)
{
	size_t i = 0;

	if (w != NULL)
		for (; w[i] != 0 && i + 1 < cap; i++)
			out[i] = (w[i] >= 0x20 && w[i] < 0x7f) ? (char)w[i] : '?';
	out[i] = '\0';
}

static int
hidapi_enumerate(void *ctx, dbc_hw_info_t *out, size_t cap, size_t *n)
{
	struct hid_device_info *all, *d;
	size_t k = 0, j;
	int rc;

	(void)ctx;
	*n = 0;
	if ((rc = ensure_init()) != DBC_OK)
		return rc;
	all = hid.enumerate(DBC_LEDGER_VID, 0);
	for (d = all; d != NULL && k < cap; d = d->next) {
		int dup = 0;

		/* hidraw does not always report the usage page; Linux ledgerjs uses interface 0. */
		if (d->interface_number != 0 && d->usage_page != DBC_LEDGER_USAGE_PAGE)
			continue;
		if (d->path == NULL || strlen(d->path) >= sizeof(out[k].path))
			continue;
		for (j = 0; j < k; j++)
			if (strcmp(out[j].path, d->path) == 0)
				dup = 1;
		if (dup)
			continue;
		memset(&out[k], 0, sizeof(out[k]));
		strcpy(out[k].path, d->path);
		out[k].vid = d->vendor_id;
		out[k].pid = d->product_id;
		out[k].interface_number = d->interface_number;
		out[k].usage_page = d->usage_page;
		narrow(out[k].product, sizeof(out[k].product), d->product_string);
		narrow(out[k].serial, sizeof(out[k].serial), d->serial_number);
		k++;
	}
	hid.free_enumeration(all);
	*n = k;
	return DBC_OK;
}

/* hidapi's hid_open_path crashes on character devices that are not hidraw nodes (seen with
 * /dev/null), so only a /dev/hidrawN that sysfs lists as hidraw is handed to it. */
static int
is_hidraw(const char *path)
{
	const char *base = strrchr(path, '/');
	char sys[300];
	struct stat st;

	base = base ? base + 1 : path;
	if (strncmp(base, "hidraw", 6) != 0 || base[6] == '\0' ||
	    strspn(base + 6, "0123456789") != strlen(base + 6))
		return 0;
	if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode))
		return 0;
	if (snprintf(sys, sizeof(sys), "/sys/class/hidraw/%s", base) >= (int)sizeof(sys))
		return 0;
	return access(sys, F_OK) == 0;
}

static int
hidapi_open(void *ctx, const char *path, void **handle)
{
	struct hidapi_handle *hh;
	int rc;

	(void)ctx;
	*handle = NULL;
	if ((rc = ensure_init()) != DBC_OK)
		return rc;
	/* Tell "missing" and "not allowed" apart before hidapi folds both into NULL. */
	if (access(path, F_OK) != 0)
		return DBC_ERR_DEVICE_ABSENT;
	if (access(path, R_OK | W_OK) != 0)
		return errno == EACCES || errno == EPERM ? DBC_ERR_DEVICE_PERMISSION : DBC_ERR_DEVICE;
	if (!is_hidraw(path))
		return DBC_ERR_DEVICE;
	if ((hh = calloc(1, sizeof(*hh))) == NULL)
		return DBC_ERR_NOMEM;
	/* Lock before hidapi opens the node, so a second dbcsign (or libfido2) fails with
	 * DBC_ERR_DEVICE_BUSY instead of sharing the token. is_hidraw() has just checked that path
	 * is a filesystem path to a hidraw character device, so the lock is always taken here;
	 * a libusb-backend path such as "1-2:1.0" names no file and could not be locked this way
	 * (it would need its own lock, or none, if that backend is ever added). */
	if ((rc = dbc_devlock_acquire(path, &hh->lock)) != DBC_OK) {
		free(hh);
		return rc;
	}
	errno = 0;
	if ((hh->dev = hid.open_path(path)) == NULL) {
		rc = errno == EACCES || errno == EPERM ? DBC_ERR_DEVICE_PERMISSION : DBC_ERR_DEVICE;
		dbc_devlock_release(&hh->lock);
		free(hh);
		return rc;
	}
	*handle = hh;
	return DBC_OK;
}

static void
hidapi_close(void *handle)
{
	struct hidapi_handle *hh = handle;

	if (hh == NULL)
		return;
	hid.close(hh->dev);
	/* Only after hidapi has let go of the node may another process take it. */
	dbc_devlock_release(&hh->lock);
	free(hh);
}

static int
hidapi_read(void *handle, uint8_t *buf, size_t len, int ms)
{
	return hid.read_timeout(((struct hidapi_handle *)handle)->dev, buf, len, ms);
}

static int
hidapi_write(void *handle, const uint8_t *buf, size_t len)
{
	return hid.write(((struct hidapi_handle *)handle)->dev, buf, len);
}

static const dbc_hw_io_t hidapi_io = {
	hidapi_enumerate, hidapi_open, hidapi_close, hidapi_read, hidapi_write, NULL
};

const dbc_hw_io_t *
dbc_hw_io_hidapi(void)
{
	return &hidapi_io;
}
