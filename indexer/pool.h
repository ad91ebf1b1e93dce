/* A bounded pool of worker threads over numbered items: workers run `work` on items in order of
 * claim; the calling thread receives each finished item through `done`, in completion order. */
#ifndef NX_POOL_H
#define NX_POOL_H

#include <stddef.h>

/* Runs in a worker thread. `worker` (0 <= worker < jobs) names the thread, so
 * `ctx` can keep per-worker state (its own git objects, its watchdog guard). */
typedef void (*pool_work_fn)(void *ctx, size_t worker, size_t item);

/* Runs in the thread that called pool_run(), once per item, after `work`
 * finished it: the one place results are gathered, so it needs no locking. */
typedef void (*pool_done_fn)(void *ctx, size_t item);

/* Processes items 0..count-1 with min(jobs, count) threads. Returns 0, or -1
 * when no thread could be started (then nothing ran). When fewer threads than
 * asked for start, the run goes on with those. */
int pool_run(size_t jobs, size_t count, pool_work_fn work, pool_done_fn done, void *ctx);

#endif /* NX_POOL_H */
