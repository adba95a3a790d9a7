/* The status table: messages and exit statuses, and the error detail helpers. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>

const char *bo_status_text(int status)
{
	switch (status) {
#define BO_X(name, value, exit_status, text)                                   \
	case value:                                                            \
		return text;
		BO_STATUS_TABLE(BO_X)
#undef BO_X
	}
	return "unknown error";
}

int bo_status_exit(int status)
{
	switch (status) {
#define BO_X(name, value, exit_status, text)                                   \
	case value:                                                            \
		return exit_status;
		BO_STATUS_TABLE(BO_X)
#undef BO_X
	}
	return 1;
}

int bo_err_set(bo_err *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		err->code = code;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

void bo_err_clear(bo_err *err)
{
	if (err) {
		err->code = BO_OK;
		err->msg[0] = '\0';
	}
}
