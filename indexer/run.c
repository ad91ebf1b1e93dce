/* One nexus-index run: the run lock, every mirror fetched by a worker pool, then in cohort order the
 * writer re-indexes what changed (HEAD → Markdown files → sections with kind, origin, technologies and
 * challenge pairs → the learner document), departed learners removed, the report and summary written.
 * A learner that fails is reported and skipped with its previous documents kept; the run goes on. */
#include "run.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <strings.h>
#include <unistd.h>

#include "analysis.h"
#include "cohort.h"
#include "fetch.h"
#include "learner_profile.h"
#include "lock.h"
#include "mirror.h"
#include "nx_index.h"
#include "nx_taxonomy.h"
#include "nx_text.h"
#include "pool.h"
#include "progress.h"
#include "redact.h"
#include "repo_budget.h"
#include "repo_files.h"
#include "report.h"
#include "rules.h"
#include "sections.h"
#include "tree_signals.h"
#include "watchdog.h"

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
    file_origin origin = limits.max_sections == MD_DEFAULT_MAX_SECTIONS
                             ? analysis_file_origin_of(path.data, content, len, &secs)
                             : analysis_file_origin(path.data, content, len);
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
        .indexed_at = (int64_t)time(NULL),
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

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Replaces the learner's documents with those of the mirror's HEAD, in one transaction that also
 * records the commit and the extraction rules they were built from. */
static int reindex_learner(const index_config *cfg, const nx_taxonomy *taxonomy, nx_writer_t *writer,
                           const char *rules, const cohort_entry *e, const mirror_result *m, size_t *sections,
                           nx_buf *notes, nx_buf *error)
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
    st = nx_writer_end_learner_rules(writer, m->head_hex, rules);
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

/* What the index holds for the learner: commit and rules ("" when none). */
static int indexed_state(nx_writer_t *writer, const char *learner, char commit[41], char **rules, nx_buf *error)
{
    char *indexed = NULL;
    nx_status_t st = nx_writer_learner_commit(writer, learner, &indexed);
    if (st == NX_OK) st = nx_writer_learner_rules(writer, learner, rules);
    if (st != NX_OK) {
        writer_failure(error, writer, st, "cannot read what the index holds");
        free(indexed);
        return -1;
    }
    snprintf(commit, 41, "%s", indexed ? indexed : "");
    free(indexed);
    return 0;
}

/* Opens the mirror a worker fetched and indexes its HEAD as the fetch saw it.
 * `notes` gets "; …" for whatever the repository budget left out. */
static int index_fetched(const index_config *cfg, const nx_taxonomy *taxonomy, nx_writer_t *writer,
                         const char *rules, const cohort_entry *e, const fetch_outcome *f, size_t *sections,
                         nx_buf *notes, nx_buf *error)
{
    mirror_result m = {.action = f->action, .commit_time = f->commit_time};
    memcpy(m.head_hex, f->head_hex, sizeof m.head_hex);
    nx_buf path = {0};
    nx_buf_append_str(&path, cfg->cache_dir);
    nx_buf_append_char(&path, '/');
    nx_buf_append_str(&path, e->learner);
    nx_buf_append_str(&path, ".git");
    int rc = -1;
    if (path.failed || git_oid_fromstr(&m.head, f->head_hex) < 0) {
        nx_buf_append_str(error, "out of memory");
    } else if (git_repository_open_bare(&m.repo, path.data) < 0) {
        const git_error *ge = git_error_last();
        nx_buf_append_str(error, "cannot open the mirror: ");
        nx_buf_append_str(error, ge && ge->message ? ge->message : "unknown error");
    } else {
        rc = reindex_learner(cfg, taxonomy, writer, rules, e, &m, sections, notes, error);
    }
    git_repository_free(m.repo);
    nx_buf_free(&path);
    return rc;
}

static const char *action_name(mirror_action action)
{
    switch (action) {
    case MIRROR_CLONED: return "cloned";
    case MIRROR_FETCHED: return "fetched";
    case MIRROR_RECLONED: return "recloned";
    }
    return "fetched";
}

static char *copy_error(const nx_buf *error)
{
    return strdup(error->failed || !error->data || !error->data[0] ? "out of memory" : error->data);
}

