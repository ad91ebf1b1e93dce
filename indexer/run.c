/* One nexus-index run: the run lock, every mirror fetched by a worker pool while other workers prepare
 * what changed (prepare.h) among the learners fetched, a few learners ahead of one writer thread per shard
 * that writes them in cohort order, departed learners removed, a rebuild published, the report and summary written.
 * A learner that fails is reported and skipped with its previous documents kept; the run goes on. */
#include "run.h"

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <strings.h>
#include <unistd.h>

#include "cohort.h"
#include "fetch.h"
#include "index_target.h"
#include "lock.h"
#include "mirror.h"
#include "nx_index.h"
#include "nx_layout.h"
#include "nx_taxonomy.h"
#include "nx_text.h"
#include "pool.h"
#include "prepare.h"
#include "progress.h"
#include "redact.h"
#include "report.h"
#include "rules.h"
#include "shard_threads.h"
#include "watchdog.h"

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

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* What the index holds for the learner: commit and rules ("" when none, or when `writer` is NULL: a
 * rebuild that cannot read the old index). */
static int indexed_state(nx_writer_t *writer, const char *learner, char commit[41], char **rules, nx_buf *error)
{
    commit[0] = '\0';
    if (!writer) return 0;
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

/* What the index held for a learner before this run wrote anything: read on the main thread before the
 * fetch and writer threads start, since the writer threads write the same handles. */
typedef struct indexed_before {
    char commit[41];
    char *rules; /* owned; NULL when none */
    char *error; /* owned; NULL when the index could be read */
} indexed_before;

static void read_indexed_before(const index_target *target, const char *learner, indexed_before *out)
{
    nx_buf error = {0};
    if (indexed_state(index_target_holder(target, learner), learner, out->commit, &out->rules, &error) != 0)
        out->error = copy_error(&error);
    nx_buf_free(&error);
}

/* Decides what the learner needs now that its mirror is fetched, from what the index held: fills
 * `rec` and returns true when its documents are to be prepared and written (REPO_INDEXED so far). */
static bool settle_needs_index(const index_target *target, const char *rules, const indexed_before *before,
                               const fetch_outcome *f, repo_record *rec)
{
    const char *indexed_rules = before->rules;
    rec->fetch_seconds = f->seconds;
    if (f->note) rec->note = strdup(f->note);
    snprintf(rec->previous_commit, sizeof rec->previous_commit, "%s", before->error ? "" : before->commit);
    if (before->error || !f->ok) {
        rec->status = REPO_FAILED;
        rec->error = strdup(f->ok ? before->error : f->error ? f->error : "fetch failed");
        return false;
    }
    rec->action = action_name(f->action);
    snprintf(rec->commit, sizeof rec->commit, "%s", f->head_hex);
    rec->commit_time = f->commit_time;
    if (!target->rebuild && strcmp(rec->previous_commit, f->head_hex) == 0 && indexed_rules &&
        strcmp(indexed_rules, rules) == 0) {
        rec->status = REPO_UNCHANGED;
        return false;
    }
    rec->status = REPO_INDEXED;
    return true;
}

/* Writes the prepared learner; fills the rest of `rec`. */
static void settle_prepared(nx_writer_t *writer, const char *rules, const prepared_learner *p, uint64_t first_docid,
                            repo_record *rec)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    nx_buf error = {0};
    if (prepared_learner_write(p, writer, rules, first_docid, &error) != 0) {
        rec->status = REPO_FAILED;
        rec->sections = 0;
        rec->error = copy_error(&error);
    } else {
        rec->sections = p->sections;
        /* repo_budget_describe() writes "; what; what": the report keeps "what; what". */
        if (!p->notes.failed && p->notes.len > 2) rec->skipped = strdup(p->notes.data + 2);
    }
    rec->index_seconds += p->seconds + seconds_since(&start);
    nx_buf_free(&error);
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
    index_target target; /* the shards written, one writer each */
    char rules[32];
    fetch_outcome *fetched; /* owned, one per learner */
    fetch_guard *guards;    /* owned, one per worker */
    /* The fetches run on their own pool while the learners already fetched are prepared and written. */
    indexed_before *before;     /* owned, one per learner: read before any thread starts */
    bool *fetch_done;           /* owned, one per learner: fetched[] is final; under `lock` */
    int fetch_rc;               /* fetch_all()'s result, once the fetch thread ended */
    progress fetch_progress;    /* the fetch phase's own display; under `lock` */
    /* Workers prepare learners a little ahead of the writer, which writes them in cohort order. */
    bool *to_prepare;           /* owned, one per learner: decided by the worker that prepares it */
    prepared_learner *prepared; /* owned, one per learner; freed once written, by a worker (release_written) */
    size_t *written;            /* owned: learners written whose `prepared` no thread uses any more; under `lock` */
    size_t n_written;           /* how many of `written` wait to be freed; under `lock` */
    bool *ready;                /* owned, one per learner: prepared (or nothing to prepare) */
    nx_builder_t **builders;    /* owned, one per worker */
    size_t n_builders;
    size_t dispatched;          /* learners handed to their shard's writer (or settled) so far; under `lock` */
    uint64_t next_docid;        /* a rebuild: the first docid of the next learner dispatched */
    uint64_t *first_docid;      /* owned, one per learner: where its documents are numbered from (0: update) */
    shard_threads *writers;     /* one thread per shard, writing what is dispatched to it */
    pthread_mutex_t lock;       /* `dispatched`, `fetch_done`, `written`, and the progress output the threads share */
    pthread_cond_t advanced;    /* `dispatched` grew, a fetch ended or a learner was written */
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
    pthread_mutex_lock(&run->lock);
    progress_item(&run->fetch_progress, learner, line, !f->ok || f->action == MIRROR_RECLONED);
    run->fetch_done[item] = true;
    pthread_cond_broadcast(&run->advanced);
    pthread_mutex_unlock(&run->lock);
}

