/* Specification of url redaction: what of a url may appear in logs, reports, the index and a
 * mirror's config, and what never may. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "redact.h"

static void expect_redacted(const char *url, const char *shown)
{
    char *got = url_redacted(url);
    assert_non_null(got);
    assert_string_equal(got, shown);
    free(got);
}

static void https_user_and_password_are_both_hidden(void **state)
{
    (void)state;
    expect_redacted("https://ana:ghp_s3cret@github.com/ana/alx-project-nexus",
                    "https://***@github.com/ana/alx-project-nexus");
}

static void a_token_used_as_https_user_name_is_hidden(void **state)
{
    (void)state;
    expect_redacted("https://ghp_s3cret@github.com/ana/repo", "https://***@github.com/ana/repo");
    expect_redacted("HTTP://tok@example.org:8080/x?y=1", "HTTP://***@example.org:8080/x?y=1");
}

static void an_at_sign_in_the_path_or_query_is_not_userinfo(void **state)
{
    (void)state;
    expect_redacted("https://github.com/ana/repo@v1", "https://github.com/ana/repo@v1");
    expect_redacted("https://example.org/x?mail=a@b", "https://example.org/x?mail=a@b");
}

static void a_password_in_userinfo_with_at_signs_is_hidden_to_the_last_at(void **state)
{
    (void)state;
    expect_redacted("https://ana:p@ss@host/x", "https://***@host/x");
}

static void other_schemes_keep_the_user_name_and_hide_the_password(void **state)
{
    (void)state;
    expect_redacted("ssh://git@github.com/a/repo", "ssh://git@github.com/a/repo");
    expect_redacted("ftp://ana:pw@host/x", "ftp://ana:***@host/x");
}

static void local_paths_and_scp_addresses_are_unchanged(void **state)
{
    (void)state;
    expect_redacted("/srv/git/ana.git", "/srv/git/ana.git");
    expect_redacted("git@github.com:ana/repo.git", "git@github.com:ana/repo.git");
    expect_redacted("/tmp/a://b@c", "/tmp/a://b@c");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(https_user_and_password_are_both_hidden),
        cmocka_unit_test(a_token_used_as_https_user_name_is_hidden),
        cmocka_unit_test(an_at_sign_in_the_path_or_query_is_not_userinfo),
        cmocka_unit_test(a_password_in_userinfo_with_at_signs_is_hidden_to_the_last_at),
        cmocka_unit_test(other_schemes_keep_the_user_name_and_hide_the_password),
        cmocka_unit_test(local_paths_and_scp_addresses_are_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
