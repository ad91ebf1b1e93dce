/* GET /api/learners?q=…&tech=…&cohort=…&format=csv: who covered this — learners ranked by how
 * substantively their own documentation covers the query and/or technologies, with evidence. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "http.h"
#include "shard_state.h"
#include "nx_text.h"

#define NX_LEARNERS_PER_PAGE_DEFAULT 20
#define NX_LEARNERS_PER_PAGE_MAX 100
/* A spreadsheet holds the whole list: every learner of a large cohort fits. */
#define NX_LEARNERS_CSV_MAX 1000
#define NX_LEARNERS_PAGE_MAX 1000
#define NX_EVIDENCE_PER_LEARNER 3

typedef struct learners_params {
    const char *query; /* NULL: rank by technology coverage */
    nx_arg_values_t techs, cohorts, query_techs;
    unsigned page, per_page;
    bool csv;
    nx_matching_t matching;
    unsigned drop_threshold;
    char highlight[1024]; /* technology names, to mark in evidence when there is no query */
} learners_params_t;

static void technology_names(const nx_taxonomy *taxonomy, learners_params_t *params)
{
    nx_buf names = {0};
    for (size_t i = 0; i < params->techs.count; i++) {
        long index = nx_taxonomy_lookup(taxonomy, params->techs.items[i]);
        if (index < 0)
            continue;
        nx_buf_append_str(&names, i ? " " : "");
        nx_buf_append_str(&names, nx_taxonomy_get(taxonomy, (size_t)index)->name);
    }
    snprintf(params->highlight, sizeof params->highlight, "%s", names.data && !names.failed ? names.data : "");
    nx_buf_free(&names);
}

static const char *read_params(const nx_server_t *server, struct MHD_Connection *connection,
                               learners_params_t *params, char *message, size_t message_size)
{
    memset(params, 0, sizeof *params);
    const char *format = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, "format");
    if (format && *format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0)
        return "format must be 'json' or 'csv'";
    params->csv = format && strcmp(format, "csv") == 0;
    params->page = 1;
    params->per_page = params->csv ? NX_LEARNERS_CSV_MAX : NX_LEARNERS_PER_PAGE_DEFAULT;
    const char *problem = nx_arg_text(connection, "q", NX_QUERY_MAX_BYTES, &params->query, message, message_size);
    if (!problem)
        problem = nx_arg_list(connection, "tech", &params->techs, message, message_size);
    if (!problem)
        problem = nx_resolve_techs(server->taxonomy, &params->techs, message, message_size);
    if (!problem)
        problem = nx_arg_list(connection, "cohort", &params->cohorts, message, message_size);
    if (!problem)
        problem = nx_arg_integer(connection, "page", NX_LEARNERS_PAGE_MAX, &params->page, message, message_size);
    if (!problem)
        problem = nx_arg_integer(connection, "per_page",
                                 params->csv ? NX_LEARNERS_CSV_MAX : NX_LEARNERS_PER_PAGE_MAX, &params->per_page,
                                 message, message_size);
    if (!problem)
        problem = nx_arg_matching(connection, &params->matching, &params->drop_threshold, message, message_size);
    if (problem)
        return problem;
    if (!params->query && params->techs.count == 0)
        return "say what to look for: ?q=words and/or ?tech=name (repeatable)";
    nx_techs_in_text(server->taxonomy, params->query, &params->query_techs);
    technology_names(server->taxonomy, params);
    return NULL;
}

static json_t *evidence_json(const nx_learner_results_t *results, size_t i, size_t n)
{
    json_t *list = json_array();
    for (size_t j = 0; list && j < n; j++) {
        nx_hit_t hit;
        json_t *item = nx_learner_results_evidence(results, i, j, &hit) ? NULL : nx_json_hit(&hit);
        if (json_array_append_new(list, item)) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *learner_json(const nx_learner_results_t *results, size_t i)
{
    nx_ranked_learner_t learner;
    if (nx_learner_results_get(results, i, &learner))
        return NULL;
    char profile[160];
    snprintf(profile, sizeof profile, "/api/learners/%s", learner.learner);
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:f,s:o,s:I,s:o,s:o,s:o,s:o}",
                     "learner", nx_json_text(learner.learner),
                     "cohort", nx_json_text(learner.cohort),
                     "repo_url", nx_json_text(learner.repo_url),
                     "commit", nx_json_text(learner.commit),
                     "commit_date", nx_json_iso8601(learner.commit_time),
                     "score", learner.score,
                     "technologies", nx_json_id_list(learner.techs),
                     "matches", (json_int_t)learner.matches,
                     "profile", nx_json_text(profile),
                     "matched_terms", nx_json_id_list(learner.matched_terms),
                     "missing_terms", nx_json_id_list(learner.missing_terms),
                     "evidence", evidence_json(results, i, learner.n_evidence));
}

