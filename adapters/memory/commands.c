/* The store port's recorded commands in memory: an append-only list a rollback cuts back. */
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_internal.h"

int bo_mem_command_get(void *self, const char *command_id,
		       bo_command_record *out, bo_err *err)
{
	bo_memory *m = self;

	for (size_t i = 0; i < m->ncommands; i++) {
		const bo_command_record *r = &m->commands[i];

		if (strcmp(r->command_id, command_id) != 0)
			continue;
		out->recorded_at = r->recorded_at;
		if (bo_mem_dup(&out->command_id, r->command_id) ||
		    bo_mem_dup(&out->fingerprint, r->fingerprint) ||
		    bo_mem_dup(&out->result, r->result)) {
			bo_command_record_clear(out);
			return bo_mem_nomem(err);
		}
		return BO_OK;
	}
	return bo_err_set(err, BO_ENOTFOUND,
			  "no command is recorded under id %s", command_id);
}

int bo_mem_command_put(void *self, const bo_command_record *r, bo_err *err)
{
	bo_memory *m = self;
	bo_command_record *slot;
	int rc;

	if ((rc = bo_mem_need_tx(m, "record a command", err)))
		return rc;
	if (!r->command_id || !r->fingerprint)
		return bo_err_set(err, BO_EINVAL,
				  "a recorded command needs its id and "
				  "fingerprint");
	for (size_t i = 0; i < m->ncommands; i++)
		if (strcmp(m->commands[i].command_id, r->command_id) == 0)
			return bo_err_set(err, BO_ECONFLICT,
					  "a command is already recorded "
					  "under id %s",
					  r->command_id);
	if (m->ncommands == m->capcommands) {
		size_t cap = m->capcommands ? 2 * m->capcommands : 16;
		bo_command_record *grown =
		    realloc(m->commands, cap * sizeof(*grown));

		if (!grown)
			return bo_mem_nomem(err);
		m->commands = grown;
		m->capcommands = cap;
	}
	slot = &m->commands[m->ncommands];
	memset(slot, 0, sizeof(*slot));
	slot->recorded_at = r->recorded_at;
	if (bo_mem_dup(&slot->command_id, r->command_id) ||
	    bo_mem_dup(&slot->fingerprint, r->fingerprint) ||
	    bo_mem_dup(&slot->result, r->result)) {
		bo_command_record_clear(slot);
		return bo_mem_nomem(err);
	}
	m->ncommands++;
	return BO_OK;
}

void bo_mem_commands_cut(bo_memory *m, size_t n)
{
	while (m->ncommands > n)
		bo_command_record_clear(&m->commands[--m->ncommands]);
	if (n == 0) {
		free(m->commands);
		m->commands = NULL;
		m->capcommands = 0;
	}
}
