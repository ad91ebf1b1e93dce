/* Specification of section kinds (indexer/analysis.h): the heading variants real READMEs use,
 * ancestors deciding for topical sub-headings, roadmaps covering their subtree, and body fallbacks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "analysis.h"

#define SEP " \xE2\x80\xBA " /* " › " as in md_section.heading_path */

static const char *kind(const char *path, const char *body)
{
    return analysis_kind_id(analysis_classify_section(path, body));
}

static void challenge_headings_of_the_corpus_are_challenges(void **state)
{
    (void)state;
    assert_string_equal(kind("Challenges Faced & Solutions Implemented", ""), "challenges");
    assert_string_equal(kind("\xE2\x9A\x94\xEF\xB8\x8F Challenges", ""), "challenges");
    assert_string_equal(kind("\xF0\x9F\xA7\xA9 Challenges & Implemented Solutions", ""), "challenges");
    assert_string_equal(kind("Challenges & How They were Solved Them", ""), "challenges");
    assert_string_equal(kind("Problems I ran into", ""), "challenges");
    assert_string_equal(kind("Solutions Implemented", ""), "solutions");
}

static void a_topical_sub_heading_takes_its_learning_journey_parent_s_kind(void **state)
{
    (void)state;
    assert_string_equal(kind("Nexus" SEP "Challenges Faced & Solutions" SEP "1. Debugging API Serialization Errors", ""),
                        "challenges");
    assert_string_equal(kind("Nexus" SEP "Key Technologies Covered" SEP "5. Docker", ""), "technologies");
    assert_string_equal(kind("Nexus" SEP "Important Backend Development Concepts" SEP "Caching Strategies", ""),
                        "concepts");
    assert_string_equal(kind("API Endpoints" SEP "Authentication", ""), "api");
    assert_string_equal(kind("Getting Started" SEP "Environment Variables", ""), "configuration");
}

static void the_other_kinds_have_their_usual_headings(void **state)
{
    (void)state;
    assert_string_equal(kind("\xF0\x9F\x9B\xA0\xEF\xB8\x8F Tech Stack", ""), "technologies");
    assert_string_equal(kind("Best Practices and Personal Takeaways", ""), "best-practices");
    assert_string_equal(kind("Major Learnings", ""), "concepts");
    assert_string_equal(kind("Key Features", ""), "features");
    assert_string_equal(kind("Installation", ""), "setup");
    assert_string_equal(kind("Prerequisites", ""), "setup");
    assert_string_equal(kind("Project Structure", ""), "structure");
    assert_string_equal(kind("Database Schema", ""), "structure");
    assert_string_equal(kind("\xF0\x9F\x9A\x80 Deployment", ""), "deployment");
    assert_string_equal(kind("Running Tests", ""), "testing");
    assert_string_equal(kind("API Testing with Postman", ""), "testing");
    assert_string_equal(kind("API Documentation", ""), "api");
    assert_string_equal(kind("Collaboration \xE2\x80\x94 Key to Success", ""), "collaboration");
    assert_string_equal(kind("\xF0\x9F\x93\x84 License", ""), "boilerplate");
    assert_string_equal(kind("Table of Contents", ""), "boilerplate");
    assert_string_equal(kind("Problem Statement", ""), "overview");
    assert_string_equal(kind("Overview", ""), "overview");
}

static void a_roadmap_ancestor_makes_the_whole_subtree_a_roadmap(void **state)
{
    (void)state;
    assert_string_equal(kind("Future Improvements", ""), "roadmap");
    assert_string_equal(kind("\xF0\x9F\x94\xAE Future Enhancements", ""), "roadmap");
    assert_string_equal(kind("Roadmap" SEP "Testing", ""), "roadmap");
    assert_string_equal(kind("Next Steps" SEP "Deploy to AWS", ""), "roadmap");
    assert_string_equal(kind("TODO", ""), "roadmap");
    assert_string_equal(kind("Major Learnings" SEP "Extension Ideas", "Real-time updates with WebSockets."), "roadmap");
    assert_string_equal(kind("Stretch goals", ""), "roadmap");
}

static void the_preamble_and_a_project_title_are_the_overview(void **state)
{
    (void)state;
    assert_string_equal(kind("", "A Django API for polls."), "overview");
    assert_string_equal(kind(NULL, NULL), "overview");
    assert_string_equal(kind("ALX Project Nexus \xE2\x80\x94 Scalable E-Commerce API", ""), "overview");
    assert_string_equal(kind("Movie Recommendation API" SEP "Disclaimer", ""), "boilerplate");
}

static void the_body_decides_when_no_heading_does(void **state)
{
    (void)state;
    assert_string_equal(kind("Shop" SEP "Notes", "pip install -r requirements.txt\npython manage.py migrate"),
                        "setup");
    assert_string_equal(kind("Shop" SEP "Notes", "GET /api/products/ list\nPOST /api/orders/ create"), "api");
    assert_string_equal(kind("Shop" SEP "Layout",
                             "app/\n\xE2\x94\x9C\xE2\x94\x80\xE2\x94\x80 models.py\n\xE2\x94\x9C\xE2\x94\x80\xE2\x94\x80 views.py"),
                        "structure");
    assert_string_equal(kind("Shop" SEP "Musings", "Some thoughts."), "other");
    assert_string_equal(kind("Shop" SEP "Usage", "npm run dev"), "setup");
    assert_string_equal(kind("Shop" SEP "Usage", "Click a movie to see its details."), "features");
}