/* Decides and does what the learner needs now that its mirror is fetched; fills `rec`. */
static void settle_learner(const index_config *cfg, const nx_taxonomy *taxonomy, nx_writer_t *writer,
                           const char *rules, const cohort_entry *e, const fetch_outcome *f, repo_record *rec)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    nx_buf error = {0}, notes = {0};
    char *indexed_rules = NULL;
    rec->fetch_seconds = f->seconds;
    if (f->note) rec->note = strdup(f->note);
    if (indexed_state(writer, e->learner, rec->previous_commit, &indexed_rules, &error) != 0 || !f->ok) {
        rec->status = REPO_FAILED;
        rec->error = f->ok ? copy_error(&error) : strdup(f->error ? f->error : "fetch failed");
        goto done;
    }
    rec->action = action_name(f->action);
    snprintf(rec->commit, sizeof rec->commit, "%s", f->head_hex);
    rec->commit_time = f->commit_time;
    if (strcmp(rec->previous_commit, f->head_hex) == 0 && indexed_rules && strcmp(indexed_rules, rules) == 0) {
        rec->status = REPO_UNCHANGED;
        goto done;
    }
    /* The documents carry the url without credentials. */
    cohort_entry shown = *e;
    shown.url = rec->url;
    if (index_fetched(cfg, taxonomy, writer, rules, &shown, f, &rec->sections, &notes, &error) != 0) {
        rec->status = REPO_FAILED;
        rec->sections = 0;
        rec->error = copy_error(&error);
        goto done;
    }
    rec->status = REPO_INDEXED;
    /* repo_budget_describe() writes "; what; what": the report keeps "what; what". */
    if (!notes.failed && notes.len > 2) rec->skipped = strdup(notes.data + 2);
done:
    rec->index_seconds = seconds_since(&start);
    free(indexed_rules);
    nx_buf_free(&error);
    nx_buf_free(&notes);
}

/* Opens the index for writing. A Xapian lock still held just after a killed run
 * (its lock-holder process exits a moment later) is waited out briefly: the
 * run lock already guarantees no other run is writing. */
