/* The worker pool (see pool.h): a claim counter and a completion list under one mutex.
 * Results stay in the caller's per-item slots; only item numbers travel between threads. */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct pool {
    pthread_mutex_t lock;
    pthread_cond_t finished_one;
    size_t count;
    size_t next;      /* next item to claim */
    size_t *finished; /* owned: item numbers in completion order */
    size_t n_finished;
    pool_work_fn work;
    void *ctx;
} pool;

typedef struct worker_arg {
    pool *p;
    size_t worker;
} worker_arg;

static void *worker_main(void *arg)
{
    worker_arg *w = arg;
    pool *p = w->p;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t item = p->next < p->count ? p->next++ : p->count;
        pthread_mutex_unlock(&p->lock);
        if (item == p->count) return NULL;
        p->work(p->ctx, w->worker, item);
        pthread_mutex_lock(&p->lock);
        p->finished[p->n_finished++] = item;
        pthread_cond_signal(&p->finished_one);
        pthread_mutex_unlock(&p->lock);
    }
}

static void gather(pool *p, pool_done_fn done)
{
    for (size_t taken = 0; taken < p->count; taken++) {
        pthread_mutex_lock(&p->lock);
        while (p->n_finished == taken) pthread_cond_wait(&p->finished_one, &p->lock);
        size_t item = p->finished[taken];
        pthread_mutex_unlock(&p->lock);
        done(p->ctx, item);
    }
}

int pool_run(size_t jobs, size_t count, pool_work_fn work, pool_done_fn done, void *ctx)
{
    if (count == 0) return 0;
    if (jobs > count) jobs = count;
    if (jobs == 0) jobs = 1;
    pool p = {.count = count, .work = work, .ctx = ctx};
    p.finished = calloc(count, sizeof *p.finished);
    pthread_t *threads = calloc(jobs, sizeof *threads);
    worker_arg *args = calloc(jobs, sizeof *args);
    int rc = -1;
    if (!p.finished || !threads || !args) goto done;
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.finished_one, NULL);
    size_t started = 0;
    for (; started < jobs; started++) {
        args[started] = (worker_arg){.p = &p, .worker = started};
        if (pthread_create(&threads[started], NULL, worker_main, &args[started]) != 0) break;
    }
    if (started > 0) {
        gather(&p, done);
        rc = 0;
    }
    for (size_t i = 0; i < started; i++) pthread_join(threads[i], NULL);
    pthread_cond_destroy(&p.finished_one);
    pthread_mutex_destroy(&p.lock);
done:
    free(args);
    free(threads);
    free(p.finished);
    return rc;
}
