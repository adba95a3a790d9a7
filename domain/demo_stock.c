/* Demo data: the catalogue, its popularity and its changes over the period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_internal.h"
#include "text.h"

#define CATALOGUE_FIELDS 7

/* ---- reading the catalogue ------------------------------------------------ */

static int bad_line(size_t line, const char *what, bo_err *err)
{
	return bo_err_set(err, BO_EINVAL, "catalogue line %zu %s", line, what);
}

/* Prices are written in hundredths; the tenant's currency may have another
 * exponent (JPY 0, BHD 3). */
static int64_t scale_price(int64_t hundredths, int exponent)
{
	int64_t v = hundredths;

	for (int e = exponent; e > 2; e--)
		v *= 10;
	for (int e = exponent; e < 2; e++)
		v = (v + 5) / 10;
	return v > 0 || hundredths == 0 ? v : 1;
}

static int parse_item(gen *g, item *it, char **f, size_t line, bo_err *err)
{
	static const bo_currency hundredths = {"EUR", 2};
	bo_err sub;
	int64_t cents;

	it->sku = f[0];
	it->name = f[1];
	it->desc = f[2];
	it->tax = f[4];
	it->stock = f[5];
	if (!*f[0] || !*f[1])
		return bad_line(line, "needs a sku and a name", err);
	if (bo_money_parse(&cents, f[3], &hundredths, "price", &sub) < 0)
		return bad_line(line, "has an invalid price", err);
	it->price = scale_price(cents, g->cur.exponent);
	if (strcmp(f[5], "none") == 0) {
		it->stock0 = -1;
	} else if (bo_stock_parse(&it->stock0, f[5], &sub) < 0) {
		return bad_line(line, "has an invalid stock", err);
	}
	it->last_stock = -1; /* not counted yet */
	if (strcmp(f[6], "retired") == 0)
		it->retire = 1;
	else if (strcmp(f[6], "active") != 0)
		return bad_line(line, "status must be active or retired", err);
	it->orderable = 1;
	return BO_OK;
}

