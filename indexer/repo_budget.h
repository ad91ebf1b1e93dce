/* The work one repository may cost nexus-index (files, bytes, sections per file),
 * and the notes those limits and skipped files leave on the repository's report line. */
#ifndef NX_REPO_BUDGET_H
#define NX_REPO_BUDGET_H

#include <stdbool.h>
#include <stddef.h>

#include "nx_text.h"
#include "repo_files.h"

typedef struct repo_budget {
    size_t max_files, max_bytes, max_sections; /* limits, from the command line */
    size_t files, bytes;                       /* admitted so far */
    bool exhausted;                            /* a file was refused: the walk stopped there */
    size_t capped_files;                       /* files cut at max_sections */
    char first_capped[REPO_FILES_EXAMPLE_MAX + 1];
} repo_budget;

void repo_budget_init(repo_budget *budget, size_t max_files, size_t max_bytes, size_t max_sections);

/* Admits one more file of `len` bytes, or returns false (and marks the
 * budget exhausted) when it would pass a limit: the caller stops there. */
bool repo_budget_admit(repo_budget *budget, size_t len);

/* Records that `path` had `folded_headings` headings past max_sections (0: none). */
void repo_budget_sections(repo_budget *budget, const char *path, size_t folded_headings);

/* Appends "; skipped …" notes for whatever was left out (nothing when all was
 * indexed), e.g. "; 1 file over 1048576 bytes skipped (docs/huge.md)".
 * Paths are sanitised: they come from the repository. */
void repo_budget_describe(const repo_budget *budget, const repo_files_stats *stats,
                          size_t max_file_bytes, nx_buf *out);

#endif /* NX_REPO_BUDGET_H */
