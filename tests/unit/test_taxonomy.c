/* Specification of the technology taxonomy (common/nx_taxonomy.h): the embedded data file, lookups,
 * parse errors with line numbers, and finding technologies in text word by word. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nx_taxonomy.h"

static nx_taxonomy *load(void)
{
    nx_taxonomy *tax = NULL;
    char *error = NULL;
    if (nx_taxonomy_load_default(&tax, &error) != 0)
        fail_msg("embedded taxonomy does not parse: %s", error);
    return tax;
}

static char *parse_error(const char *text)
{
    nx_taxonomy *tax = NULL;
    char *error = NULL;
    assert_int_equal(nx_taxonomy_parse(text, strlen(text), "x.tsv", &tax, &error), -1);
    assert_null(tax);
    assert_non_null(error);
    return error;
}

static void assert_parse_error(const char *text, const char *expected_start)
{
    char *error = parse_error(text);
    if (strncmp(error, expected_start, strlen(expected_start)) != 0)
        fail_msg("error '%s' does not start with '%s'", error, expected_start);
    free(error);
}

/* ---- The embedded data ----------------------------------------------------- */

static void embedded_taxonomy_loads_at_least_80_technologies_in_known_categories(void **state)
{
    (void)state;
    static const char *const categories[] = {NX_CATEGORIES, NULL};
    nx_taxonomy *tax = load();
    assert_true(nx_taxonomy_count(tax) >= 80);
    for (size_t i = 0; i < nx_taxonomy_count(tax); i++) {
        const nx_technology *t = nx_taxonomy_get(tax, i);
        bool known = false;
        for (size_t c = 0; categories[c]; c++)
            known = known || strcmp(categories[c], t->category) == 0;
        if (!known)
            fail_msg("%s has unknown category %s", t->id, t->category);
        assert_true(t->alias_count >= 1);
        assert_string_equal(t->aliases[0].text, t->name);
    }
    assert_null(nx_taxonomy_get(tax, nx_taxonomy_count(tax)));
    nx_taxonomy_free(tax);
}

static void the_technologies_the_issue_names_are_all_there(void **state)
{
    (void)state;
    static const char *const names[] = {
        "Python", "Django", "Django REST Framework", "GraphQL", "Graphene", "REST", "Docker", "Docker Compose",
        "Kubernetes", "GitHub Actions", "Jenkins", "PostgreSQL", "MySQL", "SQLite", "MongoDB", "Redis",
        "Memcached", "Celery", "RabbitMQ", "JWT", "OAuth", "Swagger", "OpenAPI", "ReDoc", "Postman", "Nginx",
        "Gunicorn", "AWS", "Heroku", "Render", "React", "Next.js", "TypeScript", "Tailwind", "pytest", "Strawberry",
        "drf-yasg", "drf-spectacular", "SimpleJWT", "Kafka", "Helm", "GitLab CI", "CI/CD", "uWSGI", "GCP", "Azure",
        "Railway", "Vercel", "Netlify", "PythonAnywhere", "Stripe", "Chapa", "PayPal", "JavaScript", "Node.js",
        "Express", "Vue", "Angular", "unittest", "Jest", "Cypress", "Playwright", "Locust", "Flake8", "Black",
        "pre-commit", "Sentry", "Prometheus", "Grafana", "Elasticsearch", "Git", "GitHub", "Linux", "Bash", "Flask",
        "FastAPI", "WebSockets", "Django Channels", "Pydantic", "SQLAlchemy", "Alembic", "Terraform", "Ansible",
        "Go", "Java", "C#", "EC2", "S3", "RDS", NULL};
    nx_taxonomy *tax = load();
    for (size_t i = 0; names[i]; i++)
        if (nx_taxonomy_lookup(tax, names[i]) < 0)
            fail_msg("the taxonomy lacks %s", names[i]);
    nx_taxonomy_free(tax);
}

static const char *id_of(const nx_taxonomy *tax, const char *name)
{
    long i = nx_taxonomy_lookup(tax, name);
    return i < 0 ? "(none)" : nx_taxonomy_get(tax, (size_t)i)->id;
}

