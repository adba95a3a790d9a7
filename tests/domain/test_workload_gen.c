/* The benchmark workload's generator: sha256 itself, the first orders' text, a small N's pinned hashes and the fold read back from JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "tests/support/sha256.h"
#include "tests/support/workload_gen.h"

/* Pinned once from this generator after it matched the spec's 20,000 and
 * 100,000 order values (data/bench/); the bench checks those big ones. */
#define SMALL_N 200
#define SMALL_EVENTS 806
#define SMALL_BYTES 218563
#define SMALL_SHA                                                              \
	"ee152e061dc2ae9256a1648922eade0ec7f68c99bb069b718cde1132eba01e30"
#define SMALL_DIGEST "0945b4194cbd260e"

static void sha256_matches_the_standard_vectors(void **state)
{
	static const char two_blocks[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[65];
	bo_sha256 s;

	(void)state;
	bo_sha256_text("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b"
				 "934ca495991b7852b855");
	bo_sha256_text("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a39617"
				 "7a9cb410ff61f20015ad");
	/* fed in odd pieces, across the block boundary */
	bo_sha256_init(&s);
	for (size_t i = 0; i < sizeof(two_blocks) - 1; i += 5)
		bo_sha256_update(&s, two_blocks + i,
				 sizeof(two_blocks) - 1 - i < 5
				     ? sizeof(two_blocks) - 1 - i
				     : 5);
	bo_sha256_hex(&s, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff"
				 "2167f6ecedd419db06c1");
}

static void the_catalog_follows_its_formulas(void **state)
{
	char sku[16], name[32];

	(void)state;
	wl_catalog_sku(0, sku);
	wl_catalog_name(0, name);
	assert_string_equal(sku, "SKU-00001");
	assert_string_equal(name, "Classic Kettle");
	assert_int_equal(wl_catalog_price(0), 199 + 7919);
	wl_catalog_sku(49, sku);
	wl_catalog_name(49, name);
	assert_string_equal(sku, "SKU-00050");
	assert_string_equal(name, "Sturdy Toaster");
	assert_int_equal(wl_catalog_price(49), 199 + (50 * 7919) % 9800);
}

static void the_first_order_is_the_specs(void **state)
{
	char data[WL_DATA_MAX];
	wl_workload w;

	(void)state;
	assert_int_equal(wl_generate(&w, 3), 0);
	/* the spec's example line starts so */
	wl_render_data(&w.orders[0], 0, data);
	assert_true(!strncmp(data, "{\"orderId\":1,\"customerId\":\"cust-00495\"",
			     37));
	/* order i is placed 30 s after order i - 1; the first event of the
	 * global order is order 1's placement */
	assert_int_equal(w.orders[0].placed_at, 1704067200);
	assert_int_equal(w.orders[2].placed_at, 1704067260);
	assert_int_equal(w.events[0].order, 1);
	assert_int_equal(w.events[0].type, WL_PLACED);
	for (size_t k = 1; k < w.nevents; k++)
		assert_true(w.events[k - 1].at <= w.events[k].at);
	for (int i = 0; i < 3; i++) {
		assert_true(w.orders[i].nlines >= 2 && w.orders[i].nlines <= 4);
		assert_true(w.orders[i].nevents >= 3 &&
			    w.orders[i].nevents <= 5);
	}
	wl_free(&w);
}

static void a_small_workload_hashes_as_pinned(void **state)
{
	char hex[65], digest[17];
	uint64_t bytes;
	wl_workload w;
	wl_fold f;

	(void)state;
	assert_int_equal(wl_generate(&w, SMALL_N), 0);
	assert_int_equal(w.nevents, SMALL_EVENTS);
	wl_file_sha256(&w, hex, &bytes);
	assert_int_equal(bytes, SMALL_BYTES);
	assert_string_equal(hex, SMALL_SHA);
	wl_fold_init(&f);
	wl_fold_workload(&w, &f);
	assert_false(f.failed);
	wl_fold_digest(&f, digest, NULL, 0);
	assert_string_equal(digest, SMALL_DIGEST);
	wl_fold_free(&f);
	wl_free(&w);
}

/* What a store hands back is the data text, maybe respaced and reordered
 * (PostgreSQL's jsonb): the fold reads it to the same digest. */
static void the_fold_of_the_json_text_is_the_same(void **state)
{
	char data[WL_DATA_MAX], spaced[2 * WL_DATA_MAX], digest[17];
	wl_workload w;
	wl_fold f;

	(void)state;
	assert_int_equal(wl_generate(&w, SMALL_N), 0);
	wl_fold_init(&f);
	for (size_t k = 0; k < w.nevents; k++) {
		const wl_event *e = &w.events[k];
		size_t n = 0;

		wl_render_data(wl_order_of(&w, e), e->seq, data);
		for (const char *p = data; *p; p++) {
			spaced[n++] = *p;
			if (*p == ':' || *p == ',')
				spaced[n++] = ' ';
		}
		spaced[n] = '\0';
		wl_fold_json(&f, (wl_type)e->type, k % 2 ? spaced : data);
	}
	assert_false(f.failed);
	assert_int_equal(f.events, SMALL_EVENTS);
	wl_fold_digest(&f, digest, NULL, 0);
	assert_string_equal(digest, SMALL_DIGEST);
	wl_fold_free(&f);
	wl_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sha256_matches_the_standard_vectors),
	    cmocka_unit_test(the_catalog_follows_its_formulas),
	    cmocka_unit_test(the_first_order_is_the_specs),
	    cmocka_unit_test(a_small_workload_hashes_as_pinned),
	    cmocka_unit_test(the_fold_of_the_json_text_is_the_same),
	};

	return cmocka_run_group_tests_name("workload_gen", tests, NULL, NULL);
}
