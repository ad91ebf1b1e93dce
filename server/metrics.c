/* GET /metrics in the Prometheus text exposition format (version 0.0.4), and the counters behind it.
 * Index figures are read at scrape time; the last run is the summary nexus-index stores in the index. */
#include "metrics.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "nx_layout.h"
#include "nx_text.h"
#include "response.h"
#include "server.h"

static const double BOUNDS[NX_LATENCY_BUCKETS] = {NX_LATENCY_BOUNDS};

void nx_metrics_init(nx_metrics_t *metrics)
{
    memset(metrics, 0, sizeof *metrics);
    metrics->started_at = (int64_t)time(NULL);
    for (size_t r = 0; r < NX_ROUTES; r++) {
        atomic_init(&metrics->requests[r], 0);
        atomic_init(&metrics->micros[r], 0);
        for (size_t b = 0; b < NX_LATENCY_BUCKETS; b++) atomic_init(&metrics->buckets[r][b], 0);
    }
}

void nx_metrics_observe(nx_metrics_t *metrics, size_t route, double seconds)
{
    if (!metrics || route >= NX_ROUTES) return;
    atomic_fetch_add_explicit(&metrics->requests[route], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&metrics->micros[route], (uint_fast64_t)(seconds * 1e6), memory_order_relaxed);
    for (size_t b = 0; b < NX_LATENCY_BUCKETS; b++) {
        if (seconds <= BOUNDS[b]) {
            atomic_fetch_add_explicit(&metrics->buckets[route][b], 1, memory_order_relaxed);
            break;
        }
    }
}

static void line(nx_buf *out, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void line(nx_buf *out, const char *format, ...)
{
    char text[512];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(text, sizeof text, format, args);
    va_end(args);
    if (n > 0) nx_buf_append(out, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

static void family(nx_buf *out, const char *name, const char *type, const char *help)
{
    line(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void request_metrics(nx_buf *out, nx_metrics_t *m)
{
    family(out, "nexus_http_requests_total", "counter", "HTTP requests answered, by route.");
    for (size_t r = 0; r < NX_ROUTES; r++)
        line(out, "nexus_http_requests_total{route=\"%s\"} %llu\n", nx_route_at(r)->label,
             (unsigned long long)atomic_load(&m->requests[r]));
    family(out, "nexus_http_request_duration_seconds", "histogram",
           "Time from a request's arrival at its route to its response being queued, by route.");
    for (size_t r = 0; r < NX_ROUTES; r++) {
        unsigned long long cumulative = 0;
        for (size_t b = 0; b < NX_LATENCY_BUCKETS; b++) {
            cumulative += atomic_load(&m->buckets[r][b]);
            line(out, "nexus_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n", nx_route_at(r)->label,
                 BOUNDS[b], cumulative);
        }
        unsigned long long count = atomic_load(&m->requests[r]);
        /* A request counted between the two loads may be in count but not yet in a bucket. */
        if (count < cumulative) count = cumulative;
        line(out, "nexus_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n", nx_route_at(r)->label,
             count);
        line(out, "nexus_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", nx_route_at(r)->label,
             (double)atomic_load(&m->micros[r]) / 1e6);
        line(out, "nexus_http_request_duration_seconds_count{route=\"%s\"} %llu\n", nx_route_at(r)->label, count);
    }
}

static void index_metrics(nx_buf *out, nx_db_t *db)
{
    uint64_t sections = 0, learners = 0;
    if (nx_db_learner_count(db, &learners) == NX_OK && nx_db_doc_count(db, &sections) == NX_OK) {
        family(out, "nexus_index_documents", "gauge", "Section documents in the index.");
        line(out, "nexus_index_documents %llu\n", (unsigned long long)sections);
        family(out, "nexus_index_learners", "gauge", "Learners in the index.");
        line(out, "nexus_index_learners %llu\n", (unsigned long long)learners);
    }
}

static json_int_t total_of(json_t *totals, const char *name)
{
    return json_integer_value(json_object_get(totals, name));
}

/* From the summary the last nexus-index run stored; nothing when no run stored one. */
static void last_run_metrics(nx_buf *out, nx_db_t *db)
{
    char *text = NULL;
    if (nx_db_run_summary(db, &text) != NX_OK || !text) return;
    json_t *run = json_loads(text, 0, NULL);
    free(text);
    json_t *ended = json_object_get(run, "ended_at_unix");
    json_t *totals = json_object_get(run, "totals");
    if (json_is_number(ended)) {
        double now = (double)time(NULL), end = json_number_value(ended);
        family(out, "nexus_index_age_seconds", "gauge", "Seconds since the last indexer run ended.");
        line(out, "nexus_index_age_seconds %.3f\n", now > end ? now - end : 0.0);
        family(out, "nexus_last_run_end_timestamp_seconds", "gauge", "When the last indexer run ended.");
        line(out, "nexus_last_run_end_timestamp_seconds %.3f\n", end);
        family(out, "nexus_last_run_duration_seconds", "gauge", "How long the last indexer run took.");
        line(out, "nexus_last_run_duration_seconds %.3f\n", json_number_value(json_object_get(run, "duration_seconds")));
        family(out, "nexus_last_run_exit_code", "gauge", "Exit status of the last indexer run.");
        line(out, "nexus_last_run_exit_code %lld\n", (long long)json_integer_value(json_object_get(run, "exit_code")));
    }
    if (json_is_object(totals)) {
        static const char *const statuses[] = {"indexed", "unchanged", "failed", "removed"};
        family(out, "nexus_last_run_repos", "gauge", "Repositories of the last indexer run, by status.");
        for (size_t i = 0; i < 4; i++)
            line(out, "nexus_last_run_repos{status=\"%s\"} %lld\n", statuses[i],
                 (long long)total_of(totals, statuses[i]));
        family(out, "nexus_last_run_sections_written", "gauge", "Sections written by the last indexer run.");
        line(out, "nexus_last_run_sections_written %lld\n", (long long)total_of(totals, "sections"));
    }
    json_decref(run);
}

/* Each shard of the index: whether it answered the handle's last read, and how often it was out of reach. */
static void shard_metrics(nx_buf *out, const nx_db_t *db)
{
    const size_t shards = nx_db_shard_count(db);
    family(out, "nexus_shard_up", "gauge", "1 when the shard answered the last read, 0 when it was out of reach.");
    for (size_t i = 0; i < shards; i++)
        line(out, "nexus_shard_up{shard=\"%zu\"} %d\n", i, nx_db_shard_missing(db, i) ? 0 : 1);
    family(out, "nexus_shard_failures_total", "counter",
           "Times the shard was found out of reach (a connect, a read or a retry that failed).");
    for (size_t i = 0; i < shards; i++)
        line(out, "nexus_shard_failures_total{shard=\"%zu\"} %llu\n", i,
             (unsigned long long)nx_db_shard_failures(db, i));
}

enum MHD_Result nx_route_metrics(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                 const nx_args_t *args)
{
    (void)args;
    (void)param;
    nx_buf out = {0};
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    index_metrics(&out, db);
    last_run_metrics(&out, db);
    shard_metrics(&out, db);
    nx_db_pool_release(server->pool, db);
    family(&out, "nexus_server_start_time_seconds", "gauge", "When this server started.");
    line(&out, "nexus_server_start_time_seconds %lld\n", (long long)server->metrics->started_at);
    request_metrics(&out, server->metrics);
    if (out.failed) {
        nx_buf_free(&out);
        return nx_send_error(connection, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    }
    return nx_send_text(connection, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", nx_buf_take(&out),
                             NULL);
}
