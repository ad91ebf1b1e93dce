/* Technologies shown by the files of a commit's tree (Dockerfile, manage.py, workflows,
 * requirements*.txt entries, package.json dependencies…), through analysis_detect_file(). */
#ifndef NX_TREE_SIGNALS_H
#define NX_TREE_SIGNALS_H

#include <git2.h>

#include "analysis.h"
#include "nx_text.h"

/* Called once per file that signals at least one technology; `path` (raw
 * tree bytes, NUL-terminated) and `found` are borrowed for the call only.
 * Returning non-zero stops the walk. */
typedef int (*tree_signal_fn)(void *ctx, const char *path, const tech_mentions *found);

/* Walks every file of the tree of `commit` outside vendored folders and asks
 * the taxonomy what each one signals. Blob contents are read only for the
 * files the taxonomy's "GLOB:NAME" signals look inside, e.g. requirements*.txt
 * and package.json, each of at most `max_bytes` and at most `max_total_bytes`
 * for the whole walk (the repository budget); past those limits a file
 * signals by its path alone. Returns 0, the callback's non-zero value, or -1
 * with a message appended to `error`. */
int tree_signals_each(git_repository *repo, const git_oid *commit, const nx_taxonomy *taxonomy, size_t max_bytes,
                      size_t max_total_bytes, tree_signal_fn fn, void *ctx, nx_buf *error);

#endif /* NX_TREE_SIGNALS_H */
