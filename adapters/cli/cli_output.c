/* Output writers of the command line: aligned tables, RFC 4180 CSV and JSON. */
#include "adapters/cli/cli_output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "domain/termtext.h"
#include "domain/text.h"

static const bo_zone *table_zone;

void bo_out_set_zone(const bo_zone *zone)
{
	table_zone = zone;
}

static bool shown(const bo_column *c, bo_format fmt)
{
	switch (fmt) {
	case BO_FORMAT_TABLE:
		return c->flags & BO_COL_TABLE;
	case BO_FORMAT_CSV:
		return c->flags & BO_COL_CSV;
	case BO_FORMAT_JSON:
		return c->flags & BO_COL_JSON;
	}
	return false;
}

static char *dup_text(const char *s, bool *nomem)
{
	char *d = strdup(s);

	if (!d)
		*nomem = true;
	return d;
}

char *bo_cell_text(const bo_cell *c, bool table, bool *nomem)
{
	char buf[BO_MONEY_BUFSZ + 32];

	*nomem = false;
	switch (c->kind) {
	case BO_CELL_NULL:
		return NULL;
	case BO_CELL_STR:
		return c->s ? dup_text(c->s, nomem) : NULL;
	case BO_CELL_INT:
		snprintf(buf, sizeof(buf), "%" PRId64, c->i);
		return dup_text(buf, nomem);
	case BO_CELL_MONEY:
		return dup_text(bo_money_format(buf, c->i, c->cur), nomem);
	case BO_CELL_RATE:
		return dup_text(bo_rate_format(buf, sizeof(buf), (int32_t)c->i),
				nomem);
	case BO_CELL_TIME:
		if (table)
			bo_time_format_local(buf, sizeof(buf), table_zone, c->i,
					     true, true);
		else
			bo_time_format_iso(buf, sizeof(buf), c->i);
		return dup_text(buf, nomem);
	}
	return NULL;
}

static cJSON *json_value(const bo_cell *c)
{
	char buf[BO_MONEY_BUFSZ + 32];

	switch (c->kind) {
	case BO_CELL_NULL:
		return cJSON_CreateNull();
	case BO_CELL_STR:
		return c->s ? cJSON_CreateString(c->s) : cJSON_CreateNull();
	case BO_CELL_INT:
		/* raw text: a double would lose digits above 2^53 */
		snprintf(buf, sizeof(buf), "%" PRId64, c->i);
		return cJSON_CreateRaw(buf);
	case BO_CELL_MONEY:
		return cJSON_CreateString(bo_money_format(buf, c->i, c->cur));
	case BO_CELL_RATE:
		return cJSON_CreateString(
		    bo_rate_format(buf, sizeof(buf), (int32_t)c->i));
	case BO_CELL_TIME:
		return cJSON_CreateString(
		    bo_time_format_iso(buf, sizeof(buf), c->i));
	}
	return cJSON_CreateNull();
}

cJSON *bo_out_json_object(const bo_column *cols, size_t ncols,
			  const bo_cell *cells)
{
	cJSON *obj = cJSON_CreateObject();

	if (!obj)
		return NULL;
	for (size_t i = 0; i < ncols; i++) {
		cJSON *v;

		if (!(cols[i].flags & BO_COL_JSON))
			continue;
		v = json_value(&cells[i]);
		if (!v || !cJSON_AddItemToObject(obj, cols[i].key, v)) {
			cJSON_Delete(v);
			cJSON_Delete(obj);
			return NULL;
		}
	}
	return obj;
}

char *bo_out_json_text(const cJSON *v, bool formatted)
{
	char *raw = formatted ? cJSON_Print(v) : cJSON_PrintUnformatted(v);
	char *clean;

	if (!raw)
		return NULL;
	clean = bo_text_json_clean(raw);
	free(raw);
	return clean;
}

int bo_csv_field(FILE *f, const char *s)
{
	char *field = bo_term_csv_field(s);
	int rc;

	if (!field)
		return BO_ENOMEM;
	rc = fputs(field, f) < 0 ? BO_ESTORAGE : 0;
	free(field);
	return rc;
}

static int nomem(bo_err *err)
{
	return bo_err_set(err, BO_ENOMEM, "out of memory while writing output");
}

void bo_out_init(bo_out *o, FILE *f, bo_format fmt, const bo_column *cols,
		 size_t ncols, bool record)
{
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->fmt = fmt;
	o->cols = cols;
	o->ncols = ncols;
	o->record = record;
}

void bo_out_free(bo_out *o)
{
	for (size_t i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->cells);
	o->cells = NULL;
	o->ncells = o->cap = 0;
	cJSON_Delete(o->obj);
	o->obj = NULL;
}

/* Buffers the sanitised text of one table cell (NULL text: "-"). */
static int push_cell(bo_out *o, const char *text)
{
	char *s;

	if (o->ncells == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		char **grown = realloc(o->cells, cap * sizeof(*grown));

		if (!grown)
			return -1;
		o->cells = grown;
		o->cap = cap;
	}
	s = bo_term_sanitize(text ? text : "-");
	if (!s)
		return -1;
	o->cells[o->ncells++] = s;
	return 0;
}

