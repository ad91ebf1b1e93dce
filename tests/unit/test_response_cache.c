/* The response cache's contract: answers come back only for the same key at the same index
 * generation, the least recently used go first, and the bytes held never exceed the bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "response_cache.h"

static void an_answer_is_found_again_under_its_key_and_generation(void **state)
{
    (void)state;
    nx_response_cache_t *cache = nx_response_cache_new(1 << 20);
    nx_response_cache_put(cache, "/api/search\x1f" "1:q=6:docker", 7, "{\"hits\":[1]}");
    char *body = nx_response_cache_get(cache, "/api/search\x1f" "1:q=6:docker", 7);
    assert_non_null(body);
    assert_string_equal(body, "{\"hits\":[1]}");
    free(body);
    assert_null(nx_response_cache_get(cache, "/api/search\x1f" "1:q=5:redis", 7));
    nx_response_cache_free(cache);
}

static void an_answer_of_another_generation_is_never_served_and_is_dropped(void **state)
{
    (void)state;
    nx_response_cache_t *cache = nx_response_cache_new(1 << 20);
    nx_response_cache_put(cache, "k", 7, "old");
    assert_null(nx_response_cache_get(cache, "k", 8));
    assert_int_equal(nx_response_cache_entries(cache), 0);
    assert_int_equal(nx_response_cache_bytes(cache), 0);
    assert_null(nx_response_cache_get(cache, "k", 7));
    nx_response_cache_free(cache);
}

static void bytes_held_stay_within_the_bound_and_the_least_recently_used_go_first(void **state)
{
    (void)state;
    const size_t bound = 64 * 1024;
    nx_response_cache_t *cache = nx_response_cache_new(bound);
    char body[4000];
    memset(body, 'x', sizeof body - 1);
    body[sizeof body - 1] = '\0';
    nx_response_cache_put(cache, "first", 1, body);
    char key[32];
    for (int i = 0; i < 200; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        nx_response_cache_put(cache, key, 1, body);
        /* "first" is read after every put, so it is never the least recently used. */
        free(nx_response_cache_get(cache, "first", 1));
        assert_true(nx_response_cache_bytes(cache) <= bound);
    }
    assert_true(nx_response_cache_entries(cache) >= 10);
    char *kept = nx_response_cache_get(cache, "first", 1);
    assert_non_null(kept);
    free(kept);
    assert_null(nx_response_cache_get(cache, "key-0", 1));
    kept = nx_response_cache_get(cache, "key-199", 1);
    assert_non_null(kept);
    free(kept);
    nx_response_cache_free(cache);
}

static void an_answer_larger_than_an_eighth_of_the_bound_is_not_kept(void **state)
{
    (void)state;
    nx_response_cache_t *cache = nx_response_cache_new(8 * 1024);
    char big[2000];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    nx_response_cache_put(cache, "big", 1, big);
    assert_null(nx_response_cache_get(cache, "big", 1));
    assert_int_equal(nx_response_cache_bytes(cache), 0);
    nx_response_cache_free(cache);
}

static void a_zero_bound_means_no_cache_and_every_call_accepts_it(void **state)
{
    (void)state;
    nx_response_cache_t *cache = nx_response_cache_new(0);
    assert_null(cache);
    nx_response_cache_put(cache, "k", 1, "v");
    assert_null(nx_response_cache_get(cache, "k", 1));
    nx_response_cache_free(cache);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_answer_is_found_again_under_its_key_and_generation),
        cmocka_unit_test(an_answer_of_another_generation_is_never_served_and_is_dropped),
        cmocka_unit_test(bytes_held_stay_within_the_bound_and_the_least_recently_used_go_first),
        cmocka_unit_test(an_answer_larger_than_an_eighth_of_the_bound_is_not_kept),
        cmocka_unit_test(a_zero_bound_means_no_cache_and_every_call_accepts_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
