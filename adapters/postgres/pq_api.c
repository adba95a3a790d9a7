/* Loading libpq at run time: dlopen once, every function the adapter calls looked up by name. */
#define BO_PQ_API_LOADER
#include "adapters/postgres/pq_api.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define BO_PQ_SONAME "libpq.so.5"

struct bo_pq_api bo_pq_api;

static bool loaded;

/* dlerror's text for a one-line message: without the library's name in
 * front when it repeats the one we show, control characters as '?', cut
 * short (a path can be long). */
static void short_reason(char *dst, size_t cap, const char *why,
			 const char *name)
{
	size_t n = 0, len = strlen(name);
	if (!why)
		why = "unknown error";
	if (len && !strncmp(why, name, len) && !strncmp(why + len, ": ", 2))
		why += len + 2;
	for (; *why && n + 1 < cap; why++) {
		unsigned char ch = (unsigned char)*why;
		dst[n++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	if (*why && n > 3)
		memcpy(dst + n - 3, "...", 3);
	dst[n] = '\0';
}

int bo_pq_load(bo_err *err)
{
	if (loaded)
		return 0;
	const char *name = getenv("BACKOFFICE_LIBPQ");
	if (!name || !*name)
		name = BO_PQ_SONAME;
	char shown[96], why[160];
	short_reason(shown, sizeof shown, name, "");
	void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		short_reason(why, sizeof why, dlerror(), name);
		return bo_err_set(err, BO_ESTORAGE,
				  "PostgreSQL stores need libpq (%s), which "
				  "could not be loaded: %s; install the Debian "
				  "package libpq5",
				  shown, why);
	}
	/* Filled aside and copied in whole: a failure halfway leaves
	 * bo_pq_api as it was. The handle is never closed, on success or
	 * not (dlopen counts its references; closing could unmap code a
	 * PGresult still points into). */
	struct bo_pq_api api;
	void *sym;
	_Static_assert(sizeof sym == sizeof api.PQexec,
		       "function and object pointers differ in size");
#define BO_PQ_LOOKUP(fn)                                                       \
	sym = dlsym(lib, #fn);                                                 \
	if (!sym)                                                              \
		return bo_err_set(err, BO_ESTORAGE,                            \
				  "the libpq loaded (%s) has no " #fn          \
				  "(): backoffice needs libpq 14 or newer; "   \
				  "install the Debian package libpq5",         \
				  shown);                                      \
	memcpy(&api.fn, &sym, sizeof sym);
	BO_PQ_FUNCTIONS(BO_PQ_LOOKUP)
#undef BO_PQ_LOOKUP
	bo_pq_api = api;
	loaded = true;
	return 0;
}
