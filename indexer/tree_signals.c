/* Technologies signalled by repository files (see tree_signals.h): one walk over the HEAD
 * tree, path-only detection for most files, blob contents for dependency manifests. */
#include "tree_signals.h"
#include "glob_filter.h"

#include <fnmatch.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Third-party code says what its authors used, not what the learner did. */
static const char *const VENDORED_FOLDERS[] = {"node_modules", "venv", ".venv", "env", "site-packages", "dist",
                                               "build", "__pycache__", ".git", "vendor", ".next"};

typedef struct signal_walk {
    git_repository *repo;
    const nx_taxonomy *taxonomy;
    git_odb *odb;
    size_t max_bytes;
    size_t bytes_left; /* manifest bytes this walk may still read (--max-repo-bytes) */
    tree_signal_fn fn;
    void *ctx;
    nx_buf *error;
    nx_buf path;
    int stopped; /* the callback's non-zero value, or -1 on failure */
} signal_walk;

static bool is_vendored_folder(const char *name)
{
    for (size_t i = 0; i < sizeof VENDORED_FOLDERS / sizeof *VENDORED_FOLDERS; i++)
        if (strcmp(name, VENDORED_FOLDERS[i]) == 0) return true;
    return false;
}

/* True when a "GLOB:NAME" signal of the taxonomy looks inside this file. */
static bool content_matters(const nx_taxonomy *taxonomy, const char *path, const char *name)
{
    for (size_t t = 0; t < nx_taxonomy_count(taxonomy); t++) {
        const nx_technology *tech = nx_taxonomy_get(taxonomy, t);
        for (size_t s = 0; s < tech->signal_count; s++) {
            const char *signal = tech->signals[s];
            size_t len = strcspn(signal, ":");
            if (!signal[len] || len >= 256) continue;
            const char *subject = memchr(signal, '/', len) ? path : name;
            if (glob_cannot_match(signal, len, subject)) continue;
            char glob[256];
            memcpy(glob, signal, len);
            glob[len] = '\0';
            if (fnmatch(glob, subject, FNM_CASEFOLD) == 0) return true;
        }
    }
    return false;
}

/* Loads the blob when its content is worth reading and within the limits; otherwise the file signals
 * by its path alone. The size comes from the object header, so a huge blob is never inflated. */
static git_blob *load_within_limits(signal_walk *walk, const git_oid *id)
{
    size_t size = 0;
    git_object_t type;
    git_blob *blob = NULL;
    if (git_odb_read_header(&size, &type, walk->odb, id) < 0 || size > walk->max_bytes || size > walk->bytes_left)
        return NULL;
    if (git_blob_lookup(&blob, walk->repo, id) != 0)
        return NULL;
    walk->bytes_left -= size;
    return blob;
}

static int detect_blob(signal_walk *walk, const char *path, const char *name, const git_oid *id)
{
    git_blob *blob = content_matters(walk->taxonomy, path, name) ? load_within_limits(walk, id) : NULL;
    const char *content = blob ? git_blob_rawcontent(blob) : NULL;
    size_t len = blob ? (size_t)git_blob_rawsize(blob) : 0;
    tech_mentions found = {0};
    int rc = analysis_detect_file(walk->taxonomy, path, content, len, &found);
    if (rc != 0) {
        nx_buf_append_str(walk->error, "out of memory detecting technologies in ");
        nx_buf_append_str(walk->error, path);
        rc = -1;
    } else if (found.count > 0) {
        rc = walk->fn(walk->ctx, path, &found);
    }
    tech_mentions_free(&found);
    git_blob_free(blob);
    return rc;
}

/* git_tree_walk() callback: a positive return skips a folder, a negative one stops the walk. */
static int visit_entry(const char *root, const git_tree_entry *entry, void *payload)
{
    signal_walk *walk = payload;
    const char *name = git_tree_entry_name(entry);
    git_filemode_t mode = git_tree_entry_filemode(entry);
    if (mode == GIT_FILEMODE_TREE) return is_vendored_folder(name) ? 1 : 0;
    if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) return 0;
    walk->path.len = 0;
    nx_buf_append_str(&walk->path, root);
    nx_buf_append_str(&walk->path, name);
    if (walk->path.failed) {
        nx_buf_append_str(walk->error, "out of memory walking the tree");
        walk->stopped = -1;
        return -1;
    }
    int rc = detect_blob(walk, walk->path.data, name, git_tree_entry_id(entry));
    if (rc == 0) return 0;
    walk->stopped = rc;
    return -1;
}

int tree_signals_each(git_repository *repo, const git_oid *commit, const nx_taxonomy *taxonomy, size_t max_bytes,
                      size_t max_total_bytes, tree_signal_fn fn, void *ctx, nx_buf *error)
{
    git_commit *c = NULL;
    git_tree *tree = NULL;
    signal_walk walk = {.repo = repo, .taxonomy = taxonomy, .max_bytes = max_bytes,
                        .bytes_left = max_total_bytes, .fn = fn, .ctx = ctx, .error = error};
    int rc = -1;
    if (git_repository_odb(&walk.odb, repo) != 0 || git_commit_lookup(&c, repo, commit) != 0 ||
        git_commit_tree(&tree, c) != 0) {
        const git_error *e = git_error_last();
        nx_buf_append_str(error, "cannot read the commit's tree: ");
        nx_buf_append_str(error, e && e->message ? e->message : "unknown libgit2 error");
        goto done;
    }
    if (git_tree_walk(tree, GIT_TREEWALK_PRE, visit_entry, &walk) != 0 && walk.stopped == 0) {
        const git_error *e = git_error_last();
        nx_buf_append_str(error, "cannot walk the commit's tree: ");
        nx_buf_append_str(error, e && e->message ? e->message : "unknown libgit2 error");
        goto done;
    }
    rc = walk.stopped;
done:
    nx_buf_free(&walk.path);
    git_odb_free(walk.odb);
    git_tree_free(tree);
    git_commit_free(c);
    return rc;
}
