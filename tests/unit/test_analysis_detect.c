/* Specification of technology detection (indexer/analysis.h): strength of a mention in a section's
 * Markdown by context, mentions that do not count, and technologies signalled by repository files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "glob_filter.h"
#include "taxonomy_fixture.h"

static size_t tech(const char *id)
{
    long i = nx_taxonomy_lookup(tax, id);
    if (i < 0)
        fail_msg("no technology %s", id);
    return (size_t)i;
}

static const tech_mention *find(const tech_mentions *m, const char *id)
{
    size_t t = tech(id);
    for (size_t i = 0; i < m->count; i++)
        if (m->items[i].tech == t)
            return &m->items[i];
    return NULL;
}

/* The strength `id` gets in a section of that kind: 0 when not reported. */
static int strength(const char *markdown, section_kind kind, const char *id)
{
    tech_mentions m;
    assert_int_equal(analysis_detect_section(tax, markdown, strlen(markdown), kind, &m), 0);
    const tech_mention *found = find(&m, id);
    int s = found ? (int)found->strength : 0;
    tech_mentions_free(&m);
    return s;
}

/* Whether the section's mention of `id` can count as coverage: reported, and not only offered (an option, an
 * alternative, an example, a client the project could serve), which stays named but never covers. */
static bool used(const char *markdown, section_kind kind, const char *id)
{
    tech_mentions m;
    assert_int_equal(analysis_detect_section(tax, markdown, strlen(markdown), kind, &m), 0);
    const tech_mention *found = find(&m, id);
    bool counts = found && !found->offered;
    tech_mentions_free(&m);
    return counts;
}

/* Whether `id` is named there only as something offered: reported as a mention, never as coverage. */
static bool offered(const char *markdown, section_kind kind, const char *id)
{
    tech_mentions m;
    assert_int_equal(analysis_detect_section(tax, markdown, strlen(markdown), kind, &m), 0);
    const tech_mention *found = find(&m, id);
    bool only_offered = found && found->offered && found->strength == TECH_MENTIONED;
    tech_mentions_free(&m);
    return only_offered;
}

/* ---- Strength by context -------------------------------------------------------- */

static void a_sentence_about_a_technology_covers_it(void **state)
{
    (void)state;
    const char *md = "## Caching\n\nWe cache hot product lists in Redis and invalidate them on writes.\n";
    assert_int_equal(strength(md, KIND_OTHER, "redis"), TECH_COVERED);
}

static void a_heading_naming_a_technology_covers_it(void **state)
{
    (void)state;
    assert_int_equal(strength("### 3. Docker\n", KIND_TECHNOLOGIES, "docker"), TECH_COVERED);
}

static void a_badge_only_mentions(void **state)
{
    (void)state;
    const char *md = "# Shop API\n\n![Django](https://img.shields.io/badge/Django-092E20?logo=django)\n";
    assert_int_equal(strength(md, KIND_OVERVIEW, "django"), TECH_MENTIONED);
}

static void a_bare_item_of_a_stack_list_mentions_and_a_described_one_covers(void **state)
{
    (void)state;
    const char *md = "## Tech Stack\n\n- **Database:** PostgreSQL\n- Redis (cache)\n"
                     "- Celery: sends order e-mails and retries failed payment webhooks\n";
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "postgresql"), TECH_MENTIONED);
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "redis"), TECH_MENTIONED);
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "celery"), TECH_COVERED);
}

static void a_table_cell_of_a_stack_table_mentions(void **state)
{
    (void)state;
    const char *md = "| Layer | Tool |\n|---|---|\n| Queue | RabbitMQ |\n";
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "rabbitmq"), TECH_MENTIONED);
}

static void an_item_with_sub_items_describing_it_covers(void **state)
{
    (void)state;
    const char *md = "## Concepts\n\n- **Next.js**\n  - File-based routing\n  - Server-side rendering\n";
    assert_int_equal(strength(md, KIND_CONCEPTS, "nextjs"), TECH_COVERED);
}

static void list_items_outside_technology_lists_cover(void **state)
{
    (void)state;
    assert_int_equal(strength("## Features\n\n- JWT login\n", KIND_FEATURES, "jwt"), TECH_COVERED);
}

static void setup_commands_in_code_cover(void **state)
{
    (void)state;
    const char *md = "## Run\n\n```bash\ndocker compose up -d\npip install celery\n```\n";
    assert_int_equal(strength(md, KIND_SETUP, "docker-compose"), TECH_COVERED);
    assert_int_equal(strength(md, KIND_SETUP, "celery"), TECH_COVERED);
}

static void boilerplate_sections_only_mention(void **state)
{
    (void)state;
    const char *md = "## Acknowledgements\n\nThanks to the Django community for great docs.\n";
    assert_int_equal(strength(md, KIND_BOILERPLATE, "django"), TECH_MENTIONED);
}

/* ---- Mentions that do not count -------------------------------------------------- */

static void nothing_in_a_roadmap_is_reported(void **state)
{
    (void)state;
    const char *md = "## Future Improvements\n\nMove the cache to Redis and add Kafka events.\n";
    assert_int_equal(strength(md, KIND_ROADMAP, "redis"), 0);
    assert_int_equal(strength(md, KIND_ROADMAP, "kafka"), 0);
}

