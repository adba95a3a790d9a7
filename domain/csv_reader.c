/* The streaming CSV reader: a byte-at-a-time state machine over one record's buffers. */
#include "csv_reader.h"

#include <stdlib.h>
#include <string.h>

void bo_csv_reader_init(bo_csv_reader *r, FILE *f)
{
	memset(r, 0, sizeof(*r));
	r->f = f;
	r->line = 1;
}

void bo_csv_reader_free(bo_csv_reader *r)
{
	free(r->buf);
	free(r->offs);
	memset(r, 0, sizeof(*r));
}

const char *bo_csv_reader_field(const bo_csv_reader *r, size_t i)
{
	return r->buf + r->offs[i];
}

static int put(bo_csv_reader *r, char c, bo_err *err)
{
	if (r->len + 1 >= r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		char *b;

		if (r->len >= BO_CSV_RECORD_MAX)
			return bo_err_set(err, BO_EINVAL,
					  "line %ld: the record is longer "
					  "than %d bytes",
					  r->rec_line, BO_CSV_RECORD_MAX);
		if (!(b = realloc(r->buf, cap)))
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		r->buf = b;
		r->cap = cap;
	}
	r->buf[r->len++] = c;
	return BO_OK;
}

/* Opens a new field at the end of buf. */
static int open_field(bo_csv_reader *r, bo_err *err)
{
	if (r->nfields == r->fcap) {
		size_t cap = r->fcap ? r->fcap * 2 : 16;
		size_t *o = realloc(r->offs, cap * sizeof(*o));

		if (!o)
			return bo_err_set(err, BO_ENOMEM, "out of memory");
		r->offs = o;
		r->fcap = cap;
	}
	r->offs[r->nfields++] = r->len;
	return BO_OK;
}

/* The next byte: a byte given back first, then the file's. A UTF-8 byte
 * order mark at the very start of the input is skipped. */
static int next_byte(bo_csv_reader *r)
{
	int c;

	if (r->npend)
		return (unsigned char)r->pend[--r->npend];
	c = getc(r->f);
	if (!r->started) {
		r->started = 1;
		if (c == 0xEF) {
			int b = getc(r->f), d = b == 0xBB ? getc(r->f) : EOF;

			if (b == 0xBB && d == 0xBF)
				return getc(r->f);
			/* not a BOM: the bytes are data, given back in order */
			if (d != EOF)
				r->pend[r->npend++] = (char)d;
			if (b != EOF)
				r->pend[r->npend++] = (char)b;
		}
	}
	return c;
}

typedef enum { AT_START, UNQUOTED, QUOTED, QUOTE_SEEN } csv_state;

int bo_csv_read(bo_csv_reader *r, bo_err *err)
{
	csv_state st = AT_START;
	long quote_line = 0;
	int c, rc;

	r->len = 0;
	r->nfields = 0;
	r->rec_line = r->line;
	c = next_byte(r);
	if (c == EOF)
		goto end_of_input;
	if ((rc = open_field(r, err)) < 0)
		return rc;
	for (;; c = next_byte(r)) {
		if (c == EOF) {
			if (ferror(r->f))
				return bo_err_set(err, BO_ESTORAGE,
						  "line %ld: the input cannot "
						  "be read",
						  r->line);
			if (st == QUOTED)
				return bo_err_set(
				    err, BO_EINVAL,
				    "line %ld: the quoted field opened on line "
				    "%ld is not closed",
				    r->line, quote_line);
			break;
		}
		if (st == QUOTED) {
			if (c == '"') {
				st = QUOTE_SEEN;
				continue;
			}
			if (c == '\n')
				r->line++;
			if ((rc = put(r, (char)c, err)) < 0)
				return rc;
			continue;
		}
		if (st == QUOTE_SEEN && c == '"') {
			/* a doubled quote inside quotes is one quote */
			st = QUOTED;
			if ((rc = put(r, '"', err)) < 0)
				return rc;
			continue;
		}
		if (c == ',') {
			if ((rc = put(r, '\0', err)) < 0 ||
			    (rc = open_field(r, err)) < 0)
				return rc;
			st = AT_START;
			continue;
		}
		if (c == '\r' || c == '\n') {
			if (c == '\r') {
				int d = next_byte(r);

				if (d != '\n' && d != EOF)
					r->pend[r->npend++] = (char)d;
			}
			r->line++;
			break;
		}
		if (st == QUOTE_SEEN)
			return bo_err_set(err, BO_EINVAL,
					  "line %ld: text after the closing "
					  "quote of field %zu",
					  r->line, r->nfields);
		if (c == '"') {
			if (st == UNQUOTED)
				return bo_err_set(err, BO_EINVAL,
						  "line %ld: a quote inside "
						  "the unquoted field %zu",
						  r->line, r->nfields);
			st = QUOTED;
			quote_line = r->line;
			continue;
		}
		st = UNQUOTED;
		if ((rc = put(r, (char)c, err)) < 0)
			return rc;
	}
	if ((rc = put(r, '\0', err)) < 0)
		return rc;
	return 1;
end_of_input:
	if (ferror(r->f))
		return bo_err_set(err, BO_ESTORAGE,
				  "line %ld: the input cannot be read",
				  r->line);
	return 0;
}