/* Every mirror fetched by the worker pool, under the watchdog's deadlines (on the fetch thread). */
static int fetch_all(run_state *run)
{
    size_t n = run->learners->count;
    size_t jobs = run->cfg->jobs < n ? run->cfg->jobs : (n ? n : 1);
    run->guards = calloc(jobs, sizeof *run->guards);
    if (!run->guards) {
        fprintf(run->err, "nexus-index: out of memory\n");
        return -1;
    }
    for (size_t i = 0; i < jobs; i++) fetch_guard_init(&run->guards[i]);
    watchdog dog;
    int rc = watchdog_install_signal() == 0 && watchdog_start(&dog, run->guards, jobs) == 0 ? 0 : -1;
    if (rc != 0) {
        fprintf(run->err, "nexus-index: cannot start the fetch watchdog\n");
    } else {
        pthread_mutex_lock(&run->lock);
        progress_start(&run->fetch_progress, run->err, run->progress.bar, "fetch", n);
        pthread_mutex_unlock(&run->lock);
        rc = pool_run(jobs, n, fetch_work, fetch_done, run);
        pthread_mutex_lock(&run->lock);
        progress_finish(&run->fetch_progress);
        pthread_mutex_unlock(&run->lock);
        watchdog_stop(&dog);
        if (rc != 0) fprintf(run->err, "nexus-index: cannot start fetch workers\n");
    }
    for (size_t i = 0; i < jobs; i++) fetch_guard_destroy(&run->guards[i]);
    return rc;
}

/* The fetch thread: fetch_all(), then every learner counts as fetched (one whose fetch never ran has a
 * zeroed outcome: failed), so no worker waits for ever. */
