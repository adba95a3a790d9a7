/* Test hooks of the event codec, for the fuzz targets and unit tests only. */
#ifndef BO_JSON_CODEC_INTERNAL_H
#define BO_JSON_CODEC_INTERNAL_H

#include <stdbool.h>

/*
 * Turns the hand-written fast path of bo_json_decode_payload and
 * bo_json_decode_meta off (false) or back on (true, the default), so a test
 * can read the same text through both readers and compare. Process-wide and
 * not thread-safe: the application never calls it.
 */
void bo_json_codec_set_fast_path(bool on);

#endif
