/* GET /api/technologies: the coverage table (every technology of the taxonomy, its category and
 * how many learners cover it), with ?include=learners also which learners; GET /api/technologies/{id or
 * alias}: one technology with its learners. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "api.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

#define NX_TECH_LEARNERS_MAX 1000

/* id, name and category: how every row and the single technology begin. */
static void write_identity(nx_json_writer_t *w, const nx_technology *tech)
{
    nx_jw_member_string(w, "id", tech->id);
    nx_jw_member_string(w, "name", tech->name);
    nx_jw_member_string(w, "category", tech->category);
}

/* The plain table; NULL with *status set when the index could not be read, or without memory. */
static char *table_text(const nx_server_t *server, nx_db_t *db, nx_status_t *status)
{
    uint64_t learners = 0;
    *status = nx_db_learner_count(db, &learners);
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_member_integer(&w, "learner_total", (int64_t)learners);
    nx_jw_key(&w, "technologies");
    nx_jw_begin_array(&w);
    for (size_t t = 0; !*status && t < nx_taxonomy_count(server->taxonomy); t++) {
        const nx_technology *tech = nx_taxonomy_get(server->taxonomy, t);
        uint64_t covering = 0;
        *status = nx_db_tech_learners(db, tech->id, &covering);
        nx_jw_begin_object(&w);
        write_identity(&w, tech);
        nx_jw_member_integer(&w, "learners", (int64_t)covering);
        nx_jw_end_object(&w);
    }
    nx_jw_end_array(&w);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    if (*status) {
        nx_jw_free(&w);
        return NULL;
    }
    return nx_jw_take(&w);
}

/* Which learners cover which technology, from one read of every learner document, so the counts, the
 * lists and learner_total all come from the same snapshot of the index: the (technology, learner) pairs of
 * every learner's technologies ("celery=3,redis=1", as the learner document stores them), grouped by
 * technology in taxonomy order, learners in list order within each. */
typedef struct coverage_pairs {
    size_t *start;    /* [technology]: its first pair in `learner`; [count]: the number of pairs */
    size_t *learner;  /* positions in the learner list */
} coverage_pairs_t;

/* The taxonomy position of the id at[0..len), or -1 for an id this build does not know. */
static long technology_at(const nx_taxonomy *taxonomy, const char *at, size_t len)
{
    char id[NX_ARG_VALUE_MAX_BYTES + 1];
    if (len >= sizeof id)
        return -1;
    memcpy(id, at, len);
    id[len] = '\0';
    long index = nx_taxonomy_lookup(taxonomy, id);
    return index >= 0 && strcmp(nx_taxonomy_get(taxonomy, (size_t)index)->id, id) == 0 ? index : -1;
}

/* Counts (place false) or places (true) the pairs of learner `i`'s known technologies, in stored order;
 * returns how many it has. */
static size_t each_technology(const nx_taxonomy *taxonomy, const char *techs, size_t i, coverage_pairs_t *pairs,
                              bool place)
{
    size_t n = 0;
    for (const char *at = techs; *at;) {
        size_t len = strcspn(at, ",");
        long t = technology_at(taxonomy, at, strcspn(at, "=,"));
        if (t >= 0) {
            n++;
            if (place)
                pairs->learner[pairs->start[t]++] = i;
            else
                pairs->start[t + 1]++;
        }
        at += len + (at[len] == ',');
    }
    return n;
}

/* A counting sort of the pairs by technology; false without memory. */
static bool pairs_build(const nx_taxonomy *taxonomy, const nx_learner_list_t *list, coverage_pairs_t *pairs)
{
    size_t techs = nx_taxonomy_count(taxonomy), total = 0;
    pairs->start = calloc(techs + 2, sizeof *pairs->start);
    if (!pairs->start)
        return false;
    nx_learner_info_t info;
    for (size_t i = 0; i < nx_learner_list_count(list); i++)
        if (!nx_learner_list_get(list, i, &info))
            total += each_technology(taxonomy, info.techs, i, pairs, false);
    pairs->learner = malloc((total ? total : 1) * sizeof *pairs->learner);
    if (!pairs->learner)
        return false;
    /* start[t + 1] counted technology t's pairs; summed, start[t] is where t's begin. Placing them advances
     * start[t] to where t + 1's begin, so one shift afterwards puts every start back. */
    for (size_t t = 1; t <= techs; t++)
        pairs->start[t] += pairs->start[t - 1];
    for (size_t i = 0; i < nx_learner_list_count(list); i++)
        if (!nx_learner_list_get(list, i, &info))
            each_technology(taxonomy, info.techs, i, pairs, true);
    for (size_t t = techs; t > 0; t--)
        pairs->start[t] = pairs->start[t - 1];
    pairs->start[0] = 0;
    return true;
}

static void write_learner_ids(nx_json_writer_t *w, const nx_learner_list_t *list, const size_t *learners, size_t n)
{
    nx_jw_begin_array(w);
    for (size_t k = 0; k < n; k++) {
        nx_learner_info_t info;
        if (!nx_learner_list_get(list, learners[k], &info))
            nx_jw_string(w, info.learner);
    }
    nx_jw_end_array(w);
}

/* Every learner's name → cohort ("" without one). The list is in name order, so a learner listed twice
 * (two indexes holding the same repository) is written once, with the cohort of its last listing. */
static void write_cohorts(nx_json_writer_t *w, const nx_learner_list_t *list)
{
    size_t n = nx_learner_list_count(list);
    nx_jw_begin_object(w);
    for (size_t i = 0; i < n; i++) {
        nx_learner_info_t info, next;
        if (nx_learner_list_get(list, i, &info))
            continue;
        if (i + 1 < n && !nx_learner_list_get(list, i + 1, &next) && strcmp(next.learner, info.learner) == 0)
            continue;
        nx_jw_key(w, info.learner);
        nx_jw_string(w, info.cohort);
    }
    nx_jw_end_object(w);
}

