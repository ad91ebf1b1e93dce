/* The per-learner loop of nexus-index: mirror → HEAD commit → Markdown files → sections (with their
 * kind, origin, technologies and challenge pairs) → index writer, then the learner document.
 * A learner that fails is reported and skipped with its previous documents kept; the run goes on. */
#include "run.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "cohort.h"
#include "learner_profile.h"
#include "mirror.h"
#include "nx_index.h"
#include "nx_taxonomy.h"
#include "nx_text.h"
#include "repo_budget.h"
#include "repo_files.h"
#include "sections.h"
#include "tree_signals.h"

typedef enum learner_outcome { OUTCOME_CLONED, OUTCOME_FETCHED, OUTCOME_UNCHANGED, OUTCOME_FAILED } learner_outcome;

typedef struct run_totals {
    size_t repos, cloned, fetched, unchanged, failed;
    size_t sections;
} run_totals;

/* What add_file_sections() needs to turn one file into documents. */
typedef struct learner_job {
    nx_writer_t *writer;
    const nx_taxonomy *taxonomy;
    const cohort_entry *entry;
    const mirror_result *mirror;
    learner_profile profile;
    size_t sections; /* written so far */
    repo_budget budget;
    nx_buf *error;
} learner_job;

/* One technology list in the shim's form; ids borrowed from the taxonomy. */
typedef struct tech_refs {
    nx_tech_ref_t *items; /* owned */
    size_t count;
} tech_refs;

/* What add_file_sections() returns to stop the walk when the repository's budget is spent:
 * not a failure, the files indexed so far are kept. */
#define BUDGET_SPENT 2

static void report_cohort_problem(void *ctx, const char *message)
{
    fprintf((FILE *)ctx, "nexus-index: %s\n", message);
}

/* Appends "<what>: <the shim's reason>" to `error`. */
static void writer_failure(nx_buf *error, nx_writer_t *writer, nx_status_t status, const char *what)
{
    const char *why = nx_writer_error(writer);
    nx_buf_append_str(error, what);
    nx_buf_append_str(error, ": ");
    nx_buf_append_str(error, why && why[0] ? why : nx_status_str(status));
}

static int to_refs(const nx_taxonomy *taxonomy, const tech_mentions *found, tech_refs *out)
{
    out->count = 0;
    out->items = calloc(found->count + 1, sizeof *out->items);
    if (!out->items) return -1;
    for (size_t i = 0; i < found->count; i++) {
        const tech_mention *m = &found->items[i];
        out->items[out->count++] = (nx_tech_ref_t){.id = nx_taxonomy_get(taxonomy, m->tech)->id,
                                                   .count = m->count,
                                                   .covered = m->strength == TECH_COVERED};
    }
    return 0;
}

/* Indexes one challenge/solution pair found in section `ordinal` of the file. */
static nx_status_t add_challenge(learner_job *job, const char *path, const md_section *s, unsigned ordinal,
                                 unsigned number, const challenge_pair *pair, file_origin origin)
{
    nx_buf both = {0};
    nx_buf_append_str(&both, pair->challenge);
    nx_buf_append_str(&both, "\n\n");
    nx_buf_append_str(&both, pair->solution);
    tech_mentions found = {0};
    tech_refs refs = {0};
    nx_status_t st = NX_ERR_NOMEM;
    if (both.failed || analysis_detect_section(job->taxonomy, both.data, both.len, KIND_CHALLENGES, &found) != 0 ||
        to_refs(job->taxonomy, &found, &refs) != 0)
        goto done;
    const cohort_entry *e = job->entry;
    nx_challenge_t doc = {
        .learner = e->learner, .cohort = e->cohort, .repo_url = e->url, .path = path,
        .heading_path = s->heading_path, .anchor = s->anchor, .section_ordinal = ordinal, .pair = number,
        .challenge = pair->challenge, .solution = pair->solution ? pair->solution : "",
        .commit = job->mirror->head_hex, .commit_time = job->mirror->commit_time,
        .origin = analysis_origin_id(origin), .techs = refs.items, .n_techs = refs.count,
    };
    st = nx_writer_add_challenge(job->writer, &doc);
    if (st == NX_OK) learner_profile_add_challenge(&job->profile, path, s, pair, origin, &found);
done:
    free(refs.items);
    tech_mentions_free(&found);
    nx_buf_free(&both);
    return st;
}

