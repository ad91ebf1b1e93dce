/* The suggestions answer: technology names and aliases (the taxonomy), learner names and frequent heading
 * phrases (the index) starting with a prefix, best first. Apart from its route so the bench runs it. */
#ifndef NX_SUGGEST_H
#define NX_SUGGEST_H

#include "nx_index.h"
#include "nx_taxonomy.h"

#define NX_SUGGEST_LIMIT_DEFAULT 8
#define NX_SUGGEST_LIMIT_MAX 20

/* `prefix` is NUL-free UTF-8 of 1..100 bytes, `limit` 1..NX_SUGGEST_LIMIT_MAX. On NX_OK *body_out is
 * malloc'd JSON (the caller frees it); NX_ERR_NOMEM when it could not be written; other statuses are
 * the index's, with nx_db_error(db) saying why. */
nx_status_t nx_suggest_answer(nx_db_t *db, const nx_taxonomy *taxonomy, const char *prefix, unsigned limit,
                              char **body_out);

#endif /* NX_SUGGEST_H */
