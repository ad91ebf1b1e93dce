/* The coverage matrix answer: every learner against chosen technologies, each cell covered, mentioned,
 * signalled or none with a link to its evidence, as JSON or CSV. Apart from its route so the bench runs it. */
#ifndef NX_COVERAGE_H
#define NX_COVERAGE_H

#include <stdbool.h>

#include "nx_index.h"
#include "nx_taxonomy.h"
#include "request_params.h"

typedef struct nx_coverage_params {
    nx_arg_values_t techs;   /* taxonomy ids (resolved), the columns in order */
    nx_arg_values_t cohorts; /* OR; none = every cohort */
    nx_arg_values_t missing; /* taxonomy ids among techs: only learners covering none of them */
    int sort_column;         /* -1: by name; i: by techs.items[i] */
    bool descending;
    unsigned page, per_page;
    bool csv;
} nx_coverage_params_t;

/* Runs the matrix on `db` and writes the answer: *body_out is malloc'd text (the caller frees it)
 * on NX_OK; NX_ERR_NOMEM when it could not be written; other statuses are the index's, with
 * nx_db_error(db) saying why. */
nx_status_t nx_coverage_answer(nx_db_t *db, const nx_taxonomy *taxonomy, const nx_coverage_params_t *params,
                               char **body_out);

#endif /* NX_COVERAGE_H */
