/* The learner-level aggregate written as one learner document: technologies covered with
 * their evidence, the outline of headings, and the challenges with their solutions. */
#ifndef NX_LEARNER_PROFILE_H
#define NX_LEARNER_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "nx_index.h"
#include "sections.h"

typedef struct tech_tally tech_tally; /* private, one per taxonomy technology */

/* Zero-initialise, then learner_profile_init(). Owns everything it holds until learner_profile_free(). */
typedef struct learner_profile {
    const nx_taxonomy *taxonomy; /* borrowed */
    tech_tally *techs;           /* owned; nx_taxonomy_count() entries */
    void *outline;               /* owned json_t array */
    void *challenges;            /* owned json_t array */
    bool failed;                 /* an allocation failed; finish() reports it */
} learner_profile;

int learner_profile_init(learner_profile *profile, const nx_taxonomy *taxonomy);

/* Records one section: its heading in the outline and its technologies. A
 * technology counts as covered only from the learner's own files (origin
 * FILE_OWN, or FILE_BRIEF: a pasted programme brief) outside roadmap and boilerplate sections and headings offering a choice
 * (analysis_heading_offers); a described use
 * (TECH_COVERED) weighs three times a badge or bare list item (TECH_MENTIONED),
 * which still counts, ranked lower, as the issue asks. */
void learner_profile_add_section(learner_profile *profile, const char *path, const md_section *section,
                                 section_kind kind, file_origin origin, const tech_mentions *found);

/* Records one challenge/solution pair and the technologies its text names. */
void learner_profile_add_challenge(learner_profile *profile, const char *path, const md_section *section,
                                   const challenge_pair *pair, file_origin origin, const tech_mentions *found);

/* Records a repository file that signals technologies: the project uses them. That is evidence
 * shown in the profile and adds weight to a documented technology, but a technology only a file
 * shows is not "covered": coverage is what the learner's own documentation says. */
void learner_profile_add_file(learner_profile *profile, const char *path, const tech_mentions *found);

/* Fills the learner document: `out` gets the covered technologies (ids borrowed
 * from the taxonomy, `refs` a malloc'd array the caller frees),
 * `json` a malloc'd profile JSON text the caller frees, and `states` the
 * technology states (nx_learner_profile_t.tech_states), malloc'd, the caller
 * frees them. The other fields of `out` are left to the caller. Returns 0, or
 * -1 when out of memory. */
int learner_profile_finish(learner_profile *profile, nx_learner_profile_t *out, nx_tech_ref_t **refs,
                           char **json, char **states);

void learner_profile_free(learner_profile *profile);

#endif /* NX_LEARNER_PROFILE_H */