static void unchecked_to_dos_do_not_count_but_checked_ones_do(void **state)
{
    (void)state;
    const char *md = "## Progress\n\n- [ ] Containerise the API with Docker\n- [x] Set up GitHub Actions for tests\n";
    assert_int_equal(strength(md, KIND_OTHER, "docker"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "github-actions"), TECH_COVERED);
}

/* Hostile nesting (a repository with 10,000 list levels) is read without overrunning the walker's
 * per-level state, and an item that deep is still judged by its own task mark. */
static void lists_nested_thousands_deep_are_still_judged_item_by_item(void **state)
{
    (void)state;
    size_t levels = 10000;
    char *md = malloc(levels * 2 + 256);
    assert_non_null(md);
    strcpy(md, "## Progress\n\n");
    size_t at = strlen(md);
    for (size_t i = 0; i < levels; i++, at += 2)
        memcpy(md + at, "- ", 2);
    strcpy(md + at, "[ ] Containerise the API with Docker\n\n- [x] Set up GitHub Actions for tests\n");
    assert_int_equal(strength(md, KIND_OTHER, "docker"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "github-actions"), TECH_COVERED);
    free(md);
}

static void negated_mentions_do_not_count(void **state)
{
    (void)state;
    const char *md = "## Notes\n\nWe do not use Redis here. The app runs without Docker.\n"
                     "No Celery: tasks run inline. MongoDB is not used anymore.\n"
                     "We chose PostgreSQL instead of MySQL.\n";
    assert_int_equal(strength(md, KIND_OTHER, "redis"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "docker"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "celery"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "mongodb"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "mysql"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "postgresql"), TECH_COVERED);
}

static void plans_for_the_future_do_not_count(void **state)
{
    (void)state;
    const char *md = "## Notes\n\nWe plan to add Kafka for events. Stripe will be integrated later.\n"
                     "Payments use Chapa today.\n";
    assert_int_equal(strength(md, KIND_OTHER, "kafka"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "stripe"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "chapa"), TECH_COVERED);
}

static void a_negation_in_one_sentence_does_not_reach_the_next(void **state)
{
    (void)state;
    const char *md = "Docker is not needed for tests. Redis caches sessions.\n";
    assert_int_equal(strength(md, KIND_OTHER, "docker"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "redis"), TECH_COVERED);
}

/* ---- Ambiguous words in sections ------------------------------------------------- */

static void file_names_and_addresses_do_not_name_a_technology(void **state)
{
    (void)state;
    const char *tree = "## Layout\n\n```\nsrc/\n  styles/globals.css\n  templates/home.html\n"
                       "eslint.config.mjs\npublic/vercel.svg\n```\n";
    assert_int_equal(strength(tree, KIND_STRUCTURE, "css"), 0);
    assert_int_equal(strength(tree, KIND_STRUCTURE, "html"), 0);
    assert_int_equal(strength(tree, KIND_STRUCTURE, "eslint"), 0);
    assert_int_equal(strength(tree, KIND_STRUCTURE, "vercel"), 0);
    const char *links = "## Links\n\nThe slides sit at https://slides.example.org/render and the code on "
                        "github.com/ana/shop.\n";
    assert_int_equal(strength(links, KIND_OTHER, "github"), 0);
    assert_int_equal(strength(links, KIND_OTHER, "render"), 0);
}

static void versions_imports_and_connection_urls_still_name_a_technology(void **state)
{
    (void)state;
    assert_int_equal(strength("## Stack\n\nWe moved the API to Django 4.x last month.\n", KIND_OTHER, "django"),
                     TECH_COVERED);
    const char *code = "## Tasks\n\n```python\nfrom rest_framework_simplejwt.tokens import RefreshToken\n```\n";
    assert_int_equal(strength(code, KIND_OTHER, "simplejwt"), TECH_COVERED);
    const char *env = "## Settings\n\n```\nCELERY_BROKER_URL=redis://localhost:6379/0\n```\n";
    assert_int_equal(strength(env, KIND_CONFIGURATION, "redis"), TECH_COVERED);
    assert_int_equal(strength("## Server\n\nThe API runs on Express.js behind nginx.\n", KIND_OTHER, "express"),
                     TECH_COVERED);
}

static void examples_of_a_kind_of_tool_do_not_count(void **state)
{
    (void)state;
    const char *md = "## Caching\n\nAn in-memory store keeps hot data close (e.g., Redis, Memcached).\n\n"
                     "Slow jobs belong in a worker queue, for example Celery.\n";
    assert_true(offered(md, KIND_CONCEPTS, "redis"));
    assert_true(offered(md, KIND_CONCEPTS, "memcached"));
    assert_true(offered(md, KIND_CONCEPTS, "celery"));
}

/* A line that says what the learner did names, by its example, what they used. */
static void an_example_of_what_was_done_counts(void **state)
{
    (void)state;
    const char *md = "## What I did\n\n- Ran the slow reports on background workers (e.g., Celery) at night.\n"
                     "- Implemented caching in front of the database (for example Redis).\n";
    assert_true(strength(md, KIND_CONCEPTS, "redis") > 0);
    assert_true(offered(md, KIND_CONCEPTS, "celery")); /* "Ran" is not a verb the rule knows */
}