/* Extracts the file's challenge/solution pairs and indexes each as its own document. */
static nx_status_t add_challenges(learner_job *job, const char *path, const md_sections *secs, file_origin origin)
{
    challenge_pairs pairs = {0};
    if (analysis_extract_challenges(secs, &pairs) != 0) return NX_ERR_NOMEM;
    nx_status_t st = NX_OK;
    for (size_t p = 0; p < pairs.count && st == NX_OK; p++) {
        const challenge_pair *pair = &pairs.items[p];
        if (!pair->challenge || !pair->challenge[0] || pair->section >= secs->count) continue;
        st = add_challenge(job, path, &secs->items[pair->section], (unsigned)pair->section, (unsigned)p, pair,
                           origin);
    }
    challenge_pairs_free(&pairs);
    return st;
}

static nx_status_t add_section(learner_job *job, const char *path, const md_section *s, unsigned ordinal,
                               file_origin origin)
{
    const cohort_entry *e = job->entry;
    section_kind kind = analysis_classify_section(s->heading_path, s->body);
    const char *markdown = s->markdown ? s->markdown : "";
    tech_mentions found = {0};
    tech_refs refs = {0};
    if (analysis_detect_section(job->taxonomy, markdown, strlen(markdown), kind, &found) != 0 ||
        to_refs(job->taxonomy, &found, &refs) != 0) {
        tech_mentions_free(&found);
        return NX_ERR_NOMEM;
    }
    nx_section_t doc = {
        .learner = e->learner,
        .cohort = e->cohort,
        .repo_url = e->url,
        .path = path,
        .heading_path = s->heading_path,
        .heading = s->heading,
        .anchor = s->anchor,
        .body = s->body,
        .commit = job->mirror->head_hex,
        .commit_time = job->mirror->commit_time,
        .ordinal = ordinal,
        .kind = analysis_kind_id(kind),
        .origin = analysis_origin_id(origin),
        .techs = refs.items,
        .n_techs = refs.count,
    };
    nx_status_t st = nx_writer_add_section(job->writer, &doc);
    if (st == NX_OK) learner_profile_add_section(&job->profile, path, s, kind, origin, &found);
    free(refs.items);
    tech_mentions_free(&found);
    return st;
}

static nx_status_t add_sections(learner_job *job, const char *path, const md_sections *secs, file_origin origin)
{
    for (size_t i = 0; i < secs->count; i++) {
        nx_status_t st = add_section(job, path, &secs->items[i], (unsigned)i, origin);
        if (st != NX_OK) return st;
        job->sections++;
    }
    return add_challenges(job, path, secs, origin);
}

/* repo_files_each() callback: one Markdown file into its sections. */
static int add_file_sections(void *ctx, const char *raw_path, const char *content, size_t len)
{
    learner_job *job = ctx;
    if (!repo_budget_admit(&job->budget, len))
        return BUDGET_SPENT;
    /* Paths in a tree are any bytes; the index stores UTF-8. */
    nx_buf path = {0};
    nx_utf8_sanitize(&path, raw_path, strlen(raw_path));
    md_sections secs = {0};
    int rc = -1;
    md_limits limits = {.max_sections = job->budget.max_sections};
    if (path.failed || md_sections_split(content, len, &limits, &secs) != 0) {
        nx_buf_append_str(job->error, "out of memory splitting ");
        nx_buf_append_str(job->error, path.data ? path.data : "a file");
        goto done;
    }
    repo_budget_sections(&job->budget, raw_path, secs.folded_headings);
    file_origin origin = analysis_file_origin(path.data, content, len);
    nx_status_t st = add_sections(job, path.data, &secs, origin);
    if (st != NX_OK) {
        nx_buf_append_str(job->error, "cannot index ");
        writer_failure(job->error, job->writer, st, path.data);
        goto done;
    }
    rc = 0;
done:
    md_sections_free(&secs);
    nx_buf_free(&path);
    return rc;
}

/* tree_signals_each() callback: a file showing technologies the project uses. */
static int add_file_signals(void *ctx, const char *raw_path, const tech_mentions *found)
{
    learner_job *job = ctx;
    nx_buf path = {0};
    nx_utf8_sanitize(&path, raw_path, strlen(raw_path));
    if (path.failed) return -1;
    learner_profile_add_file(&job->profile, path.data, found);
    nx_buf_free(&path);
    return 0;
}

