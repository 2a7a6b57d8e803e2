/* Named keys in a private directory; every write goes through atomic_file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#include "wallet/atomic_file.h"
#include "wallet/secmem.h"
#include "wallet/walletdir.h"

#define SUFFIX ".json"

int
dbc_wallet_name_check(const char *name)
{
	size_t i, n;

	if (name == NULL)
		return DBC_ERR_NAME;
	n = strlen(name);
	if (n == 0 || n > DBC_WALLET_NAME_MAX || name[0] == '.')
		return DBC_ERR_NAME;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return DBC_ERR_NAME;
	}
	return DBC_OK;
}

static int
file_name(char out[DBC_WALLET_NAME_MAX + sizeof(SUFFIX)], const char *name)
{
	int rc = dbc_wallet_name_check(name);

	if (rc != DBC_OK)
		return rc;
	(void)snprintf(out, DBC_WALLET_NAME_MAX + sizeof(SUFFIX), "%s" SUFFIX, name);
	return DBC_OK;
}

int
dbc_walletdir_default(char *buf, size_t cap)
{
	const char *home = getenv("DBCSIGN_HOME");
	int n;

	if (home != NULL && home[0] != '\0')
		n = snprintf(buf, cap, "%s", home);
	else if ((home = getenv("HOME")) != NULL && home[0] != '\0')
		n = snprintf(buf, cap, "%s/.config/dbcsign/wallets", home);
	else
		return DBC_ERR_NOT_FOUND;
	if (n < 0 || (size_t)n >= cap)
		return DBC_ERR_TOO_LARGE;
	return DBC_OK;
}

/* mkdir -p with 0700 for every directory we create. */
static int
make_dirs(const char *path)
{
	char tmp[PATH_MAX];
	size_t i, n = strlen(path);

	if (n == 0 || n >= sizeof(tmp))
		return DBC_ERR_TOO_LARGE;
	memcpy(tmp, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (tmp[i] != '/' && tmp[i] != '\0')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
			return errno == ENOTDIR ? DBC_ERR_FILE_TYPE : DBC_ERR_IO;
		tmp[i] = i == n ? '\0' : '/';
	}
	return DBC_OK;
}

int
dbc_walletdir_open(dbc_walletdir_t *wd, const char *path, int create)
{
	struct stat st;
	int rc;

	memset(wd, 0, sizeof(*wd));
	wd->fd = -1;
	if (path == NULL) {
		if ((rc = dbc_walletdir_default(wd->path, sizeof(wd->path))) != DBC_OK)
			return rc;
	} else {
		if (strlen(path) == 0 || strlen(path) >= sizeof(wd->path))
			return DBC_ERR_NAME;
		memcpy(wd->path, path, strlen(path) + 1);
	}
	if (create && (rc = make_dirs(wd->path)) != DBC_OK)
		return rc;
	wd->fd = open(wd->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (wd->fd < 0)
		return errno == ENOENT ? DBC_ERR_NOT_FOUND :
		       errno == ENOTDIR ? DBC_ERR_FILE_TYPE : DBC_ERR_IO;
	if (fstat(wd->fd, &st) != 0) {
		dbc_walletdir_close(wd);
		return DBC_ERR_IO;
	}
	wd->loose_mode = (st.st_mode & 077) != 0;
	return DBC_OK;
}

void
dbc_walletdir_close(dbc_walletdir_t *wd)
{
	if (wd->fd >= 0)
		(void)close(wd->fd);
	wd->fd = -1;
}

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const dbc_wallet_entry_t *)a)->name, ((const dbc_wallet_entry_t *)b)->name);
}

int
dbc_walletdir_list(const dbc_walletdir_t *wd, dbc_wallet_entry_t **out, size_t *count)
{
	dbc_wallet_entry_t *list = NULL, *grown;
	size_t n = 0, cap = 0, len;
	struct dirent *de;
	DIR *d;
	int fd;

	*out = NULL;
	*count = 0;
	if ((fd = dup(wd->fd)) < 0)
		return DBC_ERR_IO;
	if ((d = fdopendir(fd)) == NULL) {
		(void)close(fd);
		return DBC_ERR_IO;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		char stem[DBC_WALLET_NAME_MAX + 1];

		len = strlen(de->d_name);
		if (len <= strlen(SUFFIX) || strcmp(de->d_name + len - strlen(SUFFIX), SUFFIX) != 0)
			continue;
		len -= strlen(SUFFIX);
		if (len > DBC_WALLET_NAME_MAX)
			continue;
		memcpy(stem, de->d_name, len);
		stem[len] = '\0';
		if (dbc_wallet_name_check(stem) != DBC_OK)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((grown = realloc(list, cap * sizeof(*list))) == NULL) {
				free(list);
				(void)closedir(d);
				return DBC_ERR_NOMEM;
			}
			list = grown;
		}
		memset(&list[n], 0, sizeof(list[n]));
		memcpy(list[n].name, stem, len + 1);
		list[n].rc = dbc_walletdir_info(wd, stem, &list[n].info);
		n++;
	}
	(void)closedir(d);
	if (n > 1)
		qsort(list, n, sizeof(*list), entry_cmp);
	*out = list;
	*count = n;
	return DBC_OK;
}