static void a_list_trailing_off_in_etc_is_a_range_unless_it_is_the_stack(void **state)
{
    (void)state;
    const char *hosts = "## Deploy\n\nThe app can be shipped to Heroku, Netlify, etc. with little change.\n\n"
                        "- Card payments (Stripe, PayPal, etc.)\n";
    assert_true(offered(hosts, KIND_DEPLOYMENT, "heroku"));
    assert_true(offered(hosts, KIND_DEPLOYMENT, "netlify"));
    assert_true(offered(hosts, KIND_DEPLOYMENT, "stripe"));
    const char *stack = "## Tools\n\n- Backend: Django, DRF, PostgreSQL, Redis, etc.\n";
    assert_int_not_equal(strength(stack, KIND_TECHNOLOGIES, "redis"), 0);
    assert_int_not_equal(strength(stack, KIND_TECHNOLOGIES, "django"), 0);
}

static void options_and_recommendations_do_not_count(void **state)
{
    (void)state;
    assert_true(offered("### Option 2: Netlify\n", KIND_DEPLOYMENT, "netlify"));
    assert_true(offered("## Data\n\n- Store (optional): MongoDB\n", KIND_OTHER, "mongodb"));
    assert_true(offered("## Needs\n\n- Docker (recommended for local work)\n", KIND_SETUP, "docker"));
    assert_true(offered("## Lint\n\n- Run ESLint (if set up)\n", KIND_SETUP, "eslint"));
    assert_true(offered("## Scale\n\nFor more traffic, consider Redis.\n", KIND_OTHER, "redis"));
    const char *kept = "## Docs\n\nSwagger UI lists every route, and ReDoc offers alternative docs at /redoc.\n";
    assert_int_equal(strength(kept, KIND_API, "redoc"), TECH_COVERED);
}

static void two_names_joined_by_or_are_a_choice(void **state)
{
    (void)state;
    const char *md = "## Database\n\nProduction can run PostgreSQL or MySQL.\n";
    assert_true(offered(md, KIND_OTHER, "postgresql"));
    assert_true(offered(md, KIND_OTHER, "mysql"));
    const char *both = "## Database\n\nPostgreSQL stores orders and Redis caches the catalogue.\n";
    assert_int_equal(strength(both, KIND_OTHER, "postgresql"), TECH_COVERED);
}

static void a_command_after_or_is_an_alternative_to_the_one_before(void **state)
{
    (void)state;
    const char *md = "## Install\n\n```bash\nnpm install\n# or\nyarn install\npnpm dev  # or bun dev\n```\n";
    assert_int_equal(strength(md, KIND_SETUP, "npm"), TECH_COVERED);
    assert_true(offered(md, KIND_SETUP, "yarn"));
}

static void git_needs_more_than_a_clone_command(void **state)
{
    (void)state;
    const char *setup = "## Setup\n\n```bash\ngit clone https://example.org/ana/shop.git\ncd shop\n```\n\n"
                        "Open Git Bash on Windows first.\n";
    assert_int_equal(strength(setup, KIND_SETUP, "git"), 0);
    assert_int_equal(strength(setup, KIND_SETUP, "bash"), 0);
    const char *practice = "## Workflow\n\nEvery feature got its own Git branch and a pull request review.\n";
    assert_int_equal(strength(practice, KIND_COLLABORATION, "git"), TECH_COVERED);
}

/* The bracketed commands of a contribution guide's steps tell a contributor what to type; a learner's own branch
 * workflow, told in words or as commands of their own, still counts. */
static void contribution_steps_in_brackets_name_no_git(void **state)
{
    (void)state;
    const char *steps = "## Shop\n\n1. Fork the repository\n2. Make a branch (`git checkout -b fix/typo`)\n"
                        "3. Save your work (git commit -m 'Fix typo')\n4. Send it up (`git push origin fix/typo`)\n";
    assert_int_equal(strength(steps, KIND_OTHER, "git"), 0);
    const char *own = "## How I worked\n\nI kept one Git branch per feature and merged it after review:\n\n"
                      "```bash\ngit checkout -b feature/cart\n```\n";
    assert_int_equal(strength(own, KIND_COLLABORATION, "git"), TECH_COVERED);
}

/* GitHub as the place a reader reports a bug or asks is a support link; issues as the team's own practice count. */
static void github_as_a_support_channel_does_not_count(void **state)
{
    (void)state;
    assert_int_equal(strength("## Help\n\n- GitHub Issues: report a bug you found or ask for a feature\n", KIND_COLLABORATION,
                              "github"), 0);
    assert_int_equal(strength("## Help\n\n- **Issues**: GitHub Issues\n", KIND_COLLABORATION, "github"), 0);
    assert_int_equal(strength("## Help\n\nStuck? Open an issue on GitHub and we will look.\n", KIND_OTHER, "github"),
                     0);
    assert_int_equal(strength("## Team\n\nWe tracked every bug and task in GitHub Issues on a shared board.\n",
                              KIND_COLLABORATION, "github"),
                     TECH_COVERED);
}