static void lookup_accepts_ids_names_and_aliases_in_any_case(void **state)
{
    (void)state;
    nx_taxonomy *tax = load();
    assert_string_equal(id_of(tax, "DRF"), "django-rest-framework");
    assert_string_equal(id_of(tax, "drf"), "django-rest-framework");
    assert_string_equal(id_of(tax, "django rest framework"), "django-rest-framework");
    assert_string_equal(id_of(tax, "k8s"), "kubernetes");
    assert_string_equal(id_of(tax, "Postgres"), "postgresql");
    assert_string_equal(id_of(tax, "nodejs"), "nodejs");
    assert_string_equal(id_of(tax, "ci/cd"), "ci-cd");
    assert_int_equal(nx_taxonomy_lookup(tax, "cobol on cogs"), -1);
    assert_int_equal(nx_taxonomy_lookup(tax, NULL), -1);
    nx_taxonomy_free(tax);
}

/* ---- Parse errors ------------------------------------------------------------ */

static void a_line_with_missing_fields_is_reported_with_its_number(void **state)
{
    (void)state;
    assert_parse_error("# comment\n\nredis\tRedis\tcache\tany\t-\n", "x.tsv:3: expected 6 TAB-separated fields");
}

static void unknown_category_bad_case_and_bad_id_are_reported(void **state)
{
    (void)state;
    assert_parse_error("redis\tRedis\tkv-store\tany\t-\t-\n", "x.tsv:1: unknown category 'kv-store'");
    assert_parse_error("redis\tRedis\tcache\tsometimes\t-\t-\n", "x.tsv:1: case must be 'any' or 'exact'");
    assert_parse_error("Redis DB\tRedis\tcache\tany\t-\t-\n", "x.tsv:1: bad id 'Redis DB'");
}

static void a_duplicate_id_names_the_line_of_the_first(void **state)
{
    (void)state;
    char *error = parse_error("redis\tRedis\tcache\tany\t-\t-\n# x\nredis\tRedis 2\tcache\tany\t-\t-\n");
    assert_string_equal(error, "x.tsv:3: duplicate id 'redis' (first on line 1)");
    free(error);
}

static void a_spelling_claimed_by_two_technologies_is_an_error(void **state)
{
    (void)state;
    char *error = parse_error("pytest\tpytest\ttesting\tany\tpytest-cov\t-\n"
                              "coverage\tCoverage.py\ttesting\tany\tPYTEST-COV\t-\n");
    assert_string_equal(error,
                        "x.tsv:2: alias 'PYTEST-COV' of 'coverage' is already a spelling of 'pytest' (line 1)");
    free(error);
}

static void an_alias_without_letters_or_an_empty_alias_is_an_error(void **state)
{
    (void)state;
    assert_parse_error("x\tX\tlanguage\tany\t#/+\t-\n", "x.tsv:1: alias '#/+' of 'x' has no letters or digits");
    assert_parse_error("x\tX\tlanguage\tany\ta||b\t-\n", "x.tsv:1: empty alias for 'x'");
}

static void crlf_comments_and_case_markers_are_understood(void **state)
{
    (void)state;
    const char *text = "# header\r\ngo\tGo\tlanguage\texact\t~Golang|=GoLang2\tgo.mod|*.go\r\n";
    nx_taxonomy *tax = NULL;
    char *error = NULL;
    assert_int_equal(nx_taxonomy_parse(text, strlen(text), "x.tsv", &tax, &error), 0);
    assert_int_equal(nx_taxonomy_count(tax), 1);
    const nx_technology *go = nx_taxonomy_get(tax, 0);
    assert_int_equal(go->alias_count, 3);
    assert_true(go->aliases[0].exact_case);
    assert_string_equal(go->aliases[1].text, "Golang");
    assert_false(go->aliases[1].exact_case);
    assert_true(go->aliases[2].exact_case);
    assert_int_equal(go->signal_count, 2);
    assert_string_equal(go->signals[1], "*.go");
    nx_taxonomy_free(tax);
}

/* ---- Scanning ------------------------------------------------------------------ */

/* Matches as "id:matched text", space-separated. */
typedef struct scan_result {
    const nx_taxonomy *tax;
    const char *text;
    char out[2048];
} scan_result;

