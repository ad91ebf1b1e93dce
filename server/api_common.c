/* Shared pieces of the API routes (see api_common.h): technology resolution, and JSON for
 * dates, links and hits (hits written once, by the JSON writer, for every route). */
#include "api_common.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "response.h"
#include "links.h"
#include "nx_text.h"
#include "shard_state.h"

static bool already_listed(const nx_arg_values_t *values, size_t before, const char *id)
{
    for (size_t i = 0; i < before; i++)
        if (strcmp(values->items[i], id) == 0)
            return true;
    return false;
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

/* Writes `value` as `width` decimal digits ending before `end`. */
static void put_digits(char *end, int value, int width)
{
    for (int i = 1; i <= width; i++, value /= 10)
        end[-i] = (char)('0' + value % 10);
}

/* ISO 8601 UTC into `text` (32 bytes); false when out of range. Every hit has a date, so the usual
 * four-digit years are formatted by hand (strftime costs a thousand instructions a call). */
static bool format_iso8601(int64_t seconds, char text[32])
{
    time_t t = (time_t)seconds;
    struct tm tm;
    if ((int64_t)t != seconds || !gmtime_r(&t, &tm))
        return false;
    int year = tm.tm_year + 1900;
    if (year < 1000 || year > 9999)
        return strftime(text, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
    memcpy(text, "0000-00-00T00:00:00Z", 21);
    put_digits(text + 4, year, 4);
    put_digits(text + 7, tm.tm_mon + 1, 2);
    put_digits(text + 10, tm.tm_mday, 2);
    put_digits(text + 13, tm.tm_hour, 2);
    put_digits(text + 16, tm.tm_min, 2);
    put_digits(text + 19, tm.tm_sec, 2);
    return true;
}

void nx_write_iso8601(nx_json_writer_t *w, int64_t seconds)
{
    char date[32];
    if (format_iso8601(seconds, date))
        nx_jw_string(w, date);
    else
        nx_jw_null(w);
}

void nx_write_values(nx_json_writer_t *w, const char *key, const nx_arg_values_t *values)
{
    nx_jw_key(w, key);
    nx_jw_begin_array(w);
    for (size_t i = 0; i < values->count; i++)
        nx_jw_string(w, values->items[i]);
    nx_jw_end_array(w);
}

void nx_write_id_list(nx_json_writer_t *w, const char *comma_separated)
{
    nx_jw_begin_array(w);
    for (const char *at = comma_separated ? comma_separated : ""; *at;) {
        size_t len = strcspn(at, ",");
        if (len)
            nx_jw_string_n(w, at, len);
        at += len + (at[len] == ',');
    }
    nx_jw_end_array(w);
}

static void write_blob_url(nx_json_writer_t *w, const nx_hit_t *hit)
{
    char *url = NULL;
    if (nx_github_blob_url(hit->repo_url, hit->commit, hit->path, hit->anchor, &url))
        w->out.failed = true;
    else if (url)
        nx_jw_string(w, url);
    else
        nx_jw_null(w);
    free(url);
}

static void write_member(nx_json_writer_t *w, const char *key, const char *text)
{
    nx_jw_key(w, key);
    nx_jw_string(w, text);
}

void nx_write_hit_members(nx_json_writer_t *w, const nx_hit_t *hit)
{
    write_member(w, "learner", hit->learner);
    write_member(w, "cohort", hit->cohort);
    write_member(w, "repo_url", hit->repo_url);
    write_member(w, "path", hit->path);
    write_member(w, "heading_path", hit->heading_path);
    write_member(w, "anchor", hit->anchor);
    write_member(w, "commit", hit->commit);
    nx_jw_key(w, "commit_date");
    nx_write_iso8601(w, hit->commit_time);
    nx_jw_key(w, "score");
    nx_jw_real(w, hit->score);
    write_member(w, "snippet", hit->snippet);
    nx_jw_key(w, "url");
    write_blob_url(w, hit);
    write_member(w, "type", hit->type);
    write_member(w, "kind", hit->kind);
    write_member(w, "origin", hit->origin);
    nx_jw_key(w, "technologies");
    nx_write_id_list(w, hit->techs);
    nx_jw_key(w, "covered");
    nx_write_id_list(w, hit->covered);
    if (hit->type && strcmp(hit->type, "challenge") == 0) {
        write_member(w, "challenge", hit->challenge);
        write_member(w, "solution", hit->solution);
    }
}

void nx_write_hit(nx_json_writer_t *w, const nx_hit_t *hit)
{
    nx_jw_begin_object(w);
    nx_write_hit_members(w, hit);
    nx_jw_end_object(w);
}

enum MHD_Result nx_api_index_failure(struct MHD_Connection *connection, nx_status_t status, const char *db_error,
                                     const char *what, const char *client_text)
{
    nx_json_writer_t w = {0};
    nx_jw_string(&w, client_text);
    char *quoted = nx_jw_take(&w);
    fprintf(stderr, "nexus-server: %s %s failed: %s: %s\n", what, quoted ? quoted : "?", nx_status_str(status),
            db_error);
    free(quoted);
    char message[128];
    snprintf(message, sizeof message, "%s failed: %s", what, nx_status_str(status));
    /* Every shard host down is the service being away, not a fault of this server: a balancer retries. */
    const unsigned code = status == NX_ERR_UNAVAILABLE ? MHD_HTTP_SERVICE_UNAVAILABLE : MHD_HTTP_INTERNAL_SERVER_ERROR;
    return nx_send_error(connection, code, message);
}

enum MHD_Result nx_api_no_such_learner(struct MHD_Connection *connection, const nx_db_t *db)
{
    if (nx_shards_any_missing(db))
        return nx_send_error(connection, MHD_HTTP_SERVICE_UNAVAILABLE,
                             "no such learner in the shards that answer: a shard of the index is out of reach");
    return nx_send_error(connection, MHD_HTTP_NOT_FOUND, "no such learner in the index");
}