static void generic_tools_named_in_passing_do_not_count(void **state)
{
    (void)state;
    const char *needs = "## Prerequisites\n\n- Python 3.12\n- Git\n";
    assert_int_equal(strength(needs, KIND_SETUP, "git"), 0);
    assert_int_not_equal(strength(needs, KIND_SETUP, "python"), 0);
    const char *stack = "## Stack\n\n- Tailwind CSS - utility classes on top of plain CSS\n"
                        "- TypeScript - typed JavaScript for the whole client\n- Git - version control\n";
    assert_int_equal(strength(stack, KIND_TECHNOLOGIES, "css"), 0);
    assert_int_equal(strength(stack, KIND_TECHNOLOGIES, "javascript"), 0);
    assert_int_not_equal(strength(stack, KIND_TECHNOLOGIES, "git"), 0);
    const char *ci = "## CI\n\n```yaml\njobs:\n  test:\n    runs-on: ubuntu-latest\n```\n";
    assert_int_equal(strength(ci, KIND_DEPLOYMENT, "linux"), 0);
    assert_int_equal(strength("## Author\n\n- GitHub: @ana-dev\n", KIND_OTHER, "github"), 0);
    const char *own = "## Frontend\n\nI wrote the checkout form in plain HTML and styled it with CSS grid.\n";
    assert_int_equal(strength(own, KIND_OTHER, "html"), TECH_COVERED);
    assert_int_equal(strength(own, KIND_OTHER, "css"), TECH_COVERED);
    /* a generic label ("Version Control" is Git's) lists the tools used; it describes none of them */
    const char *tools = "## Tools\n\n- **Version Control**: Git and GitHub\n";
    assert_int_not_equal(strength(tools, KIND_TECHNOLOGIES, "git"), 0);
    assert_int_not_equal(strength(tools, KIND_TECHNOLOGIES, "github"), 0);
}

/* The strings of a sample JSON request or response are data, not the learner's stack; code around them
 * still counts. */
/* An attack's name and a report format are not the technology used. */
static void attacks_and_report_formats_name_no_technology(void **state)
{
    (void)state;
    assert_int_equal(strength("## Security\n\n- **SQL Injection Prevention**: ORM queries only\n", KIND_FEATURES, "sql"),
                     0);
    assert_int_equal(strength("## Tests\n\n```bash\npytest --cov=shop --cov-report=html\n```\n", KIND_TESTING, "html"), 0);
    assert_int_equal(strength("## Data\n\nI wrote raw SQL for the monthly report.\n", KIND_OTHER, "sql"), TECH_COVERED);
}

/* "…, or your preferred platform" leaves a list open, as "etc." does. */
static void a_list_left_open_offers_its_names(void **state)
{
    (void)state;
    const char *md = "## Deployment\n\nDeploy the application using Vercel, Netlify, or your preferred platform.\n";
    assert_true(offered(md, KIND_DEPLOYMENT, "vercel"));
    assert_true(offered(md, KIND_DEPLOYMENT, "netlify"));
    const char *done = "## Deployment\n\nThe frontend runs on Vercel and the API on Render.\n";
    assert_int_equal(strength(done, KIND_DEPLOYMENT, "vercel"), TECH_COVERED);
}

/* Clients a backend could serve are named, not used: in the sentence, or in the list a paragraph ending in
 * ':' introduces. "Powered by" says what the project runs on, and counts. */
static void clients_the_project_could_serve_are_offered(void **state)
{
    (void)state;
    const char *sentence = "## API\n\nThe endpoints can be consumed by any frontend (Vue, Angular).\n";
    assert_true(offered(sentence, KIND_API, "vue"));
    assert_true(offered(sentence, KIND_API, "angular"));
    const char *list = "## Ready\n\nOnce it is live, the service is ready to power:\n\n"
                       "- Phone apps (Flutter, Kotlin)\n- Dashboards (Vue)\n";
    assert_true(offered(list, KIND_API, "flutter"));
    assert_true(offered(list, KIND_API, "kotlin"));
    assert_true(offered(list, KIND_API, "vue"));
    const char *built = "## API\n\nThe mobile client is written in Flutter and powered by a Django backend.\n";
    assert_true(used(built, KIND_API, "flutter"));
    assert_true(used(built, KIND_API, "django"));
}

/* A project runs on one platform: platforms joined by slashes are a range. Other slash pairs
 * ("Swagger/OpenAPI", "Git/GitHub") name both. */
static void platforms_joined_by_slashes_are_a_range(void **state)
{
    (void)state;
    const char *md = "## Hosting\n\nShip the container to Render/Railway/Heroku when it is ready.\n";
    assert_true(offered(md, KIND_DEPLOYMENT, "render"));
    assert_true(offered(md, KIND_DEPLOYMENT, "railway"));
    assert_true(offered(md, KIND_DEPLOYMENT, "heroku"));
    const char *both = "## Docs\n\nThe routes are described in Swagger/OpenAPI and kept in Git/GitHub history.\n";
    assert_true(used(both, KIND_API, "swagger"));
    assert_true(used(both, KIND_API, "openapi"));
}

/* An item that starts with a name and marks itself optional in brackets, wherever the bracket is. */
static void an_item_marking_its_own_name_optional_offers_it(void **state)
{
    (void)state;
    const char *md = "## Stack\n\n- **Kafka** \xE2\x80\x93 (optional add-on) streams events between services\n"
                     "- **Memcached**: keeps rendered fragments warm (optional)\n"
                     "- **Redis**: the Celery broker\n";
    assert_true(offered(md, KIND_TECHNOLOGIES, "kafka"));
    assert_true(offered(md, KIND_TECHNOLOGIES, "memcached"));
    assert_true(used(md, KIND_TECHNOLOGIES, "redis"));
}

