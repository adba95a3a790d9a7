/* The event codec port over the JSON codec: the decoding layer every backend shares. */
#include <stdlib.h>

#include "adapters/json/codec.h"

static int jc_encode(void *self, const bo_event *e, char **metadata,
		     char **payload, int *schema_version, bo_err *err)
{
	int rc;

	(void)self;
	*metadata = *payload = NULL;
	if ((rc = bo_json_encode_meta(metadata, &e->meta, err)) < 0 ||
	    (rc = bo_json_encode_payload(payload, e, err)) < 0) {
		free(*metadata);
		*metadata = NULL;
		return rc;
	}
	/* the version of the payload text as written, not as the caller
	 * labelled it */
	*schema_version = bo_json_payload_schema(e);
	return BO_OK;
}

static int jc_decode(void *self, const char *type_name, int schema_version,
		     const char *metadata, const char *payload, bo_event *e,
		     bo_err *err)
{
	int rc;

	(void)self;
	if ((rc = bo_json_decode_payload(e, type_name, schema_version, payload,
					 err)) < 0)
		return rc;
	return bo_json_decode_meta(&e->meta, metadata, err);
}

static const bo_event_codec_ops json_codec_ops = {
    .version = BO_EVENT_CODEC_OPS_VERSION,
    .encode = jc_encode,
    .decode = jc_decode,
};

bo_event_codec bo_json_event_codec(void)
{
	return (bo_event_codec){&json_codec_ops, NULL};
}
