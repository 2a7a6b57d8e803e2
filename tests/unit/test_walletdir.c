/* Wallet directory and atomic key-file I/O: names, modes (0700 dir, 0600 files), no silent
 * overwrite, symlink/directory/FIFO refusal, old content intact after a failed write,
 * no temp files left behind. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#include "check.h"
#include "wallet/atomic_file.h"
#include "wallet/keypair.h"
#include "wallet/keystore.h"
#include "wallet/secmem.h"
#include "wallet/walletdir.h"

static char root[256];

static int
mode_of(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return -1;
	return (int)(st.st_mode & 07777);
}

static int
file_equals(const char *path, const char *text)
{
	char *got = NULL;
	size_t len = 0;
	int eq;

	if (dbc_file_read(path, 1 << 20, &got, &len) != DBC_OK)
		return 0;
	eq = len == strlen(text) && memcmp(got, text, len) == 0;
	dbc_secmem_free(got);
	return eq;
}

/* Names starting with '.' in dir (our temp files are ".NAME.tmp-XXXX"). */
static int
hidden_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] == '.' && strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_names(void)
{
	static const char *good[] = { "alice", "A.b_c-1", "x", "rent-2024.main" };
	static const char *bad[] = { "", ".hidden", ".", "..", "a/b", "../x", "a b", "a\\b",
	                             "na\xc3\xafve", "tab\tname", "semi;colon" };
	char longname[80];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(dbc_wallet_name_check(good[i]) == DBC_OK, "good name '%s'", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(dbc_wallet_name_check(bad[i]) == DBC_ERR_NAME, "bad name '%s'", bad[i]);
	memset(longname, 'a', 64);
	longname[64] = '\0';
	CHECK(dbc_wallet_name_check(longname) == DBC_OK, "64-char name");
	longname[64] = 'a';
	longname[65] = '\0';
	CHECK(dbc_wallet_name_check(longname) == DBC_ERR_NAME, "65-char name");
	CHECK(dbc_wallet_name_check(NULL) == DBC_ERR_NAME, "NULL name");
}

static void
test_atomic(void)
{
	char dir[300], path[400], link[400], sub[400];
	char *buf = NULL;
	size_t len = 0;
	int rc;

	snprintf(dir, sizeof(dir), "%s/atomic", root);
	CHECK(mkdir(dir, 0700) == 0, "mkdir %s", dir);
	snprintf(path, sizeof(path), "%s/key.json", dir);

	rc = dbc_atomic_write(path, "first\n", 6, DBC_AF_NOREPLACE);
	CHECK(rc == DBC_OK, "create rc %d", rc);
	CHECK(mode_of(path) == 0600, "new file mode %o", mode_of(path));
	rc = dbc_atomic_write(path, "second\n", 7, DBC_AF_NOREPLACE);
	CHECK(rc == DBC_ERR_EXISTS, "no overwrite rc %d", rc);
	CHECK(file_equals(path, "first\n"), "old content kept after refusal");
	rc = dbc_atomic_write(path, "third\n", 6, DBC_AF_REPLACE);
	CHECK(rc == DBC_OK && file_equals(path, "third\n"), "replace rc %d", rc);
	CHECK(mode_of(path) == 0600, "replaced file mode %o", mode_of(path));

	/* A symlink is neither followed nor replaced. */
	snprintf(link, sizeof(link), "%s/link.json", dir);
	CHECK(symlink(path, link) == 0, "symlink");
	rc = dbc_atomic_write(link, "evil\n", 5, DBC_AF_REPLACE);
	CHECK(rc == DBC_ERR_FILE_TYPE, "replace symlink refused rc %d", rc);
	rc = dbc_atomic_write(link, "evil\n", 5, DBC_AF_NOREPLACE);
	CHECK(rc == DBC_ERR_FILE_TYPE || rc == DBC_ERR_EXISTS, "write over symlink refused rc %d", rc);
	CHECK(file_equals(path, "third\n"), "symlink target untouched");
	rc = dbc_file_read(link, 4096, &buf, &len);
	CHECK(rc == DBC_ERR_FILE_TYPE && buf == NULL, "read through symlink refused rc %d", rc);

	/* Directories, FIFOs, missing and oversized files. */
	snprintf(sub, sizeof(sub), "%s/d.json", dir);
	CHECK(mkdir(sub, 0700) == 0, "mkdir d.json");
	rc = dbc_file_read(sub, 4096, &buf, &len);
	CHECK(rc == DBC_ERR_FILE_TYPE, "read directory refused rc %d", rc);
	rc = dbc_atomic_write(sub, "x", 1, DBC_AF_REPLACE);
	CHECK(rc == DBC_ERR_FILE_TYPE, "replace directory refused rc %d", rc);
	snprintf(sub, sizeof(sub), "%s/fifo.json", dir);
	CHECK(mkfifo(sub, 0600) == 0, "mkfifo");
	rc = dbc_file_read(sub, 4096, &buf, &len);
	CHECK(rc == DBC_ERR_FILE_TYPE, "read FIFO refused without blocking rc %d", rc);
	snprintf(sub, sizeof(sub), "%s/missing.json", dir);
	rc = dbc_file_read(sub, 4096, &buf, &len);
	CHECK(rc == DBC_ERR_NOT_FOUND, "missing file rc %d", rc);
	rc = dbc_file_read(path, 3, &buf, &len);
	CHECK(rc == DBC_ERR_TOO_LARGE, "size cap rc %d", rc);
	rc = dbc_file_read(path, 6, &buf, &len);
	CHECK(rc == DBC_OK && len == 6 && strcmp(buf, "third\n") == 0, "exact-cap read rc %d", rc);
	dbc_secmem_free(buf);
	buf = NULL;
	rc = dbc_atomic_write("/nonexistent-dir-dbcsign/x.json", "x", 1, DBC_AF_NOREPLACE);
	CHECK(rc == DBC_ERR_NOT_FOUND, "missing parent rc %d", rc);

	/* A write that fails half-way (file size limit: works even as root) leaves the old
	 * file as it was and no temp file behind. */
	{
		struct rlimit old, lim;
		static char big[8192];
		void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);

		memset(big, 'z', sizeof(big));
		CHECK(getrlimit(RLIMIT_FSIZE, &old) == 0, "getrlimit");
		lim = old;
		lim.rlim_cur = 1024;
		CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0, "setrlimit");
		rc = dbc_atomic_write(path, big, sizeof(big), DBC_AF_REPLACE);
		CHECK(setrlimit(RLIMIT_FSIZE, &old) == 0, "restore rlimit");
		signal(SIGXFSZ, prev);
		CHECK(rc == DBC_ERR_IO, "short write fails rc %d", rc);
		CHECK(file_equals(path, "third\n"), "old content intact after failed write");
	}
	CHECK(hidden_files(dir) == 0, "no temp files left (%d)", hidden_files(dir));
}

