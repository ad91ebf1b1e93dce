/* GET /api/learners?q=…&tech=…&cohort=…&format=csv: who covered this — learners ranked by how
 * substantively their own documentation covers the query and/or technologies, with evidence. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "api.h"
#include "links.h"
#include "paths.h"
#include "query_techs.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"
#include "nx_text.h"

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

/* The arguments the route table's spec parsed, as the ranking needs them; the message of a 400 when
 * there is nothing to look for. */
static const char *take_params(const nx_taxonomy *taxonomy, const nx_args_t *args, learners_params_t *params)
{
    memset(params, 0, sizeof *params);
    params->csv = args->csv;
    params->query = nx_args_text(args, "q");
    params->techs = *nx_args_list(args, "tech");
    params->cohorts = *nx_args_list(args, "cohort");
    params->page = nx_args_number(args, "page");
    params->per_page = nx_args_number(args, "per_page");
    params->matching = (nx_matching_t)nx_args_number(args, "matching_strategy");
    params->drop_threshold = nx_args_number(args, "drop_tokens_threshold");
    if (!params->query && params->techs.count == 0)
        return "say what to look for: ?q=words and/or ?tech=name (repeatable)";
    technology_names(taxonomy, params);
    return NULL;
}

static void write_ids(nx_json_writer_t *w, const char *key, const char *comma_separated)
{
    nx_jw_key(w, key);
    nx_write_id_list(w, comma_separated);
}

static void write_evidence(nx_json_writer_t *w, const nx_learner_results_t *results, size_t i, size_t n)
{
    nx_jw_key(w, "evidence");
    nx_jw_begin_array(w);
    for (size_t j = 0; j < n; j++) {
        nx_hit_t hit;
        if (nx_learner_results_evidence(results, i, j, &hit))
            w->out.failed = true; /* answered as 500, as a failed read always was */
        else
            nx_write_hit(w, &hit);
    }
    nx_jw_end_array(w);
}

static void write_learner(nx_json_writer_t *w, const nx_learner_results_t *results, size_t i)
{
    nx_ranked_learner_t learner;
    if (nx_learner_results_get(results, i, &learner)) {
        w->out.failed = true;
        return;
    }
    char profile[160];
    snprintf(profile, sizeof profile, NX_PATH_PROFILE_FORMAT, learner.learner);
    nx_jw_begin_object(w);
    nx_jw_member_string(w, "learner", learner.learner);
    nx_jw_member_string(w, "cohort", learner.cohort);
    nx_jw_member_string(w, "repo_url", learner.repo_url);
    nx_jw_member_string(w, "commit", learner.commit);
    nx_jw_key(w, "commit_date");
    nx_write_iso8601(w, learner.commit_time);
    nx_jw_key(w, "score");
    nx_jw_real(w, learner.score);
    write_ids(w, "technologies", learner.techs);
    nx_jw_member_integer(w, "matches", (int64_t)learner.matches);
    nx_jw_member_string(w, "profile", profile);
    write_ids(w, "matched_terms", learner.matched_terms);
    write_ids(w, "missing_terms", learner.missing_terms);
    write_evidence(w, results, i, learner.n_evidence);
    nx_jw_end_object(w);
}

static void write_query(nx_json_writer_t *w, const learners_params_t *params, const nx_learner_results_t *results)
{
    static const char *const KEYS[] = {"matched_terms", "dropped_terms", "ignored_terms"};
    static const nx_term_role_t ROLES[] = {NX_TERMS_MATCHED, NX_TERMS_DROPPED, NX_TERMS_IGNORED};
    nx_jw_key(w, "query");
    if (params->query)
        nx_jw_string(w, params->query);
    else
        nx_jw_null(w);
    nx_jw_key(w, "corrected_query");
    nx_jw_string_or_null(w, nx_learner_results_corrected_query(results));
    nx_jw_member_string(w, "matching_strategy", NX_MATCHING_NAMES[params->matching]);
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++)
        write_ids(w, KEYS[i], nx_learner_results_terms(results, ROLES[i]));
}

/* The JSON answer; NULL without memory (or when a learner could not be read). */
static char *results_text(const learners_params_t *params, const nx_learner_results_t *results, const nx_db_t *db)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    write_query(&w, params, results);
    nx_write_values(&w, "technologies", &params->techs);
    nx_write_values(&w, "query_technologies", &params->query_techs);
    nx_write_values(&w, "cohorts", &params->cohorts);
    nx_jw_member_integer(&w, "total", (int64_t)nx_learner_results_total(results));
    nx_jw_member_integer(&w, "page", params->page);
    nx_jw_member_integer(&w, "per_page", params->per_page);
    nx_jw_key(&w, "learners");
    nx_jw_begin_array(&w);
    for (size_t i = 0; i < nx_learner_results_count(results); i++)
        write_learner(&w, results, i);
    nx_jw_end_array(&w);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
}

/* Evidence links separated by spaces (the file link when GitHub has none). */
static void csv_evidence(nx_buf *out, const nx_learner_results_t *results, size_t i, size_t n)
{
    nx_buf links = {0};
    for (size_t j = 0; j < n; j++) {
        nx_hit_t hit;
        if (nx_learner_results_evidence(results, i, j, &hit))
            continue;
        char *url = NULL;
        if (nx_github_blob_url(hit.repo_url, hit.commit, hit.path, hit.anchor, &url))
            links.failed = true;
        if (links.len)
            nx_buf_append_char(&links, ' ');
        if (url) {
            nx_buf_append_str(&links, url);
        } else {
            nx_buf_append_str(&links, hit.path);
            if (hit.anchor[0]) {
                nx_buf_append_char(&links, '#');
                nx_buf_append_str(&links, hit.anchor);
            }
        }
        free(url);
    }
    if (links.failed)
        out->failed = true;
    nx_buf_append_csv_field(out, links.data ? links.data : "", true);
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
        nx_buf_append_csv_field(&out, learner.learner, false);
        nx_buf_append_csv_field(&out, learner.cohort, false);
        nx_buf_append_csv_field(&out, learner.repo_url, false);
        nx_buf_append_csv_field(&out, score, false);
        nx_buf techs = {0};
        for (const char *p = learner.techs; *p; p++) {
            if (*p == ',')
                nx_buf_append_str(&techs, "; ");
            else
                nx_buf_append_char(&techs, *p);
        }
        nx_buf_append_csv_field(&out, techs.data ? techs.data : "", false);
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
        return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, nx_db_error(db));
    if (status)
        return nx_api_index_failure(connection, status, nx_db_error(db), "ranking learners for",
                                    params->query ? params->query : params->highlight);
    if (params->csv) {
        char *csv = results_csv(results);
        nx_learner_results_free(results);
        char missing[NX_MISSING_SHARDS_MAX];
        nx_shards_missing_list(db, missing, sizeof missing);
        return nx_send_csv(connection, csv, "learners.csv", missing);
    }
    char *text = results_text(params, results, db);
    nx_learner_results_free(results);
    return nx_send_json_text(connection, MHD_HTTP_OK, text);
}

enum MHD_Result nx_route_learners(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                  const nx_args_t *args)
{
    (void)param;
    learners_params_t params;
    const char *problem = take_params(server->taxonomy, args, &params);
    if (problem)
        return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    nx_query_techs(server->taxonomy, db, params.query, &params.query_techs);
    enum MHD_Result result = rank_with(db, &params, connection);
    nx_db_pool_release(server->pool, db);
    return result;
}
