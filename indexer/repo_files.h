/* The Markdown files of a commit, read from its tree in the object store (nothing is checked out).
 * Vendored folders, links, submodules, binary and oversized blobs are left out. */
#ifndef NX_REPO_FILES_H
#define NX_REPO_FILES_H

#include <git2.h>
#include <stddef.h>

#include "nx_text.h"

/* Called once per file, root README first and then in path order. `path`
 * (NUL-terminated, raw bytes from the tree: not necessarily UTF-8) and
 * `content` (len bytes, may hold NULs) are borrowed for the call only.
 * Returning non-zero stops the walk. */
typedef int (*repo_file_fn)(void *ctx, const char *path, const char *content, size_t len);

/* Longest example path kept in the stats (cut, not necessarily UTF-8). */
#define REPO_FILES_EXAMPLE_MAX 120

typedef struct repo_files_stats {
    size_t files;   /* handed to the callback */
    size_t skipped; /* Markdown files left out for size or binary content */
    size_t too_large, binary; /* the two reasons, adding up to skipped */
    char first_too_large[REPO_FILES_EXAMPLE_MAX + 1]; /* path of the first of each, "" if none */
    char first_binary[REPO_FILES_EXAMPLE_MAX + 1];
} repo_files_stats;

/* Calls `fn` for every Markdown file (.md, .markdown, any case) in the tree of
 * `commit` no larger than `max_bytes`. Returns 0 when every file was visited,
 * the callback's non-zero value when it stopped the walk, or -1 with a message
 * appended to `error` when the repository could not be read. `stats` may be NULL. */
int repo_files_each(git_repository *repo, const git_oid *commit, size_t max_bytes, repo_file_fn fn, void *ctx,
                    repo_files_stats *stats, nx_buf *error);

#endif /* NX_REPO_FILES_H */
