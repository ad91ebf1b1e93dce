/* Per-client rate limiting for nexus-server: a token bucket per client address
 * in a small fixed-size table, so a flood from one address never costs memory. */
#ifndef NX_RATE_LIMIT_H
#define NX_RATE_LIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

typedef struct nx_rate_limiter nx_rate_limiter_t;

/* A limiter allowing each address `rate` requests a second on average and
 * `burst` in a row. Returns NULL without memory. Free with nx_rate_limiter_free(). */
nx_rate_limiter_t *nx_rate_limiter_new(double rate, double burst);

void nx_rate_limiter_free(nx_rate_limiter_t *limiter);

/* Takes one token from the bucket of `addr` (IPv4 or IPv6; any other family
 * shares one bucket). Returns true when the request may proceed; otherwise
 * false with *retry_after_s set to the whole seconds (at least 1) until a
 * token is back. Thread-safe. `now_s` is a monotonic clock in seconds. */
bool nx_rate_limiter_take(nx_rate_limiter_t *limiter, const struct sockaddr *addr, double now_s,
                          unsigned *retry_after_s);

#endif /* NX_RATE_LIMIT_H */
