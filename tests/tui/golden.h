/* Golden screens for the TUI tests: compare rendered text with tests/tui/golden/NAME.txt. */
#ifndef BO_TEST_GOLDEN_H
#define BO_TEST_GOLDEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Checks got against the golden file NAME.txt. BO_UPDATE_GOLDEN=1 writes the
 * file instead (review the diff before keeping it). The directory is
 * tests/tui/golden under the working directory, or $BO_GOLDEN_DIR.
 */
static inline void golden_check_at(const char *name, const char *got,
				   const char *file, int line)
{
	const char *dir = getenv("BO_GOLDEN_DIR");
	const char *update = getenv("BO_UPDATE_GOLDEN");
	char path[512];
	char *want = NULL;
	long size;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.txt",
		 dir && *dir ? dir : "tests/tui/golden", name);
	if (update && strcmp(update, "1") == 0) {
		f = fopen(path, "w");
		if (!f || fputs(got, f) < 0 || fclose(f) != 0)
			_fail(file, line);
		return;
	}
	f = fopen(path, "r");
	if (!f) {
		print_error("golden file %s is missing; write it with "
			    "BO_UPDATE_GOLDEN=1\n--- got ---\n%s",
			    path, got);
		_fail(file, line);
		return;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	want = calloc(1, (size_t)size + 1);
	if (!want || fread(want, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(want);
		_fail(file, line);
		return;
	}
	fclose(f);
	if (strcmp(want, got) != 0) {
		print_error("screen differs from %s\n--- want ---\n%s--- got "
			    "---\n%s",
			    path, want, got);
		free(want);
		_fail(file, line);
		return;
	}
	free(want);
}
#define GOLDEN(name, text) golden_check_at((name), (text), __FILE__, __LINE__)

#endif
