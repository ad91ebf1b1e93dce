/* The HTTP side of nexus-server: the libmicrohttpd daemon and request dispatch through the route table.
 * Only main (and the fuzz targets) include this; the routes send through response.h. */
#ifndef NX_HTTP_H
#define NX_HTTP_H

#include "server.h"

/* Starts listening on opts->host:opts->port with opts->threads workers.
 * Returns 0, or -1 after printing why to stderr. */
int nx_http_start(nx_server_t *server);

/* Stops accepting, finishes the requests in flight and frees the daemon. */
void nx_http_stop(nx_server_t *server);

#endif /* NX_HTTP_H */