/* The table with each technology's learner_ids and every learner's cohort: what a client needs to
 * work out co-occurrence and "what else do these learners cover" in one request. NULL with *status set
 * when the index could not be read, or without memory. */
static char *table_with_learners_text(const nx_server_t *server, nx_db_t *db, nx_status_t *status)
{
    nx_learner_list_t *list = NULL;
    *status = nx_db_learner_list(db, &list);
    if (*status)
        return NULL;
    coverage_pairs_t pairs = {0};
    char *text = NULL;
    if (pairs_build(server->taxonomy, list, &pairs)) {
        nx_json_writer_t w = {0};
        nx_jw_begin_object(&w);
        nx_jw_member_integer(&w, "learner_total", (int64_t)nx_learner_list_count(list));
        nx_jw_key(&w, "technologies");
        nx_jw_begin_array(&w);
        for (size_t t = 0; t < nx_taxonomy_count(server->taxonomy); t++) {
            size_t first = pairs.start[t], n = pairs.start[t + 1] - first;
            nx_jw_begin_object(&w);
            write_identity(&w, nx_taxonomy_get(server->taxonomy, t));
            nx_jw_member_integer(&w, "learners", (int64_t)n);
            nx_jw_key(&w, "learner_ids");
            write_learner_ids(&w, list, pairs.learner + first, n);
            nx_jw_end_object(&w);
        }
        nx_jw_end_array(&w);
        nx_jw_key(&w, "learner_cohorts");
        write_cohorts(&w, list);
        nx_shards_write(&w, db);
        nx_jw_end_object(&w);
        text = nx_jw_take(&w);
    }
    free(pairs.start);
    free(pairs.learner);
    nx_learner_list_free(list);
    return text; /* NULL without memory: answered as 500 */
}

enum MHD_Result nx_route_technologies(const nx_server_t *server, struct MHD_Connection *connection,
                                      const char *param, const nx_args_t *args)
{
    (void)param;
    bool with_learners = nx_args_number(args, "include") != 0;
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    nx_status_t status = NX_OK;
    char *text = with_learners ? table_with_learners_text(server, db, &status) : table_text(server, db, &status);
    enum MHD_Result result = status ? nx_api_index_failure(connection, status, nx_db_error(db),
                                                           with_learners ? "listing the learners of every"
                                                                         : "counting learners per",
                                                           "technology")
                                    : nx_send_json_text(connection, MHD_HTTP_OK, text);
    if (status)
        free(text);
    nx_db_pool_release(server->pool, db);
    return result;
}

/* The learners covering the technology, best coverage first, with one evidence link each. */
static void write_learners(nx_json_writer_t *w, const nx_learner_results_t *results)
{
    nx_jw_key(w, "learners");
    nx_jw_begin_array(w);
    for (size_t i = 0; i < nx_learner_results_count(results); i++) {
        nx_ranked_learner_t learner;
        nx_hit_t best;
        if (nx_learner_results_get(results, i, &learner))
            continue;
        bool has_evidence = learner.n_evidence > 0 && nx_learner_results_evidence(results, i, 0, &best) == NX_OK;
        nx_jw_begin_object(w);
        nx_jw_member_string(w, "learner", learner.learner);
        nx_jw_member_string(w, "cohort", learner.cohort);
        nx_jw_member_string(w, "repo_url", learner.repo_url);
        nx_jw_key(w, "score");
        nx_jw_real(w, learner.score);
        nx_jw_key(w, "evidence");
        if (has_evidence)
            nx_write_hit(w, &best);
        else
            nx_jw_null(w);
        nx_jw_end_object(w);
    }
    nx_jw_end_array(w);
}

/* One technology with its aliases (alias 0 is the name itself) and its learners. */
static char *technology_text(const nx_technology *tech, const nx_learner_results_t *results, const nx_db_t *db)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    write_identity(&w, tech);
    nx_jw_key(&w, "aliases");
    nx_jw_begin_array(&w);
    for (size_t a = 1; a < tech->alias_count; a++)
        nx_jw_string(&w, tech->aliases[a].text);
    nx_jw_end_array(&w);
    nx_jw_member_integer(&w, "learner_count", (int64_t)nx_learner_results_total(results));
    write_learners(&w, results);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
}

enum MHD_Result nx_route_technology(const nx_server_t *server, struct MHD_Connection *connection, const char *name,
                                 const nx_args_t *args)
{
    (void)args;
    long index = nx_param_path_name(name) ? nx_taxonomy_lookup(server->taxonomy, name) : -1;
    if (index < 0)
        return nx_send_error(connection, MHD_HTTP_NOT_FOUND, "no such technology: GET /api/technologies lists them");
    const nx_technology *tech = nx_taxonomy_get(server->taxonomy, (size_t)index);
    const char *techs[] = {tech->id};
    nx_learner_request_t request = {.techs = techs, .n_techs = 1, .highlight = tech->name,
                                    .limit = NX_TECH_LEARNERS_MAX, .evidence = 1};
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    nx_learner_results_t *results = NULL;
    nx_status_t status = nx_db_rank_learners(db, &request, &results);
    enum MHD_Result result;
    if (status) {
        result = nx_api_index_failure(connection, status, nx_db_error(db), "listing the learners of", tech->id);
    } else {
        result = nx_send_json_text(connection, MHD_HTTP_OK, technology_text(tech, results, db));
    }
    nx_learner_results_free(results);
    nx_db_pool_release(server->pool, db);
    return result;
}
