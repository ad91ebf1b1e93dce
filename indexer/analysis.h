/* What a section is about: technologies it covers, its kind, the challenge/solution pairs it holds,
 * and whether its file is the learner's own writing. Pure functions over text; no git, no index. */
#ifndef NX_ANALYSIS_H
#define NX_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "nx_taxonomy.h"
#include "sections.h"

/* ---- Section kinds (analysis_kinds.c) ----------------------------------- */

typedef enum section_kind {
    KIND_OTHER = 0, KIND_OVERVIEW, KIND_FEATURES, KIND_TECHNOLOGIES, KIND_CONCEPTS, KIND_CHALLENGES,
    KIND_SOLUTIONS, KIND_BEST_PRACTICES, KIND_SETUP, KIND_CONFIGURATION, KIND_API, KIND_STRUCTURE,
    KIND_DEPLOYMENT, KIND_TESTING, KIND_COLLABORATION, KIND_BOILERPLATE, KIND_ROADMAP,
    KIND_COUNT
} section_kind;

/* Stable id of a kind: "other", "overview", "features", "technologies",
 * "concepts", "challenges", "solutions", "best-practices", "setup",
 * "configuration", "api", "structure", "deployment", "testing",
 * "collaboration", "boilerplate", "roadmap". Static text. */
const char *analysis_kind_id(section_kind kind);

/* The kind with that id, or KIND_COUNT when there is none. */
section_kind analysis_kind_from_id(const char *id);

/* Classifies a section by its heading path (md_section.heading_path, headings
 * joined by " › "): the last heading first, then its ancestors, nearest first.
 * A roadmap / future-improvements / plan-of-work ("Development Plan") heading
 * anywhere on the path makes the section a roadmap; a learning-journey ancestor (challenges, solutions, best
 * practices, concepts, technologies, collaboration) decides for topical
 * sub-headings ("Challenges › 1. Debugging API errors" is a challenge); a lone
 * heading naming the project (ALX / Nexus / ProDev) is the overview. When no
 * heading decides, the plain-text body does (install commands → setup,
 * "GET /api/…" lines → api, a file tree → structure; "Usage" is setup with
 * commands, else features); the preamble and an undecided lone heading are
 * the overview. Either argument may be NULL. */
section_kind analysis_classify_section(const char *heading_path, const char *body);

/* True when a heading on the path offers a choice to the reader ("Option 2: Heroku", "Deployment
 * Options", "(Optional)", "Alternatives"): technologies under it are named, not covered. */
bool analysis_heading_offers(const char *heading_path);
/* ---- Technologies (analysis_detect.c) ----------------------------------- */

/* How strongly a section covers a technology. Only COVERED counts as coverage
 * for "who covered X"; MENTIONED is kept as weak evidence (badge, bare list
 * item or table cell of a technology list); mentions in roadmaps, unchecked
 * to-dos or "we do not use X" are not reported at all. */
typedef enum tech_strength { TECH_MENTIONED = 1, TECH_COVERED = 2 } tech_strength;

typedef struct tech_mention {
    size_t tech;            /* index into the taxonomy */
    unsigned count;         /* reported occurrences in the section (or file signals matched) */
    tech_strength strength; /* the strongest of those occurrences */
    bool offered;           /* every occurrence offers it (an option, an alternative, a client the project could
                             * serve) rather than uses it: named, MENTIONED, never counted as coverage */
} tech_mention;

typedef struct tech_mentions {
    tech_mention *items; /* owned; one per technology, in taxonomy order */
    size_t count;
} tech_mentions;

/* Detects technologies in one section's Markdown (md_section.markdown) of the
 * given kind (analysis_classify_section). Words are matched as
 * nx_taxonomy_scan does (whole words, case-aware: Go vs go, REST vs rest, React
 * vs reactive; aliases k8s, Postgres, DRF, NodeJS, CI/CD). Strength per
 * occurrence:
 *   - COVERED: the heading, prose sentences, challenge text, code blocks and
 *     commands, list items and table cells that say more than the name;
 *   - MENTIONED: image alt text (badges), and in technology/overview/other/
 *     boilerplate sections, list items or table cells that are little more
 *     than names ("- Django", "| Redis | 7 |");
 *   - not reported: everything in a KIND_ROADMAP section, unchecked task items
 *     ("- [ ] add Redis"), sentences about the future ("we plan to add Kafka")
 *     and negated mentions ("we do not use Redis", "without Docker", "no Celery").
 * Returns 0 and fills *out (free with tech_mentions_free) or -1 on no memory. */
int analysis_detect_section(const nx_taxonomy *taxonomy, const char *markdown, size_t len, section_kind kind,
                            tech_mentions *out);

