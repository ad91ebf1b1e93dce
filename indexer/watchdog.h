/* Per-repository deadlines for fetch workers. libgit2 1.5 has no socket timeout, so a watchdog
 * thread marks a late fetch as expired and interrupts its blocking calls with a signal; the fetch's
 * progress and credential callbacks then abort it. See watchdog.c for what this cannot interrupt. */
#ifndef NX_WATCHDOG_H
#define NX_WATCHDOG_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* One per worker thread; zero-initialised, then used by that worker only
 * (arm/disarm/expired) and by the watchdog. */
typedef struct fetch_guard {
    pthread_mutex_t lock;   /* guards thread/deadline against the watchdog */
    pthread_t thread;       /* the worker, while armed */
    int64_t deadline_ms;    /* CLOCK_MONOTONIC milliseconds; 0 when not armed */
    atomic_bool expired;    /* the deadline passed while armed */
} fetch_guard;

typedef struct watchdog {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
    bool running;
    fetch_guard *guards; /* borrowed, `count` of them */
    size_t count;
} watchdog;

/* Installs the (empty) handler of the interrupting signal, without SA_RESTART so
 * blocking socket calls fail with EINTR. Call once before starting workers. */
int watchdog_install_signal(void);

void fetch_guard_init(fetch_guard *guard);
void fetch_guard_destroy(fetch_guard *guard);

/* Starts the calling thread's deadline `seconds` from now (0: no deadline). */
void fetch_guard_arm(fetch_guard *guard, unsigned seconds);
void fetch_guard_disarm(fetch_guard *guard);
bool fetch_guard_expired(fetch_guard *guard);

/* Starts the thread that watches `guards`. Returns 0 or -1. */
int watchdog_start(watchdog *w, fetch_guard *guards, size_t count);
void watchdog_stop(watchdog *w);

#endif /* NX_WATCHDOG_H */
