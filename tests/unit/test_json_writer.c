/* The JSON writer's contract: its text is byte for byte what jansson's compact dump gives for the
 * same values (escapes, repaired UTF-8, reals), and commas land only between members and elements. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "json_writer.h"
#include "nx_text.h"

/* A jansson string of `text` repaired as the writer repairs it (invalid UTF-8 to U+FFFD). */
static json_t *repaired_string(const char *text)
{
    size_t len = strlen(text);
    if (nx_utf8_valid(text, len))
        return json_stringn(text, len);
    nx_buf repaired = {0};
    nx_utf8_sanitize(&repaired, text, len);
    json_t *value = repaired.failed ? NULL : json_stringn(repaired.data ? repaired.data : "", repaired.len);
    nx_buf_free(&repaired);
    return value;
}

/* jansson's compact text of {"k": text}, text repaired as the routes repair it. */
static char *jansson_object_text(const char *text)
{
    json_t *object = json_pack("{s:o}", "k", repaired_string(text));
    char *dumped = json_dumps(object, JSON_COMPACT);
    json_decref(object);
    return dumped;
}

static char *writer_object_text(const char *text)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_key(&w, "k");
    nx_jw_string(&w, text);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
}

static void strings_come_out_as_jansson_writes_them(void **state)
{
    (void)state;
    const char *texts[] = {
        "", "plain ascii", "quote \" and backslash \\ and slash /", "tab\tnewline\ncr\rbell\aesc\x1b del\x7f",
        "\b\f", "caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x9a\x80 \xe2\x80\xa8", "bad \xff byte", "cut \xe2\x80",
        "overlong \xc0\xaf", "surrogate \xed\xa0\x80", "<mark>x</mark> & y",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *expected = jansson_object_text(texts[i]);
        char *actual = writer_object_text(texts[i]);
        assert_non_null(expected);
        assert_non_null(actual);
        assert_string_equal(actual, expected);
        free(expected);
        free(actual);
    }
}

static void every_byte_below_0x80_is_escaped_as_jansson_does(void **state)
{
    (void)state;
    char text[2] = {0, 0};
    for (int c = 1; c < 0x80; c++) {
        text[0] = (char)c;
        char *expected = jansson_object_text(text);
        char *actual = writer_object_text(text);
        assert_string_equal(actual, expected);
        free(expected);
        free(actual);
    }
}

static void numbers_literals_and_nesting_match_a_jansson_tree(void **state)
{
    (void)state;
    const double reals[] = {0.0, 3.0, -2.5, 0.1, 12.345678901234567, 1e300, 1e-5, -3e-300, 4.9e-324, 1e21};
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
        json_t *tree = json_pack("{s:I,s:f,s:b,s:n,s:[s,{s:[]},i],s:{}}", "i", (json_int_t)-42, "r", reals[i],
                                 "b", 1, "n", "a", "x", "o", 7, "e");
        char *expected = json_dumps(tree, JSON_COMPACT);
        json_decref(tree);
        nx_json_writer_t w = {0};
        nx_jw_begin_object(&w);
        nx_jw_key(&w, "i");
        nx_jw_integer(&w, -42);
        nx_jw_key(&w, "r");
        nx_jw_real(&w, reals[i]);
        nx_jw_key(&w, "b");
        nx_jw_bool(&w, true);
        nx_jw_key(&w, "n");
        nx_jw_null(&w);
        nx_jw_key(&w, "a");
        nx_jw_begin_array(&w);
        nx_jw_string(&w, "x");
        nx_jw_begin_object(&w);
        nx_jw_key(&w, "o");
        nx_jw_begin_array(&w);
        nx_jw_end_array(&w);
        nx_jw_end_object(&w);
        nx_jw_integer(&w, 7);
        nx_jw_end_array(&w);
        nx_jw_key(&w, "e");
        nx_jw_begin_object(&w);
        nx_jw_end_object(&w);
        nx_jw_end_object(&w);
        char *actual = nx_jw_take(&w);
        assert_string_equal(actual, expected);
        free(expected);
        free(actual);
    }
}

static void a_missing_or_empty_text_is_null_where_asked_and_reals_that_are_not_numbers_too(void **state)
{
    (void)state;
    nx_json_writer_t w = {0};
    nx_jw_begin_array(&w);
    nx_jw_string_or_null(&w, NULL);
    nx_jw_string_or_null(&w, "");
    nx_jw_string_or_null(&w, "x");
    nx_jw_string(&w, NULL);
    nx_jw_real(&w, 1.0 / 0.0);
    nx_jw_string_n(&w, "abc", 2);
    nx_jw_end_array(&w);
    char *text = nx_jw_take(&w);
    assert_string_equal(text, "[null,null,\"x\",\"\",null,\"ab\"]");
    free(text);
    assert_null(w.out.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_come_out_as_jansson_writes_them),
        cmocka_unit_test(every_byte_below_0x80_is_escaped_as_jansson_does),
        cmocka_unit_test(numbers_literals_and_nesting_match_a_jansson_tree),
        cmocka_unit_test(a_missing_or_empty_text_is_null_where_asked_and_reals_that_are_not_numbers_too),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