/* Technologies signalled by a file of the repository tree (Dockerfile,
 * docker-compose.yml, manage.py, .github/workflows/NAME.yml, requirements*.txt
 * entries, package.json dependencies…), per the taxonomy's signals. `content`
 * may be NULL when only the path is known: then only path signals apply.
 * Signals count as COVERED. Returns 0 and fills *out or -1 on no memory. */
int analysis_detect_file(const nx_taxonomy *taxonomy, const char *path, const char *content, size_t len,
                         tech_mentions *out);

void tech_mentions_free(tech_mentions *mentions);

/* ---- Whose writing a file is (analysis_origin.c) ------------------------ */

/* Only FILE_OWN counts fully towards coverage. */
typedef enum file_origin {
    FILE_OWN = 0,      /* the learner's documentation */
    FILE_TEMPLATE,     /* create-next-app / CRA / Vite / Expo / cookiecutter boilerplate README */
    FILE_GENERATED,    /* test-runner snapshots, .cursor/rules, AGENTS.md, CLAUDE.md, assistant rule files */
    FILE_BRIEF,        /* a copied programme brief / task description */
} file_origin;

/* "own", "template", "generated", "brief". Static text. */
const char *analysis_origin_id(file_origin origin);

/* Classifies a Markdown file from its path (inside the repository) and text
 * (any bytes; NULL allowed). A template README stays FILE_TEMPLATE only while
 * most of it is the generator's text: a learner who wrote their own README
 * around the generator's paragraph gets FILE_OWN. */
file_origin analysis_file_origin(const char *path, const char *text, size_t len);

/* The same for a file the caller already split with md_sections_split(text, len, limits, sections) where
 * limits->max_sections is MD_DEFAULT_MAX_SECTIONS (or limits is NULL): saves splitting it again. */
file_origin analysis_file_origin_of(const char *path, const char *text, size_t len, const md_sections *sections);

/* ---- Challenges and their solutions (analysis_challenges.c) ------------- */

typedef struct challenge_pair {
    char *challenge; /* owned; the problem, plain text */
    char *solution;  /* owned; how it was solved, plain text */
    size_t section;  /* index (in the md_sections given) of the section where the challenge starts */
} challenge_pair;

typedef struct challenge_pairs {
    challenge_pair *items; /* owned; in document order */
    size_t count;
} challenge_pairs;

/* Extracts challenge/solution pairs from a whole file's sections (pairs can
 * span a "Challenge 1: …" heading and the "Solution" sub-heading after it):
 *   - labelled lines anywhere: "Challenge:/Solution:", "Problem:/Fix:",
 *     "Issue:/Resolution:" (bold or not, on one line or several, the solution
 *     running on through the list items that follow it);
 *   - tables whose header has a challenge/problem/issue column and a
 *     solution/fix/resolution column (a description column joins the challenge);
 *   - in challenge sections only: "- **Title**: text" items, "X → Y" items,
 *     and sub-headings whose body tells the solution.
 * Returns 0 (possibly with zero pairs) or -1 on no memory. */
int analysis_extract_challenges(const md_sections *sections, challenge_pairs *out);

void challenge_pairs_free(challenge_pairs *pairs);

/* ---- Each section read once (analysis_facts.c) -------------------------- */

/* What the steps above read of a file's sections, made once: each section's Markdown read by md4c into
 * its text units, and its kind (analysis_classify_section). Technology detection and challenge extraction
 * read these facts instead of parsing the Markdown again (they used to parse each section twice more, and
 * classify its kind twice). Opaque; owned by the caller until analysis_facts_free(). */
typedef struct file_facts file_facts;

/* Reads every section of `sections` (which must outlive the facts). Returns 0, or -1 on no memory. */
int analysis_facts_read(const md_sections *sections, file_facts **out);

/* The kind of section `section`: analysis_classify_section()'s, or a roadmap when its units are an open to-do
 * list its headings do not call a checklist (unchecked task items only; see analysis_units_open_tasks). */
section_kind analysis_facts_kind(const file_facts *facts, size_t section);

/* analysis_detect_section() of section `section`, from its facts. */
int analysis_detect_facts(const nx_taxonomy *taxonomy, const file_facts *facts, size_t section, tech_mentions *out);

/* analysis_extract_challenges() from the facts of the same `sections`. */
int analysis_extract_challenges_from(const md_sections *sections, const file_facts *facts, challenge_pairs *out);

/* Whether section `section` shows code: a code block that is not a file tree ("├── src/"). Why: a
 * technology list names what was used, a code example shows how (learner ranking, shim/learners.cc). */
bool analysis_facts_shows_code(const file_facts *facts, size_t section);

void analysis_facts_free(file_facts *facts);

#endif /* NX_ANALYSIS_H */
