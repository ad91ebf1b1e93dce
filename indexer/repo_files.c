/* Finds the Markdown files of a commit by walking its tree, then hands out their contents one at a time.
 * Listing first and reading after keeps only one blob in memory and lets the README come first. */
#include "repo_files.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Folders of third-party code: their READMEs describe someone else's project. */
static const char *const VENDORED_FOLDERS[] = {"node_modules", "venv", ".venv", "site-packages", "dist", "build"};

typedef struct found_file {
    char *path; /* owned */
    git_oid id;
} found_file;

typedef struct file_list {
    found_file *items; /* owned */
    size_t count, cap;
    bool out_of_memory;
} file_list;

static bool ends_with_ci(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    return n > m && strcasecmp(name + n - m, suffix) == 0;
}

static bool is_markdown_name(const char *name)
{
    return ends_with_ci(name, ".md") || ends_with_ci(name, ".markdown");
}

static bool is_vendored_folder(const char *name)
{
    for (size_t i = 0; i < sizeof VENDORED_FOLDERS / sizeof *VENDORED_FOLDERS; i++)
        if (strcmp(name, VENDORED_FOLDERS[i]) == 0) return true;
    return false;
}

static int list_append(file_list *list, const char *root, const char *name, const git_oid *id)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 32;
        found_file *grown = realloc(list->items, cap * sizeof *grown);
        if (!grown) return -1;
        list->items = grown;
        list->cap = cap;
    }
    size_t root_len = strlen(root), name_len = strlen(name);
    char *path = malloc(root_len + name_len + 1);
    if (!path) return -1;
    memcpy(path, root, root_len);
    memcpy(path + root_len, name, name_len + 1);
    list->items[list->count++] = (found_file){.path = path, .id = *id};
    return 0;
}

/* git_tree_walk() callback: a positive return skips a folder, a negative one stops the walk. */
static int collect_entry(const char *root, const git_tree_entry *entry, void *payload)
{
    file_list *list = payload;
    const char *name = git_tree_entry_name(entry);
    git_filemode_t mode = git_tree_entry_filemode(entry);
    if (mode == GIT_FILEMODE_TREE) return is_vendored_folder(name) ? 1 : 0;
    /* Symlinks may point outside the repository and submodules are other repositories. */
    if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) return 0;
    if (!is_markdown_name(name)) return 0;
    if (list_append(list, root, name, git_tree_entry_id(entry)) == 0) return 0;
    list->out_of_memory = true;
    return -1;
}

static bool is_root_readme(const char *path)
{
    return strcasecmp(path, "README.md") == 0;
}

/* The root README is what a visitor reads first, so its sections come first too. */
static int compare_files(const void *a, const void *b)
{
    const char *pa = ((const found_file *)a)->path, *pb = ((const found_file *)b)->path;
    bool ra = is_root_readme(pa), rb = is_root_readme(pb);
    if (ra != rb) return ra ? -1 : 1;
    return strcmp(pa, pb);
}

static void list_free(file_list *list)
{
    for (size_t i = 0; i < list->count; i++) free(list->items[i].path);
    free(list->items);
}

static int git_failure(nx_buf *error, const char *what, const char *path)
{
    const git_error *e = git_error_last();
    nx_buf_append_str(error, what);
    if (path) {
        nx_buf_append_char(error, ' ');
        nx_buf_append_str(error, path);
    }
    if (e && e->message && e->message[0]) {
        nx_buf_append_str(error, ": ");
        nx_buf_append_str(error, e->message);
    }
    git_error_clear();
    return -1;
}

static int list_markdown_files(git_repository *repo, const git_oid *commit_id, file_list *list, nx_buf *error)
{
    git_commit *commit = NULL;
    git_tree *tree = NULL;
    int rc = -1;
    if (git_commit_lookup(&commit, repo, commit_id) < 0 || git_commit_tree(&tree, commit) < 0) {
        git_failure(error, "cannot read the commit's tree", NULL);
        goto done;
    }
    if (git_tree_walk(tree, GIT_TREEWALK_PRE, collect_entry, list) < 0) {
        if (list->out_of_memory) nx_buf_append_str(error, "out of memory listing files");
        else git_failure(error, "cannot walk the commit's tree", NULL);
        goto done;
    }
    if (list->count) /* qsort's array must not be NULL, even when empty */
        qsort(list->items, list->count, sizeof *list->items, compare_files);
    rc = 0;
done:
    git_tree_free(tree);
    git_commit_free(commit);
    return rc;
}

/* Counts a skipped file under its reason, keeping the first path as an example. */
static void note_skipped(size_t *count, char example[REPO_FILES_EXAMPLE_MAX + 1], size_t *skipped,
                         const char *path)
{
    if ((*count)++ == 0)
        snprintf(example, REPO_FILES_EXAMPLE_MAX + 1, "%s", path);
    (*skipped)++;
}

/* Reads one listed file and hands it to the callback unless it is too large or binary.
 * Returns 0 to go on, the callback's value, or -1 on a read error. */
static int visit_file(git_repository *repo, git_odb *odb, const found_file *file, size_t max_bytes,
                      repo_file_fn fn, void *ctx, repo_files_stats *stats, nx_buf *error)
{
    size_t size;
    git_object_t type;
    /* The header gives the size without inflating a possibly huge blob. */
    if (git_odb_read_header(&size, &type, odb, &file->id) < 0) return git_failure(error, "cannot read", file->path);
    if (size > max_bytes) {
        note_skipped(&stats->too_large, stats->first_too_large, &stats->skipped, file->path);
        return 0;
    }
    git_blob *blob = NULL;
    if (git_blob_lookup(&blob, repo, &file->id) < 0) return git_failure(error, "cannot read", file->path);
    int rc = 0;
    if (git_blob_is_binary(blob)) {
        note_skipped(&stats->binary, stats->first_binary, &stats->skipped, file->path);
    } else {
        const char *content = git_blob_rawcontent(blob);
        size_t len = (size_t)git_blob_rawsize(blob);
        stats->files++;
        rc = fn(ctx, file->path, content ? content : "", len);
    }
    git_blob_free(blob);
    return rc;
}

int repo_files_each(git_repository *repo, const git_oid *commit, size_t max_bytes, repo_file_fn fn, void *ctx,
                    repo_files_stats *stats, nx_buf *error)
{
    repo_files_stats local_stats;
    if (!stats) stats = &local_stats;
    *stats = (repo_files_stats){0};
    file_list list = {0};
    git_odb *odb = NULL;
    int rc = list_markdown_files(repo, commit, &list, error);
    if (rc == 0 && git_repository_odb(&odb, repo) < 0) rc = git_failure(error, "cannot open the object store", NULL);
    for (size_t i = 0; rc == 0 && i < list.count; i++)
        rc = visit_file(repo, odb, &list.items[i], max_bytes, fn, ctx, stats, error);
    git_odb_free(odb);
    list_free(&list);
    return rc;
}
