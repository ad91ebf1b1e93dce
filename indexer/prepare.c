/* Preparing one learner (see prepare.h): HEAD → Markdown files → sections with kind, origin,
 * technologies and challenge pairs → the learner profile, all in memory; then writing it whole. */
#include "prepare.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "learner_profile.h"
#include "mirror.h"
#include "nx_layout.h"
#include "repo_budget.h"
#include "repo_files.h"
#include "sections.h"
#include "tree_signals.h"

struct pending_doc {
    const char *path;     /* borrowed from a kept item: named in a write error */
    nx_prebuilt_t *built; /* owned */
};

struct kept_item {
    void *item;
    void (*release)(void *item); /* frees what item holds and item itself */
};

/* What add_file_sections() needs while walking one learner's files. */
typedef struct learner_job {
    const nx_taxonomy *taxonomy;
    nx_builder_t *builder;
    prepared_learner *out;
    learner_profile profile;
    repo_budget budget;
} learner_job;

/* What add_file_sections() returns to stop the walk when the repository's budget is spent:
 * not a failure, the files prepared so far are kept. */
#define BUDGET_SPENT 2

static void release_sections(void *item)
{
    md_sections_free(item);
    free(item);
}

static void release_pairs(void *item)
{
    challenge_pairs_free(item);
    free(item);
}

/* Hands `item` to the learner; on no memory releases it at once and returns -1. */
static int keep(prepared_learner *p, void *item, void (*release)(void *))
{
    if (p->n_kept == p->cap_kept) {
        size_t cap = p->cap_kept ? p->cap_kept * 2 : 16;
        kept_item *grown = realloc(p->kept, cap * sizeof *grown);
        if (!grown) {
            release(item);
            return -1;
        }
        p->kept = grown;
        p->cap_kept = cap;
    }
    p->kept[p->n_kept++] = (kept_item){item, release};
    return 0;
}

/* Appends a built document; on failure releases it and returns -1 with the reason in p->error. */
static int add_doc(prepared_learner *p, const char *path, nx_status_t built, nx_prebuilt_t *doc)
{
    if (built == NX_OK && p->n_docs == p->cap_docs) {
        size_t cap = p->cap_docs ? p->cap_docs * 2 : 32;
        pending_doc *grown = realloc(p->docs, cap * sizeof *grown);
        if (grown) {
            p->docs = grown;
            p->cap_docs = cap;
        } else {
            built = NX_ERR_NOMEM;
        }
    }
    if (built != NX_OK) {
        nx_prebuilt_free(doc);
        nx_buf_append_str(&p->error, "cannot index ");
        nx_buf_append_str(&p->error, path);
        nx_buf_append_str(&p->error, ": ");
        nx_buf_append_str(&p->error, nx_status_str(built));
        return -1;
    }
    p->docs[p->n_docs++] = (pending_doc){.path = path, .built = doc};
    return 0;
}

/* The shim's technology list for `found`, kept by the learner; NULL on no memory. */
static nx_tech_ref_t *kept_refs(learner_job *job, const tech_mentions *found)
{
    nx_tech_ref_t *refs = calloc(found->count + 1, sizeof *refs);
    if (!refs || keep(job->out, refs, free) != 0)
        return NULL;
    for (size_t i = 0; i < found->count; i++) {
        const tech_mention *m = &found->items[i];
        refs[i] = (nx_tech_ref_t){.id = nx_taxonomy_get(job->taxonomy, m->tech)->id,
                                  .count = m->count,
                                  .covered = m->strength == TECH_COVERED};
    }
    return refs;
}

