/* Application services: every use case, with the acting user's role checked first. */
#ifndef BO_APP_H
#define BO_APP_H

/*
 * The stable API. `make install` installs libbackoffice.a with this header
 * and the store opener's (adapters/sqlite/sqlite_store.h,
 * adapters/sys/backends.h, adapters/sys/sys_env.h) for the shop's own
 * applications, which must write orders under the same rules and into the
 * same store as the staff do (doc/examples/place_order.c). Kept compatible
 * from release to release, in name, arguments and meaning:
 *   opening and closing: bo_sqlite_open, bo_sqlite_create, bo_backend_find
 *     and a backend's open/create, bo_sys_clock, bo_sys_ids,
 *     bo_app_init_store, bo_app_open, bo_app_projections_check,
 *     bo_app_close, bo_ports_close;
 *   products: bo_app_product_add, bo_app_product_get, bo_app_product_list,
 *     bo_product_clear;
 *   orders: bo_app_order_place, bo_app_order_pay, bo_app_order_get,
 *     bo_app_order_list, bo_app_order_find, bo_app_order_cancel and the
 *     refund, ship and deliver services, with their structs and
 *     bo_order_*_clear;
 *   errors: bo_err, the BO_E* statuses and bo_status_exit.
 * Everything else these headers declare (ports, adapters' internals, the
 * projection engine, reports, tenants) serves this program and may change
 * without notice.
 */

#include <stdint.h>

#include <stdbool.h>

#include "event.h"
#include "money.h"
#include "order.h"
#include "ports/ports.h"
#include "product.h"
#include "product_history.h"
#include "projections/projections.h"
#include "user.h"

/* Settings keys every store carries once initialised. */
#define BO_SETTING_TENANT "tenant"
#define BO_SETTING_CURRENCY "currency"
#define BO_SETTING_SCHEMA "schema"
/* the tenant's business time zone (IANA name); a store without it is UTC */
#define BO_SETTING_TIME_ZONE "time_zone"

/*
 * The services' context: ports (borrowed), the tenant's settings and the
 * acting user. Both faces (CLI, TUI) build one with bo_app_open and call the
 * functions below; nothing else touches the ports.
 */
typedef struct bo_app {
	bo_ports *ports;
	bo_clock clock;
	bo_ids ids;
	char *tenant;
	bo_currency currency;
	char *time_zone; /* IANA name, "UTC" when the store names none */
	char *user;
	bo_role role;
	/* The database login acting for user when that is somebody else
	 * (the store's owner on PostgreSQL), recorded in each event's
	 * metadata; NULL when the user acts as themselves. */
	char *acted_by;
	char correlation_id[BO_UUID_LEN +
			    1]; /* one per bo_app_open: one invocation */
	/* Why the reactors failed inside the last command that succeeded (code
	 * 0 when they did not): their part was undone, the command stands, the
	 * reactor retries after the next command. */
	bo_err reactor_err;
	/* Why the write side's catch-up of the projectors that are not inline
	 * (reports) failed after the last command (code 0 when it did not):
	 * the command stands, the projector stays behind until the next write
	 * or `projections run` brings it up. */
	bo_err follow_err;
	/* Set by a caller that wraps many commands in one transaction and
	 * catches the projectors up once at its end (the demo seed): the
	 * commands then leave the not-inline projectors alone. */
	bool follow_later;
	/* Set by a caller that appends many events in one transaction (an
	 * import): the inline projectors apply each event but their
	 * checkpoints move once, by the caller, before its commit. */
	bool inline_checkpoints_later;
	/* Set by a caller that runs many commands in one transaction (the
	 * catalogue import): their commits leave the reactors alone, which
	 * run once, at the caller's own commit (bo_app_commit_command). */
	bool reactors_later;
	/* Set by the face before a write call, NULL for none (borrowed): the
	 * command id it was sent with. A write recorded under that id with the
	 * same arguments is answered as it was the first time and appends
	 * nothing; with other arguments it is BO_ECONFLICT naming the id. The
	 * id goes into the metadata of the events the call appends, and is
	 * recorded in the same transaction (only when the call succeeds). */
	const char *command_id;
	/* Set by the bulk service while it applies a bulk action (borrowed,
	 * NULL otherwise): its id goes into the metadata of every event. */
	const char *bulk_id;
} bo_app;

