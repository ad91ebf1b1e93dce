/* What a section is about: technologies it covers, its kind, the challenge/solution pairs it holds,
 * and whether its file is the learner's own writing. Pure functions over text; no git, no index. */
#ifndef NX_ANALYSIS_H
#define NX_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "nx_taxonomy.h"

/* How strongly a section covers a technology. Only COVERED counts as coverage
 * for "who covered X"; MENTIONED is kept as weak evidence (badge, bare list
 * item); mentions in roadmaps, unchecked to-dos or "we do not use X" are not
 * reported at all. */
typedef enum tech_strength { TECH_MENTIONED = 1, TECH_COVERED = 2 } tech_strength;

typedef struct tech_mention {
    size_t tech;            /* index into the taxonomy */
    unsigned count;         /* occurrences in the section */
    tech_strength strength;
} tech_mention;

typedef struct tech_mentions {
    tech_mention *items; /* owned; one per technology, in taxonomy order */
    size_t count;
} tech_mentions;

/* Detects technologies in a section's heading path and plain-text body:
 * whole words, case-aware where it matters (Go vs go, REST vs rest, React vs
 * reactive), aliases (k8s, Postgres, DRF, NodeJS, CI/CD). Returns 0 and fills
 * *out (free with tech_mentions_free) or -1 on no memory. */
int analysis_detect_section(const nx_taxonomy *taxonomy, const char *heading_path, const char *body,
                            tech_mentions *out);

/* Technologies signalled by a file of the repository tree (Dockerfile,
 * docker-compose.yml, manage.py, .github/workflows/*.yml, requirements*.txt
 * entries, package.json dependencies…). `content` may be NULL when only the
 * path is known. Signals count as COVERED. */
int analysis_detect_file(const nx_taxonomy *taxonomy, const char *path, const char *content, size_t len,
                         tech_mentions *out);

void tech_mentions_free(tech_mentions *mentions);

/* Section kinds, by heading path and content. */
typedef enum section_kind {
    KIND_OTHER = 0, KIND_OVERVIEW, KIND_FEATURES, KIND_TECHNOLOGIES, KIND_CONCEPTS, KIND_CHALLENGES,
    KIND_SOLUTIONS, KIND_BEST_PRACTICES, KIND_SETUP, KIND_CONFIGURATION, KIND_API, KIND_STRUCTURE,
    KIND_DEPLOYMENT, KIND_TESTING, KIND_COLLABORATION, KIND_BOILERPLATE, KIND_ROADMAP,
    KIND_COUNT
} section_kind;

/* Stable id of a kind ("challenges", "best-practices", …), static text. */
const char *analysis_kind_id(section_kind kind);

section_kind analysis_classify_section(const char *heading_path, const char *body);

/* Whose writing a file is. Only FILE_OWN counts fully towards coverage. */
typedef enum file_origin {
    FILE_OWN = 0,      /* the learner's documentation */
    FILE_TEMPLATE,     /* create-next-app / CRA / cookiecutter boilerplate README */
    FILE_GENERATED,    /* test-runner snapshots, .cursor/rules, AGENTS.md, assistant rule files */
    FILE_BRIEF,        /* a copied programme brief / task description */
} file_origin;

const char *analysis_origin_id(file_origin origin);

/* Classifies a Markdown file from its path and text. */
file_origin analysis_file_origin(const char *path, const char *text, size_t len);

typedef struct challenge_pair {
    char *challenge; /* owned; the problem, plain text */
    char *solution;  /* owned; how it was solved, plain text */
} challenge_pair;

typedef struct challenge_pairs {
    challenge_pair *items; /* owned */
    size_t count;
} challenge_pairs;

/* Extracts challenge/solution pairs from one section of the given kind:
 * "Challenge:/Solution:" lines, bold or numbered items, sub-headings
 * (Challenge heading followed by Solution text), and table rows with
 * challenge and solution columns. `markdown` is the section's raw Markdown
 * (needed for tables and bold items). Returns 0 (possibly with zero pairs) or -1 on no memory. */
int analysis_extract_challenges(const char *heading_path, const char *markdown, size_t len,
                                challenge_pairs *out);

void challenge_pairs_free(challenge_pairs *pairs);

#endif /* NX_ANALYSIS_H */