/* Prepares one challenge/solution pair found in section `ordinal` of the file. */
static int add_challenge(learner_job *job, const char *path, const md_section *s, unsigned ordinal,
                         unsigned number, const challenge_pair *pair, file_origin origin)
{
    nx_buf both = {0};
    nx_buf_append_str(&both, pair->challenge);
    nx_buf_append_str(&both, "\n\n");
    nx_buf_append_str(&both, pair->solution);
    tech_mentions found = {0};
    nx_tech_ref_t *refs = NULL;
    int rc = -1;
    if (both.failed || analysis_detect_section(job->taxonomy, both.data, both.len, KIND_CHALLENGES, &found) != 0 ||
        !(refs = kept_refs(job, &found)))
        goto done;
    const prepared_learner *p = job->out;
    const nx_challenge_t doc = {
        .learner = p->entry.learner, .cohort = p->entry.cohort, .repo_url = p->entry.url, .path = path,
        .heading_path = s->heading_path, .anchor = s->anchor, .section_ordinal = ordinal, .pair = number,
        .challenge = pair->challenge, .solution = pair->solution ? pair->solution : "",
        .commit = p->head_hex, .commit_time = p->commit_time,
        .origin = analysis_origin_id(origin), .techs = refs, .n_techs = found.count,
    };
    nx_prebuilt_t *built = NULL;
    nx_status_t st = nx_builder_challenge(job->builder, &doc, &built);
    if (add_doc(job->out, path, st, built) != 0)
        goto done;
    learner_profile_add_challenge(&job->profile, path, s, pair, origin, &found);
    rc = 0;
done:
    tech_mentions_free(&found);
    nx_buf_free(&both);
    return rc;
}

/* Extracts the file's challenge/solution pairs, each its own document. */
static int add_challenges(learner_job *job, const char *path, const md_sections *secs, const file_facts *facts,
                          file_origin origin)
{
    challenge_pairs *pairs = calloc(1, sizeof *pairs);
    if (!pairs || analysis_extract_challenges_from(secs, facts, pairs) != 0) {
        free(pairs);
        return -1;
    }
    if (keep(job->out, pairs, release_pairs) != 0)
        return -1;
    int rc = 0;
    for (size_t p = 0; p < pairs->count && rc == 0; p++) {
        const challenge_pair *pair = &pairs->items[p];
        if (!pair->challenge || !pair->challenge[0] || pair->section >= secs->count) continue;
        rc = add_challenge(job, path, &secs->items[pair->section], (unsigned)pair->section, (unsigned)p, pair,
                           origin);
    }
    return rc;
}

/* Every technology of a section under an offering heading stays named, never covered. */
static void only_named(tech_mentions *found)
{
    for (size_t i = 0; i < found->count; i++)
        found->items[i].strength = TECH_MENTIONED;
}

static int add_section(learner_job *job, const char *path, const md_section *s, const file_facts *facts,
                       unsigned ordinal, file_origin origin)
{
    section_kind kind = analysis_facts_kind(facts, ordinal);
    tech_mentions found = {0};
    nx_tech_ref_t *refs = NULL;
    if (analysis_detect_facts(job->taxonomy, facts, ordinal, &found) != 0) {
        tech_mentions_free(&found);
        return -1;
    }
    if (analysis_heading_offers(s->heading_path))
        only_named(&found);
    if (!(refs = kept_refs(job, &found))) {
        tech_mentions_free(&found);
        return -1;
    }
    const prepared_learner *p = job->out;
    const nx_section_t doc = {
        .learner = p->entry.learner,
        .cohort = p->entry.cohort,
        .repo_url = p->entry.url,
        .path = path,
        .heading_path = s->heading_path,
        .heading = s->heading,
        .anchor = s->anchor,
        .body = s->body,
        .commit = p->head_hex,
        .commit_time = p->commit_time,
        .ordinal = ordinal,
        .kind = analysis_kind_id(kind),
        .origin = analysis_origin_id(origin),
        .techs = refs,
        .n_techs = found.count,
        .shows_code = analysis_facts_shows_code(facts, ordinal),
    };
    nx_prebuilt_t *built = NULL;
    nx_status_t st = nx_builder_section(job->builder, &doc, &built);
    if (add_doc(job->out, path, st, built) != 0) {
        tech_mentions_free(&found);
        return -1;
    }
    learner_profile_add_section(&job->profile, path, s, kind, origin, &found);
    job->out->sections++;
    tech_mentions_free(&found);
    return 0;
}

/* Each section is read once (analysis_facts_read); its documents and pairs come from what was read. */
static int add_sections(learner_job *job, const char *path, const md_sections *secs, file_origin origin)
{
    file_facts *facts = NULL;
    if (analysis_facts_read(secs, &facts) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < secs->count && rc == 0; i++)
        rc = add_section(job, path, &secs->items[i], facts, (unsigned)i, origin);
    if (rc == 0)
        rc = add_challenges(job, path, secs, facts, origin);
    analysis_facts_free(facts);
    return rc;
}