static json_t *results_json(const learners_params_t *params, const nx_learner_results_t *results)
{
    json_t *learners = json_array();
    for (size_t i = 0; learners && i < nx_learner_results_count(results); i++) {
        if (json_array_append_new(learners, learner_json(results, i))) {
            json_decref(learners);
            learners = NULL;
        }
    }
    const char *corrected = nx_learner_results_corrected_query(results);
    return json_pack("{s:o,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:I,s:I,s:I,s:o}",
                     "query", params->query ? nx_json_text(params->query) : json_null(),
                     "corrected_query", corrected[0] ? nx_json_text(corrected) : json_null(),
                     "matching_strategy", NX_MATCHING_NAMES[params->matching],
                     "matched_terms", nx_json_id_list(nx_learner_results_terms(results, NX_TERMS_MATCHED)),
                     "dropped_terms", nx_json_id_list(nx_learner_results_terms(results, NX_TERMS_DROPPED)),
                     "ignored_terms", nx_json_id_list(nx_learner_results_terms(results, NX_TERMS_IGNORED)),
                     "technologies", nx_json_values(&params->techs),
                     "query_technologies", nx_json_values(&params->query_techs),
                     "cohorts", nx_json_values(&params->cohorts),
                     "total", (json_int_t)nx_learner_results_total(results),
                     "page", (json_int_t)params->page,
                     "per_page", (json_int_t)params->per_page,
                     "learners", learners);
}

/* One CSV field: quoted, quotes doubled, and a leading = + - @ defused so a
 * spreadsheet shows the text instead of running it as a formula. */
static void csv_field(nx_buf *out, const char *text, bool last)
{
    nx_buf_append_char(out, '"');
    if (text && strchr("=+-@\t\r", text[0]) && text[0])
        nx_buf_append_char(out, '\'');
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == '"')
            nx_buf_append_char(out, '"');
        nx_buf_append_char(out, *p);
    }
    nx_buf_append_str(out, last ? "\"\r\n" : "\",");
}

/* Evidence links separated by spaces (the file link when GitHub has none). */
static void csv_evidence(nx_buf *out, const nx_learner_results_t *results, size_t i, size_t n)
{
    nx_buf links = {0};
    for (size_t j = 0; j < n; j++) {
        nx_hit_t hit;
        if (nx_learner_results_evidence(results, i, j, &hit))
            continue;
        json_t *url = nx_json_blob_url(hit.repo_url, hit.commit, hit.path, hit.anchor);
        if (links.len)
            nx_buf_append_char(&links, ' ');
        if (json_is_string(url)) {
            nx_buf_append_str(&links, json_string_value(url));
        } else {
            nx_buf_append_str(&links, hit.path);
            if (hit.anchor[0]) {
                nx_buf_append_char(&links, '#');
                nx_buf_append_str(&links, hit.anchor);
            }
        }
        json_decref(url);
    }
    csv_field(out, links.data ? links.data : "", true);
    nx_buf_free(&links);
}

static char *results_csv(const nx_learner_results_t *results)
{
    nx_buf out = {0};
    nx_buf_append_str(&out, "learner,cohort,repo,score,technologies,evidence\r\n");
    for (size_t i = 0; i < nx_learner_results_count(results); i++) {
        nx_ranked_learner_t learner;
        if (nx_learner_results_get(results, i, &learner))
            continue;
        char score[32];
        snprintf(score, sizeof score, "%.3f", learner.score);
        csv_field(&out, learner.learner, false);
        csv_field(&out, learner.cohort, false);
        csv_field(&out, learner.repo_url, false);
        csv_field(&out, score, false);
        nx_buf techs = {0};
        for (const char *p = learner.techs; *p; p++) {
            if (*p == ',')
                nx_buf_append_str(&techs, "; ");
            else
                nx_buf_append_char(&techs, *p);
        }
        csv_field(&out, techs.data ? techs.data : "", false);
        nx_buf_free(&techs);
        csv_evidence(&out, results, i, learner.n_evidence);
    }
    if (out.failed) {
        nx_buf_free(&out);
        return NULL;
    }
    return nx_buf_take(&out);
}

static enum MHD_Result rank_with(nx_db_t *db, const learners_params_t *params, struct MHD_Connection *connection)
{
    nx_learner_request_t request = {
        .query = params->query,
        .techs = params->techs.items, .n_techs = params->techs.count,
        .query_techs = params->query_techs.items, .n_query_techs = params->query_techs.count,
        .cohorts = params->cohorts.items, .n_cohorts = params->cohorts.count,
        .highlight = params->highlight,
        .offset = (params->page - 1) * params->per_page,
        .limit = params->per_page,
        .evidence = NX_EVIDENCE_PER_LEARNER,
        .matching = params->matching,
        .drop_threshold = params->drop_threshold,
    };
    nx_learner_results_t *results = NULL;
    nx_status_t status = nx_db_rank_learners(db, &request, &results);
    if (status == NX_ERR_QUERY_SYNTAX)
        return nx_http_send_error(connection, MHD_HTTP_BAD_REQUEST, nx_db_error(db));
    if (status)
        return nx_api_index_failure(connection, status, nx_db_error(db), "ranking learners for",
                                    params->query ? params->query : params->highlight);
    if (params->csv) {
        char *csv = results_csv(results);
        nx_learner_results_free(results);
        return nx_http_send_text(connection, MHD_HTTP_OK, "text/csv; charset=utf-8", csv, "learners.csv");
    }
    json_t *body = results_json(params, results);
    nx_learner_results_free(results);
    nx_shards_add(body, db);
    return nx_http_send_json(connection, MHD_HTTP_OK, body);
}

enum MHD_Result nx_route_learners(const nx_server_t *server, struct MHD_Connection *connection)
{
    learners_params_t params;
    char message[160];
    const char *problem = read_params(server, connection, &params, message, sizeof message);
    if (problem)
        return nx_http_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    enum MHD_Result result = rank_with(db, &params, connection);
    nx_db_pool_release(server->pool, db);
    return result;
}
