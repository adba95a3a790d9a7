/* A streaming RFC 4180 CSV reader: one record at a time in buffers it reuses (quotes, CRLF, a UTF-8 BOM, newlines inside quotes). */
#ifndef BO_CSV_READER_H
#define BO_CSV_READER_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

/* The longest record it accepts, in bytes (a longer one is an error). */
#define BO_CSV_RECORD_MAX (1024 * 1024)

typedef struct bo_csv_reader {
	FILE *f;   /* borrowed */
	char *buf; /* the record's fields, each NUL-terminated */
	size_t len, cap;
	size_t *offs; /* where each field starts in buf */
	size_t nfields, fcap;
	long line;     /* the physical line the next byte is on (1-based) */
	long rec_line; /* the line the last record read started on */
	int started;   /* the BOM check is done */
	char pend[2];  /* bytes given back, the last first */
	int npend;
} bo_csv_reader;

/* Starts reading f (not owned) from its current position. */
void bo_csv_reader_init(bo_csv_reader *r, FILE *f);

/* Frees the buffers (not the FILE). */
void bo_csv_reader_free(bo_csv_reader *r);

/*
 * Reads the next record: 1 with its fields in r (bo_csv_reader_field,
 * r->nfields, r->rec_line), 0 at the end of the input, BO_EINVAL with a
 * sentence naming the line for a broken record (a quote left open at the
 * end, a quote inside an unquoted field, text after a closing quote, a
 * record over BO_CSV_RECORD_MAX), BO_ESTORAGE when the input cannot be
 * read, BO_ENOMEM. After an error the reader is not to be read again.
 */
int bo_csv_read(bo_csv_reader *r, bo_err *err);

/* Field i (< r->nfields) of the last record read. */
const char *bo_csv_reader_field(const bo_csv_reader *r, size_t i);

#endif