/* Splits the file into sections kept by the learner (NULL on no memory). */
static md_sections *kept_sections(learner_job *job, const char *content, size_t len)
{
    md_sections *secs = calloc(1, sizeof *secs);
    md_limits limits = {.max_sections = job->budget.max_sections};
    if (!secs || md_sections_split(content, len, &limits, secs) != 0) {
        free(secs);
        return NULL;
    }
    return keep(job->out, secs, release_sections) == 0 ? secs : NULL;
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
    bool kept_path = !path.failed && keep(job->out, path.data, free) == 0;
    if (path.failed)
        nx_buf_free(&path);
    md_sections *secs = kept_path ? kept_sections(job, content, len) : NULL;
    if (!secs) {
        nx_buf_append_str(&job->out->error, "out of memory splitting ");
        nx_buf_append_str(&job->out->error, kept_path ? path.data : "a file");
        return -1;
    }
    repo_budget_sections(&job->budget, raw_path, secs->folded_headings);
    file_origin origin = job->budget.max_sections == MD_DEFAULT_MAX_SECTIONS
                             ? analysis_file_origin_of(path.data, content, len, secs)
                             : analysis_file_origin(path.data, content, len);
    if (add_sections(job, path.data, secs, origin) != 0) {
        if (!job->out->error.len) {
            nx_buf_append_str(&job->out->error, "out of memory analysing ");
            nx_buf_append_str(&job->out->error, path.data);
        }
        return -1;
    }
    return 0;
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

/* Turns the gathered profile into the learner document's technologies and JSON. */
static int finish_profile(learner_job *job)
{
    nx_learner_profile_t doc = {0};
    nx_tech_ref_t *refs = NULL;
    char *json = NULL, *states = NULL;
    if (learner_profile_finish(&job->profile, &doc, &refs, &json, &states) != 0) {
        nx_buf_append_str(&job->out->error, "out of memory building the learner profile");
        free(refs);
        free(json);
        free(states);
        return -1;
    }
    job->out->profile_refs = refs;
    job->out->n_profile_refs = doc.n_techs;
    job->out->profile_json = json;
    job->out->tech_states = states;
    return 0;
}

/* Walks the mirror's HEAD into the learner's documents and profile. */
static int prepare_from_mirror(const index_config *cfg, const nx_taxonomy *taxonomy, nx_builder_t *builder,
                               const mirror_result *m, prepared_learner *out)
{
    learner_job job = {.taxonomy = taxonomy, .builder = builder, .out = out};
    if (learner_profile_init(&job.profile, taxonomy) != 0) {
        nx_buf_append_str(&out->error, "out of memory starting the learner profile");
        return -1;
    }
    repo_budget_init(&job.budget, cfg->max_repo_files, cfg->max_repo_bytes, cfg->max_sections_per_file);
    repo_files_stats stats;
    int rc = -1;
    int walked = repo_files_each(m->repo, &m->head, cfg->max_file_bytes, add_file_sections, &job, &stats,
                                 &out->error);
    if (walked != 0 && walked != BUDGET_SPENT)
        goto done;
    repo_budget_describe(&job.budget, &stats, cfg->max_file_bytes, &out->notes);
    if (tree_signals_each(m->repo, &m->head, taxonomy, cfg->max_file_bytes, cfg->max_repo_bytes, add_file_signals,
                          &job, &out->error) != 0)
        goto done;
    rc = finish_profile(&job);
done:
    learner_profile_free(&job.profile);
    return rc;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

void prepared_learner_build(const index_config *cfg, const nx_taxonomy *taxonomy, nx_builder_t *builder,
                            const cohort_entry *entry, const fetch_outcome *f, prepared_learner *out)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    *out = (prepared_learner){.entry = *entry, .commit_time = f->commit_time};
    memcpy(out->head_hex, f->head_hex, sizeof out->head_hex);
    mirror_result m = {.action = f->action, .commit_time = f->commit_time};
    nx_buf path = {0};
    nx_buf_append_str(&path, cfg->cache_dir);
    nx_buf_append_char(&path, '/');
    nx_buf_append_str(&path, entry->learner);
    nx_buf_append_str(&path, ".git");
    if (path.failed || git_oid_fromstr(&m.head, f->head_hex) < 0) {
        nx_buf_append_str(&out->error, "out of memory");
    } else if (git_repository_open_bare(&m.repo, path.data) < 0) {
        const git_error *ge = git_error_last();
        nx_buf_append_str(&out->error, "cannot open the mirror: ");
        nx_buf_append_str(&out->error, ge && ge->message ? ge->message : "unknown error");
    } else {
        out->ok = prepare_from_mirror(cfg, taxonomy, builder, &m, out) == 0;
    }
    git_repository_free(m.repo);
    nx_buf_free(&path);
    out->seconds = seconds_since(&start);
}

/* Appends "<what>: <the shim's reason>" to `error`. */
static void writer_failure(nx_buf *error, nx_writer_t *writer, nx_status_t status, const char *what)
{
    const char *why = nx_writer_error(writer);
    nx_buf_append_str(error, what);
    nx_buf_append_str(error, ": ");
    nx_buf_append_str(error, why && why[0] ? why : nx_status_str(status));
}

static nx_status_t write_docs(const prepared_learner *p, nx_writer_t *writer, nx_buf *error)
{
    for (size_t i = 0; i < p->n_docs; i++) {
        const pending_doc *doc = &p->docs[i];
        nx_status_t st = nx_writer_add_prebuilt(writer, doc->built);
        if (st != NX_OK) {
            nx_buf_append_str(error, "cannot index ");
            writer_failure(error, writer, st, doc->path);
            return st;
        }
    }
    return NX_OK;
}

static nx_status_t write_profile(const prepared_learner *p, nx_writer_t *writer, nx_buf *error)
{
    nx_learner_profile_t doc = {
        .learner = p->entry.learner,
        .cohort = p->entry.cohort,
        .repo_url = p->entry.url,
        .commit = p->head_hex,
        .commit_time = p->commit_time,
        .techs = p->profile_refs,
        .n_techs = p->n_profile_refs,
        .profile_json = p->profile_json,
        .tech_states = p->tech_states,
        .indexed_at = (int64_t)time(NULL),
    };
    nx_status_t st = nx_writer_set_learner_profile(writer, &doc);
    if (st != NX_OK) writer_failure(error, writer, st, "cannot write the learner profile");
    return st;
}

int prepared_learner_write(const prepared_learner *p, nx_writer_t *writer, const char *rules, uint64_t first_docid,
                           nx_buf *error)
{
    if (!p->ok) {
        nx_buf_append_str(error, p->error.failed || !p->error.data ? "out of memory" : p->error.data);
        return -1;
    }
    nx_status_t st = first_docid ? nx_writer_begin_learner_at(writer, p->entry.learner, first_docid)
                                 : nx_writer_begin_learner(writer, p->entry.learner);
    if (st != NX_OK) {
        writer_failure(error, writer, st, "cannot start updating the index");
        return -1;
    }
    if (write_docs(p, writer, error) != NX_OK || write_profile(p, writer, error) != NX_OK)
        goto fail;
    st = nx_writer_end_learner_rules(writer, p->head_hex, rules);
    if (st != NX_OK) {
        writer_failure(error, writer, st, "cannot commit to the index");
        goto fail;
    }
    return 0;
fail:
    nx_writer_abort_learner(writer);
    return -1;
}

size_t prepared_learner_documents(const prepared_learner *p)
{
    return p->n_docs + 1;
}

void prepared_learner_free(prepared_learner *p)
{
    if (!p)
        return;
    for (size_t i = p->n_kept; i-- > 0;)
        p->kept[i].release(p->kept[i].item);
    free(p->kept);
    for (size_t i = 0; i < p->n_docs; i++)
        nx_prebuilt_free(p->docs[i].built);
    free(p->docs);
    free(p->profile_refs);
    free(p->profile_json);
    free(p->tech_states);
    nx_buf_free(&p->notes);
    nx_buf_free(&p->error);
    *p = (prepared_learner){0};
}
