/* The in-memory backend: state, transactions, settings, sequences, fixed clock and ids. */
#include "adapters/memory/memory_store.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/json/codec.h"
#include "adapters/memory/memory_internal.h"

int bo_mem_need_tx(const bo_memory *m, const char *what, bo_err *err)
{
	if (m->in_tx)
		return BO_OK;
	return bo_err_set(err, BO_ESTORAGE, "cannot %s outside a transaction",
			  what);
}

int bo_mem_nomem(bo_err *err)
{
	return bo_err_set(err, BO_ENOMEM, "out of memory in the memory store");
}

int bo_mem_dup(char **out, const char *s)
{
	*out = NULL;
	if (!s)
		return BO_OK;
	*out = strdup(s);
	return *out ? BO_OK : BO_ENOMEM;
}

int bo_mem_grow(void *arr, size_t n, size_t sz)
{
	void **p = arr;
	char *grown = realloc(*p, (n + 1) * sz);

	if (!grown)
		return BO_ENOMEM;
	memset(grown + n * sz, 0, sz);
	*p = grown;
	return BO_OK;
}

int bo_mem_contains_ci(const char *hay, const char *needle)
{
	size_t i, j, nlen;

	if (!needle || !*needle)
		return 1;
	if (!hay)
		return 0;
	nlen = strlen(needle);
	for (i = 0; hay[i]; i++) {
		for (j = 0; j < nlen; j++) {
			unsigned char a = (unsigned char)hay[i + j];
			unsigned char b = (unsigned char)needle[j];
			/* only ASCII folds: what SQL's lower() does too */
			if (!a || tolower(a) != tolower(b))
				break;
		}
		if (j == nlen)
			return 1;
	}
	return 0;
}

int bo_mem_product_copy(bo_product *dst, const bo_product *src)
{
	*dst = *src;
	dst->sku = dst->name = dst->description = NULL;
	dst->category = dst->tags = NULL;
	if (bo_mem_dup(&dst->sku, src->sku) ||
	    bo_mem_dup(&dst->name, src->name) ||
	    bo_mem_dup(&dst->description, src->description) ||
	    bo_mem_dup(&dst->category, src->category) ||
	    bo_mem_dup(&dst->tags, src->tags)) {
		bo_product_clear(dst);
		return BO_ENOMEM;
	}
	return BO_OK;
}

int bo_mem_order_row_copy(bo_order_row *dst, const bo_order_row *src)
{
	return bo_order_row_copy(dst, src);
}

int bo_mem_timeline_row_copy(bo_timeline_row *dst, const bo_timeline_row *src)
{
	*dst = *src;
	dst->event_id = dst->user = dst->role = NULL;
	dst->type_name = dst->summary = NULL;
	if (bo_mem_dup(&dst->event_id, src->event_id) ||
	    bo_mem_dup(&dst->user, src->user) ||
	    bo_mem_dup(&dst->role, src->role) ||
	    bo_mem_dup(&dst->type_name, src->type_name) ||
	    bo_mem_dup(&dst->summary, src->summary)) {
		bo_timeline_row_clear(dst);
		return BO_ENOMEM;
	}
	return BO_OK;
}

int bo_mem_user_copy(bo_user *dst, const bo_user *src)
{
	*dst = *src;
	if (bo_mem_dup(&dst->name, src->name)) {
		memset(dst, 0, sizeof(*dst));
		return BO_ENOMEM;
	}
	return BO_OK;
}

int bo_mem_tenant_copy(bo_tenant *dst, const bo_tenant *src)
{
	bo_err spare = {0};

	return bo_tenant_copy(dst, src, &spare);
}

int bo_mem_walk_sorted(const void *rows, size_t n, size_t sz,
		       int (*copy)(void *dst, const void *src),
		       void (*clear)(void *row),
		       int (*cmp)(const void *, const void *),
		       int (*visit)(void *ctx, const void *row), void *ctx,
		       bo_err *err)
{
	char *mine = NULL;
	size_t made = 0, i;
	int rc = BO_OK;

	if (n && !(mine = calloc(n, sz)))
		return bo_mem_nomem(err);
	for (; made < n; made++) {
		if (copy(mine + made * sz, (const char *)rows + made * sz)) {
			rc = bo_mem_nomem(err);
			goto done;
		}
	}
	if (n > 1)
		qsort(mine, n, sz, cmp);
	for (i = 0; i < n; i++)
		if ((rc = visit(ctx, mine + i * sz)) < 0)
			break;
done:
	for (i = 0; i < made; i++)
		clear(mine + i * sz);
	free(mine);
	return rc;
}

