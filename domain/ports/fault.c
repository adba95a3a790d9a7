/* Test-only fault injection for the port wrappers (see fault.h). */
#include "fault.h"

#include <stdio.h>
#include <string.h>

bool bo_fault_armed;

static struct {
	char op[64];
	long nth, times, calls, fired;
	int status;
} armed;

void bo_fault_arm(const char *op, long nth, long times, int status)
{
	memset(&armed, 0, sizeof(armed));
	snprintf(armed.op, sizeof(armed.op), "%s", op ? op : "");
	armed.nth = nth;
	armed.times = times;
	armed.status = status;
	bo_fault_armed = op && *op && status < 0 && times != 0;
}

void bo_fault_disarm(void)
{
	bo_fault_armed = false;
}

long bo_fault_calls(void)
{
	return armed.calls;
}

long bo_fault_fired(void)
{
	return armed.fired;
}

int bo_fault_check(const char *op, bo_err *err)
{
	if (!bo_fault_armed || strcmp(op, armed.op) != 0)
		return 0;
	armed.calls++;
	if (armed.calls < armed.nth ||
	    (armed.times > 0 && armed.calls >= armed.nth + armed.times))
		return 0;
	armed.fired++;
	return bo_err_set(err, armed.status, "injected failure of %s", op);
}