static void kind_ids_are_stable_and_round_trip(void **state)
{
    (void)state;
    assert_string_equal(analysis_kind_id(KIND_BEST_PRACTICES), "best-practices");
    assert_string_equal(analysis_kind_id(KIND_ROADMAP), "roadmap");
    assert_string_equal(analysis_kind_id(KIND_COUNT), "other");
    for (int k = 0; k < KIND_COUNT; k++)
        assert_int_equal(analysis_kind_from_id(analysis_kind_id((section_kind)k)), k);
    assert_int_equal(analysis_kind_from_id("nonsense"), KIND_COUNT);
    assert_int_equal(analysis_kind_from_id(NULL), KIND_COUNT);
}

static void a_project_title_does_not_claim_the_sections_beneath_it(void **state)
{
    (void)state;
#define TITLE "Project Nexus \xE2\x80\x94 My ProDev Backend Learning Journal"
    assert_string_equal(kind(TITLE, ""), "overview");
    assert_string_equal(kind(TITLE SEP "Setup" SEP "Prerequisites", ""), "setup");
    assert_string_equal(kind(TITLE SEP "Setup" SEP "Running with Docker Compose", ""), "setup");
    assert_string_equal(kind(TITLE SEP "Important Concepts" SEP "Caching", ""), "concepts");
#undef TITLE
}

static void a_connection_problem_is_not_a_contact_section(void **state)
{
    (void)state;
    assert_string_not_equal(kind("alx-project-nexus" SEP "Docker Compose: Postgres connection refused", ""),
                            "boilerplate");
    assert_string_equal(kind("alx-project-nexus" SEP "Let's connect", ""), "boilerplate");
}

/* A heading naming a plan of work makes its whole schedule a roadmap; a log of what was done, programme parts
 * about planning and a fallback "Plan B" stay what they are. */
static void a_plan_of_work_is_a_roadmap(void **state)
{
    (void)state;
    assert_string_equal(kind("Bookshelf" SEP "\xF0\x9F\x93\x85 4-Week Development Plan", ""), "roadmap");
    assert_string_equal(kind("Bookshelf" SEP "4-Week Development Plan" SEP "Week 2: Payments" SEP
                             "Day 8-9: Checkout with Stripe", "Wire the checkout to Stripe."),
                        "roadmap");
    assert_string_equal(kind("Bookshelf" SEP "Implementation Plan" SEP "Phase 1", ""), "roadmap");
    assert_string_equal(kind("Project Plan", ""), "roadmap");
    assert_string_equal(kind("Bookshelf" SEP "Sprint Planning", ""), "roadmap");
    assert_string_equal(kind("Learning Log" SEP "Week 3: Django signals" SEP "What I learned", ""), "concepts");
    assert_string_equal(kind("Journal" SEP "Day 1: Set up Django", "I created the project and app."), "setup");
    assert_string_not_equal(kind("Programme" SEP "Part 1: Project Planning and Database Design", ""), "roadmap");
    assert_string_not_equal(kind("Demo" SEP "Plan B: if the live API is down", ""), "roadmap");
}

/* The parts of a contribution guide are boilerplate, not the project's API or features; a challenge about pull
 * requests is still a challenge. */
static void contribution_guide_parts_are_boilerplate(void **state)
{
    (void)state;
    assert_string_equal(kind("Contributing" SEP "Pull Request Process", ""), "boilerplate");
    assert_string_equal(kind("Shop" SEP "Contributing" SEP "Feature Requests", ""), "boilerplate");
    assert_string_equal(kind("Contributing" SEP "Reporting Bugs", ""), "boilerplate");
    assert_string_equal(kind("Challenges" SEP "Merge conflicts in pull requests", ""), "challenges");
    assert_string_equal(kind("API" SEP "Example Requests", ""), "api");
    assert_string_equal(kind("Shop" SEP "Features", ""), "features");
}

/* The kind analysis_facts_read() gives each section of a Markdown file, joined by spaces. */
static void kinds_read(const char *markdown, char *out, size_t size)
{
    md_sections sections = {0};
    file_facts *facts = NULL;
    assert_int_equal(md_sections_split(markdown, strlen(markdown), NULL, &sections), 0);
    assert_int_equal(analysis_facts_read(&sections, &facts), 0);
    out[0] = '\0';
    for (size_t i = 0; i < sections.count; i++) {
        strncat(out, i ? " " : "", size - strlen(out) - 1);
        strncat(out, analysis_kind_id(analysis_facts_kind(facts, i)), size - strlen(out) - 1);
    }
    analysis_facts_free(facts);
    md_sections_free(&sections);
}

