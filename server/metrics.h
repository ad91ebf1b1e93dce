/* Request counters and latency histograms by route, kept in the server context with atomics
 * (no global state), and GET /metrics: them plus the index's age, size and last indexer run. */
#ifndef NX_METRICS_H
#define NX_METRICS_H

#include <stdatomic.h>
#include <stdint.h>

typedef enum nx_route_id {
    NX_ROUTE_SEARCH,
    NX_ROUTE_LEARNERS,
    NX_ROUTE_PROFILE,
    NX_ROUTE_TECHNOLOGIES,
    NX_ROUTE_TECHNOLOGY,
    NX_ROUTE_SOLUTIONS,
    NX_ROUTE_CHANGES,
    NX_ROUTE_METRICS,
    NX_ROUTE_OPENAPI,
    NX_ROUTE_HEALTHZ,
    NX_ROUTE_SIMILAR,
    NX_ROUTE_COVERAGE,
    NX_ROUTE_SUGGEST,
    NX_ROUTE_STATIC,    /* the page and its files */
    NX_ROUTE_OTHER,     /* unknown API paths, refused methods */
    NX_ROUTE_COUNT
} nx_route_id_t;

/* Upper bounds (seconds) of the latency buckets; +Inf is implied. */
#define NX_LATENCY_BOUNDS 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0
#define NX_LATENCY_BUCKETS 12

typedef struct nx_metrics {
    int64_t started_at; /* seconds since the epoch */
    atomic_uint_fast64_t requests[NX_ROUTE_COUNT];
    atomic_uint_fast64_t buckets[NX_ROUTE_COUNT][NX_LATENCY_BUCKETS]; /* not cumulative; +Inf = requests */
    atomic_uint_fast64_t micros[NX_ROUTE_COUNT];                      /* latency sum, microseconds */
} nx_metrics_t;

void nx_metrics_init(nx_metrics_t *metrics);

/* The route label of a request, decided the way http.c dispatches it. */
nx_route_id_t nx_metrics_route(const char *url, const char *method);

/* Counts one answered request and the time its handler took. Thread-safe. */
void nx_metrics_observe(nx_metrics_t *metrics, nx_route_id_t route, double seconds);

#endif /* NX_METRICS_H */
