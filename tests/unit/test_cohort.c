/* Specification of the cohort file format, run against cohort_parse() on text
 * and cohort_load() on a real file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cohort.h"

/* Every message the parser reported, in order. */
typedef struct reports {
    char *messages[16];
    size_t count;
} reports;

static void collect(void *ctx, const char *message)
{
    reports *r = ctx;
    assert_true(r->count < 16);
    r->messages[r->count++] = strdup(message);
}

static void reports_free(reports *r)
{
    for (size_t i = 0; i < r->count; i++) free(r->messages[i]);
    r->count = 0;
}

static int parse(const char *text, const char *tmpl, cohort *c, reports *r)
{
    return cohort_parse(text, strlen(text), "cohort.tsv", tmpl, c, collect, r);
}

static void header_comments_and_blank_lines_are_skipped(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    assert_int_equal(parse("# learners of cohort 3\n"
                           "Learner\tURL\tCohort\n"
                           "\n"
                           "   \n"
                           "  # indented comment\n"
                           "ana\thttps://example.org/ana/repo\n",
                           NULL, &c, &r),
                     0);
    assert_int_equal(r.count, 0);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.entries[0].learner, "ana");
    assert_string_equal(c.entries[0].url, "https://example.org/ana/repo");
    assert_string_equal(c.entries[0].cohort, "");
    assert_int_equal(c.entries[0].line, 6);
    cohort_free(&c);
}

static void learner_line_after_content_is_not_a_header(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    assert_int_equal(parse("ana\n"
                           "learner\n",
                           NULL, &c, &r),
                     0);
    assert_int_equal(c.count, 2);
    assert_string_equal(c.entries[1].learner, "learner");
    cohort_free(&c);
}

static void third_column_is_the_cohort_and_fields_are_trimmed(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    assert_int_equal(parse("  bo  \t /srv/git/bo.git \t Cohort 7 \n", NULL, &c, &r), 0);
    assert_int_equal(r.count, 0);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.entries[0].learner, "bo");
    assert_string_equal(c.entries[0].url, "/srv/git/bo.git");
    assert_string_equal(c.entries[0].cohort, "Cohort 7");
    cohort_free(&c);
}

static void name_only_line_uses_the_default_github_url(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    assert_int_equal(parse("ana\nbo\t\tcohort-2\n", NULL, &c, &r), 0);
    assert_int_equal(c.count, 2);
    assert_string_equal(c.entries[0].url, "https://github.com/ana/alx-project-nexus");
    assert_string_equal(c.entries[1].url, "https://github.com/bo/alx-project-nexus");
    assert_string_equal(c.entries[1].cohort, "cohort-2");
    cohort_free(&c);
}

static void custom_template_replaces_every_placeholder(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    assert_int_equal(parse("ana\n", "https://git.example.org/{learner}/{learner}-nexus", &c, &r), 0);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.entries[0].url, "https://git.example.org/ana/ana-nexus");
    cohort_free(&c);
}

static void crlf_line_endings_are_accepted(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    assert_int_equal(parse("learner\turl\r\nana\thttps://example.org/a\tc1\r\nbo\r\n", NULL, &c, &r), 0);
    assert_int_equal(r.count, 0);
    assert_int_equal(c.count, 2);
    assert_string_equal(c.entries[0].url, "https://example.org/a");
    assert_string_equal(c.entries[0].cohort, "c1");
    assert_string_equal(c.entries[1].learner, "bo");
    assert_string_equal(c.entries[1].url, "https://github.com/bo/alx-project-nexus");
    cohort_free(&c);
}

static void malformed_lines_are_reported_with_line_numbers_and_skipped(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    char long_name[102];
    memset(long_name, 'a', 101);
    long_name[101] = '\0';
    char text[512];
    snprintf(text, sizeof text,
             "ana\n"                                   /* 1 */
             "b@d\thttps://example.org/x\n"            /* 2 */
             "\thttps://example.org/nobody\n"          /* 3 */
             "cy\thttps://example.org/c\tc1\textra\n"  /* 4 */
             "dee https://example.org/d\n"             /* 5 */
             "%s\n"                                    /* 6 */
             "eve\thttps://example.org/e\tc1\t\t\n",  /* 7: trailing empty columns are fine */
             long_name);
    assert_int_equal(parse(text, NULL, &c, &r), 0);
    assert_int_equal(r.count, 5);
    assert_string_equal(r.messages[0],
                        "cohort.tsv:2: learner 'b@d' is not a GitHub login (letters, digits, '-', '_', '.'); "
                        "line skipped");
    assert_string_equal(r.messages[1], "cohort.tsv:3: no learner name in the first column; line skipped");
    assert_string_equal(r.messages[2],
                        "cohort.tsv:4: too many columns (expected learner, url, cohort); line skipped");
    assert_string_equal(r.messages[3],
                        "cohort.tsv:5: learner 'dee https://example.org/d' is not a GitHub login "
                        "(columns are separated by tabs); line skipped");
    assert_non_null(strstr(r.messages[4], "cohort.tsv:6: learner 'aaaa"));
    assert_non_null(strstr(r.messages[4], "is longer than 100 characters; line skipped"));
    assert_int_equal(c.count, 2);
    assert_string_equal(c.entries[0].learner, "ana");
    assert_string_equal(c.entries[1].learner, "eve");
    assert_int_equal(c.entries[1].line, 7);
    reports_free(&r);
    cohort_free(&c);
}