static void free_kvs(bo_mem_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

static void free_nums(bo_mem_num *nums, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(nums[i].name);
	free(nums);
}

static void free_products(bo_product *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bo_product_clear(&p[i]);
	free(p);
}

static void state_free(bo_mem_state *s)
{
	size_t i;

	free_kvs(s->settings, s->nsettings);
	free_nums(s->sequences, s->nsequences);
	free_products(s->products, s->nproducts);
	for (i = 0; i < s->norders; i++)
		bo_order_row_clear(&s->orders[i]);
	free(s->orders);
	bo_mem_keys_free(s->keys, s->nkeys);
	for (i = 0; i < s->ntimeline; i++)
		bo_timeline_row_clear(&s->timeline[i]);
	free(s->timeline);
	free_products(s->catalog, s->ncatalog);
	bo_mem_skus_free(s->skus, s->nskus);
	free_nums(s->checkpoints, s->ncheckpoints);
	for (i = 0; i < s->nprojectors; i++)
		free(s->projectors[i].name);
	free(s->projectors);
	for (i = 0; i < s->nusers; i++)
		bo_user_clear(&s->users[i]);
	free(s->users);
	for (i = 0; i < s->ntenants; i++)
		bo_tenant_clear(&s->tenants[i]);
	free(s->tenants);
	for (i = 0; i < s->nbulks; i++)
		bo_bulk_record_clear(&s->bulks[i]);
	free(s->bulks);
	bo_mem_reports_free(s->reports);
	bo_mem_reactors_free(s->reactors);
	if (s->rm_shadow) {
		state_free(s->rm_shadow);
		free(s->rm_shadow);
	}
	bo_mem_reports_free(s->rs_shadow);
	memset(s, 0, sizeof(*s));
}

void bo_mem_state_free(bo_mem_state *s)
{
	state_free(s);
}

bo_mem_state *bo_mem_rm_state(bo_memory *m)
{
	return m->cur.rm_shadow ? m->cur.rm_shadow : &m->cur;
}

/* calloc that tolerates n == 0 by handing back NULL as a valid empty array. */
static int alloc_array(void *out, size_t n, size_t sz)
{
	void **p = out;

	*p = NULL;
	if (n == 0)
		return BO_OK;
	*p = calloc(n, sz);
	return *p ? BO_OK : BO_ENOMEM;
}

static int kv_copy(bo_mem_kv *dst, const bo_mem_kv *src)
{
	dst->key = dst->value = NULL;
	if (bo_mem_dup(&dst->key, src->key) ||
	    bo_mem_dup(&dst->value, src->value)) {
		free(dst->key);
		dst->key = NULL;
		return BO_ENOMEM;
	}
	return BO_OK;
}

static int num_copy(bo_mem_num *dst, const bo_mem_num *src)
{
	dst->value = src->value;
	return bo_mem_dup(&dst->name, src->name);
}

static int projector_copy(bo_mem_projector *dst, const bo_mem_projector *src)
{
	*dst = *src;
	dst->name = NULL;
	return bo_mem_dup(&dst->name, src->name);
}

/*
 * Copies src's array field into dst with copy (0 or BO_ENOMEM, leaving no
 * half-made element behind). The count follows each element, so
 * state_free can release a half-made copy.
 */
#define COPY_EACH(field, count, copy)                                          \
	do {                                                                   \
		if (alloc_array(&dst->field, src->count, sizeof(*dst->field))) \
			goto fail;                                             \
		for (dst->count = 0; dst->count < src->count; dst->count++)    \
			if (copy(&dst->field[dst->count],                      \
				 &src->field[dst->count]))                     \
				goto fail;                                     \
	} while (0)

/* Deep copy of src into dst (zeroed on entry). */
static int state_copy(bo_mem_state *dst, const bo_mem_state *src)
{
	dst->last_product_id = src->last_product_id;
	COPY_EACH(settings, nsettings, kv_copy);
	COPY_EACH(sequences, nsequences, num_copy);
	COPY_EACH(products, nproducts, bo_mem_product_copy);
	COPY_EACH(orders, norders, bo_mem_order_row_copy);
	COPY_EACH(keys, nkeys, bo_mem_key_copy);
	COPY_EACH(timeline, ntimeline, bo_mem_timeline_row_copy);
	COPY_EACH(catalog, ncatalog, bo_mem_product_copy);
	COPY_EACH(skus, nskus, bo_mem_sku_copy);
	COPY_EACH(checkpoints, ncheckpoints, num_copy);
	COPY_EACH(projectors, nprojectors, projector_copy);
	COPY_EACH(users, nusers, bo_mem_user_copy);
	COPY_EACH(tenants, ntenants, bo_mem_tenant_copy);
	COPY_EACH(bulks, nbulks, bo_bulk_record_copy);
	if (bo_mem_reports_copy(&dst->reports, src->reports))
		goto fail;
	if (bo_mem_reactors_copy(&dst->reactors, src->reactors))
		goto fail;
	dst->rs_shadow_on = src->rs_shadow_on;
	if (bo_mem_reports_copy(&dst->rs_shadow, src->rs_shadow))
		goto fail;
	if (src->rm_shadow &&
	    (!(dst->rm_shadow = calloc(1, sizeof(*dst->rm_shadow))) ||
	     state_copy(dst->rm_shadow, src->rm_shadow)))
		goto fail;
	return BO_OK;
fail:
	state_free(dst);
	return BO_ENOMEM;
}

#undef COPY_EACH

void bo_mem_snapshot_free(bo_mem_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->norders; i++)
		bo_order_row_clear(&s->orders[i]);
	free(s->orders);
	bo_mem_keys_free(s->keys, s->nkeys);
	for (i = 0; i < s->ntimeline; i++)
		bo_timeline_row_clear(&s->timeline[i]);
	free(s->timeline);
	free_products(s->catalog, s->ncatalog);
	bo_mem_skus_free(s->skus, s->nskus);
	memset(s, 0, sizeof(*s));
}

