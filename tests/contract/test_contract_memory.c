/* The port contract suite against the in-memory backend. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "adapters/memory/memory_store.h"
#include "tests/support/contract.h"

static int open_memory(bo_ports *out, void *ctx)
{
	(void)ctx;
	return bo_memory_open(out, NULL);
}

int main(void)
{
	bo_contract_backend b = {
	    "memory contract", open_memory, NULL, NULL, NULL, false};

	return bo_contract_run(&b);
}
