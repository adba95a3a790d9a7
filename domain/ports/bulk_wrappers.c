/* The product repository port's bulk records: checked calls into the backend's optional ops. */
#include <assert.h>
#include <string.h>

#include "fault.h"
#include "product_repo.h"

/* A backend without the bulk records. */
static int no_bulks(bo_err *err)
{
	return bo_err_set(err, BO_ESTORAGE,
			  "this store does not keep bulk actions");
}

int bo_product_repo_bulk_put(const bo_product_repo *r, const bo_bulk_record *b,
			     bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && b && b->id);
	return r->ops->bulk_put ? r->ops->bulk_put(r->self, b, err)
				: no_bulks(err);
}

int bo_product_repo_bulk_get(const bo_product_repo *r, const char *id,
			     bo_bulk_record *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && id && out);
	memset(out, 0, sizeof(*out));
	return r->ops->bulk_get ? r->ops->bulk_get(r->self, id, out, err)
				: no_bulks(err);
}

int bo_product_repo_bulk_list(const bo_product_repo *r, int64_t limit,
			      bo_bulk_each_fn each, void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && each);
	return r->ops->bulk_list
		   ? r->ops->bulk_list(r->self, limit, each, ctx, err)
		   : no_bulks(err);
}

int bo_product_repo_bulk_set_undone(const bo_product_repo *r, const char *id,
				    const char *by, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && id && by);
	return r->ops->bulk_set_undone
		   ? r->ops->bulk_set_undone(r->self, id, by, err)
		   : no_bulks(err);
}
