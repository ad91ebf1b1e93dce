/* Specification of challenge/solution extraction (indexer/analysis.h): labelled lines, bold and
 * numbered items, arrows, sub-headings and tables, each as the corpus writes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "analysis.h"

typedef struct extracted {
    md_sections sections;
    challenge_pairs pairs;
} extracted;

static extracted extract(const char *markdown)
{
    extracted e;
    assert_int_equal(md_sections_split(markdown, strlen(markdown), NULL, &e.sections), 0);
    assert_int_equal(analysis_extract_challenges(&e.sections, &e.pairs), 0);
    return e;
}

static void release(extracted *e)
{
    challenge_pairs_free(&e->pairs);
    md_sections_free(&e->sections);
}

static void assert_pair(const extracted *e, size_t i, const char *challenge, const char *solution)
{
    if (i >= e->pairs.count)
        fail_msg("only %zu pairs, wanted pair %zu", e->pairs.count, i);
    assert_string_equal(e->pairs.items[i].challenge, challenge);
    assert_string_equal(e->pairs.items[i].solution, solution);
}

static void challenge_and_solution_lines_make_a_pair(void **state)
{
    (void)state;
    extracted e = extract("## Challenges\n\nChallenge: Slow queries on the feed.\nSolution: Added indexes.\n\n"
                          "> Problem: Webhooks arrived twice.\n> Fix: Idempotency keys.\n\n"
                          "Issue: Tokens expired mid-session.\n\nResolution: Refresh tokens.\n");
    assert_int_equal(e.pairs.count, 3);
    assert_pair(&e, 0, "Slow queries on the feed.", "Added indexes.");
    assert_pair(&e, 1, "Webhooks arrived twice.", "Idempotency keys.");
    assert_pair(&e, 2, "Tokens expired mid-session.", "Refresh tokens.");
    release(&e);
}

static void bold_labels_in_list_items_make_pairs(void **state)
{
    (void)state;
    extracted e = extract("### Challenges & Solutions\n"
                          "- **Challenge:** Understanding advanced Next.js concepts  \n"
                          "  **Solution:** Built small sample projects\n"
                          "- **Challenge:** Managing complex UI states  \n"
                          "  **Solution:** Used Zustand\n");
    assert_int_equal(e.pairs.count, 2);
    assert_pair(&e, 0, "Understanding advanced Next.js concepts", "Built small sample projects");
    assert_pair(&e, 1, "Managing complex UI states", "Used Zustand");
    release(&e);
}

static void labels_on_one_line_are_split(void **state)
{
    (void)state;
    extracted e = extract("Notes\n\n- **Challenge:** CORS errors **Solution:** django-cors-headers\n");
    assert_int_equal(e.pairs.count, 1);
    assert_pair(&e, 0, "CORS errors", "django-cors-headers");
    release(&e);
}

static void a_solution_runs_on_through_the_list_that_follows_it(void **state)
{
    (void)state;
    extracted e = extract("## Challenges\n\n### Challenge 1: API Performance\n"
                          "**Problem**: Slow responses.\n**Solution**:\n- Redis caching\n- select_related\n\n"
                          "### Challenge 2: Traffic\n**Problem**: Spikes.\n**Solution**: Celery workers.\n");
    assert_int_equal(e.pairs.count, 2);
    assert_pair(&e, 0, "API Performance: Slow responses.", "Redis caching select_related");
    assert_pair(&e, 1, "Traffic: Spikes.", "Celery workers.");
    release(&e);
}

static void numbered_bold_items_take_an_italic_solution_label(void **state)
{
    (void)state;
    extracted e = extract("## \xE2\x9A\xA1 Challenges & Solutions\n"
                          "1. **Complex database relationships**  \n   *Solution:* Applied Django ORM.\n\n"
                          "2. **Performance bottlenecks**  \n   *Solution:* Introduced caching (Redis).\n");
    assert_int_equal(e.pairs.count, 2);
    assert_pair(&e, 0, "Complex database relationships", "Applied Django ORM.");
    assert_pair(&e, 1, "Performance bottlenecks", "Introduced caching (Redis).");
    release(&e);
}

static void titled_items_and_arrows_pair_up_only_in_challenge_sections(void **state)
{
    (void)state;
    extracted e = extract("## Challenges faced\n\n"
                          "- **Dockerizing apps**: I struggled with networking and fixed it with compose.\n"
                          "- **Learning Curve**  \n  Tackled it one concept at a time.\n"
                          "* Tackling slow queries \xE2\x86\x92 I learned to optimize ORM queries\n\n"
                          "## Best Practices\n\n- **Security First**: sanitize inputs.\n- Tests \xE2\x86\x92 early\n");
    assert_int_equal(e.pairs.count, 3);
    assert_pair(&e, 0, "Dockerizing apps", "I struggled with networking and fixed it with compose.");
    assert_pair(&e, 1, "Learning Curve", "Tackled it one concept at a time.");
    assert_pair(&e, 2, "Tackling slow queries", "I learned to optimize ORM queries");
    release(&e);
}

static void a_challenge_heading_pairs_with_a_solution_sub_heading(void **state)
{
    (void)state;
    extracted e = extract("# Journey\n\n## Challenge: Flaky payments\n\nChapa callbacks timed out.\n\n"
                          "### Solution\n\nQueued them in Celery.\n\nAnd retried with backoff.\n\n## Next\n\nText.\n");
    assert_int_equal(e.pairs.count, 1);
    assert_pair(&e, 0, "Flaky payments Chapa callbacks timed out.", "Queued them in Celery. And retried with backoff.");
    assert_int_equal(e.pairs.items[0].section, 1);
    release(&e);
}

static void sub_headings_of_a_challenges_section_pair_with_their_body(void **state)
{
    (void)state;
    extracted e = extract("## Challenges\n\n### Slow search\n\nAdded a trigram index on titles.\n\n"
                          "### Image uploads\n\nMoved them to Cloudinary.\n\n## Deployment\n\nRender.\n");
    assert_int_equal(e.pairs.count, 2);
    assert_pair(&e, 0, "Slow search", "Added a trigram index on titles.");
    assert_pair(&e, 1, "Image uploads", "Moved them to Cloudinary.");
    assert_int_equal(e.pairs.items[1].section, 2);
    release(&e);
}

static void table_rows_with_challenge_and_solution_columns_are_pairs(void **state)
{
    (void)state;
    extracted e = extract("## Challenges\n\n| Challenge | Description | Solution |\n|---|---|---|\n"
                          "| Rate limits | TMDB returned 429 | Throttled requests |\n"
                          "| **Styling** | Inconsistent | Tailwind tokens |\n\n"
                          "| Layer | Tool |\n|---|---|\n| Cache | Redis |\n");
    assert_int_equal(e.pairs.count, 2);
    assert_pair(&e, 0, "Rate limits \xE2\x80\x94 TMDB returned 429", "Throttled requests");
    assert_pair(&e, 1, "Styling \xE2\x80\x94 Inconsistent", "Tailwind tokens");
    release(&e);
}

static void pasted_tab_separated_tables_are_read_too(void **state)
{
    (void)state;
    extracted e = extract("### Challenges Faced\n\nChallenge\tSolution Implemented\n"
                          "Large datasets\tPagination and indexes\nSecure auth\tJWT with DRF permissions\n");
    assert_int_equal(e.pairs.count, 2);
    assert_pair(&e, 0, "Large datasets", "Pagination and indexes");
    assert_pair(&e, 1, "Secure auth", "JWT with DRF permissions");
    release(&e);
}

static void text_without_pairs_yields_none(void **state)
{
    (void)state;
    extracted e = extract("## Challenges\n\n- Time management\n- Learning curve\n\n## Problem Statement\n\n"
                          "Shoppers struggle to find modest fashion.\n");
    assert_int_equal(e.pairs.count, 0);
    release(&e);
    md_sections none = {0};
    challenge_pairs pairs;
    assert_int_equal(analysis_extract_challenges(&none, &pairs), 0);
    assert_int_equal(pairs.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(challenge_and_solution_lines_make_a_pair),
        cmocka_unit_test(bold_labels_in_list_items_make_pairs),
        cmocka_unit_test(labels_on_one_line_are_split),
        cmocka_unit_test(a_solution_runs_on_through_the_list_that_follows_it),
        cmocka_unit_test(numbered_bold_items_take_an_italic_solution_label),
        cmocka_unit_test(titled_items_and_arrows_pair_up_only_in_challenge_sections),
        cmocka_unit_test(a_challenge_heading_pairs_with_a_solution_sub_heading),
        cmocka_unit_test(sub_headings_of_a_challenges_section_pair_with_their_body),
        cmocka_unit_test(table_rows_with_challenge_and_solution_columns_are_pairs),
        cmocka_unit_test(pasted_tab_separated_tables_are_read_too),
        cmocka_unit_test(text_without_pairs_yields_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