/* Transactions nest: every begin pushes a whole copy of the state, every
 * rollback pops one back, every commit drops one. */
static int mem_begin(void *self, bo_err *err)
{
	bo_memory *m = self;
	size_t depth = (size_t)m->in_tx;
	bo_mem_saved *top;

	if (depth == m->capsaved) {
		size_t cap = m->capsaved ? 2 * m->capsaved : 4;
		bo_mem_saved *grown = realloc(m->saved, cap * sizeof(*grown));

		if (!grown)
			return bo_mem_nomem(err);
		m->saved = grown;
		m->capsaved = cap;
	}
	top = &m->saved[depth];
	memset(top, 0, sizeof(*top));
	if (state_copy(&top->state, &m->cur))
		return bo_mem_nomem(err);
	top->nevents = m->nevents;
	top->last_position = m->last_position;
	top->ncommands = m->ncommands;
	m->in_tx++;
	return BO_OK;
}

/* The outermost transaction ending takes the verify snapshot with it. */
static void end_outermost(bo_memory *m)
{
	if (m->in_tx == 0)
		bo_mem_snapshot_free(&m->snap);
}

static int mem_commit(void *self, bo_err *err)
{
	bo_memory *m = self;

	if (!m->in_tx)
		return bo_err_set(err, BO_ESTORAGE,
				  "there is no transaction to commit");
	state_free(&m->saved[--m->in_tx].state);
	end_outermost(m);
	if (!m->in_tx)
		m->commits++;
	return BO_OK;
}

static void mem_rollback(void *self)
{
	bo_memory *m = self;
	bo_mem_saved *top;

	if (!m->in_tx)
		return;
	top = &m->saved[--m->in_tx];
	state_free(&m->cur);
	m->cur = top->state;
	memset(&top->state, 0, sizeof(top->state));
	while (m->nevents > top->nevents)
		bo_stored_event_clear(&m->events[--m->nevents]);
	m->last_position = top->last_position;
	bo_mem_commands_cut(m, top->ncommands);
	end_outermost(m);
}

static int mem_setting_get(void *self, const char *key, char **out, bo_err *err)
{
	bo_memory *m = self;

	*out = NULL;
	for (size_t i = 0; i < m->cur.nsettings; i++) {
		if (strcmp(m->cur.settings[i].key, key) == 0) {
			if (bo_mem_dup(out, m->cur.settings[i].value))
				return bo_mem_nomem(err);
			return BO_OK;
		}
	}
	return bo_err_set(err, BO_ENOTFOUND, "setting %s is not set", key);
}

static int mem_setting_set(void *self, const char *key, const char *value,
			   bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	char *copy;
	int rc;

	if ((rc = bo_mem_need_tx(m, "change a setting", err)))
		return rc;
	if (!key || !value)
		return bo_err_set(err, BO_EINVAL,
				  "setting key and value are required");
	if (bo_mem_dup(&copy, value))
		return bo_mem_nomem(err);
	for (size_t i = 0; i < s->nsettings; i++) {
		if (strcmp(s->settings[i].key, key) == 0) {
			free(s->settings[i].value);
			s->settings[i].value = copy;
			return BO_OK;
		}
	}
	if (bo_mem_grow(&s->settings, s->nsettings, sizeof(bo_mem_kv)) ||
	    bo_mem_dup(&s->settings[s->nsettings].key, key)) {
		free(copy);
		return bo_mem_nomem(err);
	}
	s->settings[s->nsettings++].value = copy;
	return BO_OK;
}