/* Longest command id. */
#define BO_COMMAND_ID_MAX 128

/* The rule of a command id: 1 to BO_COMMAND_ID_MAX printable ASCII
 * characters without spaces. BO_EINVAL naming --command-id otherwise. */
int bo_app_command_id_validate(const char *id, bo_err *err);
/* BO_OK when a command is recorded under id, BO_ENOTFOUND when none is;
 * BO_EINVAL for an id that breaks the rule. */
int bo_app_command_recorded(bo_app *app, const char *id, bo_err *err);
/*
 * Records app->command_id for a command that appends nothing of its own,
 * `what` naming it and its arguments (the acting user is added), in a
 * transaction of its own (nested in the caller's when one is open): *seen
 * 0 when recorded now, 1 when the same was recorded before. BO_ECONFLICT
 * naming the id when another command was; BO_EINVAL for a missing or bad id.
 */
int bo_app_command_mark(bo_app *app, const char *what, int *seen, bo_err *err);

typedef struct bo_init_options {
	const char *tenant;    /* "default" when NULL */
	const char *currency;  /* "EUR" when NULL */
	const char *admin;     /* first admin user, required */
	const char *time_zone; /* "UTC" when NULL; its existence checked by
				* the caller (the system tz database) */
} bo_init_options;

/*
 * Writes the settings and the first admin into a freshly created store.
 * BO_ECONFLICT when the store is already initialised, BO_EINVAL for a bad
 * tenant name, currency or user name.
 */
int bo_app_init_store(bo_ports *ports, const bo_clock *clock,
		      const bo_init_options *opt, bo_err *err);

/*
 * Loads the tenant's settings and resolves user's role. BO_ESTORAGE when the
 * store has no settings (not initialised), BO_EPERM when the user is not
 * registered or is disabled (the message says which). Where the ports name
 * a database login (ports->login), user NULL or "" is that login, and
 * another name is BO_EPERM unless the login may act for all (the store's
 * owner), whose acts are then recorded as done by it for user. On success
 * app is the caller's, released with bo_app_close (which does not close the
 * ports).
 */
int bo_app_open(bo_app *app, bo_ports *ports, const bo_clock *clock,
		const bo_ids *ids, const char *user, bo_err *err);
void bo_app_close(bo_app *app);

/* Users (admin). */
int bo_app_user_add(bo_app *app, const char *name, const char *role,
		    bo_err *err);
int bo_app_user_list(bo_app *app, bo_user_each_fn each, void *ctx, bo_err *err);
/*
 * An admin disables, enables or gives another role to a staff user (name),
 * one transaction each; the change counts from the user's next session.
 * BO_EPERM for anyone but an admin (as the directory has them now: a
 * session opened before its user was disabled or demoted may not),
 * BO_ENOTFOUND for an unknown name, BO_ECONFLICT when it would leave the
 * store without an enabled admin, BO_EINVAL for a bad role name, or for an
 * admin disabling or demoting themselves. Disabling a disabled user (and the like) changes nothing
 * and succeeds.
 */
int bo_app_user_disable(bo_app *app, const char *name, bo_err *err);
int bo_app_user_enable(bo_app *app, const char *name, bo_err *err);
int bo_app_user_set_role(bo_app *app, const char *name, const char *role,
			 bo_err *err);

/*
 * Every write service below (products, orders) is one transaction and so,
 * run alone, one durable commit: the change, its events, the inline
 * projections, then the reactors (each event's effect a savepoint) and the
 * catch-up of the other projectors (reports, a savepoint too, unless
 * app->follow_later). Inside a caller's transaction it is a nested level.
 */

/* Products. Writes are admin-only and publish a Product* event in the same
 * transaction. *out (may be NULL) receives the product as stored. */
int bo_app_product_add(bo_app *app, const bo_product_edit *in, bo_product *out,
		       bo_err *err);