/* Writes the learner document from everything the job gathered. */
static int write_learner_document(learner_job *job)
{
    const cohort_entry *e = job->entry;
    nx_learner_profile_t doc = {
        .learner = e->learner,
        .cohort = e->cohort,
        .repo_url = e->url,
        .commit = job->mirror->head_hex,
        .commit_time = job->mirror->commit_time,
    };
    nx_tech_ref_t *refs = NULL;
    char *json = NULL;
    if (learner_profile_finish(&job->profile, &doc, &refs, &json) != 0) {
        nx_buf_append_str(job->error, "out of memory building the learner profile");
        return -1;
    }
    nx_status_t st = nx_writer_set_learner_profile(job->writer, &doc);
    if (st != NX_OK) writer_failure(job->error, job->writer, st, "cannot write the learner profile");
    free(refs);
    free(json);
    return st == NX_OK ? 0 : -1;
}

/* Replaces the learner's documents with those of the mirror's HEAD, in one transaction. */
static int reindex_learner(const index_config *cfg, const nx_taxonomy *taxonomy, nx_writer_t *writer,
                           const cohort_entry *e, const mirror_result *m, size_t *sections, nx_buf *notes,
                           nx_buf *error)
{
    learner_job job = {.writer = writer, .taxonomy = taxonomy, .entry = e, .mirror = m, .error = error};
    if (learner_profile_init(&job.profile, taxonomy) != 0) {
        nx_buf_append_str(error, "out of memory starting the learner profile");
        return -1;
    }
    nx_status_t st = nx_writer_begin_learner(writer, e->learner);
    if (st != NX_OK) {
        writer_failure(error, writer, st, "cannot start updating the index");
        learner_profile_free(&job.profile);
        return -1;
    }
    repo_budget_init(&job.budget, cfg->max_repo_files, cfg->max_repo_bytes, cfg->max_sections_per_file);
    repo_files_stats stats;
    int walked = repo_files_each(m->repo, &m->head, cfg->max_file_bytes, add_file_sections, &job, &stats, error);
    if (walked != 0 && walked != BUDGET_SPENT)
        goto fail;
    repo_budget_describe(&job.budget, &stats, cfg->max_file_bytes, notes);
    if (tree_signals_each(m->repo, &m->head, taxonomy, cfg->max_file_bytes, cfg->max_repo_bytes, add_file_signals,
                          &job, error) != 0)
        goto fail;
    if (write_learner_document(&job) != 0) goto fail;
    st = nx_writer_end_learner(writer, m->head_hex);
    if (st != NX_OK) {
        writer_failure(error, writer, st, "cannot commit to the index");
        goto fail;
    }
    *sections = job.sections;
    learner_profile_free(&job.profile);
    return 0;
fail:
    nx_writer_abort_learner(writer);
    learner_profile_free(&job.profile);
    return -1;
}

/* True when the index already holds the learner at `head_hex`. */
static int is_indexed_at(nx_writer_t *writer, const char *learner, const char *head_hex, bool *same, nx_buf *error)
{
    char *indexed = NULL;
    nx_status_t st = nx_writer_learner_commit(writer, learner, &indexed);
    if (st != NX_OK) {
        writer_failure(error, writer, st, "cannot read the indexed commit");
        return -1;
    }
    *same = indexed && strcmp(indexed, head_hex) == 0;
    free(indexed);
    return 0;
}

static learner_outcome index_learner(const index_config *cfg, const nx_taxonomy *taxonomy, nx_writer_t *writer,
                                     const cohort_entry *e, size_t *sections, char short_id[8], nx_buf *notes,
                                     nx_buf *error)
{
    mirror_result m;
    learner_outcome outcome = OUTCOME_FAILED;
    bool same = false;
    if (mirror_update_limited(cfg->cache_dir, e->learner, e->url, cfg->max_fetch_bytes, &m, error) != 0)
        return OUTCOME_FAILED;
    snprintf(short_id, 8, "%.7s", m.head_hex);
    if (is_indexed_at(writer, e->learner, m.head_hex, &same, error) != 0) goto done;
    if (same) {
        outcome = OUTCOME_UNCHANGED;
        goto done;
    }
    if (reindex_learner(cfg, taxonomy, writer, e, &m, sections, notes, error) != 0) goto done;
    outcome = m.action == MIRROR_CLONED ? OUTCOME_CLONED : OUTCOME_FETCHED;
done:
    git_repository_free(m.repo);
    return outcome;
}