static void *fetch_main(void *arg)
{
    run_state *run = arg;
    int rc = fetch_all(run);
    pthread_mutex_lock(&run->lock);
    run->fetch_rc = rc;
    for (size_t i = 0; i < run->learners->count; i++) run->fetch_done[i] = true;
    pthread_cond_broadcast(&run->advanced);
    pthread_mutex_unlock(&run->lock);
    return NULL;
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

/* How many learners from the next one to write on the workers may prepare: the writer is the slower
 * side, so a few keep it busy; each prepared learner holds its whole repository's documents in memory
 * (up to --max-repo-bytes of Markdown, several times that once built), so no more than a few. */
#define PREPARE_AHEAD 4

static bool keep_last_good(run_state *run, size_t i);

/* Once the learner's fetch ended: what it needs, decided from what the index held. */
static void settle_learner(run_state *run, size_t i)
{
    repo_record *rec = &run->report.repos[i];
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    run->to_prepare[i] = settle_needs_index(&run->target, run->rules, &run->before[i], &run->fetched[i], rec);
    if (!run->to_prepare[i] && rec->status == REPO_FAILED && run->target.rebuild)
        run->to_prepare[i] = keep_last_good(run, i);
    rec->index_seconds = seconds_since(&start);
}

/* Frees the learners the writers are done with; called and returns with `lock` held, which it drops while
 * freeing. The workers do it, not the writers: freeing a learner's documents was 3-4% of the writer
 * thread's time (issue 15), and the writer bounds a first run. Once a learner is in `written`, its writer
 * no longer touches it (the lock orders the hand-over), and no other thread ever did. */
static void release_written(run_state *run)
{
    while (run->n_written > 0) {
        size_t item = run->written[--run->n_written];
        pthread_mutex_unlock(&run->lock);
        prepared_learner_free(&run->prepared[item]);
        pthread_mutex_lock(&run->lock);
    }
}

/* Waits under `lock` until item `item`'s fetch ended (`for_fetch`) or it may be prepared, freeing what was
 * written meanwhile. */
static void wait_for_turn(run_state *run, size_t item, bool for_fetch)
{
    pthread_mutex_lock(&run->lock);
    for (;;) {
        release_written(run);
        if (for_fetch ? run->fetch_done[item] : item < run->dispatched + PREPARE_AHEAD) break;
        pthread_cond_wait(&run->advanced, &run->lock);
    }
    pthread_mutex_unlock(&run->lock);
}

static void prepare_work(void *ctx, size_t worker, size_t item)
{
    run_state *run = ctx;
    wait_for_turn(run, item, true);
    settle_learner(run, item);
    wait_for_turn(run, item, false);
    if (!run->to_prepare[item]) return;
    /* The documents carry the url without credentials. */
    cohort_entry shown = run->learners->entries[item];
    shown.url = run->report.repos[item].url;
    prepared_learner_build(run->cfg, run->taxonomy, run->builders[worker], &shown, &run->fetched[item],
                           &run->prepared[item]);
}

/* Runs in the learner's shard thread: writes it, hands what was prepared to the workers to free (see
 * release_written), logs the outcome. */
static void write_learner(void *ctx, size_t shard, size_t item)
{
    run_state *run = ctx;
    repo_record *rec = &run->report.repos[item];
    settle_prepared(run->target.writers[shard], run->rules, &run->prepared[item], run->first_docid[item], rec);
    pthread_mutex_lock(&run->lock);
    run->written[run->n_written++] = item;
    pthread_cond_signal(&run->advanced);
    log_settled(run, rec);
    pthread_mutex_unlock(&run->lock);
}

/* Hands every learner ready from the last one dispatched on, in cohort order, to its shard's writer. A
 * rebuild numbers their documents here, in cohort order, so the numbering never depends on the shards. */
static void prepare_done(void *ctx, size_t item)
{
    run_state *run = ctx;
    run->ready[item] = true;
    size_t next = run->dispatched;
    for (; next < run->learners->count && run->ready[next]; next++) {
        const char *learner = run->learners->entries[next].learner;
        if (!run->to_prepare[next]) {
            pthread_mutex_lock(&run->lock);
            log_settled(run, &run->report.repos[next]);
            pthread_mutex_unlock(&run->lock);
            continue;
        }
        if (run->target.rebuild && run->prepared[next].ok) {
            run->first_docid[next] = run->next_docid;
            run->next_docid += prepared_learner_documents(&run->prepared[next]);
        }
        shard_threads_push(run->writers, nx_layout_shard_of(learner, run->target.shards), next);
    }
    pthread_mutex_lock(&run->lock);
    run->dispatched = next;
    pthread_cond_broadcast(&run->advanced);
    pthread_mutex_unlock(&run->lock);
}

/* A rebuild has no old documents to keep for a learner whose fetch failed: it indexes again the commit the
 * index served holds (or the mirror's HEAD), so the learner keeps its last good documents. The report still
 * says the fetch failed. True when there is such a commit to prepare. */
static bool keep_last_good(run_state *run, size_t i)
{
    repo_record *rec = &run->report.repos[i];
    fetch_outcome kept;
    if (fetch_kept_commit(run->cfg->cache_dir, run->learners->entries[i].learner, rec->previous_commit, &kept) != 0)
        return false;
    kept.seconds = run->fetched[i].seconds;
    fetch_outcome_free(&run->fetched[i]);
    run->fetched[i] = kept;
    return true;
}

/* What each learner needs, decided from what the index held, as soon as its mirror is fetched: the fetches
 * run on their own thread and pool while workers prepare the learners fetched and the writer writes them in
 * cohort order, so the result never depends on --jobs (issue 15: the clones ran before any indexing, a
 * quarter of a first run with the writer idle). */
static int settle_all(run_state *run)
{
    size_t n = run->learners->count;
    run->report.repos = calloc(n ? n : 1, sizeof *run->report.repos);
    run->fetched = calloc(n ? n : 1, sizeof *run->fetched);
    run->before = calloc(n ? n : 1, sizeof *run->before);
    run->fetch_done = calloc(n ? n : 1, sizeof *run->fetch_done);
    run->to_prepare = calloc(n ? n : 1, sizeof *run->to_prepare);
    run->ready = calloc(n ? n : 1, sizeof *run->ready);
    run->prepared = calloc(n ? n : 1, sizeof *run->prepared);
    run->first_docid = calloc(n ? n : 1, sizeof *run->first_docid);
    run->written = calloc(n ? n : 1, sizeof *run->written);
    if (!run->report.repos || !run->fetched || !run->before || !run->fetch_done || !run->to_prepare || !run->ready ||
        !run->prepared || !run->first_docid || !run->written) {
        fprintf(run->err, "nexus-index: out of memory\n");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const cohort_entry *e = &run->learners->entries[i];
        repo_record *rec = &run->report.repos[i];
        rec->learner = e->learner;
        rec->url = url_redacted(e->url);
        if (!rec->url) {
            run->report.count = i + 1;
            return -1;
        }
        read_indexed_before(&run->target, e->learner, &run->before[i]);
    }
    run->report.count = n; /* the worker and writer threads complete the records */
    size_t jobs = run->cfg->jobs ? run->cfg->jobs : 1;
    run->builders = calloc(jobs, sizeof *run->builders);
    run->n_builders = jobs;
    for (size_t i = 0; run->builders && i < jobs; i++)
        if (!(run->builders[i] = nx_builder_new())) return -1;
    if (!run->builders) return -1;
    /* Workers build JSON (learner profiles): jansson seeds its hash function on first use, which it
     * documents as safe to do before threads start. */
    json_object_seed(0);
    pthread_mutex_init(&run->lock, NULL);
    pthread_cond_init(&run->advanced, NULL);
    progress_start(&run->progress, run->err, run->progress.bar, "index", n); /* before the fetch thread draws */
    pthread_t fetcher;
    bool fetching = pthread_create(&fetcher, NULL, fetch_main, run) == 0;
    if (!fetching) fetch_main(run); /* no thread to spare: fetch first, as before */
    run->next_docid = 1;
    run->writers = shard_threads_start(run->target.shards, PREPARE_AHEAD, write_learner, run);
    int rc = run->writers ? pool_run(jobs, n, prepare_work, prepare_done, run) : -1;
    shard_threads_finish(run->writers);
    run->writers = NULL;
    if (fetching) pthread_join(fetcher, NULL);
    pthread_cond_destroy(&run->advanced);
    pthread_mutex_destroy(&run->lock);
    progress_finish(&run->progress);
    if (rc != 0) fprintf(run->err, "nexus-index: cannot start indexing workers\n");
    return rc == 0 && run->fetch_rc == 0 ? 0 : -1;
}

static bool in_cohort(const cohort *learners, const char *name)
{
    for (size_t i = 0; i < learners->count; i++)
        if (strcasecmp(learners->entries[i].learner, name) == 0) return true;
    return false;
}

/* Removes (or, in a rebuild, which leaves them out anyway, only reports) the learners `shard` holds that
 * the cohort no longer lists. */
static int remove_departed_from(run_state *run, nx_writer_t *shard)
{
    char **names = NULL;
    size_t count = 0;
    nx_status_t st = nx_writer_indexed_learners(shard, &names, &count);
    if (st != NX_OK) {
        fprintf(run->err, "nexus-index: cannot list the indexed learners: %s\n", nx_writer_error(shard));
        return -1;
    }
    char **grown = realloc(run->report.removed, (run->report.n_removed + count + 1) * sizeof *grown);
    int rc = grown ? 0 : -1;
    if (grown) run->report.removed = grown;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        if (in_cohort(run->learners, names[i])) continue;
        st = run->target.rebuild ? NX_OK : nx_writer_remove_learner(shard, names[i]);
        char line[300];
        if (st != NX_OK) {
            snprintf(line, sizeof line, "%.100s: cannot remove (no longer in the cohort file): %.150s", names[i],
                     nx_writer_error(shard));
            rc = -1;
        } else {
            snprintf(line, sizeof line, "%.100s: removed (no longer in the cohort file)", names[i]);
            run->report.removed[run->report.n_removed++] = names[i];
            names[i] = NULL;
        }
        progress_note(&run->progress, line);
    }
    nx_strings_free(names, count);
    return rc;
}

