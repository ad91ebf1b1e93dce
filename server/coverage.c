/* The coverage matrix answer (see coverage.h). A cell's state is what the learner's profile says about
 * the technology (the indexer's one attribution, as GET /api/learners/{learner} shows it): covered, or
 * else signalled by a repository file, or else mentioned; none when the profile does not name it. */
#include "coverage.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "json_writer.h"
#include "links.h"
#include "paths.h"
#include "shard_state.h"

/* The states, weakest last, as the answer spells them. */
static const char *const STATE_NAMES[] = {"covered", "signalled", "mentioned", "none"};
enum cell_state { CELL_COVERED, CELL_SIGNALLED, CELL_MENTIONED, CELL_NONE };

typedef struct cell {
    enum cell_state state;
    json_int_t weight;
    const char *path;   /* borrowed from the learner's cells (learner_cells_t); NULL without evidence */
    const char *anchor; /* "" for a file */
} cell_t;

/* Column of technology id text[0..len) among `techs`, or -1. */
static int column_of(const nx_arg_values_t *techs, const char *text, size_t len)
{
    for (size_t c = 0; c < techs->count; c++)
        if (strlen(techs->items[c]) == len && memcmp(techs->items[c], text, len) == 0)
            return (int)c;
    return -1;
}

/* One learner's cells for the matrix's columns, and what their strings are borrowed from. The states
 * come from the learner document's recorded technology states (nx_coverage_tech_states); a document
 * written before they were recorded has them only in its profile JSON, read as described below. */
typedef struct learner_cells {
    cell_t cells[NX_ARG_MAX_VALUES];
    char *states;                       /* owned: a copy of the states, split in place */
    json_t *entries[NX_ARG_MAX_VALUES]; /* owned: profile entries of the columns (older documents) */
} learner_cells_t;

static enum cell_state state_named(const char *name)
{
    for (int s = CELL_COVERED; s < CELL_NONE; s++)
        if (strcmp(STATE_NAMES[s], name) == 0)
            return (enum cell_state)s;
    return CELL_NONE;
}

/* Records "id US state US path US anchor RS" (nx_learner_profile_t.tech_states). */
static void cells_from_states(learner_cells_t *lc, const nx_arg_values_t *techs, const char *states)
{
    lc->states = strdup(states);
    for (char *record = lc->states, *next; record && *record; record = next) {
        next = strchr(record, '\x1e');
        if (next)
            *next++ = '\0';
        char *fields[4] = {record, NULL, NULL, NULL};
        for (int f = 1; f < 4 && fields[f - 1]; f++) {
            fields[f] = strchr(fields[f - 1], '\x1f');
            if (fields[f])
                *fields[f]++ = '\0';
        }
        int c = column_of(techs, fields[0], strlen(fields[0]));
        if (c < 0 || !fields[3])
            continue;
        lc->cells[c].state = state_named(fields[1]);
        lc->cells[c].path = fields[2][0] ? fields[2] : NULL;
        lc->cells[c].anchor = fields[3];
    }
}

/* The first evidence item fitting the state: a section that counts for covered, a file for signalled,
 * any section for mentioned; the first item when none fits (the indexer's rule when it records the
 * states, indexer/learner_profile.c, applied here to documents written before). */
static void pick_evidence(json_t *evidence, cell_t *cell)
{
    size_t i;
    json_t *item, *first = json_array_get(evidence, 0), *chosen = NULL;
    json_array_foreach(evidence, i, item) {
        bool is_file = json_object_get(item, "file") != NULL;
        bool counts = json_is_true(json_object_get(item, "counts"));
        if ((cell->state == CELL_COVERED && counts) || (cell->state == CELL_SIGNALLED && is_file) ||
            (cell->state == CELL_MENTIONED && !is_file)) {
            chosen = item;
            break;
        }
    }
    if (!chosen)
        chosen = first;
    if (!chosen)
        return;
    const char *path = json_string_value(json_object_get(chosen, "path"));
    cell->path = path ? path : json_string_value(json_object_get(chosen, "file"));
    const char *anchor = json_string_value(json_object_get(chosen, "anchor"));
    cell->anchor = anchor ? anchor : "";
}

/* The state and evidence of a profile entry (NULL: the profile does not name the technology); the
 * strings are borrowed from the entry. */
static void read_entry(json_t *tech, cell_t *cell)
{
    if (!tech)
        return;
    if (json_is_true(json_object_get(tech, "covered")))
        cell->state = CELL_COVERED;
    else if (json_is_true(json_object_get(tech, "signalled")))
        cell->state = CELL_SIGNALLED;
    else
        cell->state = CELL_MENTIONED;
    pick_evidence(json_object_get(tech, "evidence"), cell);
}