static void count_learner(const index_config *cfg, const nx_taxonomy *taxonomy, nx_writer_t *writer,
                          const cohort_entry *e, run_totals *t, FILE *err)
{
    nx_buf error = {0}, notes = {0};
    size_t sections = 0;
    char short_id[8] = "";
    learner_outcome outcome = index_learner(cfg, taxonomy, writer, e, &sections, short_id, &notes, &error);
    t->repos++;
    switch (outcome) {
    case OUTCOME_FAILED:
        t->failed++;
        fprintf(err, "nexus-index: %s: %s\n", e->learner, error.failed || !error.data ? "out of memory" : error.data);
        break;
    case OUTCOME_UNCHANGED:
        t->unchanged++;
        fprintf(err, "nexus-index: %s: unchanged %s\n", e->learner, short_id);
        break;
    case OUTCOME_CLONED:
    case OUTCOME_FETCHED:
        if (outcome == OUTCOME_CLONED) t->cloned++;
        else t->fetched++;
        t->sections += sections;
        fprintf(err, "nexus-index: %s: %s %s, %zu sections%s\n", e->learner,
                outcome == OUTCOME_CLONED ? "cloned" : "fetched", short_id, sections,
                notes.data && !notes.failed ? notes.data : "");
        break;
    }
    nx_buf_free(&error);
    nx_buf_free(&notes);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static nx_writer_t *open_writer(const char *index_dir, FILE *err)
{
    nx_writer_t *writer = NULL;
    char *why = NULL;
    nx_status_t st = nx_writer_open(index_dir, &writer, &why);
    if (st == NX_OK) return writer;
    fprintf(err, "nexus-index: cannot open the index %s: %s\n", index_dir, why ? why : nx_status_str(st));
    free(why);
    return NULL;
}

/* Every spelling of a technology a user may type finds the sections where it was detected.
 * Exact-case aliases ("Go", "REST") are ordinary words in any other case, so they are left out. */
static int add_synonyms(nx_writer_t *writer, const nx_taxonomy *taxonomy, FILE *err)
{
    for (size_t t = 0; t < nx_taxonomy_count(taxonomy); t++) {
        const nx_technology *tech = nx_taxonomy_get(taxonomy, t);
        for (size_t a = 0; a < tech->alias_count; a++) {
            if (tech->aliases[a].exact_case) continue;
            nx_status_t st = nx_writer_add_synonym(writer, tech->aliases[a].text, tech->id);
            if (st == NX_OK || st == NX_ERR_INVALID_ARG) continue;
            fprintf(err, "nexus-index: cannot record synonyms of %s: %s\n", tech->id, nx_writer_error(writer));
            return -1;
        }
    }
    return 0;
}

static nx_taxonomy *load_taxonomy(FILE *err)
{
    nx_taxonomy *taxonomy = NULL;
    char *why = NULL;
    if (nx_taxonomy_load_default(&taxonomy, &why) == 0) return taxonomy;
    fprintf(err, "nexus-index: the built-in technology taxonomy is broken: %s\n", why ? why : "out of memory");
    free(why);
    return NULL;
}

int run_index(const index_config *cfg, FILE *out, FILE *err)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    cohort learners;
    if (cohort_load(cfg->cohort_path, cfg->url_template, &learners, report_cohort_problem, err) != 0) return 1;
    nx_taxonomy *taxonomy = load_taxonomy(err);
    nx_writer_t *writer = taxonomy ? open_writer(cfg->index_dir, err) : NULL;
    if (!writer || add_synonyms(writer, taxonomy, err) != 0) {
        nx_writer_close(writer);
        nx_taxonomy_free(taxonomy);
        cohort_free(&learners);
        return 1;
    }
    run_totals t = {0};
    for (size_t i = 0; i < learners.count; i++) count_learner(cfg, taxonomy, writer, &learners.entries[i], &t, err);
    nx_writer_close(writer);
    nx_taxonomy_free(taxonomy);
    cohort_free(&learners);
    fprintf(out, "nexus-index: %zu repos: %zu cloned, %zu fetched, %zu unchanged, %zu failed; %zu sections written; %.2f s\n",
            t.repos, t.cloned, t.fetched, t.unchanged, t.failed, t.sections, seconds_since(&start));
    return t.repos > 0 && t.failed == t.repos ? 1 : 0;
}