/* "Redis (or Memcached)" chose Redis; "npm (v9 or later) or Yarn (v1.22)" is still a choice. */
static void a_bracketed_or_offers_only_the_name_inside(void **state)
{
    (void)state;
    const char *md = "## Cache\n\nSessions live in Redis (or Memcached on small hosts) to spare the database.\n";
    assert_true(used(md, KIND_OTHER, "redis"));
    assert_true(offered(md, KIND_OTHER, "memcached"));
    const char *either = "## Needs\n\nInstall npm (v9 or later) or Yarn (v1.22 or later) before you start.\n";
    assert_true(offered(either, KIND_SETUP, "npm"));
    assert_true(offered(either, KIND_SETUP, "yarn"));
}

/* "(future)" plans the name it follows, or the names in its brackets, not the whole line. */
static void a_bracketed_future_plans_only_its_own_name(void **state)
{
    (void)state;
    const char *md = "## Tools\n\n- Tooling: Postman, Kafka, Docker (future)\n- Live scores (future: WebSocket)\n";
    assert_true(used(md, KIND_TECHNOLOGIES, "postman"));
    assert_true(used(md, KIND_TECHNOLOGIES, "kafka"));
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "docker"), 0);
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "websockets"), 0);
    /* A bracket in a label, or at the end of an item about one name, still plans the line. */
    const char *label = "## Testing\n\n- **Checks (future work):** run Jest on every push\n"
                        "- **Kafka** - streams order events (planned)\n";
    assert_int_equal(strength(label, KIND_TESTING, "jest"), 0);
    assert_int_equal(strength(label, KIND_TESTING, "kafka"), 0);
}

/* A capitalised "# Or" comment in a command block offers the line after it, as "# or" does. */
static void a_capitalised_or_comment_offers_the_next_command(void **state)
{
    (void)state;
    const char *md = "## Database\n\n```bash\nexport DATABASE_URL=postgres://localhost/shop\n"
                     "# Or use SQLite for quick local runs\n```\n";
    assert_true(offered(md, KIND_CONFIGURATION, "sqlite"));
}

/* "JavaScript files", "an HTML report": a generic language naming a kind of file or output is not the
 * language written; a sentence about writing it still is. */
static void a_generic_language_naming_a_file_kind_does_not_count(void **state)
{
    (void)state;
    const char *md = "## Build\n\nThe build step minifies CSS and JS files, and pytest writes an HTML report.\n";
    assert_int_equal(strength(md, KIND_OTHER, "css"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "javascript"), 0);
    assert_int_equal(strength(md, KIND_OTHER, "html"), 0);
    const char *written = "## Pages\n\nI wrote the checkout page in plain HTML and CSS.\n";
    assert_int_equal(strength(written, KIND_OTHER, "html"), TECH_COVERED);
}

/* Entries of a folder tree name files and folders; the comment after '#' is ordinary text. */
static void entries_of_a_folder_tree_are_file_names(void **state)
{
    (void)state;
    const char *md = "## Layout\n\n```\nshop/\n\xE2\x94\x9C\xE2\x94\x80\xE2\x94\x80 css/\n"
                     "\xE2\x94\x9C\xE2\x94\x80\xE2\x94\x80 Makefile\n"
                     "\xE2\x94\x94\xE2\x94\x80\xE2\x94\x80 web/      # Vue single-page app\n```\n";
    assert_int_equal(strength(md, KIND_STRUCTURE, "css"), 0);
    assert_int_equal(strength(md, KIND_STRUCTURE, "make"), 0);
    assert_int_equal(strength(md, KIND_STRUCTURE, "vue"), TECH_COVERED);
}

/* The short line right under a heading naming one technology defines it: the generic tools there are what
 * that technology is. The learner's own sentence under it still counts. */
static void a_definition_under_a_technology_heading_names_no_generic_tool(void **state)
{
    (void)state;
    const char *md = "### 3. Sass\n\nA CSS preprocessor with variables and mixins.\n";
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "css"), 0);
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "sass"), TECH_COVERED);
    const char *own = "### Sass\n\nI rewrote our CSS with Sass mixins.\n";
    assert_int_equal(strength(own, KIND_TECHNOLOGIES, "css"), TECH_COVERED);
    const char *topic = "### Styling\n\nA CSS preprocessor with variables and mixins.\n";
    assert_int_equal(strength(topic, KIND_TECHNOLOGIES, "css"), TECH_COVERED);
}

/* Names joined by slashes or "or", whose bracket leaves the pick to the reader, are a choice. */
static void a_choice_left_to_the_reader_offers_every_name(void **state)
{
    (void)state;
    const char *md = "## Storage\n\n- Database: MySQL / PostgreSQL (depending on where you host it)\n"
                     "- Queue: RabbitMQ or Kafka (configurable in settings)\n";
    assert_true(offered(md, KIND_TECHNOLOGIES, "mysql"));
    assert_true(offered(md, KIND_TECHNOLOGIES, "postgresql"));
    assert_true(offered(md, KIND_TECHNOLOGIES, "rabbitmq"));
    assert_true(offered(md, KIND_TECHNOLOGIES, "kafka"));
    const char *both = "## Storage\n\n- Database: SQLite/PostgreSQL (SQLite in tests, PostgreSQL on the server)\n";
    assert_true(used(both, KIND_TECHNOLOGIES, "sqlite"));
    assert_true(used(both, KIND_TECHNOLOGIES, "postgresql"));
}