/* Older documents: the entries of the columns in the profile JSON. Why not parse the profile: it is up
 * to a few hundred kilobytes and a page needs ten small entries of it. The indexer writes it compact
 * with "technologies" first and each entry starting {"id":"<id>", (learner_profile.c), so one pass
 * finds the entries' starts and jansson parses the wanted ones alone; any other layout is parsed whole. */
static void cells_from_profile(learner_cells_t *lc, const nx_arg_values_t *techs, const char *text)
{
    static const char layout[] = "{\"technologies\":[", entry[] = "{\"id\":\"";
    if (strncmp(text, layout, sizeof layout - 1) == 0) {
        for (const char *at = strstr(text, entry); at; at = strstr(at + 1, entry)) {
            const char *id = at + sizeof entry - 1;
            int c = column_of(techs, id, strcspn(id, "\""));
            if (c >= 0 && !lc->entries[c])
                lc->entries[c] = json_loads(at, JSON_DISABLE_EOF_CHECK, NULL);
        }
    } else {
        json_t *profile = json_loads(text, 0, NULL);
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(profile, "technologies"), i, item) {
            const char *id = json_string_value(json_object_get(item, "id"));
            int c = id ? column_of(techs, id, strlen(id)) : -1;
            if (c >= 0 && !lc->entries[c])
                lc->entries[c] = json_incref(item);
        }
        json_decref(profile);
    }
    for (size_t c = 0; c < techs->count; c++)
        read_entry(lc->entries[c], &lc->cells[c]);
}

/* The covered weight of `id` in "id=N,id=N" (the learner document's technologies), 0 when absent. */
static json_int_t weight_of(const char *techs, const char *id)
{
    size_t len = strlen(id);
    for (const char *at = techs ? techs : ""; *at;) {
        size_t item = strcspn(at, ",");
        if (item > len && strncmp(at, id, len) == 0 && at[len] == '=')
            return strtoll(at + len + 1, NULL, 10);
        at += item + (at[item] == ',');
    }
    return 0;
}

static void cells_open(learner_cells_t *lc, const nx_arg_values_t *techs, const nx_learner_info_t *info,
                       const char *states)
{
    memset(lc, 0, sizeof *lc);
    for (size_t c = 0; c < techs->count; c++) {
        lc->cells[c].state = CELL_NONE;
        lc->cells[c].weight = weight_of(info->techs, techs->items[c]);
    }
    if (states && states[0])
        cells_from_states(lc, techs, states);
    else
        cells_from_profile(lc, techs, info->profile_json ? info->profile_json : "");
}

static void cells_close(learner_cells_t *lc)
{
    free(lc->states);
    for (size_t c = 0; c < NX_ARG_MAX_VALUES; c++)
        json_decref(lc->entries[c]);
}

/* The GitHub link of a cell's evidence (malloc'd), or NULL when there is none or nothing to link to. */
static char *evidence_url(const nx_learner_info_t *info, const cell_t *cell)
{
    char *url = NULL;
    if (cell->path && nx_github_blob_url(info->repo_url, info->commit, cell->path, cell->anchor, &url))
        return NULL;
    return url;
}

static void write_cell(nx_json_writer_t *w, const nx_learner_info_t *info, const char *id, const cell_t *cell)
{
    nx_jw_begin_object(w);
    nx_jw_member_string(w, "tech", id);
    nx_jw_member_string(w, "state", STATE_NAMES[cell->state]);
    nx_jw_member_integer(w, "weight", cell->weight);
    nx_jw_key(w, "path");
    nx_jw_string_or_null(w, cell->path);
    nx_jw_key(w, "anchor");
    nx_jw_string_or_null(w, cell->anchor);
    char *url = evidence_url(info, cell);
    nx_jw_key(w, "evidence");
    nx_jw_string_or_null(w, url);
    free(url);
    nx_jw_end_object(w);
}

static void write_learner(nx_json_writer_t *w, const nx_coverage_params_t *params, const nx_learner_info_t *info,
                          const char *states)
{
    learner_cells_t lc;
    cells_open(&lc, &params->techs, info, states);
    char link[160];
    snprintf(link, sizeof link, NX_PATH_PROFILE_FORMAT, info->learner);
    nx_jw_begin_object(w);
    nx_jw_member_string(w, "learner", info->learner);
    nx_jw_member_string(w, "cohort", info->cohort);
    nx_jw_member_string(w, "profile", link);
    nx_jw_key(w, "cells");
    nx_jw_begin_array(w);
    for (size_t c = 0; c < params->techs.count; c++)
        write_cell(w, info, params->techs.items[c], &lc.cells[c]);
    nx_jw_end_array(w);
    nx_jw_end_object(w);
    cells_close(&lc);
}

