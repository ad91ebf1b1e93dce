/* Cuts off clients that send a request too slowly (slowloris). libmicrohttpd's
 * timeout only closes idle connections, so one byte a second would hold a slot forever. */
#ifndef NX_CONN_GUARD_H
#define NX_CONN_GUARD_H

#include <microhttpd.h>

typedef struct nx_conn_guard nx_conn_guard_t;

/* Starts the watchdog thread: a connection whose request has not fully
 * arrived `request_timeout_s` seconds after it opened (or after its previous
 * response was sent) is shut down. Returns NULL on failure. */
nx_conn_guard_t *nx_conn_guard_start(unsigned request_timeout_s);

/* Stops the thread and frees the guard. Call after MHD_stop_daemon(). NULL is a no-op. */
void nx_conn_guard_stop(nx_conn_guard_t *guard);

/* MHD_OPTION_NOTIFY_CONNECTION callback, with the guard as its closure:
 * starts and stops watching each connection. */
void nx_conn_guard_on_connection(void *guard, struct MHD_Connection *connection,
                                 void **socket_context,
                                 enum MHD_ConnectionNotificationCode code);

/* MHD_OPTION_NOTIFY_COMPLETED callback, with the guard as its closure: the
 * response went out, so the clock starts again for the next request. */
void nx_conn_guard_on_completed(void *guard, struct MHD_Connection *connection,
                                void **request_context, enum MHD_RequestTerminationCode toe);

/* The request on `connection` has fully arrived: stop the clock. */
void nx_conn_guard_request_received(nx_conn_guard_t *guard, struct MHD_Connection *connection);

#endif /* NX_CONN_GUARD_H */
