/* Request counters and latency histograms by route (one per entry of the route table), kept in the server context with atomics
 * (no global state), and GET /metrics: them plus the index's age, size and last indexer run. */
#ifndef NX_METRICS_H
#define NX_METRICS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "routes.h"

/* Upper bounds (seconds) of the latency buckets; +Inf is implied. */
#define NX_LATENCY_BOUNDS 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0
#define NX_LATENCY_BUCKETS 12

typedef struct nx_metrics {
    int64_t started_at; /* seconds since the epoch */
    atomic_uint_fast64_t requests[NX_ROUTES];
    atomic_uint_fast64_t buckets[NX_ROUTES][NX_LATENCY_BUCKETS]; /* not cumulative; +Inf = requests */
    atomic_uint_fast64_t micros[NX_ROUTES];                      /* latency sum, microseconds */
} nx_metrics_t;

void nx_metrics_init(nx_metrics_t *metrics);

/* Counts one answered request under route table entry `route` (nx_route_metrics_slot()) and the time its
 * handler took. Thread-safe. */
void nx_metrics_observe(nx_metrics_t *metrics, size_t route, double seconds);

#endif /* NX_METRICS_H */