/* expected_row_version 0: whatever is current (the CLI); > 0: the version the
 * editor loaded (the TUI form); a moved version is BO_ECONFLICT. */
int bo_app_product_edit(bo_app *app, const char *sku, const bo_product_edit *in,
			int64_t expected_row_version, bo_product *out,
			bo_err *err);
/* A stock adjustment with a reason (admin): the row's stock and a
 * ProductStockAdjusted in one transaction. BO_EINVAL naming the field
 * (bo_stock_change_parse), BO_ENOTFOUND, BO_ECONFLICT naming the stock
 * (untracked with add, below 0, the stock it has) or a moved
 * expected_row_version (> 0, as for edit), BO_EPERM. */
int bo_app_product_stock(bo_app *app, const char *sku,
			 const bo_stock_adjust *in, int64_t expected_row_version,
			 bo_product *out, bo_err *err);
int bo_app_product_retire(bo_app *app, const char *sku, bo_product *out,
			  bo_err *err);
/* Makes a retired product active again (admin): the row and a
 * ProductReactivated event in one transaction, so orders may have it again.
 * BO_ECONFLICT when it is not retired, BO_ENOTFOUND, BO_EPERM. */
int bo_app_product_reactivate(bo_app *app, const char *sku, bo_product *out,
			      bo_err *err);
int bo_app_product_delete(bo_app *app, const char *sku, bo_err *err);
/*
 * How many orders have a line of sku (the orders projector's SKU keys,
 * exact, any case), counting at most cap (0: all): what deleting it would
 * leave pointing at a product that is gone. Needs order read.
 */
int bo_app_product_orders(bo_app *app, const char *sku, int64_t cap,
			  int64_t *out, bo_err *err);
int bo_app_product_get(bo_app *app, const char *sku, bo_product *out,
		       bo_err *err);
int bo_app_product_list(bo_app *app, const bo_product_query *q,
			bo_product_each_fn each, void *ctx, bo_err *err);

/* One category of the tree: its path, its depth (1..3), the products
 * with exactly this category, and those in it or anywhere under it. */
typedef struct bo_category_count {
	const char *path;
	int level;
	int64_t own;
	int64_t products;
} bo_category_count;

typedef int (*bo_category_each_fn)(void *ctx, const bo_category_count *c);

/*
 * Every category some product has, and each category above those, in tree
 * order (a category right before what lies under it, levels compared byte
 * by byte), with its product counts; active products only unless
 * include_retired. Needs product read. The stop rule of ports.h.
 */
int bo_app_product_categories(bo_app *app, bool include_retired,
			      bo_category_each_fn each, void *ctx, bo_err *err);
/*
 * For the reactors (domain/reactors.c), inside their transaction: sets the
 * stock of p (as loaded, row_version current) and publishes ProductUpdated by
 * user "system" (admin) with causation id cause_id. No role check.
 */
int bo_app_product_set_stock_as_system(bo_app *app, bo_product *p,
				       int64_t stock, const char *cause_id,
				       bo_err *err);

/*
 * A product's history (every role that reads products): one row per field
 * each of its Product* events changed, in log order, worked out from the
 * log alone, so a deleted product keeps its history. sku names every
 * product whose snapshot ever carried it (a product deleted and another
 * created later with its SKU both show, told apart by product_id). only: a
 * field to keep, or -1 for all. *out is the caller's (bo_history_clear);
 * its current_id and current_row_version name the product that has the
 * SKU now (0 when none). BO_ENOTFOUND when no product ever had the SKU.
 */
int bo_app_product_history(bo_app *app, const char *sku, int only,
			   bo_history *out, bo_err *err);

/* What a revert did. */
typedef struct bo_product_revert {
	bool changed; /* false: the field already had that value */
	bo_product_field field;
	char *old_value;    /* the value before, as a history row shows it */
	char *new_value;    /* the value it has now */
	bo_product product; /* the product as stored after it */
} bo_product_revert;

void bo_product_revert_clear(bo_product_revert *r);