/* The sequence called name, created at 0 when missing; NULL on ENOMEM. */
static bo_mem_num *sequence(bo_mem_state *s, const char *name)
{
	for (size_t i = 0; i < s->nsequences; i++)
		if (strcmp(s->sequences[i].name, name) == 0)
			return &s->sequences[i];
	if (bo_mem_grow(&s->sequences, s->nsequences, sizeof(bo_mem_num)) ||
	    bo_mem_dup(&s->sequences[s->nsequences].name, name))
		return NULL;
	return &s->sequences[s->nsequences++];
}

static int mem_sequence_next(void *self, const char *name, int64_t *out,
			     bo_err *err)
{
	bo_memory *m = self;
	bo_mem_num *seq;
	int rc;

	if ((rc = bo_mem_need_tx(m, "draw from a sequence", err)))
		return rc;
	if (!(seq = sequence(&m->cur, name)))
		return bo_mem_nomem(err);
	*out = ++seq->value;
	return BO_OK;
}

static int mem_sequence_raise(void *self, const char *name, int64_t floor,
			      bo_err *err)
{
	bo_memory *m = self;
	bo_mem_num *seq;
	int rc;

	if ((rc = bo_mem_need_tx(m, "raise a sequence", err)))
		return rc;
	if (!(seq = sequence(&m->cur, name)))
		return bo_mem_nomem(err);
	if (seq->value < floor)
		seq->value = floor;
	return BO_OK;
}

static void mem_close(void *self)
{
	bo_memory *m = self;

	if (!m)
		return;
	while (m->in_tx)
		mem_rollback(m);
	free(m->saved);
	state_free(&m->cur);
	for (size_t i = 0; i < m->nevents; i++)
		bo_stored_event_clear(&m->events[i]);
	free(m->events);
	bo_mem_commands_cut(m, 0);
	free(m);
}

/* One connection only: every outermost commit counts as a change. */
static int mem_data_version(void *self, int64_t *out, bo_err *err)
{
	bo_memory *m = self;

	(void)err;
	*out = m->commits;
	return BO_OK;
}

static const bo_store_ops store_ops = {
    .version = BO_STORE_OPS_VERSION,
    .begin = mem_begin,
    .commit = mem_commit,
    .rollback = mem_rollback,
    .setting_get = mem_setting_get,
    .setting_set = mem_setting_set,
    .sequence_next = mem_sequence_next,
    .sequence_raise = mem_sequence_raise,
    .close = mem_close,
    .data_version = mem_data_version,
    .command_get = bo_mem_command_get,
    .command_put = bo_mem_command_put,
};

int bo_memory_open(bo_ports *out, bo_err *err)
{
	bo_memory *m = calloc(1, sizeof(*m));

	memset(out, 0, sizeof(*out));
	if (!m)
		return bo_mem_nomem(err);
	out->store = (bo_store){&store_ops, m, NULL};
	out->events =
	    (bo_event_store){&bo_mem_event_store_ops, m, bo_json_event_codec()};
	out->products = (bo_product_repo){&bo_mem_product_repo_ops, m};
	out->rm = (bo_read_models){&bo_mem_read_models_ops, m};
	out->users = (bo_user_dir){&bo_mem_user_dir_ops, m};
	out->tenants = (bo_tenant_dir){&bo_mem_tenant_dir_ops, m};
	out->reports = (bo_report_store){&bo_mem_report_store_ops, m};
	out->reactors = (bo_reactor_store){&bo_mem_reactor_store_ops, m};
	out->backend = "memory";
	return BO_OK;
}

static int64_t fixed_now(void *self)
{
	bo_fixed_clock *c = self;
	int64_t now = c->next_ms;

	c->next_ms += c->step_ms;
	return now;
}

bo_clock bo_fixed_clock_port(bo_fixed_clock *c)
{
	return (bo_clock){fixed_now, c};
}

static void counter_uuid(void *self, char out[BO_UUID_LEN + 1])
{
	bo_counter_ids *c = self;
	/* a zeroed counter starts at 1: ids end in their number, in decimal */
	uint64_t n = c->next ? c->next : 1;

	c->next = n + 1;
	snprintf(out, BO_UUID_LEN + 1, "00000000-0000-4000-8000-%012" PRIu64,
		 n % UINT64_C(1000000000000));
}

bo_ids bo_counter_ids_port(bo_counter_ids *c)
{
	return (bo_ids){counter_uuid, c};
}
