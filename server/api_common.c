/* Shared pieces of the API routes (see api_common.h): technology resolution, and JSON for
 * dates, links and hits. */
#include "api_common.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http.h"
#include "links.h"
#include "nx_text.h"

static bool already_listed(const nx_arg_values_t *values, size_t before, const char *id)
{
    for (size_t i = 0; i < before; i++)
        if (strcmp(values->items[i], id) == 0)
            return true;
    return false;
}

const char *nx_resolve_techs(const nx_taxonomy *taxonomy, nx_arg_values_t *values, char *message,
                             size_t message_size)
{
    size_t kept = 0;
    for (size_t i = 0; i < values->count; i++) {
        long index = nx_taxonomy_lookup(taxonomy, values->items[i]);
        if (index < 0) {
            json_t *quoted = json_string(values->items[i]);
            char *text = quoted ? json_dumps(quoted, JSON_ENCODE_ANY) : NULL;
            snprintf(message, message_size, "unknown technology %s: GET /api/technologies lists them",
                     text ? text : "?");
            free(text);
            json_decref(quoted);
            return message;
        }
        const char *id = nx_taxonomy_get(taxonomy, (size_t)index)->id;
        if (!already_listed(values, kept, id))
            values->items[kept++] = id;
    }
    values->count = kept;
    return NULL;
}

typedef struct text_techs {
    const nx_taxonomy *taxonomy;
    nx_arg_values_t *out;
} text_techs_t;

static bool note_tech(const nx_tech_match *match, void *data)
{
    text_techs_t *found = data;
    const char *id = nx_taxonomy_get(found->taxonomy, match->tech)->id;
    if (!already_listed(found->out, found->out->count, id) && found->out->count < NX_ARG_MAX_VALUES)
        found->out->items[found->out->count++] = id;
    return true;
}

void nx_techs_in_text(const nx_taxonomy *taxonomy, const char *text, nx_arg_values_t *out)
{
    out->count = 0;
    if (!text)
        return;
    text_techs_t found = {.taxonomy = taxonomy, .out = out};
    /* Out of memory here only means fewer technologies are recognised in the query. */
    (void)nx_taxonomy_scan(taxonomy, text, strlen(text), note_tech, &found);
}

json_t *nx_json_iso8601(int64_t seconds)
{
    time_t t = (time_t)seconds;
    struct tm tm;
    char text[32];
    if ((int64_t)t != seconds || !gmtime_r(&t, &tm) || !strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return json_null();
    return json_string(text);
}

json_t *nx_json_id_list(const char *comma_separated)
{
    json_t *list = json_array();
    const char *at = comma_separated ? comma_separated : "";
    while (list && *at) {
        size_t len = strcspn(at, ",");
        if (len && json_array_append_new(list, json_stringn(at, len))) {
            json_decref(list);
            return NULL;
        }
        at += len + (at[len] == ',');
    }
    return list;
}

json_t *nx_json_values(const nx_arg_values_t *values)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < values->count; i++) {
        if (json_array_append_new(list, nx_json_text(values->items[i]))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

json_t *nx_json_blob_url(const char *repo_url, const char *commit, const char *path, const char *anchor)
{
    char *url = NULL;
    if (nx_github_blob_url(repo_url, commit, path, anchor, &url))
        return NULL;
    json_t *value = url ? json_string(url) : json_null();
    free(url);
    return value;
}

json_t *nx_json_hit(const nx_hit_t *hit)
{
    json_t *json = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:f,s:o,s:o*,s:o,s:o,s:o,s:o,s:o}",
                             "learner", nx_json_text(hit->learner),
                             "cohort", nx_json_text(hit->cohort),
                             "repo_url", nx_json_text(hit->repo_url),
                             "path", nx_json_text(hit->path),
                             "heading_path", nx_json_text(hit->heading_path),
                             "anchor", nx_json_text(hit->anchor),
                             "commit", nx_json_text(hit->commit),
                             "commit_date", nx_json_iso8601(hit->commit_time),
                             "score", hit->score,
                             "snippet", nx_json_text(hit->snippet),
                             "url", nx_json_blob_url(hit->repo_url, hit->commit, hit->path, hit->anchor),
                             "type", nx_json_text(hit->type),
                             "kind", nx_json_text(hit->kind),
                             "origin", nx_json_text(hit->origin),
                             "technologies", nx_json_id_list(hit->techs),
                             "covered", nx_json_id_list(hit->covered));
    if (json && strcmp(hit->type, "challenge") == 0) {
        if (json_object_set_new(json, "challenge", nx_json_text(hit->challenge)) ||
            json_object_set_new(json, "solution", nx_json_text(hit->solution))) {
            json_decref(json);
            return NULL;
        }
    }
    return json;
}

enum MHD_Result nx_api_index_failure(struct MHD_Connection *connection, nx_status_t status, const char *db_error,
                                     const char *what, const char *client_text)
{
    json_t *quoted_text = json_string(client_text ? client_text : "");
    char *quoted = quoted_text ? json_dumps(quoted_text, JSON_ENCODE_ANY) : NULL;
    fprintf(stderr, "nexus-server: %s %s failed: %s: %s\n", what, quoted ? quoted : "?", nx_status_str(status),
            db_error);
    free(quoted);
    json_decref(quoted_text);
    char message[128];
    snprintf(message, sizeof message, "%s failed: %s", what, nx_status_str(status));
    return nx_http_send_error(connection, MHD_HTTP_INTERNAL_SERVER_ERROR, message);
}
