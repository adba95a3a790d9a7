/* Fuzz target: the --db value parser; what it hands back is exactly the input, minus a scheme. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/sys/store_path.h"
#include "tests/fuzz/fuzz_support.h"

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* RFC 3986: a scheme is a letter and then letters, digits, "+", "-", ".";
 * only "scheme://" makes a URL ("dir/a://b" is a path). */
static int is_url(const char *s)
{
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	static const char rest[] = "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.";
	size_t n;

	if (!*s || !strchr(alpha, *s))
		return 0;
	n = 1 + strspn(s + 1, rest);
	return starts(s + n, "://");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *db = fz_cstring(data, size);
	bo_store_path p, again;
	bo_err err;
	int rc, rc2;

	rc = bo_store_path_parse(&p, db, &err);
	if (rc < 0) {
		if (rc != BO_EUSAGE && rc != BO_ENOMEM)
			fz_fail("a refused --db value is not a usage error",
				err.msg);
		if (rc == BO_EUSAGE && !strstr(err.msg, "--db"))
			fz_fail("a refused --db value does not name --db",
				err.msg);
		if (p.path || p.url)
			fz_fail("a refused --db value leaves output behind",
				db);
		goto done;
	}
	if (p.kind == BO_BACKEND_POSTGRES) {
		if (!starts(db, "postgresql://") && !starts(db, "postgres://"))
			fz_fail("postgres chosen without its scheme", db);
		if (p.path || !p.url || strcmp(p.url, db) != 0)
			fz_fail("a postgres URL is not kept as given", db);
	} else {
		const char *want = starts(db, "sqlite:") ? db + 7 : db;

		if (p.url || !p.path || !*p.path)
			fz_fail("a sqlite store without a path", db);
		/* the file named is exactly what was typed: no URI reading */
		if (strcmp(p.path, want) != 0)
			fz_fail("the sqlite path is not the text after the "
				"scheme",
				db);
		if (is_url(db) && !starts(db, "sqlite:"))
			fz_fail("another scheme taken for a file path", db);
	}
	/* pure: the same text, the same answer */
	rc2 = bo_store_path_parse(&again, db, &err);
	if (rc2 != rc || again.kind != p.kind ||
	    !fz_str_eq(again.path, p.path) || !fz_str_eq(again.url, p.url))
		fz_fail("parsing twice gives two answers", db);
	bo_store_path_free(&again);
	bo_store_path_free(&p);
done:
	free(db);
	return 0;
}
