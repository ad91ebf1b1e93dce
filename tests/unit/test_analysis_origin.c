/* Specification of file origins (indexer/analysis.h): generator READMEs, assistant rule files and
 * test snapshots, copied programme briefs, and the learner's own writing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "analysis.h"

/* The origin's id; the indexer's entry point for a file it already split must agree with the plain one. */
static const char *origin(const char *path, const char *text)
{
    size_t len = text ? strlen(text) : 0;
    file_origin whole = analysis_file_origin(path, text, len);
    md_sections split;
    assert_int_equal(md_sections_split(text ? text : "", len, NULL, &split), 0);
    assert_int_equal(analysis_file_origin_of(path, text, len, &split), whole);
    md_sections_free(&split);
    return analysis_origin_id(whole);
}

static const char create_next_app[] =
    "This is a [Next.js](https://nextjs.org) project bootstrapped with "
    "[`create-next-app`](https://nextjs.org/docs/app/api-reference/cli/create-next-app).\n\n"
    "## Getting Started\n\nFirst, run the development server:\n\n```bash\nnpm run dev\n# or\nyarn dev\n```\n\n"
    "Open [http://localhost:3000](http://localhost:3000) with your browser to see the result.\n\n"
    "## Learn More\n\nTo learn more about Next.js, take a look at the following resources.\n\n"
    "## Deploy on Vercel\n\nThe easiest way to deploy your Next.js app is to use the Vercel Platform.\n";

static void an_untouched_create_next_app_readme_is_a_template(void **state)
{
    (void)state;
    assert_string_equal(origin("frontend/README.md", create_next_app), "template");
}

static void a_vite_template_readme_is_a_template(void **state)
{
    (void)state;
    const char *vite = "# React + Vite\n\nThis template provides a minimal setup to get React working in Vite "
                       "with HMR and some ESLint rules.\n\n## Expanding the ESLint configuration\n\n"
                       "If you are developing a production application, we recommend using TypeScript.\n";
    assert_string_equal(origin("README.md", vite), "template");
}

static void a_learner_readme_grown_around_the_generator_text_is_their_own(void **state)
{
    (void)state;
    char text[8192];
    strcpy(text, create_next_app);
    strcat(text, "## Challenges\n\nInfinite scroll stopped after toggling between movies and TV shows, because the "
                 "intersection observer kept a stale page counter. I reset pagination state and re-created the "
                 "observer whenever the content type changed, then covered it with a Jest test.\n\n"
                 "## Architecture\n\nPages fetch from TMDB through a small typed client with retry and caching; "
                 "favourites live in localStorage behind a React context so that the header badge and the "
                 "favourites page stay in sync without prop drilling. Styling is Tailwind with design tokens "
                 "shared by every card component, and images go through next/image with blur placeholders.\n");
    assert_string_equal(origin("README.md", text), "own");
}

static void assistant_rule_files_and_test_snapshots_are_generated(void **state)
{
    (void)state;
    assert_string_equal(origin("AGENTS.md", "# Rules\n"), "generated");
    assert_string_equal(origin("frontend/CLAUDE.md", "# Rules\n"), "generated");
    assert_string_equal(origin("GEMINI.md", "x"), "generated");
    assert_string_equal(origin(".cursor/rules/django.mdc", "x"), "generated");
    assert_string_equal(origin("web/.cursor/rules/style.md", "x"), "generated");
    assert_string_equal(origin(".github/copilot-instructions.md", "x"), "generated");
    assert_string_equal(origin("test-results/cart-spec-chromium/error-context.md", "x"), "generated");
    assert_string_equal(origin("docs/agents-guide.md", "x"), "own");
    assert_string_equal(origin("not-test-results/x.md", "x"), "own");
}

static void a_pasted_programme_brief_is_a_brief(void **state)
{
    (void)state;
    const char *brief =
        "# Building a Backend for an Online Poll System - ProDev BE\n\n"
        "### Real-World Application\n\nThis project simulates backend development for applications requiring "
        "real-time data processing. Developers gain experience with: building scalable APIs.\n\n"
        "### Overview\n\nThis case study focuses on creating a backend for an online poll system.\n\n"
        "### Project Goals\n\nThe primary objectives of the poll system backend are: API development.\n\n"
        "### Technologies Used\n\n- Django\n- PostgreSQL\n\n"
        "### Implementation Process\n\n#### Git Commit Workflow\n\n`feat: set up Django project`\n\n"
        "#### Evaluation Criteria\n\n- Polls are stored accurately.\n";
    assert_string_equal(origin("backend/README.md", brief), "brief");
}

static void a_learner_readme_that_borrows_a_few_brief_headings_is_their_own(void **state)
{
    (void)state;
    const char *own =
        "# Job Board Backend\n\n## Project Goals\n\nRole-based access with JWT and phone login.\n\n"
        "## Quickstart\n\n```bash\npython -m venv .venv\npip install -r requirements.txt\n"
        "python manage.py migrate\n```\n\n## Architecture\n\nRedis caches searches; Celery sends e-mails via "
        "RabbitMQ; Kubernetes manifests live in k8s/. Each service has liveness probes and the CI pipeline "
        "builds, tests and pushes images before a rolling deploy.\n\n## Submission Details\n\nDeployed at x.\n";
    assert_string_equal(origin("README.md", own), "own");
    assert_string_equal(origin("README.md", NULL), "own");
    assert_string_equal(origin(NULL, ""), "own");
}

static void origin_ids_are_stable(void **state)
{
    (void)state;
    assert_string_equal(analysis_origin_id(FILE_OWN), "own");
    assert_string_equal(analysis_origin_id(FILE_TEMPLATE), "template");
    assert_string_equal(analysis_origin_id(FILE_GENERATED), "generated");
    assert_string_equal(analysis_origin_id(FILE_BRIEF), "brief");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_untouched_create_next_app_readme_is_a_template),
        cmocka_unit_test(a_vite_template_readme_is_a_template),
        cmocka_unit_test(a_learner_readme_grown_around_the_generator_text_is_their_own),
        cmocka_unit_test(assistant_rule_files_and_test_snapshots_are_generated),
        cmocka_unit_test(a_pasted_programme_brief_is_a_brief),
        cmocka_unit_test(a_learner_readme_that_borrows_a_few_brief_headings_is_their_own),
        cmocka_unit_test(origin_ids_are_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
