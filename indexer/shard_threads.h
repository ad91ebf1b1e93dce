/* One writer thread per index shard: the learners dispatched to a shard are written by its own
 * thread, in the order they were dispatched, while the other shards write theirs. */
#ifndef NX_SHARD_THREADS_H
#define NX_SHARD_THREADS_H

#include <stddef.h>

/* Runs in shard `shard`'s thread, once per item pushed to it, in push order. */
typedef void (*shard_write_fn)(void *ctx, size_t shard, size_t item);

typedef struct shard_threads shard_threads;

/* Starts one thread per shard; each holds at most `capacity` items waiting (push blocks beyond, so the
 * memory of what waits stays bounded). Returns NULL (nothing started) when out of memory or threads. */
shard_threads *shard_threads_start(size_t shards, size_t capacity, shard_write_fn write, void *ctx);

/* Queues `item` for `shard`'s thread, waiting while that shard already has `capacity` items waiting. */
void shard_threads_push(shard_threads *threads, size_t shard, size_t item);

/* Waits until every item pushed is written, ends the threads and frees `threads` (NULL is fine). */
void shard_threads_finish(shard_threads *threads);

#endif /* NX_SHARD_THREADS_H */