/* A bracket right after a name that opens with a negation: "(did not use it)", "(not used here)". */
static void a_negation_in_brackets_after_a_name_does_not_count(void **state)
{
    (void)state;
    const char *md = "## CI\n\n- Pipelines: shell scripts and Jenkins (never set up for this project)\n";
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "jenkins"), 0);
    const char *kept = "## CI\n\n- Pipelines: Jenkins (runs on every push)\n";
    assert_int_equal(strength(kept, KIND_TECHNOLOGIES, "jenkins"), TECH_COVERED);
}

/* A line led by a bullet sign that is not Markdown ("⦁", "•") still starts with its name. */
static void an_optional_name_after_a_bullet_sign_is_offered(void **state)
{
    (void)state;
    const char *md = "## Stack\n\n\xE2\x80\xA2 Django \xE2\x80\x93 the web framework\n"
                     "\xE2\x80\xA2 Kafka \xE2\x80\x93 (optional) event streaming\n";
    assert_true(offered(md, KIND_TECHNOLOGIES, "kafka"));
    assert_true(used(md, KIND_TECHNOLOGIES, "django"));
}

/* A lost fence's tag may end its paragraph when the block's first line, a "# comment", became a heading; an
 * item or a cell that is only a name still names it. */
static void a_lost_fence_tag_before_a_comment_heading_is_not_a_technology(void **state)
{
    (void)state;
    const char *md = "## Install\n\nSet it up locally\nbash\n# Install the packages\nnpm install\n";
    assert_int_equal(strength(md, KIND_SETUP, "bash"), 0);
    assert_int_not_equal(strength("## Libraries\n\n- pandas\n", KIND_TECHNOLOGIES, "pandas"), 0);
}

/* An app's own host under a platform's app domain shows where it was deployed; the platform's own pages
 * and placeholders do not. */
static void a_live_address_on_a_platform_domain_names_the_platform(void **state)
{
    (void)state;
    const char *live = "## Demo\n\nThe shop is live at https://gikosh-shop.vercel.app and its API at "
                       "https://gikosh-api-x1.onrender.com/api/docs/.\n";
    assert_int_equal(strength(live, KIND_DEPLOYMENT, "vercel"), TECH_COVERED);
    assert_int_equal(strength(live, KIND_DEPLOYMENT, "render"), TECH_COVERED);
    const char *other = "## Notes\n\nSee https://help.pythonanywhere.com/pages/ and set the URL to "
                        "https://your-app.onrender.com in the frontend.\n";
    assert_int_equal(strength(other, KIND_DEPLOYMENT, "pythonanywhere"), 0);
    assert_int_equal(strength(other, KIND_DEPLOYMENT, "render"), 0);
}

/* A name saying what kind of thing another technology is ("Next.js - the React framework", "React-based") is
 * not used; the learner's own app being React-based is. */
static void what_another_technology_is_built_on_does_not_count(void **state)
{
    (void)state;
    const char *md = "## Stack\n\n- **Next.js** - the React framework our storefront pages are served by\n";
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "react"), 0);
    assert_int_equal(strength(md, KIND_TECHNOLOGIES, "nextjs"), TECH_COVERED);
    const char *heading = "### Next.js\n\nA React-based framework for server rendering.\n";
    assert_int_equal(strength(heading, KIND_TECHNOLOGIES, "react"), 0);
    const char *own = "## About\n\nA React-based booking site with a Django API.\n";
    assert_int_equal(strength(own, KIND_OVERVIEW, "react"), TECH_COVERED);
}

static void names_in_sample_json_do_not_count(void **state)
{
    (void)state;
    const char *sample = "## 25. Get Job Details\n\n```json\n{\n  \"title\": \"Backend Developer\",\n"
                         "  \"skills\": [\"Python\", \"AWS\", \"Docker\"]\n}\n```\n";
    assert_int_equal(strength(sample, KIND_API, "python"), 0);
    assert_int_equal(strength(sample, KIND_API, "aws"), 0);
    assert_int_equal(strength(sample, KIND_API, "docker"), 0);
    const char *compose = "## Run\n\n```bash\ndocker build -t shop .\n```\n";
    assert_int_equal(strength(compose, KIND_SETUP, "docker"), TECH_COVERED);
}

static void a_code_fence_tag_is_not_a_technology(void **state)
{
    (void)state;
    const char *md = "## Run\n\nStart the server:\n\nbash\npython manage.py runserver\n\n"
                     "1. Install\n   \\`\\`\\`bash\n   npm install\n";
    assert_int_equal(strength(md, KIND_SETUP, "bash"), 0);
    assert_int_equal(strength("## Ops\n\nI wrote Bash scripts for nightly backups.\n", KIND_OTHER, "bash"),
                     TECH_COVERED);
}

static void go_rest_and_react_are_found_only_as_technologies(void **state)
{
    (void)state;
    const char *plain = "## Usage\n\nGo to the dashboard, rest for a bit, and react to alerts. Reactive UI.\n";
    assert_int_equal(strength(plain, KIND_FEATURES, "go"), 0);
    assert_int_equal(strength(plain, KIND_FEATURES, "rest"), 0);
    assert_int_equal(strength(plain, KIND_FEATURES, "react"), 0);
    const char *tech = "## Stack notes\n\nThe worker is written in Go; the UI uses React and talks to a REST API.\n";
    assert_int_equal(strength(tech, KIND_OTHER, "go"), TECH_COVERED);
    assert_int_equal(strength(tech, KIND_OTHER, "react"), TECH_COVERED);
    assert_int_equal(strength(tech, KIND_OTHER, "rest"), TECH_COVERED);
}