static dbc_keypair_t *
make_key(dbc_scheme_t scheme, uint8_t fill)
{
	dbc_keypair_t *kp = dbc_keypair_new();
	uint8_t seed[32];

	memset(seed, fill, sizeof(seed));
	if (kp == NULL || dbc_keypair_from_seed(kp, scheme, seed) != DBC_OK) {
		dbc_keypair_free(&kp);
		return NULL;
	}
	return kp;
}

static void
test_walletdir(void)
{
	char home[300], path[400], other[400];
	dbc_walletdir_t wd;
	dbc_wallet_entry_t *list = NULL;
	dbc_keystore_info_t info;
	dbc_keypair_t *a = make_key(DBC_SR25519, 1), *b = make_key(DBC_ECDSA, 2), *got;
	char *before = NULL;
	size_t n = 0, blen = 0;
	int rc;

	if (a == NULL || b == NULL) {
		CHECK(0, "keypairs");
		goto out;
	}
	snprintf(home, sizeof(home), "%s/cfg/dbcsign/wallets", root);
	rc = dbc_walletdir_open(&wd, home, 0);
	CHECK(rc == DBC_ERR_NOT_FOUND, "open missing without create rc %d", rc);
	rc = dbc_walletdir_open(&wd, home, 1);
	CHECK(rc == DBC_OK, "open with create rc %d", rc);
	if (rc != DBC_OK)
		goto out;
	CHECK(mode_of(home) == 0700, "wallet dir mode %o", mode_of(home));
	snprintf(path, sizeof(path), "%s/cfg", root);
	CHECK(mode_of(path) == 0700, "created parent mode %o", mode_of(path));
	CHECK(!wd.loose_mode, "fresh dir not loose");

	rc = dbc_walletdir_list(&wd, &list, &n);
	CHECK(rc == DBC_OK && n == 0, "empty list rc %d n %zu", rc, n);
	free(list);

	rc = dbc_walletdir_store_key(&wd, "alice", a, "pw-a", 4, 15, NULL, 0);
	CHECK(rc == DBC_OK, "store alice rc %d", rc);
	snprintf(path, sizeof(path), "%s/alice.json", home);
	CHECK(mode_of(path) == 0600, "key file mode %o", mode_of(path));
	rc = dbc_walletdir_store_key(&wd, "bob", b, "pw-b", 4, 15, NULL, 0);
	CHECK(rc == DBC_OK, "store bob rc %d", rc);

	/* An existing name is kept unless forced. */
	CHECK(dbc_file_read(path, 1 << 16, &before, &blen) == DBC_OK, "read alice");
	rc = dbc_walletdir_store_key(&wd, "alice", b, "pw-x", 4, 15, NULL, 0);
	CHECK(rc == DBC_ERR_EXISTS, "store over alice refused rc %d", rc);
	CHECK(before != NULL && file_equals(path, before), "alice unchanged after refusal");
	rc = dbc_walletdir_store(&wd, "alice", before, blen, 0);
	CHECK(rc == DBC_ERR_EXISTS, "raw store over alice refused rc %d", rc);
	rc = dbc_walletdir_store(&wd, "carol", "{\"not\":\"a keystore\"}", 20, 0);
	CHECK(rc == DBC_ERR_KEYSTORE, "non-keystore text refused rc %d", rc);
	CHECK(!dbc_walletdir_exists(&wd, "carol"), "nothing stored for carol");
	rc = dbc_walletdir_store_key(&wd, "../evil", a, "pw", 2, 15, NULL, 0);
	CHECK(rc == DBC_ERR_NAME, "bad name refused rc %d", rc);

	rc = dbc_walletdir_list(&wd, &list, &n);
	CHECK(rc == DBC_OK && n == 2, "list rc %d n %zu", rc, n);
	if (rc == DBC_OK && n == 2) {
		CHECK(strcmp(list[0].name, "alice") == 0 && strcmp(list[1].name, "bob") == 0,
		      "sorted names");
		CHECK(list[0].rc == DBC_OK && list[0].info.scheme == DBC_SR25519 &&
		      memcmp(list[0].info.account_id, a->pub, 32) == 0, "alice entry");
		CHECK(list[1].rc == DBC_OK && list[1].info.scheme == DBC_ECDSA &&
		      list[1].info.has_pub && memcmp(list[1].info.pub, b->pub, 33) == 0, "bob entry");
		CHECK(strcmp(list[0].info.meta.name, "alice") == 0, "meta.name is the wallet name");
	}
	free(list);

	if ((got = dbc_keypair_new()) != NULL) {
		rc = dbc_walletdir_unlock(&wd, "alice", "pw-a", 4, got, &info);
		CHECK(rc == DBC_OK && memcmp(got->pub, a->pub, 32) == 0, "unlock alice rc %d", rc);
		rc = dbc_walletdir_unlock(&wd, "alice", "pw-b", 4, got, NULL);
		CHECK(rc == DBC_ERR_PASSWORD, "wrong password rc %d", rc);
		rc = dbc_walletdir_unlock(&wd, "nobody", "pw-b", 4, got, NULL);
		CHECK(rc == DBC_ERR_NOT_FOUND, "missing name rc %d", rc);

		/* passwd: new works, old does not; the mode and scrypt N stay. */
		rc = dbc_walletdir_passwd(&wd, "alice", "wrong", 5, "new-pw", 6, 0);
		CHECK(rc == DBC_ERR_PASSWORD && file_equals(path, before),
		      "passwd with wrong old password changes nothing rc %d", rc);
		rc = dbc_walletdir_passwd(&wd, "alice", "pw-a", 4, "", 0, 0);
		CHECK(rc == DBC_ERR_EMPTY, "passwd to empty refused rc %d", rc);
		rc = dbc_walletdir_passwd(&wd, "alice", "pw-a", 4, "new-pw", 6, 0);
		CHECK(rc == DBC_OK, "passwd rc %d", rc);
		rc = dbc_walletdir_unlock(&wd, "alice", "pw-a", 4, got, NULL);
		CHECK(rc == DBC_ERR_PASSWORD, "old password no longer works rc %d", rc);
		rc = dbc_walletdir_unlock(&wd, "alice", "new-pw", 6, got, &info);
		CHECK(rc == DBC_OK && memcmp(got->pub, a->pub, 32) == 0 && info.n == 1u << 15,
		      "new password works rc %d", rc);
		CHECK(mode_of(path) == 0600, "mode after passwd %o", mode_of(path));
		rc = dbc_walletdir_passwd(&wd, "alice", "new-pw", 6, "pw17", 4, 17);
		CHECK(rc == DBC_OK, "passwd to 2^17 rc %d", rc);
		CHECK(dbc_walletdir_info(&wd, "alice", &info) == DBC_OK && info.n == 1u << 17,
		      "scrypt 2^17 written");
		dbc_keypair_free(&got);
	}

	/* Symlinks and directories in the wallet dir are refused, not followed. */
	snprintf(other, sizeof(other), "%s/link.json", home);
	CHECK(symlink(path, other) == 0, "symlink in wallet dir");
	rc = dbc_walletdir_info(&wd, "link", &info);
	CHECK(rc == DBC_ERR_FILE_TYPE, "symlinked entry refused rc %d", rc);
	rc = dbc_walletdir_remove(&wd, "link");
	CHECK(rc == DBC_ERR_FILE_TYPE && mode_of(other) >= 0, "symlink not removed rc %d", rc);
	snprintf(other, sizeof(other), "%s/dir.json", home);
	CHECK(mkdir(other, 0700) == 0, "directory entry");
	rc = dbc_walletdir_info(&wd, "dir", &info);
	CHECK(rc == DBC_ERR_FILE_TYPE, "directory entry refused rc %d", rc);
	rc = dbc_walletdir_list(&wd, &list, &n);
	CHECK(rc == DBC_OK && n == 4, "list shows bad entries too (n %zu)", n);
	if (rc == DBC_OK && n == 4)
		CHECK(list[2].rc == DBC_ERR_FILE_TYPE || list[1].rc == DBC_ERR_FILE_TYPE,
		      "bad entries flagged");
	free(list);

	rc = dbc_walletdir_remove(&wd, "bob");
	CHECK(rc == DBC_OK && !dbc_walletdir_exists(&wd, "bob"), "remove bob rc %d", rc);
	rc = dbc_walletdir_remove(&wd, "bob");
	CHECK(rc == DBC_ERR_NOT_FOUND, "remove twice rc %d", rc);
	rc = dbc_walletdir_remove(&wd, "..");
	CHECK(rc == DBC_ERR_NAME, "remove '..' rc %d", rc);
	CHECK(hidden_files(home) == 0, "no temp files in wallet dir");
	dbc_walletdir_close(&wd);

	/* DBCSIGN_HOME wins over HOME. */
	setenv("DBCSIGN_HOME", "/x/y", 1);
	CHECK(dbc_walletdir_default(path, sizeof(path)) == DBC_OK && strcmp(path, "/x/y") == 0,
	      "DBCSIGN_HOME used");
	unsetenv("DBCSIGN_HOME");
	setenv("HOME", "/home/u", 1);
	CHECK(dbc_walletdir_default(path, sizeof(path)) == DBC_OK &&
	      strcmp(path, "/home/u/.config/dbcsign/wallets") == 0, "HOME default");
out:
	dbc_secmem_free(before);
	dbc_keypair_free(&a);
	dbc_keypair_free(&b);
}

static void
rm_rf(const char *p)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", p);
	if (system(cmd) != 0)
		fprintf(stderr, "cleanup of %s failed\n", p);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	check_init("test_walletdir");
	if (sodium_init() < 0)
		return 1;
	umask(077);
	snprintf(root, sizeof(root), "%s/dbcsign-walletdir-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(root) == NULL) {
		CHECK(0, "mkdtemp: %s", strerror(errno));
		return check_done();
	}
	test_names();
	test_atomic();
	test_walletdir();
	rm_rf(root);
	return check_done();
}