/* Splits a private copy of the TSV text into items (strings point into it). */
int bo_demo_stock_load(gen *g, const char *tsv, bo_err *err)
{
	size_t cap = 0, line = 0;
	char *p;

	if (!tsv)
		return bo_err_set(err, BO_EINVAL, "the catalogue is missing");
	if (!(g->text = bo_strdup(tsv)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (p = g->text; *p;) {
		char *eol = strchr(p, '\n'), *f[CATALOGUE_FIELDS];
		size_t nf = 0;
		int rc;

		line++;
		if (eol)
			*eol = '\0';
		if (*p && !(line == 1 && strncmp(p, "sku\t", 4) == 0)) {
			for (char *q = p; nf < CATALOGUE_FIELDS;) {
				char *tab = strchr(q, '\t');

				f[nf++] = q;
				if (!tab)
					break;
				*tab = '\0';
				q = tab + 1;
			}
			if (nf != CATALOGUE_FIELDS ||
			    strchr(f[CATALOGUE_FIELDS - 1], '\t'))
				return bad_line(line,
						"must have 7 tab-separated "
						"fields",
						err);
			if (g->nitems == cap) {
				size_t ncap = cap ? 2 * cap : 256;
				item *grown =
				    realloc(g->items, ncap * sizeof(*grown));

				if (!grown)
					return bo_err_set(err, BO_ENOMEM,
							  "out of memory");
				g->items = grown;
				cap = ncap;
			}
			memset(&g->items[g->nitems], 0, sizeof(item));
			if ((rc = parse_item(g, &g->items[g->nitems], f, line,
					     err)) < 0)
				return rc;
			g->nitems++;
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	if (g->nitems == 0 || g->nitems > UINT16_MAX)
		return bo_err_set(
		    err, BO_EINVAL,
		    "the catalogue must hold 1 to 65535 products");
	g->cum = calloc(g->nitems, sizeof(*g->cum));
	if (!g->cum)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return BO_OK;
}

/* Popularity follows a long tail over a seeded ranking of the products. */
int bo_demo_stock_rank(gen *g, bo_err *err)
{
	size_t *order = malloc(g->nitems * sizeof(*order));
	prng p = bo_demo_stream(g->opt->seed, 3, 0);

	if (!order)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (size_t i = 0; i < g->nitems; i++)
		order[i] = i;
	for (size_t i = g->nitems - 1; i > 0; i--) {
		size_t j = (size_t)bo_demo_below(&p, i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (size_t r = 0; r < g->nitems; r++)
		g->items[order[r]].weight = 240000 / (r + 6);
	free(order);
	return BO_OK;
}

void bo_demo_stock_weigh(gen *g)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < g->nitems; i++) {
		if (g->items[i].orderable)
			sum += g->items[i].weight;
		g->cum[i] = sum;
	}
	g->cum_total = sum;
}

size_t bo_demo_stock_pick(gen *g, prng *p)
{
	uint64_t x = bo_demo_below(p, g->cum_total);
	size_t lo = 0, hi = g->nitems - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int bo_demo_stock_add(gen *g, bo_err *err)
{
	bo_app *lead = &g->actors[ACT_LEAD];
	char price[BO_MONEY_BUFSZ];
	int rc;

	for (size_t i = 0; i < g->nitems; i++) {
		item *it = &g->items[i];
		bo_product have = {0};
		bo_product_edit in = {
		    .sku = it->sku,
		    .name = it->name,
		    .description = it->desc,
		    .price = bo_money_format(price, it->price, &g->cur),
		    .tax_rate = it->tax,
		    .stock = it->stock,
		};

		g->env.now += 30 * SEC;
		command(g, lead);
		if (g->resuming &&
		    bo_app_command_recorded(lead, g->command_id, NULL) == BO_OK)
			rc =
			    BO_ENOTFOUND; /* the killed run added it: answered */
		else
			rc = bo_app_product_get(lead, it->sku, &have, err);
		if (rc == BO_OK) {
			/* already there (--force): sell it as it is */
			it->price = have.price;
			it->orderable = !have.retired;
			it->retire = 0;
			bo_product_clear(&have);
			continue;
		}
		if (rc != BO_ENOTFOUND ||
		    (rc = bo_app_product_add(lead, &in, NULL, err)) < 0)
			return rc;
		g->st.products++;
	}
	return BO_OK;
}

/* ---- catalogue changes over the period --------------------------------------- */

static int cat_cmp(const void *a, const void *b)
{
	const cat_event *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

int bo_demo_stock_plan(gen *g, bo_err *err)
{
	prng p = bo_demo_stream(g->opt->seed, 4, 0);
	int64_t span = g->end - g->start;
	size_t nreprice = (size_t)g->opt->days / 15 + 1, cap;

	cap = g->nitems + nreprice + (size_t)g->opt->days + 2;
	if (!(g->cat = calloc(cap, sizeof(*g->cat))))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	for (size_t i = 0; i < g->nitems; i++)
		if (g->items[i].retire)
			g->cat[g->ncat++] =
			    (cat_event){between(&p, g->start + span / 10,
						g->start + span / 2),
					CAT_RETIRE, i, 0};
	for (size_t i = 0; i < nreprice; i++) {
		size_t it = (size_t)bo_demo_below(&p, g->nitems);

		if (g->items[it].orderable && !g->items[it].retire &&
		    g->items[it].price > 0)
			g->cat[g->ncat++] = (cat_event){
			    between(&p, g->start, g->end - 1), CAT_REPRICE, it,
			    (int)between(&p, 85, 112)};
	}
	/* the warehouse counts tracked stock every morning at 06:00 UTC */
	for (int64_t day = g->start / DAY * DAY + 6 * HOUR; day < g->end;
	     day += DAY)
		if (day >= g->start && g->ncat < cap)
			g->cat[g->ncat++] = (cat_event){day, CAT_RESTOCK, 0, 0};
	qsort(g->cat, g->ncat, sizeof(*g->cat), cat_cmp);
	return BO_OK;
}

/* New price: pct of the old, ending in 9 when it is big enough to. */
static int64_t new_price(int64_t old, int pct, int exponent)
{
	int64_t v = old / 100 * pct + old % 100 * pct / 100;

	if (exponent >= 2 && v >= 100)
		v = v - v % 10 + 9;
	return v > 0 ? v : old;
}

/*
 * The morning count of one tracked product. Sales (the low-stock reactor
 * takes paid units off the stock) set how much the warehouse keeps: about
 * three weeks of them. Below a week's worth it orders a refill, which comes
 * two to six days later; a fast seller can run low meanwhile, and that is
 * when the low-stock alerts fire.
 */
static int count_stock(gen *g, bo_app *wh, item *it, prng *r, bo_err *err)
{
	bo_product p = {0};
	int64_t sold, target;
	int rc;

	command(g, wh);
	if ((rc = bo_demo_product_before(g, wh, it->sku, g->env.now, &p, err)) <
	    0)
		return rc;
	if (p.stock < 0)
		goto done; /* someone stopped tracking it */
	sold = it->last_stock > p.stock ? it->last_stock - p.stock : 0;
	it->daily = (it->daily * 3 + sold * 16) / 4; /* sixteenths */
	target = it->daily * 21 / 16;
	if (target < it->stock0)
		target = it->stock0;
	if (it->refill_at && it->refill_at <= g->env.now) {
		char text[32];
		bo_product_edit in = {.stock = text};

		snprintf(text, sizeof(text), "%lld",
			 (long long)(p.stock + it->refill));
		if ((rc = bo_app_product_edit(wh, it->sku, &in, 0, NULL, err)) <
		    0)
			goto done;
		p.stock += it->refill;
		it->refill_at = 0;
		g->st.restocked++;
	} else if (!it->refill_at &&
		   p.stock < target / 3 + it->daily * 7 / 16) {
		it->refill = target - p.stock;
		/* now and then the supplier is late */
		it->refill_at =
		    g->env.now +
		    (chance(r, 1500) ? between(r, 8, 16) : between(r, 2, 6)) *
			DAY;
	}
	it->last_stock = p.stock;
done:
	bo_product_clear(&p);
	return rc;
}

static int restock(gen *g, bo_err *err)
{
	bo_app *wh = fresh(g, &g->actors[ACT_WAREHOUSE]);
	prng r = bo_demo_stream(g->opt->seed, 8, (uint64_t)(g->env.now / DAY));
	int rc = BO_OK;

	for (size_t i = 0; i < g->nitems && rc == BO_OK; i++)
		if (g->items[i].stock0 > 0 && g->items[i].orderable)
			rc = count_stock(g, wh, &g->items[i], &r, err);
	return rc;
}

int bo_demo_product_before(gen *g, bo_app *a, const char *sku, int64_t before,
			   bo_product *out, bo_err *err)
{
	bo_event_list l = {0};
	char stream[48];
	int rc = bo_app_product_get(a, sku, out, err);

	/* only a resumed run can find changes from after its clock */
	if (rc < 0 || !g->resuming || out->updated_at < before)
		return rc;
	snprintf(stream, sizeof(stream), "product-%lld", (long long)out->id);
	bo_product_clear(out);
	if ((rc = bo_event_store_read_stream(&g->app->ports->events, stream, 0,
					     &l, err)) < 0)
		goto done;
	rc = bo_err_set(err, BO_ENOTFOUND, "product %s did not exist yet", sku);
	for (size_t i = l.n; i-- > 0;) {
		if (l.items[i].recorded_at >= before)
			continue;
		if (l.items[i].kind != BO_EV_PRODUCT_DELETED)
			rc = bo_product_copy(out, &l.items[i].product) < 0
				 ? bo_err_set(err, BO_ENOMEM, "out of memory")
				 : BO_OK;
		break;
	}
done:
	bo_event_list_clear(&l);
	return rc;
}

int bo_demo_stock_run(gen *g, const cat_event *c, bo_err *err)
{
	item *it = &g->items[c->item];
	bo_app *lead = fresh(g, &g->actors[ACT_LEAD]);
	char price[BO_MONEY_BUFSZ];
	int rc = BO_OK;

	g->env.now = c->at;
	switch (c->kind) {
	case CAT_RETIRE:
		if ((rc = bo_app_product_retire(lead, it->sku, NULL, err)) < 0)
			break;
		it->orderable = 0;
		bo_demo_stock_weigh(g);
		g->st.retired++;
		break;
	case CAT_REPRICE: {
		int64_t v = new_price(it->price, c->pct, g->cur.exponent);
		bo_product_edit in = {.price =
					  bo_money_format(price, v, &g->cur)};

		if (!it->orderable || v == it->price)
			break;
		if ((rc = bo_app_product_edit(lead, it->sku, &in, 0, NULL,
					      err)) < 0)
			break;
		it->price = v;
		g->st.repriced++;
		break;
	}
	case CAT_RESTOCK:
		rc = restock(g, err);
		break;
	}
	return rc;
}