int
dbc_walletdir_exists(const dbc_walletdir_t *wd, const char *name)
{
	char fn[DBC_WALLET_NAME_MAX + sizeof(SUFFIX)];
	struct stat st;

	if (file_name(fn, name) != DBC_OK)
		return 0;
	return fstatat(wd->fd, fn, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

int
dbc_walletdir_load(const dbc_walletdir_t *wd, const char *name, char **json, size_t *len)
{
	char fn[DBC_WALLET_NAME_MAX + sizeof(SUFFIX)];
	int rc;

	*json = NULL;
	*len = 0;
	if ((rc = file_name(fn, name)) != DBC_OK)
		return rc;
	return dbc_file_read_at(wd->fd, fn, DBC_KEYSTORE_FILE_MAX, json, len);
}

int
dbc_walletdir_info(const dbc_walletdir_t *wd, const char *name, dbc_keystore_info_t *info)
{
	char *json;
	size_t len;
	int rc;

	if ((rc = dbc_walletdir_load(wd, name, &json, &len)) != DBC_OK)
		return rc;
	rc = dbc_keystore_parse(info, json, len);
	dbc_secmem_free(json);
	return rc;
}

int
dbc_walletdir_unlock(const dbc_walletdir_t *wd, const char *name, const char *pw, size_t pwlen,
                     dbc_keypair_t *kp, dbc_keystore_info_t *info)
{
	char *json;
	size_t len;
	int rc;

	if ((rc = dbc_walletdir_load(wd, name, &json, &len)) != DBC_OK)
		return rc;
	rc = dbc_keystore_decrypt(kp, info, json, len, pw, pwlen);
	dbc_secmem_free(json);
	return rc;
}

int
dbc_walletdir_store(const dbc_walletdir_t *wd, const char *name, const char *json, size_t len,
                    int force)
{
	char fn[DBC_WALLET_NAME_MAX + sizeof(SUFFIX)];
	dbc_keystore_info_t info;
	int rc;

	if ((rc = file_name(fn, name)) != DBC_OK)
		return rc;
	if ((rc = dbc_keystore_parse(&info, json, len)) != DBC_OK)
		return rc;
	return dbc_atomic_write_at(wd->fd, fn, json, len,
	                           force ? DBC_AF_REPLACE : DBC_AF_NOREPLACE);
}

int
dbc_walletdir_store_key(const dbc_walletdir_t *wd, const char *name, const dbc_keypair_t *kp,
                        const char *pw, size_t pwlen, unsigned log2n,
                        const dbc_keystore_meta_t *meta, int force)
{
	dbc_keystore_meta_t m;
	char *json = NULL;
	size_t len = 0;
	int rc, err;

	if ((rc = dbc_wallet_name_check(name)) != DBC_OK)
		return rc;
	/* Fail before the slow scrypt when the name is taken. */
	if (!force && dbc_walletdir_exists(wd, name))
		return DBC_ERR_EXISTS;
	memset(&m, 0, sizeof(m));
	if (meta != NULL)
		m = *meta;
	(void)snprintf(m.name, sizeof(m.name), "%s", name);
	if ((rc = dbc_keystore_encrypt(&json, &len, kp, pw, pwlen, log2n, DBC_WALLET_PREFIX,
	                               &m)) != DBC_OK)
		return rc;
	rc = dbc_walletdir_store(wd, name, json, len, force);
	err = errno;
	free(json);
	errno = err; /* the write's cause, for the caller's message */
	return rc;
}

int
dbc_walletdir_remove(const dbc_walletdir_t *wd, const char *name)
{
	char fn[DBC_WALLET_NAME_MAX + sizeof(SUFFIX)];
	struct stat st;
	int rc;

	if ((rc = file_name(fn, name)) != DBC_OK)
		return rc;
	if (fstatat(wd->fd, fn, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? DBC_ERR_NOT_FOUND : DBC_ERR_IO;
	if (!S_ISREG(st.st_mode))
		return DBC_ERR_FILE_TYPE;
	if (unlinkat(wd->fd, fn, 0) != 0)
		return DBC_ERR_IO;
	if (fsync(wd->fd) != 0 && errno != EINVAL)
		return DBC_ERR_IO;
	return DBC_OK;
}

int
dbc_walletdir_passwd(const dbc_walletdir_t *wd, const char *name, const char *oldpw,
                     size_t oldlen, const char *newpw, size_t newlen, unsigned log2n)
{
	dbc_keystore_info_t info;
	dbc_keypair_t *kp;
	char *json = NULL;
	size_t len = 0;
	int rc, err;

	if (newpw == NULL || newlen == 0)
		return DBC_ERR_EMPTY;
	if ((kp = dbc_keypair_new()) == NULL)
		return DBC_ERR_NOMEM;
	if ((rc = dbc_walletdir_unlock(wd, name, oldpw, oldlen, kp, &info)) != DBC_OK)
		goto out;
	if (log2n == 0)
		log2n = info.n == (1u << 17) ? 17 : DBC_KEYSTORE_LOG2N_DEFAULT;
	(void)snprintf(info.meta.name, sizeof(info.meta.name), "%s", name);
	if ((rc = dbc_keystore_encrypt(&json, &len, kp, newpw, newlen, log2n, DBC_WALLET_PREFIX,
	                               &info.meta)) != DBC_OK)
		goto out;
	rc = dbc_walletdir_store(wd, name, json, len, 1);
out:
	err = errno;
	free(json);
	dbc_keypair_free(&kp);
	errno = err; /* the write's cause, for the caller's message */
	return rc;
}