static nx_writer_t *open_writer(const char *index_dir, FILE *err)
{
    for (int attempt = 0;; attempt++) {
        nx_writer_t *writer = NULL;
        char *why = NULL;
        nx_status_t st = nx_writer_open(index_dir, &writer, &why);
        if (st == NX_OK) return writer;
        if (st == NX_ERR_LOCKED && attempt < 50) {
            free(why);
            nanosleep(&(struct timespec){.tv_nsec = 200 * 1000000L}, NULL);
            continue;
        }
        fprintf(err, "nexus-index: cannot open the index %s: %s\n", index_dir, why ? why : nx_status_str(st));
        free(why);
        return NULL;
    }
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

/* How often the writer commits (see nx_writer_set_commit_interval). */
#define INDEX_COMMIT_INTERVAL_MS 1000

/* Everything one run shares between its steps. */
typedef struct run_state {
    const index_config *cfg;
    const cohort *learners;
    const nx_taxonomy *taxonomy;
    nx_writer_t *writer;
    char rules[32];
    fetch_outcome *fetched; /* owned, one per learner */
    fetch_guard *guards;    /* owned, one per worker */
    progress progress;
    run_report report;
    FILE *out, *err;
} run_state;

static double wall_clock(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static void fetch_work(void *ctx, size_t worker, size_t item)
{
    run_state *run = ctx;
    fetch_learner(run->cfg->cache_dir, &run->learners->entries[item], run->cfg->timeout_s, run->cfg->max_fetch_bytes,
                  &run->guards[worker], &run->fetched[item]);
}

static void fetch_done(void *ctx, size_t item)
{
    run_state *run = ctx;
    const fetch_outcome *f = &run->fetched[item];
    const char *learner = run->learners->entries[item].learner;
    char line[600];
    if (f->ok)
        snprintf(line, sizeof line, "fetch %s: %s %.7s in %.2f s", learner, action_name(f->action), f->head_hex,
                 f->seconds);
    else
        snprintf(line, sizeof line, "fetch %s: failed in %.2f s: %.500s", learner, f->seconds, f->error);
    progress_item(&run->progress, learner, line, !f->ok || f->action == MIRROR_RECLONED);
}

/* Step 1: every mirror fetched by the worker pool, under the watchdog's deadlines. */
static int fetch_all(run_state *run)
{
    size_t n = run->learners->count;
    size_t jobs = run->cfg->jobs < n ? run->cfg->jobs : (n ? n : 1);
    run->fetched = calloc(n ? n : 1, sizeof *run->fetched);
    run->guards = calloc(jobs, sizeof *run->guards);
    if (!run->fetched || !run->guards) {
        fprintf(run->err, "nexus-index: out of memory\n");
        return -1;
    }
    for (size_t i = 0; i < jobs; i++) fetch_guard_init(&run->guards[i]);
    watchdog dog;
    int rc = watchdog_install_signal() == 0 && watchdog_start(&dog, run->guards, jobs) == 0 ? 0 : -1;
    if (rc != 0) {
        fprintf(run->err, "nexus-index: cannot start the fetch watchdog\n");
    } else {
        progress_start(&run->progress, run->err, run->progress.bar, "fetch", n);
        rc = pool_run(jobs, n, fetch_work, fetch_done, run);
        progress_finish(&run->progress);
        watchdog_stop(&dog);
        if (rc != 0) fprintf(run->err, "nexus-index: cannot start fetch workers\n");
    }
    for (size_t i = 0; i < jobs; i++) fetch_guard_destroy(&run->guards[i]);
    return rc;
}

static void log_settled(run_state *run, const repo_record *rec)
{
    char line[700];
    bool important = rec->status == REPO_FAILED || rec->skipped; /* shown above the bar on a terminal too */
    switch (rec->status) {
    case REPO_FAILED:
        snprintf(line, sizeof line, "%s: %.600s%s", rec->learner, rec->error ? rec->error : "failed",
                 rec->previous_commit[0] ? " (its documents from the last good run are kept)" : "");
        break;
    case REPO_UNCHANGED: snprintf(line, sizeof line, "%s: unchanged %.7s", rec->learner, rec->commit); break;
    case REPO_INDEXED:
        snprintf(line, sizeof line, "%s: %s %.7s, %zu sections%s%.400s", rec->learner,
                 strcmp(rec->action, "fetched") == 0 ? "fetched" : "cloned", rec->commit, rec->sections,
                 rec->skipped ? "; " : "", rec->skipped ? rec->skipped : "");
        break;
    }
    progress_item(&run->progress, rec->learner, line, important);
}

/* Step 2: in cohort order, the writer indexes what changed; so the result never depends on --jobs. */
static int settle_all(run_state *run)
{
    size_t n = run->learners->count;
    run->report.repos = calloc(n ? n : 1, sizeof *run->report.repos);
    if (!run->report.repos) return -1;
    progress_start(&run->progress, run->err, run->progress.bar, "index", n);
    for (size_t i = 0; i < n; i++) {
        const cohort_entry *e = &run->learners->entries[i];
        repo_record *rec = &run->report.repos[i];
        rec->learner = e->learner;
        rec->url = url_redacted(e->url);
        run->report.count = i + 1;
        if (!rec->url) return -1;
        settle_learner(run->cfg, run->taxonomy, run->writer, run->rules, e, &run->fetched[i], rec);
        log_settled(run, rec);
    }
    progress_finish(&run->progress);
    return 0;
}

static bool in_cohort(const cohort *learners, const char *name)
{
    for (size_t i = 0; i < learners->count; i++)
        if (strcasecmp(learners->entries[i].learner, name) == 0) return true;
    return false;
}

/* Step 3: learners the index holds but the cohort file no longer lists lose their documents. */
static int remove_departed(run_state *run)
{
    if (run->learners->count == 0) {
        progress_note(&run->progress, "the cohort lists no learners: nothing is removed from the index");
        return 0;
    }
    char **names = NULL;
    size_t count = 0;
    nx_status_t st = nx_writer_indexed_learners(run->writer, &names, &count);
    run->report.removed = calloc(count ? count : 1, sizeof *run->report.removed);
    int rc = st == NX_OK && run->report.removed ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        if (in_cohort(run->learners, names[i])) continue;
        st = nx_writer_remove_learner(run->writer, names[i]);
        char line[300];
        if (st != NX_OK) {
            snprintf(line, sizeof line, "%.100s: cannot remove (no longer in the cohort file): %.150s", names[i],
                     nx_writer_error(run->writer));
            rc = -1;
        } else {
            snprintf(line, sizeof line, "%.100s: removed (no longer in the cohort file)", names[i]);
            run->report.removed[run->report.n_removed++] = names[i];
            names[i] = NULL;
        }
        progress_note(&run->progress, line);
    }
    if (st != NX_OK && rc != 0 && count == 0)
        fprintf(run->err, "nexus-index: cannot list the indexed learners: %s\n", nx_writer_error(run->writer));
    nx_strings_free(names, count);
    return rc;
}

static int flush_pending(run_state *run)
{
    if (nx_writer_flush(run->writer) == NX_OK) return 0;
    fprintf(run->err, "nexus-index: cannot commit to the index: %s\n", nx_writer_error(run->writer));
    return -1;
}

static int exit_status(const run_state *run, bool steps_ok)
{
    size_t failed = report_count(&run->report, REPO_FAILED);
    if (!steps_ok || (run->report.count > 0 && failed == run->report.count)) return INDEX_EXIT_FAILED;
    if (run->cfg->fail_on_errors && failed > 0) return INDEX_EXIT_REPO_ERRORS;
    return INDEX_EXIT_OK;
}

/* Step 4: the summary into the index (for /metrics), the report file, the summary line. */
static int finish_run(run_state *run, int status)
{
    run->report.ended_at = wall_clock();
    run->report.exit_code = status;
    char *summary = report_summary_json(&run->report);
    nx_status_t st = summary ? nx_writer_set_run_summary(run->writer, summary) : NX_ERR_NOMEM;
    free(summary);
    if (st != NX_OK) {
        fprintf(run->err, "nexus-index: cannot store the run summary in the index: %s\n",
                nx_writer_error(run->writer));
        status = INDEX_EXIT_FAILED;
    }
    if (run->cfg->report_path) {
        run->report.exit_code = status;
        if (report_write_file(&run->report, run->cfg->report_path, run->err) != 0) status = INDEX_EXIT_FAILED;
    }
    size_t cloned = 0, fetched = 0;
    for (size_t i = 0; i < run->report.count; i++) {
        const repo_record *r = &run->report.repos[i];
        if (r->status != REPO_INDEXED) continue;
        if (strcmp(r->action, "fetched") == 0) fetched++;
        else cloned++;
    }
    fprintf(run->out,
            "nexus-index: %zu repos: %zu cloned, %zu fetched, %zu unchanged, %zu failed; %zu sections written; %.2f s\n",
            run->report.count, cloned, fetched, report_count(&run->report, REPO_UNCHANGED),
            report_count(&run->report, REPO_FAILED), report_sections(&run->report),
            run->report.ended_at - run->report.started_at);
    return status;
}

static int run_locked(const index_config *cfg, FILE *out, FILE *err)
{
    cohort learners;
    run_state run = {.cfg = cfg, .learners = &learners, .out = out, .err = err};
    run.report.started_at = wall_clock();
    run.report.jobs = cfg->jobs;
    run.progress.bar = isatty(fileno(err));
    if (cohort_load(cfg->cohort_path, cfg->url_template, &learners, report_cohort_problem, err) != 0) return 1;
    nx_taxonomy *taxonomy = load_taxonomy(err);
    nx_writer_t *writer = taxonomy ? open_writer(cfg->index_dir, err) : NULL;
    int status = INDEX_EXIT_FAILED;
    if (!writer || add_synonyms(writer, taxonomy, err) != 0) goto done;
    run.taxonomy = taxonomy;
    run.writer = writer;
    /* A commit a second at most: a reader never loses its revision in the middle of a search. */
    nx_writer_set_commit_interval(writer, INDEX_COMMIT_INTERVAL_MS);
    rules_version(taxonomy, run.rules, sizeof run.rules);
    run.report.rules = run.rules;
    bool ok = fetch_all(&run) == 0;
    ok = ok && settle_all(&run) == 0;
    ok = flush_pending(&run) == 0 && ok;
    ok = ok && remove_departed(&run) == 0;
    if (!ok && run.report.count < learners.count) fprintf(err, "nexus-index: the run stopped early (out of memory?)\n");
    status = finish_run(&run, exit_status(&run, ok));
done:
    for (size_t i = 0; run.fetched && i < learners.count; i++) fetch_outcome_free(&run.fetched[i]);
    free(run.fetched);
    free(run.guards);
    report_free(&run.report);
    nx_writer_close(writer);
    nx_taxonomy_free(taxonomy);
    cohort_free(&learners);
    return status;
}

int run_index(const index_config *cfg, FILE *out, FILE *err)
{
    run_lock lock;
    pid_t holder = 0;
    switch (run_lock_acquire(&lock, cfg->index_dir, &holder, err)) {
    case LOCK_ACQUIRED: break;
    case LOCK_BUSY:
        if (holder)
            fprintf(err, "nexus-index: another run (pid %ld) is updating %s; not starting a second one\n",
                    (long)holder, cfg->index_dir);
        else
            fprintf(err, "nexus-index: another run is updating %s; not starting a second one\n", cfg->index_dir);
        run_lock_release(&lock);
        return INDEX_EXIT_LOCKED;
    case LOCK_ERROR: run_lock_release(&lock); return INDEX_EXIT_FAILED;
    }
    int status = run_locked(cfg, out, err);
    run_lock_release(&lock);
    return status;
}
