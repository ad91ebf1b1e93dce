/* Specification of the learner document's technologies (indexer/learner_profile.h): which mentions of a
 * section make a technology covered, and which only name it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learner_profile.h"
#include "taxonomy_fixture.h"

/* The covered ids and the states record of a learner whose one own section of `kind` says `markdown`. */
typedef struct finished {
    nx_learner_profile_t out;
    nx_tech_ref_t *refs;
    char *json, *states;
} finished;

static void profile_of(const char *markdown, section_kind kind, finished *f)
{
    tech_mentions found;
    assert_int_equal(analysis_detect_section(tax, markdown, strlen(markdown), kind, &found), 0);
    md_section section = {.heading = "Stack", .heading_path = "Shop › Stack", .anchor = "stack", .level = 2};
    learner_profile profile;
    assert_int_equal(learner_profile_init(&profile, tax), 0);
    learner_profile_add_section(&profile, "README.md", &section, kind, FILE_OWN, &found);
    memset(f, 0, sizeof *f);
    assert_int_equal(learner_profile_finish(&profile, &f->out, &f->refs, &f->json, &f->states), 0);
    learner_profile_free(&profile);
    tech_mentions_free(&found);
}

static bool covers(const finished *f, const char *id)
{
    for (size_t i = 0; i < f->out.n_techs; i++)
        if (strcmp(f->out.techs[i].id, id) == 0)
            return f->out.techs[i].covered != 0;
    return false;
}

static void finished_free(finished *f)
{
    free(f->refs);
    free(f->json);
    free(f->states);
}

/* An offered name (a client the API could serve, a host of a range) stays in the profile as mentioned, so the
 * evidence shows where it was named, but the learner does not cover it. */
static void an_offered_name_is_mentioned_not_covered(void **state)
{
    (void)state;
    finished f;
    profile_of("## Stack\n\nThe API runs on Django and can be consumed by any frontend (Vue, Angular).\n",
               KIND_TECHNOLOGIES, &f);
    assert_true(covers(&f, "django"));
    assert_false(covers(&f, "vue"));
    assert_false(covers(&f, "angular"));
    assert_non_null(strstr(f.states, "vue\x1fmentioned\x1f"));
    assert_non_null(strstr(f.states, "django\x1f" "covered\x1f"));
    finished_free(&f);
}

/* A name offered in one sentence and used in another is covered: one use is enough. */
static void a_name_used_once_is_covered_though_offered_elsewhere(void **state)
{
    (void)state;
    finished f;
    profile_of("## Stack\n\nThe API can be consumed by any frontend (Vue, Angular).\n\n"
               "Our own dashboard is written in Vue.\n",
               KIND_TECHNOLOGIES, &f);
    assert_true(covers(&f, "vue"));
    assert_false(covers(&f, "angular"));
    finished_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_offered_name_is_mentioned_not_covered),
        cmocka_unit_test(a_name_used_once_is_covered_though_offered_elsewhere),
    };
    return cmocka_run_group_tests(tests, taxonomy_setup, taxonomy_teardown);
}
