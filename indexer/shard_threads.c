/* Shard writer threads (see shard_threads.h): a bounded ring of item numbers per shard under its own
 * mutex; only item numbers travel between threads, results stay in the caller's per-item slots. */
#include "shard_threads.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

typedef struct shard_queue {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* an item was pushed or taken, or the queue was closed */
    size_t *items;          /* owned ring of `capacity` item numbers */
    size_t head, count;
    bool closed;            /* no more pushes: the thread ends once the ring is empty */
    pthread_t thread;
    bool started;
    size_t shard;
    struct shard_threads *owner;
} shard_queue;

struct shard_threads {
    shard_queue *queues; /* owned, one per shard */
    size_t shards, capacity;
    shard_write_fn write;
    void *ctx;
};

static void *shard_main(void *arg)
{
    shard_queue *q = arg;
    shard_threads *t = q->owner;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        while (q->count == 0 && !q->closed) pthread_cond_wait(&q->changed, &q->lock);
        if (q->count == 0) {
            pthread_mutex_unlock(&q->lock);
            return NULL;
        }
        size_t item = q->items[q->head];
        q->head = (q->head + 1) % t->capacity;
        q->count--;
        pthread_cond_broadcast(&q->changed);
        pthread_mutex_unlock(&q->lock);
        t->write(t->ctx, q->shard, item);
    }
}

shard_threads *shard_threads_start(size_t shards, size_t capacity, shard_write_fn write, void *ctx)
{
    shard_threads *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    *t = (shard_threads){.shards = shards, .capacity = capacity ? capacity : 1, .write = write, .ctx = ctx};
    t->queues = calloc(shards ? shards : 1, sizeof *t->queues);
    if (!t->queues) {
        free(t);
        return NULL;
    }
    for (size_t i = 0; i < shards; i++) {
        shard_queue *q = &t->queues[i];
        *q = (shard_queue){.shard = i, .owner = t};
        pthread_mutex_init(&q->lock, NULL);
        pthread_cond_init(&q->changed, NULL);
        q->items = calloc(t->capacity, sizeof *q->items);
        q->started = q->items && pthread_create(&q->thread, NULL, shard_main, q) == 0;
        if (!q->started) {
            t->shards = i + 1;
            shard_threads_finish(t);
            return NULL;
        }
    }
    return t;
}

void shard_threads_push(shard_threads *t, size_t shard, size_t item)
{
    shard_queue *q = &t->queues[shard];
    pthread_mutex_lock(&q->lock);
    while (q->count == t->capacity) pthread_cond_wait(&q->changed, &q->lock);
    q->items[(q->head + q->count) % t->capacity] = item;
    q->count++;
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->lock);
}

void shard_threads_finish(shard_threads *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->shards; i++) {
        shard_queue *q = &t->queues[i];
        pthread_mutex_lock(&q->lock);
        q->closed = true;
        pthread_cond_broadcast(&q->changed);
        pthread_mutex_unlock(&q->lock);
    }
    for (size_t i = 0; i < t->shards; i++) {
        shard_queue *q = &t->queues[i];
        if (q->started) pthread_join(q->thread, NULL);
        pthread_cond_destroy(&q->changed);
        pthread_mutex_destroy(&q->lock);
        free(q->items);
    }
    free(t->queues);
    free(t);
}
