/* Finding orders: the search over the orders' keys and the customer view. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "app_internal.h"
#include "search_keys.h"
#include "text.h"

void bo_customer_clear(bo_customer *c)
{
	if (!c)
		return;
	free(c->email);
	free(c->name);
	memset(c, 0, sizeof(*c));
}

/* The normalised form of a search text, or BO_EINVAL naming field. */
static int check_text(char **out, const char *text, const char *field,
		      bo_err *err)
{
	*out = NULL;
	if (!text || !*text)
		return bo_err_set(err, BO_EINVAL, "%s must not be empty",
				  field);
	if (strlen(text) > BO_SEARCH_MAX)
		return bo_err_set(err, BO_EINVAL, "%s is longer than %d bytes",
				  field, BO_SEARCH_MAX);
	if (!bo_text_utf8_valid(text))
		return bo_err_set(err, BO_EINVAL, "%s is not valid UTF-8",
				  field);
	if (bo_text_has_control(text, false))
		return bo_err_set(err, BO_EINVAL,
				  "%s must not hold control characters", field);
	if (bo_search_norm(out, text) != BO_OK)
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	if (!**out) {
		free(*out);
		*out = NULL;
		return bo_err_set(err, BO_EINVAL,
				  "%s must not be only white space", field);
	}
	return BO_OK;
}

static int check_page(int64_t after_id, int64_t limit, bo_err *err)
{
	if (after_id < 0)
		return bo_err_set(err, BO_EINVAL,
				  "the order id to continue after must not "
				  "be negative");
	if (limit < 0)
		return bo_err_set(err, BO_EINVAL,
				  "the limit must not be negative");
	return BO_OK;
}

int bo_app_order_find(bo_app *app, const char *text, int64_t after_id,
		      int64_t limit, int descending, bo_order_row_each_fn each,
		      void *ctx, bo_err *err)
{
	bo_order_find q = {0};
	char *norm = NULL;
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_ORDER_READ, err)) < 0 ||
	    (rc = check_text(&norm, text, "search text", err)) < 0 ||
	    (rc = check_page(after_id, limit, err)) < 0) {
		free(norm);
		return rc;
	}
	q.text = norm;
	if (bo_search_all_digits(norm)) {
		/* an order number past int64 is no order's */
		char *end;
		long long id = strtoll(norm, &end, 10);
		if (*end == '\0' && id > 0 && strlen(norm) <= 18)
			q.order_id = (int64_t)id;
	}
	q.after_id = after_id;
	q.limit = limit;
	q.descending = descending;
	rc = bo_rm_order_find(&app->ports->rm, &q, each, ctx, err);
	free(norm);
	return rc;
}

/* The exact e-mail search of the customer view. */
static int customer_walk(bo_app *app, const char *email, int64_t after_id,
			 int64_t limit, int descending,
			 bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	bo_order_find q = {0};
	char *norm = NULL;
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_ORDER_READ, err)) < 0 ||
	    (rc = check_text(&norm, email, "customer e-mail", err)) < 0 ||
	    (rc = check_page(after_id, limit, err)) < 0) {
		free(norm);
		return rc;
	}
	q.text = norm;
	q.kind = BO_KEY_EMAIL;
	q.exact = 1;
	q.after_id = after_id;
	q.limit = limit;
	q.descending = descending;
	rc = bo_rm_order_find(&app->ports->rm, &q, each, ctx, err);
	free(norm);
	return rc;
}

int bo_app_customer_orders(bo_app *app, const char *email, int64_t after_id,
			   int64_t limit, int descending,
			   bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	return customer_walk(app, email, after_id, limit, descending, each, ctx,
			     err);
}

typedef struct sum_ctx {
	bo_customer *c;
	int overflow, nomem;
} sum_ctx;

static int add_checked(int64_t *sum, int64_t v)
{
	if ((v > 0 && *sum > INT64_MAX - v) || (v < 0 && *sum < INT64_MIN - v))
		return -1;
	*sum += v;
	return 0;
}

/* Orders come newest first: the first e-mail and name seen are the newest. */
static int sum_order(void *ctx, const bo_order_row *r)
{
	sum_ctx *s = ctx;
	bo_customer *c = s->c;

	if (c->orders == 0) {
		memcpy(c->currency, r->currency, sizeof(c->currency));
		c->currency[sizeof(c->currency) - 1] = '\0';
		if (!(c->email = bo_strdup(r->customer_email))) {
			s->nomem = 1;
			return BO_ENOMEM;
		}
	} else if (strncmp(c->currency, r->currency, 3) != 0) {
		c->currency[0] = '\0';
	}
	if (!c->name && r->customer_name &&
	    !(c->name = bo_strdup(r->customer_name))) {
		s->nomem = 1;
		return BO_ENOMEM;
	}
	c->orders++;
	if (add_checked(&c->paid, r->paid) ||
	    add_checked(&c->refunded, r->refunded)) {
		s->overflow = 1;
		return BO_ESTORAGE;
	}
	c->notes += r->notes;
	if (r->updated_at > c->last_activity)
		c->last_activity = r->updated_at;
	return BO_OK;
}

int bo_app_customer(bo_app *app, const char *email, bo_customer *out,
		    bo_err *err)
{
	bo_customer c = {0};
	sum_ctx s = {&c, 0, 0};
	int rc;

	rc = customer_walk(app, email, 0, 0, 1, sum_order, &s, err);
	if (s.nomem)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory");
	else if (s.overflow)
		rc = bo_err_set(err, BO_ESTORAGE,
				"the customer's sums are too large to add up");
	else if (rc == BO_OK && c.orders == 0)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"no order has the customer e-mail %s", email);
	if (rc < 0) {
		bo_customer_clear(&c);
		return rc;
	}
	*out = c;
	return BO_OK;
}