static void duplicate_learner_is_fatal_and_names_both_lines(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    assert_int_equal(parse("# cohort\nana\nbo\nAna\thttps://example.org/ana\n", NULL, &c, &r), -1);
    assert_int_equal(r.count, 1);
    assert_string_equal(r.messages[0], "cohort.tsv:4: duplicate learner 'Ana' (first on line 2)");
    assert_int_equal(c.count, 0);
    assert_null(c.entries);
    reports_free(&r);
}

static void urls_other_than_https_or_local_paths_are_rejected(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    assert_int_equal(parse("a1\tssh://git@github.com/a1/repo\n"
                           "a2\tgit@github.com:a2/repo.git\n"
                           "a3\tfile:///srv/a3.git\n"
                           "a4\thttp://example.org/a4\n"
                           "a5\t--upload-pack=touch /tmp/pwned\n"
                           "a6\thttps://example.org/a6\n"
                           "a7\t/srv/git/a7.git\n"
                           "a8\trepos/a8.git\n",
                           NULL, &c, &r),
                     0);
    assert_int_equal(r.count, 5);
    assert_string_equal(r.messages[0], "cohort.tsv:1: url scheme is not supported (only https:// or a local "
                                       "path): 'ssh://git@github.com/a1/repo'; line skipped");
    assert_string_equal(r.messages[1], "cohort.tsv:2: url looks like an ssh address (only https:// or a local "
                                       "path): 'git@github.com:a2/repo.git'; line skipped");
    assert_non_null(strstr(r.messages[2], "cohort.tsv:3: url scheme is not supported"));
    assert_non_null(strstr(r.messages[3], "cohort.tsv:4: url scheme is not supported"));
    assert_string_equal(r.messages[4],
                        "cohort.tsv:5: url must not start with '-': '--upload-pack=touch /tmp/pwned'; line skipped");
    assert_int_equal(c.count, 3);
    assert_string_equal(c.entries[0].learner, "a6");
    assert_string_equal(c.entries[1].learner, "a7");
    assert_string_equal(c.entries[2].url, "repos/a8.git"); /* resolved only by cohort_load */
    reports_free(&r);
    cohort_free(&c);
}

static void a_rejected_url_is_reported_without_its_password(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    assert_int_equal(parse("a9\tftp://ana:s3cret@example.org/a9\n", NULL, &c, &r), 0);
    assert_int_equal(r.count, 1);
    assert_null(strstr(r.messages[0], "s3cret"));
    assert_non_null(strstr(r.messages[0], "'ftp://ana:***@example.org/a9'"));
    reports_free(&r);
    cohort_free(&c);
}

static void load_resolves_relative_paths_against_the_cohort_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_cohort.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/cohort.tsv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("learner\turl\nana\trepos/ana.git\nbo\t./bo.git\ncy\t/abs/cy.git\n", f);
    fclose(f);

    cohort c;
    reports r = {0};
    assert_int_equal(cohort_load(path, NULL, &c, collect, &r), 0);
    assert_int_equal(r.count, 0);
    assert_int_equal(c.count, 3);
    char *real_dir = realpath(dir, NULL);
    char want[512];
    snprintf(want, sizeof want, "%s/repos/ana.git", real_dir);
    assert_string_equal(c.entries[0].url, want);
    snprintf(want, sizeof want, "%s/bo.git", real_dir);
    assert_string_equal(c.entries[1].url, want);
    assert_string_equal(c.entries[2].url, "/abs/cy.git");
    cohort_free(&c);
    free(real_dir);
    unlink(path);
    rmdir(dir);
}

static void load_reports_an_unreadable_file(void **state)
{
    (void)state;
    cohort c;
    reports r = {0};
    assert_int_equal(cohort_load("/nonexistent/cohort.tsv", NULL, &c, collect, &r), -1);
    assert_int_equal(r.count, 1);
    assert_string_equal(r.messages[0], "/nonexistent/cohort.tsv: cannot read: No such file or directory");
    assert_int_equal(c.count, 0);
    reports_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_comments_and_blank_lines_are_skipped),
        cmocka_unit_test(learner_line_after_content_is_not_a_header),
        cmocka_unit_test(third_column_is_the_cohort_and_fields_are_trimmed),
        cmocka_unit_test(name_only_line_uses_the_default_github_url),
        cmocka_unit_test(custom_template_replaces_every_placeholder),
        cmocka_unit_test(crlf_line_endings_are_accepted),
        cmocka_unit_test(malformed_lines_are_reported_with_line_numbers_and_skipped),
        cmocka_unit_test(duplicate_learner_is_fatal_and_names_both_lines),
        cmocka_unit_test(urls_other_than_https_or_local_paths_are_rejected),
        cmocka_unit_test(a_rejected_url_is_reported_without_its_password),
        cmocka_unit_test(load_resolves_relative_paths_against_the_cohort_folder),
        cmocka_unit_test(load_reports_an_unreadable_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
