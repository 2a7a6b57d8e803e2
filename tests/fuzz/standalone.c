/* Runs a libFuzzer target over files (a committed corpus) without libFuzzer, so every target is
 * also a plain regression test in `make test`. Prints "<target>: N passed, 0 failed"; a crash
 * or sanitizer report fails the run. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		if (f)
			fclose(f);
		return -1;
	}
	if ((buf = malloc((size_t)n + 1)) == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	/* exact-size heap copy so ASan catches any over-read */
	uint8_t *exact = malloc((size_t)n ? (size_t)n : 1);
	if (exact == NULL)
		return -1;
	memcpy(exact, buf, (size_t)n);
	free(buf);
	(void)LLVMFuzzerTestOneInput(exact, (size_t)n);
	free(exact);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, ran = 0, bad = 0;
	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;

	name = name ? name + 1 : "fuzz";
	for (i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			bad++;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *e;
			if (d == NULL) {
				bad++;
				continue;
			}
			while ((e = readdir(d)) != NULL) {
				char p[4096];
				if (e->d_name[0] == '.')
					continue;
				snprintf(p, sizeof(p), "%s/%s", argv[i], e->d_name);
				if (run_file(p) == 0)
					ran++;
				else
					bad++;
			}
			closedir(d);
		} else if (run_file(argv[i]) == 0) {
			ran++;
		} else {
			bad++;
		}
	}
	printf("%s: %d passed, %d failed\n", name, ran, bad);
	return bad != 0;
}