/* Step 3: learners the index holds but the cohort file no longer lists lose their documents. */
static int remove_departed(run_state *run)
{
    if (run->learners->count == 0) {
        progress_note(&run->progress, "the cohort lists no learners: nothing is removed from the index");
        return 0;
    }
    const index_target *t = &run->target;
    nx_writer_t **shards = t->rebuild ? t->old : t->writers;
    unsigned n = t->rebuild ? t->old_shards : t->shards;
    int rc = 0;
    for (unsigned i = 0; rc == 0 && shards && i < n; i++) rc = remove_departed_from(run, shards[i]);
    return rc;
}

/* Commits what an update's writers hold (a rebuild commits when it is finished). */
static int flush_pending(run_state *run)
{
    for (unsigned i = 0; !run->target.rebuild && i < run->target.shards; i++) {
        nx_writer_t *shard = run->target.writers[i];
        if (nx_writer_flush(shard) == NX_OK) continue;
        fprintf(run->err, "nexus-index: cannot commit to the index: %s\n", nx_writer_error(shard));
        return -1;
    }
    return 0;
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
    nx_writer_t *shard0 = run->target.writers[0]; /* a union of shards reads metadata from its first */
    nx_status_t st = summary ? nx_writer_set_run_summary(shard0, summary) : NX_ERR_NOMEM;
    free(summary);
    if (st != NX_OK) {
        fprintf(run->err, "nexus-index: cannot store the run summary in the index: %s\n", nx_writer_error(shard0));
        status = INDEX_EXIT_FAILED;
    }
    /* A rebuild replaces the index served only when the run did its job. */
    const bool changed = report_count(&run->report, REPO_INDEXED) > 0 || run->report.n_removed > 0;
    if (index_target_finish(&run->target, run->cfg->index_dir, status != INDEX_EXIT_FAILED, changed, run->err) != 0)
        status = INDEX_EXIT_FAILED;
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
    int status = INDEX_EXIT_FAILED;
    if (!taxonomy) goto done;
    rules_version(taxonomy, run.rules, sizeof run.rules);
    if (index_target_open(&run.target, cfg->index_dir, cfg->shards, run.rules, err) != 0 ||
        add_synonyms(run.target.writers[0], taxonomy, err) != 0)
        goto done;
    if (run.target.rebuild) {
        fprintf(err, "nexus-index: building a new index of %u shard%s beside the one served (%s)\n",
                run.target.shards, run.target.shards == 1 ? "" : "s", run.target.why);
    }
    run.taxonomy = taxonomy;
    /* An update commits a second at most: a reader never loses its revision in the middle of a search. */
    for (unsigned i = 0; !run.target.rebuild && i < run.target.shards; i++)
        nx_writer_set_commit_interval(run.target.writers[i], INDEX_COMMIT_INTERVAL_MS);
    run.report.rules = run.rules;
    bool ok = settle_all(&run) == 0;
    ok = flush_pending(&run) == 0 && ok;
    ok = ok && remove_departed(&run) == 0;
    if (!ok && run.report.count < learners.count) fprintf(err, "nexus-index: the run stopped early (out of memory?)\n");
    status = finish_run(&run, exit_status(&run, ok));
done:
    for (size_t i = 0; run.fetched && i < learners.count; i++) fetch_outcome_free(&run.fetched[i]);
    for (size_t i = 0; run.before && i < learners.count; i++) free(run.before[i].rules), free(run.before[i].error);
    free(run.before);
    free(run.fetch_done);
    for (size_t i = 0; run.prepared && i < learners.count; i++) prepared_learner_free(&run.prepared[i]);
    free(run.prepared); /* those written last, which no worker was left to free, went just above */
    free(run.written);
    for (size_t i = 0; run.builders && i < run.n_builders; i++) nx_builder_free(run.builders[i]);
    free(run.builders);
    free(run.to_prepare);
    free(run.ready);
    free(run.fetched);
    free(run.guards);
    free(run.first_docid);
    report_free(&run.report);
    index_target_close(&run.target);
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