static bool describe_match(const nx_tech_match *m, void *data)
{
    scan_result *r = data;
    char item[256];
    snprintf(item, sizeof item, "%s%s:%.*s", r->out[0] ? " " : "", nx_taxonomy_get(r->tax, m->tech)->id,
             (int)(m->end - m->start), r->text + m->start);
    strncat(r->out, item, sizeof r->out - strlen(r->out) - 1);
    return true;
}

static scan_result result; /* the last scan's; one scan at a time */

static const char *scan(const nx_taxonomy *tax, const char *text)
{
    result = (scan_result){.tax = tax, .text = text};
    assert_int_equal(nx_taxonomy_scan(tax, text, strlen(text), describe_match, &result), 0);
    return result.out;
}

static void ambiguous_words_match_only_in_their_technical_sense(void **state)
{
    (void)state;
    nx_taxonomy *tax = load();
    assert_string_equal(scan(tax, "Go to the folder. We go home."), "");
    assert_string_equal(scan(tax, "A CLI written in Go, or golang."), "go:Go go:golang");
    assert_string_equal(scan(tax, "the rest of the API is a REST API"), "rest:REST API");
    assert_string_equal(scan(tax, "reactive streams; we react fast"), "");
    assert_string_equal(scan(tax, "built with React and ReactJS"), "react:React react:ReactJS");
    assert_string_equal(scan(tax, "Render the list, then deploy on Render"), "render:Render");
    nx_taxonomy_free(tax);
}

static void punctuation_inside_aliases_must_be_there(void **state)
{
    (void)state;
    nx_taxonomy *tax = load();
    assert_string_equal(scan(tax, "C# and Node.js, NodeJS but not node or node_modules"),
                        "csharp:C# nodejs:Node.js nodejs:NodeJS");
    assert_string_equal(scan(tax, "a CI/CD pipeline; CI / CD; CI"), "ci-cd:CI/CD pipeline ci-cd:CI / CD");
    assert_string_equal(scan(tax, "Next.js, nextjs and next steps"), "nextjs:Next.js nextjs:nextjs");
    nx_taxonomy_free(tax);
}

static void aliases_map_to_their_technology_and_the_longest_wins(void **state)
{
    (void)state;
    nx_taxonomy *tax = load();
    assert_string_equal(scan(tax, "k8s with Postgres, DRF"), "kubernetes:k8s postgresql:Postgres django-rest-framework:DRF");
    assert_string_equal(scan(tax, "Django REST Framework on Django"),
                        "django-rest-framework:Django REST Framework django:Django");
    assert_string_equal(scan(tax, "docker-compose up, then Docker Compose and Docker"),
                        "docker-compose:docker-compose docker-compose:Docker Compose docker:Docker");
    nx_taxonomy_free(tax);
}

static void urls_are_not_read_for_technologies(void **state)
{
    (void)state;
    nx_taxonomy *tax = load();
    assert_string_equal(scan(tax, "see https://github.com/django/django and www.redis.io/docs; Redis"),
                        "redis:Redis");
    nx_taxonomy_free(tax);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(embedded_taxonomy_loads_at_least_80_technologies_in_known_categories),
        cmocka_unit_test(the_technologies_the_issue_names_are_all_there),
        cmocka_unit_test(lookup_accepts_ids_names_and_aliases_in_any_case),
        cmocka_unit_test(a_line_with_missing_fields_is_reported_with_its_number),
        cmocka_unit_test(unknown_category_bad_case_and_bad_id_are_reported),
        cmocka_unit_test(a_duplicate_id_names_the_line_of_the_first),
        cmocka_unit_test(a_spelling_claimed_by_two_technologies_is_an_error),
        cmocka_unit_test(an_alias_without_letters_or_an_empty_alias_is_an_error),
        cmocka_unit_test(crlf_comments_and_case_markers_are_understood),
        cmocka_unit_test(ambiguous_words_match_only_in_their_technical_sense),
        cmocka_unit_test(punctuation_inside_aliases_must_be_there),
        cmocka_unit_test(aliases_map_to_their_technology_and_the_longest_wins),
        cmocka_unit_test(urls_are_not_read_for_technologies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
