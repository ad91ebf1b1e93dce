/* One indexing run: every learner of the cohort through mirror, files, sections and the index writer.
 * Progress goes to stderr a line per learner; the summary line goes to stdout. */
#ifndef NX_RUN_H
#define NX_RUN_H

#include <stdio.h>

#include "options.h"

/* Runs the whole job described by `cfg` (folders already created) and
 * returns the exit status: 0 when the job was done, even with some failed
 * repositories; 1 when it could not be done (cohort unreadable or fatally
 * malformed, index not openable, every repository of a non-empty cohort
 * failed). git_libgit2_init() must have been called. */
int run_index(const index_config *cfg, FILE *out, FILE *err);

#endif /* NX_RUN_H */