static void synonyms_report_the_canonical_technology_with_a_count(void **state)
{
    (void)state;
    const char *md = "We deploy to k8s with Kubernetes manifests, store data in Postgres, and serve DRF views.\n";
    tech_mentions m;
    assert_int_equal(analysis_detect_section(tax, md, strlen(md), KIND_DEPLOYMENT, &m), 0);
    assert_int_equal(find(&m, "kubernetes")->count, 2);
    assert_non_null(find(&m, "postgresql"));
    assert_non_null(find(&m, "django-rest-framework"));
    for (size_t i = 1; i < m.count; i++) /* taxonomy order */
        assert_true(m.items[i - 1].tech < m.items[i].tech);
    tech_mentions_free(&m);
}

/* ---- Repository files ------------------------------------------------------------ */

/* Technology ids signalled by a file, space-separated. */
static char *signals(const char *path, const char *content)
{
    static char out[1024];
    tech_mentions m;
    assert_int_equal(analysis_detect_file(tax, path, content, content ? strlen(content) : 0, &m), 0);
    out[0] = '\0';
    for (size_t i = 0; i < m.count; i++) {
        assert_int_equal(m.items[i].strength, TECH_COVERED);
        if (out[0])
            strcat(out, " ");
        strcat(out, nx_taxonomy_get(tax, m.items[i].tech)->id);
    }
    tech_mentions_free(&m);
    return out;
}

static void well_known_files_signal_their_technology_by_path(void **state)
{
    (void)state;
    assert_string_equal(signals("Dockerfile", NULL), "docker");
    assert_string_equal(signals("backend/Dockerfile.prod", NULL), "docker");
    assert_string_equal(signals("backend/manage.py", NULL), "python django");
    assert_string_equal(signals(".github/workflows/ci.yml", NULL), "github-actions");
    assert_string_equal(signals("api/.github/workflows/deploy.yaml", NULL), "github-actions");
    assert_string_equal(signals("docs/workflows/ci.yml", NULL), "");
    assert_string_equal(signals("README.md", NULL), "");
}

static void compose_files_signal_compose_and_the_images_they_run(void **state)
{
    (void)state;
    const char *compose = "services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n";
    assert_string_equal(signals("docker-compose.yml", compose), "postgresql redis docker-compose");
    assert_string_equal(signals("docker-compose.prod.yml", NULL), "docker-compose");
}

static void requirements_entries_signal_packages_but_comments_do_not(void **state)
{
    (void)state;
    const char *req = "-r base.txt\nDjango==4.2.7\ncelery[redis]>=5.3 ; python_version > '3.8'\n"
                      "psycopg2-binary\n# redis is optional\ndjangorestframework_simplejwt\n";
    assert_string_equal(signals("requirements-prod.txt", req), "python django postgresql celery simplejwt");
    assert_string_equal(signals("requirements/prod.txt", req), "python django postgresql celery simplejwt");
    assert_string_equal(signals("docs/notes.txt", req), "");
}

static void package_json_dependencies_signal_frontend_technologies(void **state)
{
    (void)state;
    const char *pkg = "{\"name\": \"shop\", \"dependencies\": {\"next\": \"14.2.0\", \"react\": \"18\"},"
                      " \"devDependencies\": {\"tailwindcss\": \"^3\", \"jest\": \"29\"},"
                      " \"scripts\": {\"vue\": \"not a dependency\"}}";
    assert_string_equal(signals("web/package.json", pkg), "jest react nextjs nodejs tailwind");
    assert_string_equal(signals("web/package.json", "{ not json"), "nodejs");
    assert_string_equal(signals("web/package.json", NULL), "nodejs");
}

/* The quick test before fnmatch() (glob_filter.h) never rules out a name a signal's glob matches, whatever
 * the letter case, and does rule out the names most files have. */
