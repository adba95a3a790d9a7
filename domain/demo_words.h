/* Inside the demo generator: its seeded randomness, customers and the words its staff write. */
#ifndef BO_DEMO_WORDS_H
#define BO_DEMO_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64: a tiny state, so every open order can carry its own stream. */
typedef struct bo_demo_rng {
	uint64_t s;
} bo_demo_rng;

uint64_t bo_demo_next(bo_demo_rng *p);
/* A stream of its own for each (seed, purpose, index): what one stream
 * draws never shifts another's, so the parts of a run stay independent. */
bo_demo_rng bo_demo_stream(uint64_t seed, uint64_t purpose, uint64_t index);
/* Uniform in [0, n), without modulo bias. n > 0. */
uint64_t bo_demo_below(bo_demo_rng *p, uint64_t n);

/* A list of things staff write, of which one is picked at random. */
typedef struct bo_demo_words {
	const char *const *w;
	size_t n;
} bo_demo_words;

const char *bo_demo_pick(bo_demo_rng *p, const bo_demo_words *w);

extern const bo_demo_words bo_demo_fail_reasons;
extern const bo_demo_words bo_demo_cancel_unpaid_reasons;
extern const bo_demo_words bo_demo_cancel_after_failure;
extern const bo_demo_words bo_demo_cancel_paid_reasons;
extern const bo_demo_words bo_demo_goodwill_reasons;
extern const bo_demo_words bo_demo_notes_before_shipping;
extern const bo_demo_words bo_demo_notes_after_shipping;
extern const bo_demo_words bo_demo_notes_after_cancelling;

/* A carrier and the shape of its tracking codes (D: a digit, A: a capital). */
typedef struct bo_demo_carrier {
	const char *name, *pattern;
} bo_demo_carrier;

extern const bo_demo_carrier bo_demo_carriers[];
extern const size_t bo_demo_ncarriers;

/* A customer: generated names, addresses at reserved example domains. */
typedef struct bo_demo_customer {
	char email[128];
	char name[96];
} bo_demo_customer;

/* Customer number c: always the same person for the same seed. */
void bo_demo_customer_make(bo_demo_customer *out, uint64_t seed, uint64_t c);

#endif
