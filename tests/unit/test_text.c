/* The CSV field writer both CSV answers use (learners and the coverage matrix): quoting, doubled quotes,
 * formula characters defused, the row's end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "nx_text.h"

/* `text` written as one field, `last` or not; the caller frees. */
static char *field(const char *text, bool last)
{
    nx_buf out = {0};
    nx_buf_append_csv_field(&out, text, last);
    return nx_buf_take(&out);
}

static void fields_are_quoted_with_quotes_doubled_and_rows_end_in_crlf(void **state)
{
    (void)state;
    const struct {
        const char *text;
        bool last;
        const char *expected;
    } cases[] = {
        {"ana", false, "\"ana\","},
        {"say \"hi\"", true, "\"say \"\"hi\"\"\"\r\n"},
        {"", false, "\"\","},
        {NULL, true, "\"\"\r\n"},
        {"a,b", false, "\"a,b\","},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = field(cases[i].text, cases[i].last);
        assert_string_equal(got, cases[i].expected);
        free(got);
    }
}

/* A spreadsheet runs a cell starting with = + - @ (or a tab or CR before one) as a formula. */
static void a_leading_formula_character_is_defused(void **state)
{
    (void)state;
    const char *formulas[] = {"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"};
    for (size_t i = 0; i < sizeof formulas / sizeof formulas[0]; i++) {
        char *got = field(formulas[i], false);
        assert_int_equal(got[1], '\'');
        free(got);
    }
    char *inner = field("a=1", false);
    assert_string_equal(inner, "\"a=1\",");
    free(inner);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fields_are_quoted_with_quotes_doubled_and_rows_end_in_crlf),
        cmocka_unit_test(a_leading_formula_character_is_defused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
