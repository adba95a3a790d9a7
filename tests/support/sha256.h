/* SHA-256 (FIPS 180-4) for the tests and benchmarks: streaming and one-shot, hex output. */
#ifndef BO_TEST_SHA256_H
#define BO_TEST_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct bo_sha256 {
	uint32_t h[8];
	uint64_t total; /* bytes hashed so far */
	unsigned char block[64];
	size_t used; /* bytes waiting in block */
} bo_sha256;

void bo_sha256_init(bo_sha256 *s);
void bo_sha256_update(bo_sha256 *s, const void *data, size_t n);
/* Finishes s and writes the digest as 64 lowercase hex digits + NUL. */
void bo_sha256_hex(bo_sha256 *s, char out[65]);
/* One call: the hex digest of data. */
void bo_sha256_text(const void *data, size_t n, char out[65]);

#endif
