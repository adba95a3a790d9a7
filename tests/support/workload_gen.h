/* The benchmark workload of doc/bench/WORKLOAD.md: orders drawn from mulberry32, their events in global order, JSON rendering and the projection fold. */
#ifndef BO_TEST_WORKLOAD_GEN_H
#define BO_TEST_WORKLOAD_GEN_H

#include <stddef.h>
#include <stdint.h>

/* The six event types of the workload, in the spec's per-order list order
 * (not the seq: a cancelled order has no ship). */
typedef enum {
	WL_PLACED,
	WL_PAID,
	WL_CANCELLED,
	WL_SHIPPED,
	WL_DELIVERED,
	WL_REFUNDED,
	WL__TYPES
} wl_type;

/* "OrderPlaced", "PaymentReceived", ... */
const char *wl_type_name(wl_type t);
/* The type for a name (with or without a "wl." prefix); -1 when none. */
int wl_type_from_name(const char *name);

/* One order: its 23 draws and what follows from them. */
typedef struct wl_order {
	int64_t id;
	int customer, nlines, product[4], qty[4];
	int pay_delay, ship_delay, deliver_delay, path, cancel_delay;
	int refund_delay, refund_pct, carrier, warehouse, street_no, city;
	int reason, last4;
	int64_t total; /* cents */
	int64_t placed_at, paid_at, shipped_at, delivered_at; /* unix s */
	int nevents;
	wl_type types[5]; /* by seq */
	int64_t at[5];    /* by seq */
} wl_order;

/* One event of the global order. */
typedef struct wl_event {
	int64_t at;
	int32_t order; /* order id, 1-based */
	int16_t seq;
	int16_t type; /* wl_type */
} wl_event;

typedef struct wl_workload {
	int64_t norders;
	wl_order *orders; /* orders[i - 1] is order i */
	size_t nevents;
	wl_event *events; /* sorted by (at, order, seq) */
} wl_workload;

/* The catalog (k = 0..49). */
#define WL_CATALOG 50
void wl_catalog_sku(int k, char out[16]);
void wl_catalog_name(int k, char out[32]);
int64_t wl_catalog_price(int k);

/* Generates the first n orders and sorts their events. 0, or -1 when out
 * of memory. */
int wl_generate(wl_workload *w, int64_t n);
void wl_free(wl_workload *w);

/* The order an event belongs to. */
const wl_order *wl_order_of(const wl_workload *w, const wl_event *e);

/* The event's data object as compact JSON into buf (NUL-terminated);
 * returns its length. WL_DATA_MAX is always enough. */
#define WL_DATA_MAX 1024
size_t wl_render_data(const wl_order *o, int seq, char *buf);
/* The stream name, "order-<id>". */
void wl_stream(int64_t id, char out[32]);
/* UTC "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with the NUL). */
void wl_iso(int64_t t, char out[24]);

/* The sha256 and byte count of the whole JSON-lines text. */
void wl_file_sha256(const wl_workload *w, char hex[65], uint64_t *bytes);

/* ---- the projection of spec section 5 ---------------------------------- */

typedef struct wl_day {
	char day[11];
	int64_t cents;
} wl_day;

typedef struct wl_fold {
	wl_day *days;
	size_t ndays, capdays;
	unsigned char *status; /* by order id, 0 = none, else wl_type + 1 */
	int64_t capstatus;
	int64_t events;
	int failed; /* out of memory or an event it could not read */
} wl_fold;

void wl_fold_init(wl_fold *f);
void wl_fold_free(wl_fold *f);
/* One event: its type, order, UTC day ("YYYY-MM-DD", first 10 chars used)
 * and revenue delta (cents; 0 for types without one). */
void wl_fold_add(wl_fold *f, wl_type t, int64_t order, const char *day,
		 int64_t delta);
/* One event given as its data JSON text (any spacing, any key order): reads
 * orderId, at, amountCents / refundCents. */
void wl_fold_json(wl_fold *f, wl_type t, const char *json);
/* The spec's digest: the first 16 hex chars of the sha256 of the compact
 * JSON summary (written into summary when not NULL, up to cap bytes). */
void wl_fold_digest(const wl_fold *f, char out[17], char *summary, size_t cap);
/* The fold straight from the generated events. */
void wl_fold_workload(const wl_workload *w, wl_fold *f);

#endif
