/* The fetch watchdog (see watchdog.h). Every tick it signals each worker past its deadline again,
 * because one signal may land between two system calls and interrupt nothing.
 * Limits: name resolution (getaddrinfo) and TLS handshakes retried inside mbedTLS are not
 * interrupted; they end at the next progress callback or at the system's own timeouts. */
#include "watchdog.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#define WATCHDOG_TICK_MS 100
#define INTERRUPT_SIGNAL SIGUSR1

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_interrupt(int signo)
{
    (void)signo; /* its only job is to make the blocked call return EINTR */
}

int watchdog_install_signal(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    return sigaction(INTERRUPT_SIGNAL, &sa, NULL);
}

void fetch_guard_init(fetch_guard *guard)
{
    pthread_mutex_init(&guard->lock, NULL);
    guard->deadline_ms = 0;
    atomic_store(&guard->expired, false);
}

void fetch_guard_destroy(fetch_guard *guard)
{
    pthread_mutex_destroy(&guard->lock);
}

void fetch_guard_arm(fetch_guard *guard, unsigned seconds)
{
    pthread_mutex_lock(&guard->lock);
    guard->thread = pthread_self();
    guard->deadline_ms = seconds ? now_ms() + (int64_t)seconds * 1000 : 0;
    atomic_store(&guard->expired, false);
    pthread_mutex_unlock(&guard->lock);
}

void fetch_guard_disarm(fetch_guard *guard)
{
    pthread_mutex_lock(&guard->lock);
    guard->deadline_ms = 0;
    pthread_mutex_unlock(&guard->lock);
}

bool fetch_guard_expired(fetch_guard *guard)
{
    return atomic_load(&guard->expired);
}

static void check_guard(fetch_guard *guard, int64_t now)
{
    pthread_mutex_lock(&guard->lock);
    if (guard->deadline_ms && now >= guard->deadline_ms) {
        atomic_store(&guard->expired, true);
        pthread_kill(guard->thread, INTERRUPT_SIGNAL);
    }
    pthread_mutex_unlock(&guard->lock);
}

static void *watchdog_main(void *arg)
{
    watchdog *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += WATCHDOG_TICK_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&w->wake, &w->lock, &until);
        if (w->stop) break;
        int64_t now = now_ms();
        for (size_t i = 0; i < w->count; i++) check_guard(&w->guards[i], now);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

int watchdog_start(watchdog *w, fetch_guard *guards, size_t count)
{
    *w = (watchdog){.guards = guards, .count = count};
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    /* The watchdog itself must never take the interrupting signal. */
    sigset_t block, previous;
    sigemptyset(&block);
    sigaddset(&block, INTERRUPT_SIGNAL);
    pthread_sigmask(SIG_BLOCK, &block, &previous);
    int rc = pthread_create(&w->thread, NULL, watchdog_main, w);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    w->running = rc == 0;
    return rc == 0 ? 0 : -1;
}

void watchdog_stop(watchdog *w)
{
    if (w->running) {
        pthread_mutex_lock(&w->lock);
        w->stop = true;
        pthread_cond_signal(&w->wake);
        pthread_mutex_unlock(&w->lock);
        pthread_join(w->thread, NULL);
    }
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    w->running = false;
}