static int table_row(bo_out *o, const bo_cell *cells)
{
	for (size_t i = 0; i < o->ncols; i++) {
		char *text;
		bool failed;
		int rc;

		if (!shown(&o->cols[i], o->fmt))
			continue;
		text = bo_cell_text(&cells[i], true, &failed);
		if (failed)
			return -1;
		rc = push_cell(o, text);
		free(text);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int csv_line(bo_out *o, const bo_cell *cells)
{
	bool first = true;

	for (size_t i = 0; i < o->ncols; i++) {
		char *text;
		bool failed;
		int rc;

		if (!shown(&o->cols[i], o->fmt))
			continue;
		if (!first)
			fputc(',', o->f);
		first = false;
		if (!cells) {
			if (bo_csv_field(o->f, o->cols[i].key) == BO_ENOMEM)
				return -1;
			continue;
		}
		text = bo_cell_text(&cells[i], false, &failed);
		if (failed)
			return -1;
		rc = bo_csv_field(o->f, text ? text : "");
		free(text);
		/* write errors are caught once, by ferror at exit */
		if (rc == BO_ENOMEM)
			return -1;
	}
	fputs("\r\n", o->f);
	return 0;
}

static int json_row(bo_out *o, const bo_cell *cells, const char *key,
		    cJSON *extra)
{
	cJSON *obj = bo_out_json_object(o->cols, o->ncols, cells);
	char *text;

	if (!obj) {
		cJSON_Delete(extra);
		return -1;
	}
	if (extra && !cJSON_AddItemToObject(obj, key, extra)) {
		cJSON_Delete(extra);
		cJSON_Delete(obj);
		return -1;
	}
	if (o->record) {
		cJSON_Delete(o->obj);
		o->obj = obj;
		return 0;
	}
	text = bo_out_json_text(obj, false);
	cJSON_Delete(obj);
	if (!text)
		return -1;
	fputs(o->nrows == 0 ? "[\n" : ",\n", o->f);
	fputs(text, o->f);
	free(text);
	return 0;
}

int bo_out_row_extra(bo_out *o, const bo_cell *cells, const char *key,
		     cJSON *extra, bo_err *err)
{
	int rc = 0;

	switch (o->fmt) {
	case BO_FORMAT_TABLE:
		cJSON_Delete(extra);
		rc = table_row(o, cells);
		break;
	case BO_FORMAT_CSV:
		cJSON_Delete(extra);
		if (o->nrows == 0)
			rc = csv_line(o, NULL);
		if (rc == 0)
			rc = csv_line(o, cells);
		break;
	case BO_FORMAT_JSON:
		rc = json_row(o, cells, key, extra);
		break;
	}
	if (rc < 0)
		return nomem(err);
	o->nrows++;
	return 0;
}

int bo_out_row(bo_out *o, const bo_cell *cells, bo_err *err)
{
	return bo_out_row_extra(o, cells, NULL, NULL, err);
}

static void pad(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

/* Key/value lines of a single record. */
static void table_record(bo_out *o)
{
	size_t width = 0, c = 0;

	for (size_t i = 0; i < o->ncols; i++)
		if (shown(&o->cols[i], o->fmt) &&
		    strlen(o->cols[i].key) > width)
			width = strlen(o->cols[i].key);
	for (size_t i = 0; i < o->ncols && c < o->ncells; i++) {
		if (!shown(&o->cols[i], o->fmt))
			continue;
		fputs(o->cols[i].key, o->f);
		pad(o->f, width - strlen(o->cols[i].key) + 2);
		fputs(o->cells[c++], o->f);
		fputc('\n', o->f);
	}
}

static int table_write(bo_out *o)
{
	size_t nshown = 0, *width, k;

	for (size_t i = 0; i < o->ncols; i++)
		if (shown(&o->cols[i], o->fmt))
			nshown++;
	if (o->record) {
		table_record(o);
		return 0;
	}
	width = calloc(nshown ? nshown : 1, sizeof(*width));
	if (!width)
		return -1;
	k = 0;
	for (size_t i = 0; i < o->ncols; i++)
		if (shown(&o->cols[i], o->fmt))
			width[k++] = bo_term_width(o->cols[i].title);
	for (size_t c = 0; c < o->ncells; c++) {
		size_t w = bo_term_width(o->cells[c]);

		if (w > width[c % nshown])
			width[c % nshown] = w;
	}
	for (size_t r = 0; r <= o->nrows; r++) {
		k = 0;
		for (size_t i = 0; i < o->ncols; i++) {
			const char *text;
			size_t w;
			bool last = k + 1 == nshown;

			if (!shown(&o->cols[i], o->fmt))
				continue;
			text = r == 0 ? o->cols[i].title
				      : o->cells[(r - 1) * nshown + k];
			w = bo_term_width(text);
			if (k > 0)
				fputs("  ", o->f);
			if (o->cols[i].flags & BO_COL_RIGHT) {
				pad(o->f, width[k] - w);
				fputs(text, o->f);
			} else {
				fputs(text, o->f);
				if (!last)
					pad(o->f, width[k] - w);
			}
			k++;
		}
		fputc('\n', o->f);
	}
	free(width);
	return 0;
}

int bo_out_close(bo_out *o, int rc, int row_rc, const bo_err *row_err,
		 bo_err *err)
{
	if (row_rc < 0) {
		if (err && row_err)
			*err = *row_err;
		rc = row_rc;
	}
	if (rc == 0)
		rc = bo_out_end(o, err);
	bo_out_free(o);
	return rc;
}

int bo_out_end(bo_out *o, bo_err *err)
{
	int rc = 0;

	switch (o->fmt) {
	case BO_FORMAT_TABLE:
		rc = table_write(o);
		break;
	case BO_FORMAT_CSV:
		if (o->nrows == 0)
			rc = csv_line(o, NULL);
		break;
	case BO_FORMAT_JSON:
		if (o->record) {
			char *text = o->obj ? bo_out_json_text(o->obj, true)
					    : strdup("null");

			if (!text) {
				rc = -1;
				break;
			}
			fputs(text, o->f);
			fputc('\n', o->f);
			free(text);
		} else {
			fputs(o->nrows == 0 ? "[]\n" : "\n]\n", o->f);
		}
		break;
	}
	bo_out_free(o);
	return rc < 0 ? nomem(err) : 0;
}
