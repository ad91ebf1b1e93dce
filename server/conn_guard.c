/* The slow-request watchdog (see conn_guard.h): a list of open connections and
 * a thread that shuts down those whose request is overdue; MHD then closes them as usual. */
#include "conn_guard.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

/* How often the watchdog looks: the timeout is honoured to within this. */
#define NX_GUARD_TICK_NS 250000000L

typedef struct watched {
    struct watched *prev, *next;
    int fd;
    double since;  /* when we started waiting for the current request */
    bool awaiting; /* a request is (possibly) on its way and not complete */
    bool cut;      /* already shut down */
} watched_t;

struct nx_conn_guard {
    pthread_mutex_t lock; /* guards the list and stopping */
    pthread_cond_t wake;
    pthread_t thread;
    bool stopping;
    double timeout_s;
    watched_t list; /* sentinel of a circular list */
};

static double now_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Shutting the socket down (not closing it) leaves the descriptor to MHD,
 * which sees end-of-file and closes the connection itself. MHD reports the
 * close to us before it closes the descriptor, and both happen under our
 * lock, so the descriptor shut down is always this connection's. */
static void cut_overdue(nx_conn_guard_t *guard, double now)
{
    for (watched_t *w = guard->list.next; w != &guard->list; w = w->next) {
        if (!w->awaiting || w->cut || now - w->since < guard->timeout_s)
            continue;
        shutdown(w->fd, SHUT_RDWR);
        w->cut = true;
    }
}

static void *watchdog(void *arg)
{
    nx_conn_guard_t *guard = arg;
    pthread_mutex_lock(&guard->lock);
    while (!guard->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += NX_GUARD_TICK_NS;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&guard->wake, &guard->lock, &until);
        cut_overdue(guard, now_seconds());
    }
    pthread_mutex_unlock(&guard->lock);
    return NULL;
}

nx_conn_guard_t *nx_conn_guard_start(unsigned request_timeout_s)
{
    nx_conn_guard_t *guard = calloc(1, sizeof *guard);
    if (!guard)
        return NULL;
    guard->timeout_s = request_timeout_s;
    guard->list.next = guard->list.prev = &guard->list;
    pthread_mutex_init(&guard->lock, NULL);
    pthread_cond_init(&guard->wake, NULL);
    if (pthread_create(&guard->thread, NULL, watchdog, guard) != 0) {
        pthread_cond_destroy(&guard->wake);
        pthread_mutex_destroy(&guard->lock);
        free(guard);
        return NULL;
    }
    return guard;
}

void nx_conn_guard_stop(nx_conn_guard_t *guard)
{
    if (!guard)
        return;
    pthread_mutex_lock(&guard->lock);
    guard->stopping = true;
    pthread_cond_signal(&guard->wake);
    pthread_mutex_unlock(&guard->lock);
    pthread_join(guard->thread, NULL);
    /* MHD_stop_daemon() reported every close, so the list is empty. */
    pthread_cond_destroy(&guard->wake);
    pthread_mutex_destroy(&guard->lock);
    free(guard);
}

static void start_watching(nx_conn_guard_t *guard, struct MHD_Connection *connection,
                           void **socket_context)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    watched_t *w = info ? calloc(1, sizeof *w) : NULL;
    *socket_context = w;
    if (!w)
        return; /* unwatched: MHD's idle timeout still applies */
    w->fd = info->connect_fd;
    w->since = now_seconds();
    w->awaiting = true;
    pthread_mutex_lock(&guard->lock);
    w->next = guard->list.next;
    w->prev = &guard->list;
    guard->list.next->prev = w;
    guard->list.next = w;
    pthread_mutex_unlock(&guard->lock);
}

static void stop_watching(nx_conn_guard_t *guard, void **socket_context)
{
    watched_t *w = *socket_context;
    if (!w)
        return;
    pthread_mutex_lock(&guard->lock);
    w->prev->next = w->next;
    w->next->prev = w->prev;
    pthread_mutex_unlock(&guard->lock);
    free(w);
    *socket_context = NULL;
}

void nx_conn_guard_on_connection(void *cls, struct MHD_Connection *connection,
                                 void **socket_context,
                                 enum MHD_ConnectionNotificationCode code)
{
    nx_conn_guard_t *guard = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        start_watching(guard, connection, socket_context);
    else
        stop_watching(guard, socket_context);
}

static void set_awaiting(nx_conn_guard_t *guard, struct MHD_Connection *connection, bool awaiting)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    watched_t *w = info ? info->socket_context : NULL;
    if (!w)
        return;
    pthread_mutex_lock(&guard->lock);
    w->awaiting = awaiting;
    w->since = now_seconds();
    pthread_mutex_unlock(&guard->lock);
}

void nx_conn_guard_on_completed(void *cls, struct MHD_Connection *connection,
                                void **request_context, enum MHD_RequestTerminationCode toe)
{
    (void)request_context;
    (void)toe;
    set_awaiting(cls, connection, true);
}

void nx_conn_guard_request_received(nx_conn_guard_t *guard, struct MHD_Connection *connection)
{
    if (guard)
        set_awaiting(guard, connection, false);
}