/* Each column: its id, name and how many learners of the chosen cohorts cover it. */
static void write_columns(nx_json_writer_t *w, const nx_taxonomy *taxonomy, const nx_coverage_params_t *params,
                          const nx_coverage_t *coverage)
{
    nx_jw_key(w, "technologies");
    nx_jw_begin_array(w);
    for (size_t c = 0; c < params->techs.count; c++) {
        long index = nx_taxonomy_lookup(taxonomy, params->techs.items[c]);
        nx_jw_begin_object(w);
        nx_jw_member_string(w, "id", params->techs.items[c]);
        nx_jw_member_string(w, "name", index >= 0 ? nx_taxonomy_get(taxonomy, (size_t)index)->name : params->techs.items[c]);
        nx_jw_member_integer(w, "covered", (int64_t)nx_coverage_column_covered(coverage, c));
        nx_jw_end_object(w);
    }
    nx_jw_end_array(w);
}

static char *matrix_json(const nx_taxonomy *taxonomy, const nx_coverage_params_t *params,
                         const nx_coverage_t *coverage, const nx_db_t *db)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    write_columns(&w, taxonomy, params, coverage);
    nx_write_values(&w, "cohorts", &params->cohorts);
    nx_write_values(&w, "missing", &params->missing);
    nx_jw_member_string(&w, "sort", params->sort_column < 0 ? "learner" : params->techs.items[params->sort_column]);
    nx_jw_member_string(&w, "order", params->descending ? "desc" : "asc");
    nx_jw_member_integer(&w, "total", (int64_t)nx_coverage_total(coverage));
    nx_jw_member_integer(&w, "page", params->page);
    nx_jw_member_integer(&w, "per_page", params->per_page);
    nx_jw_key(&w, "learners");
    nx_jw_begin_array(&w);
    for (size_t i = 0; i < nx_coverage_count(coverage); i++) {
        nx_learner_info_t info;
        if (nx_coverage_get(coverage, i, &info) == NX_OK)
            write_learner(&w, params, &info, nx_coverage_tech_states(coverage, i));
    }
    nx_jw_end_array(&w);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
}

static void csv_learner(nx_buf *out, const nx_coverage_params_t *params, const nx_learner_info_t *info,
                        const char *states)
{
    learner_cells_t lc;
    cells_open(&lc, &params->techs, info, states);
    nx_buf_append_csv_field(out, info->learner, false);
    nx_buf_append_csv_field(out, info->cohort, false);
    for (size_t c = 0; c < params->techs.count; c++) {
        char *url = evidence_url(info, &lc.cells[c]);
        nx_buf_append_csv_field(out, STATE_NAMES[lc.cells[c].state], false);
        nx_buf_append_csv_field(out, url ? url : lc.cells[c].path, c + 1 == params->techs.count);
        free(url);
    }
    cells_close(&lc);
}

/* learner,cohort, then per technology its state and its evidence link (the file path when GitHub has none). */
static char *matrix_csv(const nx_coverage_params_t *params, const nx_coverage_t *coverage)
{
    nx_buf out = {0};
    nx_buf_append_str(&out, "learner,cohort");
    for (size_t c = 0; c < params->techs.count; c++) {
        nx_buf_append_str(&out, ",");
        nx_buf_append_str(&out, params->techs.items[c]);
        nx_buf_append_str(&out, ",");
        nx_buf_append_str(&out, params->techs.items[c]);
        nx_buf_append_str(&out, " evidence");
    }
    nx_buf_append_str(&out, "\r\n");
    for (size_t i = 0; i < nx_coverage_count(coverage); i++) {
        nx_learner_info_t info;
        if (nx_coverage_get(coverage, i, &info) == NX_OK)
            csv_learner(&out, params, &info, nx_coverage_tech_states(coverage, i));
    }
    if (out.failed) {
        nx_buf_free(&out);
        return NULL;
    }
    return nx_buf_take(&out);
}

nx_status_t nx_coverage_answer(nx_db_t *db, const nx_taxonomy *taxonomy, const nx_coverage_params_t *params,
                               char **body_out)
{
    *body_out = NULL;
    nx_coverage_request_t request = {
        .techs = params->techs.items, .n_techs = params->techs.count,
        .cohorts = params->cohorts.items, .n_cohorts = params->cohorts.count,
        .missing = params->missing.items, .n_missing = params->missing.count,
        .sort_column = params->sort_column,
        .descending = params->descending,
        .offset = (params->page - 1) * params->per_page,
        .limit = params->per_page,
    };
    nx_coverage_t *coverage = NULL;
    nx_status_t status = nx_db_coverage(db, &request, &coverage);
    if (status)
        return status;
    *body_out = params->csv ? matrix_csv(params, coverage) : matrix_json(taxonomy, params, coverage, db);
    nx_coverage_free(coverage);
    return *body_out ? NX_OK : NX_ERR_NOMEM;
}
