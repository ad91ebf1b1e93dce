/* Pool of nx_db read handles (see db_pool.h): a stack of free handles guarded
 * by a mutex, with a condition variable for requests that find it empty. */
#include "db_pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct nx_db_pool {
    pthread_mutex_t lock;
    pthread_cond_t available;
    nx_db_t **all;  /* every handle, owned; closed by nx_db_pool_close() */
    nx_db_t **free; /* borrowed pointers into `all` not currently lent out */
    size_t size;
    size_t n_free;
};

static char *format_error(const char *what, const char *detail)
{
    const char *text = detail ? detail : "out of memory";
    size_t len = strlen(what) + strlen(text) + 3;
    char *message = malloc(len);
    if (message)
        snprintf(message, len, "%s: %s", what, text);
    return message;
}

nx_status_t nx_db_pool_open(const char *const *paths, size_t n_paths, size_t size,
                            nx_db_pool_t **out, char **error_out)
{
    *out = NULL;
    if (error_out)
        *error_out = NULL;
    if (size == 0)
        return NX_ERR_INVALID_ARG;
    nx_db_pool_t *pool = calloc(1, sizeof *pool);
    if (!pool)
        return NX_ERR_NOMEM;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->available, NULL);
    pool->all = calloc(size, sizeof *pool->all);
    pool->free = calloc(size, sizeof *pool->free);
    nx_status_t status = NX_ERR_NOMEM;
    if (!pool->all || !pool->free)
        goto fail;
    for (; pool->size < size; pool->size++) {
        char *detail = NULL;
        /* Siblings of the first handle share what the shim reads once per index revision
         * (facet columns), so a faceted search after a reindex reads it once, not once per handle. */
        status = pool->size == 0 ? nx_db_open(paths, n_paths, &pool->all[0], &detail)
                                 : nx_db_open_sibling(pool->all[0], &pool->all[pool->size], &detail);
        if (status) {
            if (error_out)
                *error_out = format_error("cannot open the index", detail);
            free(detail);
            goto fail;
        }
        pool->free[pool->n_free++] = pool->all[pool->size];
    }
    *out = pool;
    return NX_OK;
fail:
    nx_db_pool_close(pool);
    return status;
}

nx_db_t *nx_db_pool_acquire(nx_db_pool_t *pool)
{
    pthread_mutex_lock(&pool->lock);
    while (pool->n_free == 0)
        pthread_cond_wait(&pool->available, &pool->lock);
    nx_db_t *db = pool->free[--pool->n_free];
    pthread_mutex_unlock(&pool->lock);
    return db;
}

void nx_db_pool_release(nx_db_pool_t *pool, nx_db_t *db)
{
    pthread_mutex_lock(&pool->lock);
    pool->free[pool->n_free++] = db;
    pthread_cond_signal(&pool->available);
    pthread_mutex_unlock(&pool->lock);
}

void nx_db_pool_close(nx_db_pool_t *pool)
{
    if (!pool)
        return;
    for (size_t i = 0; i < pool->size; i++)
        nx_db_close(pool->all[i]);
    free(pool->all);
    free(pool->free);
    pthread_cond_destroy(&pool->available);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}
