/* Unit tests of the thesaurus parser (shim/thesaurus.h): keys are compared after stemming, and a key's
 * expansions are listed once each however many of its inflections the line names. */
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <setjmp.h>
#include <string>
#include <vector>

extern "C" {
#include <cmocka.h>
}

#include "thesaurus.h"

namespace {

void inflections_of_one_key_list_each_expansion_once(void **)
{
    const nx_shim::Thesaurus thesaurus("# a comment\n"
                                       "fetch|fetching|fetches|fetch data\taxios|api calls\n"
                                       "broken line without a tab\n");
    const std::vector<std::string> *found = thesaurus.expansions("fetching");
    assert_non_null(found);
    assert_int_equal(found->size(), 2);
    assert_string_equal((*found)[0].c_str(), "axios");
    assert_string_equal((*found)[1].c_str(), "api calls");
    assert_non_null(thesaurus.expansions("fetched data")); /* "fetch data" after stemming */
    assert_null(thesaurus.expansions("broken line without a tab"));
}

void a_key_on_two_lines_gets_both_lines_expansions_once(void **)
{
    const nx_shim::Thesaurus thesaurus("deploy|deploying\tgunicorn|heroku\n"
                                       "deploy\theroku|render\n");
    const std::vector<std::string> *found = thesaurus.expansions("deploy");
    assert_non_null(found);
    assert_int_equal(found->size(), 3); /* gunicorn, heroku, render */
}

void key_words_are_known_after_stemming_and_expansions_are_not(void **)
{
    const nx_shim::Thesaurus thesaurus("blind users|screen reader\taccessibility|aria\n");
    assert_true(thesaurus.has_key_word("blind"));
    assert_true(thesaurus.has_key_word("readers")); /* "reader" after stemming */
    assert_false(thesaurus.has_key_word("accessibility"));
    assert_false(thesaurus.has_key_word("deaf"));
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inflections_of_one_key_list_each_expansion_once),
        cmocka_unit_test(a_key_on_two_lines_gets_both_lines_expansions_once),
        cmocka_unit_test(key_words_are_known_after_stemming_and_expansions_are_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