/*
 * Sets field of product sku back to the value it had just after its event
 * at log position `position` (a row of its history), as an ordinary edit
 * (admin): the usual checks and version test, one ProductUpdated event,
 * nothing in the log rewritten. expected_row_version > 0 is the version the
 * caller saw (BO_ECONFLICT when it moved); 0: the current one. A field that
 * already has that value changes nothing: BO_OK with out->changed false.
 * BO_ENOTFOUND for a SKU never seen or a position not in its history;
 * BO_ECONFLICT for a deleted product (or an event of an earlier product with
 * the SKU, deleted since); BO_EINVAL for status (retire and reactivate
 * are their own commands). *out is the caller's (bo_product_revert_clear).
 */
int bo_app_product_revert(bo_app *app, const char *sku, bo_product_field field,
			  int64_t position, int64_t expected_row_version,
			  bo_product_revert *out, bo_err *err);

/* Orders. */
typedef struct bo_line_request {
	const char *sku;
	int64_t quantity;
} bo_line_request;

/* Places an order from the order-side catalogue; *out_id is the new order's id. */
int bo_app_order_place(bo_app *app, const char *email, const char *name,
		       const bo_line_request *lines, size_t nlines,
		       int64_t *out_id, bo_err *err);
/* Amounts are decimal text in the tenant currency, parsed here. */
int bo_app_order_pay(bo_app *app, int64_t id, const char *amount, bo_err *err);
int bo_app_order_fail_payment(bo_app *app, int64_t id, const char *reason,
			      bo_err *err);
int bo_app_order_ship(bo_app *app, int64_t id, const char *carrier,
		      const char *tracking, bo_err *err);
int bo_app_order_deliver(bo_app *app, int64_t id, bo_err *err);
int bo_app_order_cancel(bo_app *app, int64_t id, const char *reason,
			bo_err *err);
int bo_app_order_refund(bo_app *app, int64_t id, const char *amount,
			const char *reason, bo_err *err);
/* The same with the amount parsed already (minor units of the tenant
 * currency, see bo_money_parse): a face parses what was typed once and
 * passes the value on. Under a command id it is the same command as
 * bo_app_order_refund with the amount written as bo_money_format does. */
int bo_app_order_refund_amount(bo_app *app, int64_t id, int64_t amount,
			       const char *reason, bo_err *err);

/* What a cancel did with the money. */
typedef struct bo_cancel_outcome {
	int64_t refunded; /* refunded with the cancel (0: nothing) */
	int64_t left;     /* paid and still not refunded after it */
} bo_cancel_outcome;

/*
 * Cancels order id as bo_app_order_cancel does; with refund, what was paid
 * and not yet refunded is refunded in the same step: RefundIssued for that
 * amount (the cancel's reason its reason), then OrderCancelled, in one
 * transaction, both or neither. With nothing refundable it only cancels.
 * Refused before anything as the cancel is (BO_ECONFLICT "order 12 is
 * cancelled", "... is already shipped and cannot be cancelled"). Without
 * refund it is bo_app_order_cancel, the same command under a command id;
 * with refund it is another. *out (may be NULL) on success: what was
 * refunded and what stays paid (on an answer by command id, what the first
 * call did and left).
 */
int bo_app_order_cancel_refund(bo_app *app, int64_t id, const char *reason,
			       bool refund, bo_cancel_outcome *out,
			       bo_err *err);
int bo_app_order_note(bo_app *app, int64_t id, const char *text, bo_err *err);

/* What a face asks about before it starts an action on an order. */
typedef enum bo_order_action {
	BO_ORDER_ACT_READ,
	BO_ORDER_ACT_NOTE,
	BO_ORDER_ACT_CANCEL,
	BO_ORDER_ACT_REFUND
} bo_order_action;

/* The order as the answer saw it. */
typedef struct bo_order_can_info {
	int64_t version;
	bo_order_status status;
	int64_t total, paid, refunded;
	int64_t refundable; /* paid - refunded */
} bo_order_can_info;

