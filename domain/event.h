/* Events: the envelope every stored fact carries and the typed payloads of each kind. */
#ifndef BO_EVENT_H
#define BO_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "product.h"
#include "status.h"

/*
 * Every event type: enum name, stored type name, current schema version.
 * The stored name is part of the log's format and never changes.
 */
#define BO_EVENT_TABLE(X)                                                      \
	X(BO_EV_PRODUCT_CREATED, "ProductCreated", 1)                          \
	X(BO_EV_PRODUCT_UPDATED, "ProductUpdated", 1)                          \
	X(BO_EV_PRODUCT_RETIRED, "ProductRetired", 1)                          \
	X(BO_EV_PRODUCT_DELETED, "ProductDeleted", 1)                          \
	X(BO_EV_ORDER_PLACED, "OrderPlaced", 2)                                \
	X(BO_EV_PAYMENT_RECEIVED, "PaymentReceived", 1)                        \
	X(BO_EV_PAYMENT_FAILED, "PaymentFailed", 1)                            \
	X(BO_EV_ORDER_SHIPPED, "OrderShipped", 1)                              \
	X(BO_EV_ORDER_DELIVERED, "OrderDelivered", 1)                          \
	X(BO_EV_ORDER_CANCELLED, "OrderCancelled", 1)                          \
	X(BO_EV_REFUND_ISSUED, "RefundIssued", 1)                              \
	X(BO_EV_NOTE_ADDED, "NoteAdded", 1)                                    \
	X(BO_EV_PRODUCT_STOCK_ADJUSTED, "ProductStockAdjusted", 1)             \
	X(BO_EV_PRODUCT_REACTIVATED, "ProductReactivated", 1)

typedef enum {
	BO_EV_UNKNOWN =
	    0, /* a type this build does not know (kept, never dropped) */
#define BO_X(name, text, schema) name,
	BO_EVENT_TABLE(BO_X)
#undef BO_X
	    BO_EV__COUNT
} bo_event_kind;

/* Stored type name of a kind ("OrderPlaced"); "Unknown" for BO_EV_UNKNOWN. */
const char *bo_event_kind_name(bo_event_kind kind);
/* Kind for a stored type name; BO_EV_UNKNOWN when not in the table. */
bo_event_kind bo_event_kind_from_name(const char *name);
/* Current schema version a kind is written with. */
int bo_event_kind_schema(bo_event_kind kind);
/* True for the Product* kinds (ProductStockAdjusted and ProductReactivated
 * included). */
int bo_event_is_product(bo_event_kind kind);

typedef struct bo_event_meta {
	char *user;           /* acting user's name */
	char *role;           /* "admin", "support", "manager" */
	char *tenant;         /* tenant name */
	char *correlation_id; /* the command invocation that caused it */
	char *causation_id;   /* the command or event that directly caused it */
	char
	    *command_id; /* the --command-id it was sent with; NULL when none */
	/* The database login that did it for user (the store's owner acting
	 * for a staff member: scripts, imports, the demo); NULL when user
	 * acted as themselves, and then absent from the stored metadata. */
	char *acted_by;
	/* The bulk action that made this change ("B-20261207-..."); NULL
	 * for a change of its own, and then absent from the stored
	 * metadata. */
	char *bulk_id;
} bo_event_meta;

typedef struct bo_order_line {
	int64_t product_id;
	char *sku;
	char *name;
	int64_t
	    unit_price; /* tax-inclusive, minor units, as it was when ordered */
	int32_t tax_bp;
	int32_t quantity; /* 1..10000 */
} bo_order_line;

/*
 * One event. Envelope fields are filled by the event store on append
 * (position, version, recorded_at, event_id) or by the application service
 * (meta, kind and payload). Payload fields not used by a kind are zero/NULL.
 * Every pointer is owned by the event and released by bo_event_clear.
 */
typedef struct bo_event {
	/* envelope */
	char *event_id;  /* UUID text */
	char *stream;    /* "order-<id>" or "product-<id>" */
	int64_t version; /* 1, 2, 3 ... within the stream */
	int64_t
	    position; /* global, increasing in commit order, > 0 once stored */
	bo_event_kind kind;
	char *
	    type_name; /* stored type name; set for every kind, needed for UNKNOWN */
	int schema_version;  /* version of the payload shape as stored */
	int64_t recorded_at; /* ms since the epoch, UTC */
	bo_event_meta meta;

	/* payload: Product* events carry the full snapshot after the change */
	bo_product product;

	/* payload: order events */
	int64_t order_id;
	char *currency;       /* OrderPlaced: ISO code of the amounts */
	char *customer_email; /* OrderPlaced */
	char *customer_name;  /* OrderPlaced, optional */
	bo_order_line *lines; /* OrderPlaced */
	size_t nlines;
	int64_t amount; /* PaymentReceived (paid), RefundIssued (refunded) */
	/* PaymentFailed, OrderCancelled, RefundIssued; ProductStockAdjusted:
	 * one of bo_stock_reason_name's words */
	char *reason;
	char *carrier;  /* OrderShipped, optional */
	char *tracking; /* OrderShipped, optional */
	char *text;     /* NoteAdded; ProductStockAdjusted: the note, optional */
	/* ProductStockAdjusted: the change (signed, never 0 unless a set left
	 * it as it was) and the stock after it (the snapshot's stock) */
	int64_t delta;
	int64_t new_stock;

	/* BO_EV_UNKNOWN (or a version too new to read), or a known kind stored
	 * with an older schema_version: the payload as stored, written back
	 * unchanged when the event is appended again (see adapters/json/codec.h) */
	char *raw_payload;
} bo_event;

/* Frees everything e owns and zeroes it. NULL is fine. */
void bo_event_clear(bo_event *e);
/* Deep copy into dst (overwritten, not cleared first). BO_ENOMEM on failure. */
int bo_event_copy(bo_event *dst, const bo_event *src);
/* Sets stream to "order-<id>" / "product-<id>". */
int bo_event_set_stream(bo_event *e, const char *prefix, int64_t id);
/* Parses "order-<id>" -> id; returns 0 when the stream is not of that prefix. */
int64_t bo_stream_id(const char *stream, const char *prefix);

/* A growable list of events, for batches and query results. */
typedef struct bo_event_list {
	bo_event *items;
	size_t n, cap;
} bo_event_list;

/* Appends a zeroed event and returns it (NULL on ENOMEM). */
bo_event *bo_event_list_push(bo_event_list *l);
void bo_event_list_clear(bo_event_list *l);

#endif