static void the_glob_filter_never_rules_out_a_match(void **state)
{
    (void)state;
    static const char *const names[] = {
        "Dockerfile", "dockerfile.prod", "requirements.txt", "REQUIREMENTS-dev.TXT", "requirements-base.txt",
        "package.json", "Package.JSON", "docker-compose.yml", "docker-compose.prod.yaml", "vue.config.js",
        "tailwind.config.ts", ".github/workflows/ci.yml", "api/.github/workflows/Deploy.YAML", "manage.py",
        "supabase/config.toml", "app/supabase/config.toml", "pyproject.toml", "README.md", "notes.txt", "",
    };
    size_t ruled_out = 0, matched = 0;
    for (size_t t = 0; t < nx_taxonomy_count(tax); t++) {
        const nx_technology *technology = nx_taxonomy_get(tax, t);
        for (size_t s = 0; s < technology->signal_count; s++) {
            const char *signal = technology->signals[s];
            const char *colon = strchr(signal, ':');
            size_t len = colon ? (size_t)(colon - signal) : strlen(signal);
            char glob[256];
            assert_true(len < sizeof glob);
            memcpy(glob, signal, len);
            glob[len] = '\0';
            for (size_t n = 0; n < sizeof names / sizeof *names; n++) {
                const char *slash = strrchr(names[n], '/');
                const char *subject = strchr(glob, '/') || !slash ? names[n] : slash + 1;
                bool cannot = glob_cannot_match(glob, len, subject);
                if (fnmatch(glob, subject, FNM_CASEFOLD) == 0) {
                    matched++;
                    if (cannot)
                        fail_msg("%s was ruled out for %s", subject, glob);
                }
                ruled_out += cannot;
            }
        }
    }
    assert_true(matched >= 15);
    assert_true(ruled_out > 0);
    assert_true(glob_cannot_match("requirements*.txt", 17, "README.md"));
    assert_true(glob_cannot_match("vue.config.*", 12, "vite.config.ts"));
    assert_true(glob_cannot_match(".github/workflows/*.yml", 23, "docs/ci.yaml"));
    assert_false(glob_cannot_match("requirements*.txt", 17, "Requirements-Dev.TXT"));
    assert_false(glob_cannot_match("[Dd]ockerfile", 13, "dockerfile"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_sentence_about_a_technology_covers_it),
        cmocka_unit_test(a_heading_naming_a_technology_covers_it),
        cmocka_unit_test(a_badge_only_mentions),
        cmocka_unit_test(a_bare_item_of_a_stack_list_mentions_and_a_described_one_covers),
        cmocka_unit_test(a_table_cell_of_a_stack_table_mentions),
        cmocka_unit_test(an_item_with_sub_items_describing_it_covers),
        cmocka_unit_test(list_items_outside_technology_lists_cover),
        cmocka_unit_test(setup_commands_in_code_cover),
        cmocka_unit_test(boilerplate_sections_only_mention),
        cmocka_unit_test(nothing_in_a_roadmap_is_reported),
        cmocka_unit_test(unchecked_to_dos_do_not_count_but_checked_ones_do),
        cmocka_unit_test(lists_nested_thousands_deep_are_still_judged_item_by_item),
        cmocka_unit_test(negated_mentions_do_not_count),
        cmocka_unit_test(plans_for_the_future_do_not_count),
        cmocka_unit_test(a_negation_in_one_sentence_does_not_reach_the_next),
        cmocka_unit_test(file_names_and_addresses_do_not_name_a_technology),
        cmocka_unit_test(versions_imports_and_connection_urls_still_name_a_technology),
        cmocka_unit_test(examples_of_a_kind_of_tool_do_not_count),
        cmocka_unit_test(an_example_of_what_was_done_counts),
        cmocka_unit_test(a_list_trailing_off_in_etc_is_a_range_unless_it_is_the_stack),
        cmocka_unit_test(options_and_recommendations_do_not_count),
        cmocka_unit_test(two_names_joined_by_or_are_a_choice),
        cmocka_unit_test(a_command_after_or_is_an_alternative_to_the_one_before),
        cmocka_unit_test(git_needs_more_than_a_clone_command),
        cmocka_unit_test(generic_tools_named_in_passing_do_not_count),
        cmocka_unit_test(contribution_steps_in_brackets_name_no_git),
        cmocka_unit_test(github_as_a_support_channel_does_not_count),
        cmocka_unit_test(names_in_sample_json_do_not_count),
        cmocka_unit_test(a_list_left_open_offers_its_names),
        cmocka_unit_test(clients_the_project_could_serve_are_offered),
        cmocka_unit_test(platforms_joined_by_slashes_are_a_range),
        cmocka_unit_test(an_item_marking_its_own_name_optional_offers_it),
        cmocka_unit_test(a_bracketed_or_offers_only_the_name_inside),
        cmocka_unit_test(a_bracketed_future_plans_only_its_own_name),
        cmocka_unit_test(a_capitalised_or_comment_offers_the_next_command),
        cmocka_unit_test(a_generic_language_naming_a_file_kind_does_not_count),
        cmocka_unit_test(entries_of_a_folder_tree_are_file_names),
        cmocka_unit_test(a_definition_under_a_technology_heading_names_no_generic_tool),
        cmocka_unit_test(a_choice_left_to_the_reader_offers_every_name),
        cmocka_unit_test(a_negation_in_brackets_after_a_name_does_not_count),
        cmocka_unit_test(an_optional_name_after_a_bullet_sign_is_offered),
        cmocka_unit_test(a_lost_fence_tag_before_a_comment_heading_is_not_a_technology),
        cmocka_unit_test(a_live_address_on_a_platform_domain_names_the_platform),
        cmocka_unit_test(what_another_technology_is_built_on_does_not_count),
        cmocka_unit_test(attacks_and_report_formats_name_no_technology),
        cmocka_unit_test(a_code_fence_tag_is_not_a_technology),
        cmocka_unit_test(go_rest_and_react_are_found_only_as_technologies),
        cmocka_unit_test(synonyms_report_the_canonical_technology_with_a_count),
        cmocka_unit_test(well_known_files_signal_their_technology_by_path),
        cmocka_unit_test(compose_files_signal_compose_and_the_images_they_run),
        cmocka_unit_test(requirements_entries_signal_packages_but_comments_do_not),
        cmocka_unit_test(package_json_dependencies_signal_frontend_technologies),
        cmocka_unit_test(the_glob_filter_never_rules_out_a_match),
    };
    return cmocka_run_group_tests(tests, taxonomy_setup, taxonomy_teardown);
}