/*
 * Whether the acting user may do action on order id as it is now, and if
 * not why, in the sentence the command itself would give (nothing is
 * written): BO_OK; BO_EPERM for the role (reading needs order read, the
 * others support or admin: "orders are read-only for manager users: ...");
 * BO_ENOTFOUND; BO_ECONFLICT for a state that
 * refuses it (cancelled, shipped, nothing to refund); BO_EINVAL for a
 * refund amount below 0 or above what is refundable. amount: for
 * BO_ORDER_ACT_REFUND, the amount asked about in minor units, 0 for
 * "anything at all"; ignored otherwise. reason: for a cancel, or a refund
 * of an amount, checked too when not NULL (BO_EINVAL as the command says
 * it); NULL asks about the state only. *info (may be NULL) is filled when
 * the order was read, allowed or not, and zeroed otherwise.
 */
int bo_app_order_can(bo_app *app, int64_t id, bo_order_action action,
		     int64_t amount, const char *reason,
		     bo_order_can_info *info, bo_err *err);

/* The order folded from its stream up to at_version (0: all). BO_ENOTFOUND
 * when it does not exist or at_version is beyond its last event. */
int bo_app_order_get(bo_app *app, int64_t id, int64_t at_version, bo_order *out,
		     bo_err *err);
int bo_app_order_list(bo_app *app, const bo_order_query *q,
		      bo_order_row_each_fn each, void *ctx, bo_err *err);
/* How many orders q's filter (status, customer, placed_at) matches, into
 * *out. BO_EINVAL when the backend cannot count. */
int bo_app_order_count(bo_app *app, const bo_order_query *q, int64_t *out,
		       bo_err *err);
/* BO_ENOTFOUND when the order does not exist. */
int bo_app_order_timeline(bo_app *app, int64_t id, bo_timeline_each_fn each,
			  void *ctx, bo_err *err);
/* The order's events in version order, appended to *out (the caller's,
 * bo_event_list_clear), for the timeline's detail pane. BO_ENOTFOUND when
 * the order does not exist. */
int bo_app_order_events(bo_app *app, int64_t id, bo_event_list *out,
			bo_err *err);

/*
 * Search (app_find.c). The orders whose search keys match text, each once,
 * keyset-paged: ids above after_id in increasing order, or with descending
 * below it (after_id 0: from the newest) in decreasing order; limit 0: no
 * limit. text, with its surrounding white space dropped and ASCII letters
 * read in lower case, is an order number when it is all digits (that
 * order, if it exists, and also every order with a key starting with those
 * digits), else the start of a key: the customer's e-mail, the whole name
 * or any word of it, the SKU of any line, a tracking number. Every role
 * may search. BO_EINVAL naming "search text" when it is empty, longer than
 * BO_SEARCH_MAX bytes, not UTF-8 or holds a control character; BO_EINVAL
 * for a negative limit or after_id.
 */
int bo_app_order_find(bo_app *app, const char *text, int64_t after_id,
		      int64_t limit, int descending, bo_order_row_each_fn each,
		      void *ctx, bo_err *err);

/* One customer, by e-mail, over the orders placed with it. */
typedef struct bo_customer {
	char *email; /* as the newest order has it */
	char *name;  /* the newest order's that has one; may be NULL */
	int64_t orders;
	int64_t paid, refunded; /* sums over the orders, minor units */
	int64_t notes;
	int64_t last_activity; /* the greatest updated_at, ms */
	char currency[4];      /* the orders' currency; "" when they differ */
} bo_customer;

void bo_customer_clear(bo_customer *c);

/*
 * The customer whose e-mail is email (compared as search texts are: white
 * space around dropped, ASCII letters in lower case, otherwise exactly).
 * BO_ENOTFOUND when no order has it; BO_EINVAL naming "customer e-mail"
 * when it is empty, too long or holds a control character. *out is the
 * caller's (bo_customer_clear), set only on success.
 */
int bo_app_customer(bo_app *app, const char *email, bo_customer *out,
		    bo_err *err);
/* The customer's orders, paged as bo_app_order_find's; no match is not an
 * error here (the walk is empty). */
int bo_app_customer_orders(bo_app *app, const char *email, int64_t after_id,
			   int64_t limit, int descending,
			   bo_order_row_each_fn each, void *ctx, bo_err *err);

/* Events (admin): export and import, see app_events.h. */
#include "app_events.h"

#endif
