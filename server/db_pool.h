/* A fixed pool of read handles shared by the HTTP worker threads.
 * nx_db_t is not thread-safe, so each request borrows one handle for its duration. */
#ifndef NX_DB_POOL_H
#define NX_DB_POOL_H

#include <stddef.h>

#include "nx_index.h"

typedef struct nx_db_pool nx_db_pool_t;

/* Opens `size` handles on the union of `paths`. On success *out is owned by
 * the caller (nx_db_pool_close()). On failure *out is NULL and *error_out,
 * when non-NULL, receives a malloc'd message the caller frees. */
nx_status_t nx_db_pool_open(const char *const *paths, size_t n_paths, size_t size,
                            nx_db_pool_t **out, char **error_out);

/* Waits until a handle is free and lends it to the caller, who must give it
 * back with nx_db_pool_release() and must not use it afterwards. */
nx_db_t *nx_db_pool_acquire(nx_db_pool_t *pool);
void nx_db_pool_release(nx_db_pool_t *pool, nx_db_t *db);

/* Closes every handle; all must have been released. NULL is a no-op. */
void nx_db_pool_close(nx_db_pool_t *pool);

#endif /* NX_DB_POOL_H */
