/* Output writers of the command line: aligned tables, RFC 4180 CSV and JSON. */
#ifndef BO_CLI_OUTPUT_H
#define BO_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "adapters/cli/cli.h"
#include "domain/money.h"
#include "domain/status.h"

/*
 * A typed value: each format renders it its own way (money is "12.50" in a
 * table and the JSON string "12.50"; a time is "2026-11-26 06:11:42" in a
 * table and ISO 8601 with milliseconds in CSV and JSON).
 */
typedef enum {
	BO_CELL_NULL,  /* absent: "-" in a table, empty in CSV, null in JSON */
	BO_CELL_STR,   /* s; a NULL s is absent */
	BO_CELL_INT,   /* i */
	BO_CELL_MONEY, /* i minor units of *cur */
	BO_CELL_RATE,  /* i basis points, shown as percent ("7.5") */
	BO_CELL_TIME   /* i ms since the epoch; 0 is absent */
} bo_cell_kind;

typedef struct bo_cell {
	bo_cell_kind kind;
	const char *s;
	int64_t i;
	const bo_currency *cur;
} bo_cell;

static inline bo_cell bo_cell_str(const char *s)
{
	return (bo_cell){s ? BO_CELL_STR : BO_CELL_NULL, s, 0, NULL};
}

static inline bo_cell bo_cell_int(int64_t i)
{
	return (bo_cell){BO_CELL_INT, NULL, i, NULL};
}

static inline bo_cell bo_cell_money(int64_t i, const bo_currency *cur)
{
	return (bo_cell){BO_CELL_MONEY, NULL, i, cur};
}

static inline bo_cell bo_cell_rate(int64_t bp)
{
	return (bo_cell){BO_CELL_RATE, NULL, bp, NULL};
}

static inline bo_cell bo_cell_time(int64_t ms)
{
	return (bo_cell){ms ? BO_CELL_TIME : BO_CELL_NULL, NULL, ms, NULL};
}

static inline bo_cell bo_cell_null(void)
{
	return (bo_cell){BO_CELL_NULL, NULL, 0, NULL};
}

/* Which formats show a column, and how a table aligns it. */
#define BO_COL_TABLE 1u
#define BO_COL_CSV 2u
#define BO_COL_JSON 4u
#define BO_COL_DATA (BO_COL_CSV | BO_COL_JSON)
#define BO_COL_ALL (BO_COL_TABLE | BO_COL_CSV | BO_COL_JSON)
#define BO_COL_RIGHT 8u

typedef struct bo_column {
	const char *key;   /* JSON key, CSV header and label of a record */
	const char *title; /* table header */
	unsigned flags;
} bo_column;

/*
 * One listing (or one record) being written. A table is buffered to align
 * its columns; CSV and JSON rows are written as they come.
 */
typedef struct bo_out {
	FILE *f;
	bo_format fmt;
	const bo_column *cols;
	size_t ncols;
	bool
	    record; /* one object: key/value lines in a table, an object in JSON */
	size_t nrows;
	char **cells; /* table: sanitised text, row after row */
	size_t ncells, cap;
	cJSON *obj; /* JSON record waiting for bo_out_end */
} bo_out;

void bo_out_init(bo_out *o, FILE *f, bo_format fmt, const bo_column *cols,
		 size_t ncols, bool record);

/*
 * The tenant's time zone for tables (borrowed; NULL is UTC): a time cell
 * reads as local clock time with the zone's label, "2026-03-29 03:00:00
 * CEST"; CSV and JSON keep UTC ISO 8601 ("...Z"), for scripts. One per
 * process: bo_cli_run sets the store's zone (app->ports->zone) for the
 * command it runs and NULL again when it returns.
 */
void bo_out_set_zone(const bo_zone *zone);

/* Adds a row: cells[i] is the value of cols[i]. BO_ENOMEM. */
int bo_out_row(bo_out *o, const bo_cell *cells, bo_err *err);

/* As bo_out_row, and in JSON the object also gets key -> extra. extra is
 * always taken over (freed when the format does not show it). */
int bo_out_row_extra(bo_out *o, const bo_cell *cells, const char *key,
		     cJSON *extra, bo_err *err);

/* Writes what was buffered and the closing text, then frees. BO_ENOMEM. */
int bo_out_end(bo_out *o, bo_err *err);

/* Frees without writing (error paths); safe after bo_out_end. */
void bo_out_free(bo_out *o);

/*
 * Finishes o once its rows are in: a failure a row callback kept for itself
 * (row_rc < 0, its detail in *row_err; 0 and NULL when there is none) takes
 * the place of rc; then o is written out (bo_out_end) when rc is 0 and freed
 * either way. Returns the resulting status, its detail in err.
 */
int bo_out_close(bo_out *o, int rc, int row_rc, const bo_err *row_err,
		 bo_err *err);

/* The JSON object of one row (columns with BO_COL_JSON). NULL on ENOMEM. */
cJSON *bo_out_json_object(const bo_column *cols, size_t ncols,
			  const bo_cell *cells);

/*
 * The JSON text of v, indented (formatted) or on one line, made safe by
 * bo_text_json_clean: valid UTF-8, controls and invisible characters as
 * \uXXXX escapes. Every JSON the command line writes goes through it.
 * Caller frees; NULL on ENOMEM.
 */
char *bo_out_json_text(const cJSON *v, bool formatted);

/* Text of a cell as a table (table = true) or CSV shows it, not yet
 * sanitised; NULL for an absent value or on ENOMEM (*nomem tells). */
char *bo_cell_text(const bo_cell *c, bool table, bool *nomem);

/* Writes one CSV field as bo_term_csv_field makes it: sanitised, a formula
 * neutralised with a leading single quote, quoted when it holds , " CR or
 * LF. BO_ENOMEM; BO_ESTORAGE when f refuses the bytes. */
int bo_csv_field(FILE *f, const char *s);

#endif