/* A section that is an open to-do list is work still to do, whatever its heading; one checked item, or a
 * paragraph of prose per item, makes it a record of work beside its to-dos, and a list its heading calls a
 * checklist is a procedure ticked off each time, as setup steps are. */
static void an_open_to_do_list_is_a_roadmap(void **state)
{
    (void)state;
    char kinds[256];
    kinds_read("# Shop\n\nA bookshop.\n\n## Day 3-4: Accounts\n\n- [ ] Sign-up with JWT\n- [ ] Password reset\n"
               "- [ ] Tests for login\n\n## Go-live Checklist\n\n- [ ] Turn DEBUG off\n- [ ] Serve over HTTPS\n",
               kinds, sizeof kinds);
    assert_string_equal(kinds, "overview roadmap deployment");
    kinds_read("# Shop\n\n## Day 3-4: Accounts\n\n- [x] Sign-up with JWT\n- [ ] Password reset\n- [ ] Tests\n",
               kinds, sizeof kinds);
    assert_string_equal(kinds, "overview other");
    kinds_read("# Shop\n\n## Caching\n\nI cached the catalogue in Redis.\n\nIt took a day to get right.\n\n"
               "Invalidation was the hard part.\n\n- [ ] Cache the cart\n- [ ] Cache search\n",
               kinds, sizeof kinds);
    assert_string_equal(kinds, "overview other");
    kinds_read("# Shop\n\n## Deployment\n\n- Render for the API\n- Vercel for the web app\n- [ ] A custom domain\n"
               "- Neon for PostgreSQL\n",
               kinds, sizeof kinds);
    assert_string_equal(kinds, "overview deployment");
}

/* Headings that offer the reader a choice make their technologies named, not covered; a project's
 * own "Configuration Options" do not. */
static void headings_offering_a_choice_are_recognised(void **state)
{
    (void)state;
    assert_true(analysis_heading_offers("Deployment Guide " SEP " Option 2: Heroku (Classic Choice) " SEP " Step 1"));
    assert_true(analysis_heading_offers("Deployment Options"));
    assert_true(analysis_heading_offers("Monitoring " SEP " Add Monitoring (Optional)"));
    assert_true(analysis_heading_offers("Database " SEP " Alternatives"));
    assert_false(analysis_heading_offers("Configuration Options " SEP " Celery"));
    assert_false(analysis_heading_offers("Filtering options"));
    assert_false(analysis_heading_offers("Deployment " SEP " Render"));
    assert_true(analysis_heading_offers("Deployment " SEP " Hosting the API (Example on Fly.io)"));
    assert_false(analysis_heading_offers("API " SEP " Example Requests"));
    assert_false(analysis_heading_offers(NULL));
}

/* A code block shows code; a folder tree drawn in one does not, nor does a list naming technologies. */
static void a_section_shows_code_unless_its_block_is_a_folder_tree(void **state)
{
    (void)state;
    const char *markdown = "# Stack\n\n- Next.js\n- Tailwind CSS\n\n"
                           "## Example Usage\n\n```js\nexport default function Page() { return null; }\n```\n\n"
                           "## Layout\n\n```\nsrc/\n\u251c\u2500\u2500 app/\n\u2514\u2500\u2500 lib/\n```\n\n"
                           "## Run\n\n    npm run dev\n";
    md_sections sections = {0};
    file_facts *facts = NULL;
    assert_int_equal(md_sections_split(markdown, strlen(markdown), NULL, &sections), 0);
    assert_int_equal(analysis_facts_read(&sections, &facts), 0);
    assert_int_equal(sections.count, 4);
    assert_false(analysis_facts_shows_code(facts, 0));
    assert_true(analysis_facts_shows_code(facts, 1));
    assert_false(analysis_facts_shows_code(facts, 2));
    assert_true(analysis_facts_shows_code(facts, 3)); /* an indented block is code too */
    assert_false(analysis_facts_shows_code(facts, 4)); /* no such section */
    analysis_facts_free(facts);
    md_sections_free(&sections);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(challenge_headings_of_the_corpus_are_challenges),
        cmocka_unit_test(a_topical_sub_heading_takes_its_learning_journey_parent_s_kind),
        cmocka_unit_test(the_other_kinds_have_their_usual_headings),
        cmocka_unit_test(a_roadmap_ancestor_makes_the_whole_subtree_a_roadmap),
        cmocka_unit_test(the_preamble_and_a_project_title_are_the_overview),
        cmocka_unit_test(the_body_decides_when_no_heading_does),
        cmocka_unit_test(kind_ids_are_stable_and_round_trip),
        cmocka_unit_test(a_project_title_does_not_claim_the_sections_beneath_it),
        cmocka_unit_test(a_connection_problem_is_not_a_contact_section),
        cmocka_unit_test(headings_offering_a_choice_are_recognised),
        cmocka_unit_test(a_plan_of_work_is_a_roadmap),
        cmocka_unit_test(contribution_guide_parts_are_boilerplate),
        cmocka_unit_test(an_open_to_do_list_is_a_roadmap),
        cmocka_unit_test(a_section_shows_code_unless_its_block_is_a_folder_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
