/* Per-repository work limits and their report notes (see repo_budget.h): a hostile
 * repository gets its fair share of the run, and the report says what was left out and why. */
#include "repo_budget.h"

#include <stdio.h>
#include <string.h>

void repo_budget_init(repo_budget *budget, size_t max_files, size_t max_bytes, size_t max_sections)
{
    *budget = (repo_budget){.max_files = max_files, .max_bytes = max_bytes, .max_sections = max_sections};
}

bool repo_budget_admit(repo_budget *budget, size_t len)
{
    if (budget->files >= budget->max_files || len > budget->max_bytes - budget->bytes) {
        budget->exhausted = true;
        return false;
    }
    budget->files++;
    budget->bytes += len;
    return true;
}

void repo_budget_sections(repo_budget *budget, const char *path, size_t folded_headings)
{
    if (folded_headings == 0)
        return;
    if (budget->capped_files++ == 0)
        snprintf(budget->first_capped, sizeof budget->first_capped, "%s", path);
}

/* Appends "; <count> <what> (<example>)" with the example made printable UTF-8. */
static void note(nx_buf *out, size_t count, const char *what, const char *example)
{
    char counted[200];
    snprintf(counted, sizeof counted, "; %zu %s%s", count, count == 1 ? "file " : "files ", what);
    nx_buf_append_str(out, counted);
    if (!example[0])
        return;
    nx_buf clean = {0};
    nx_utf8_sanitize(&clean, example, strlen(example));
    for (size_t i = 0; i < clean.len; i++)
        if ((unsigned char)clean.data[i] < 0x20 || clean.data[i] == 0x7f)
            clean.data[i] = '?';
    nx_buf_append_str(out, " (");
    nx_buf_append_str(out, clean.data ? clean.data : "");
    nx_buf_append_str(out, count > 1 ? ", …)" : ")");
    nx_buf_free(&clean);
}

void repo_budget_describe(const repo_budget *budget, const repo_files_stats *stats,
                          size_t max_file_bytes, nx_buf *out)
{
    char what[160];
    if (stats->too_large) {
        snprintf(what, sizeof what, "over --max-file-bytes %zu skipped", max_file_bytes);
        note(out, stats->too_large, what, stats->first_too_large);
    }
    if (stats->binary)
        note(out, stats->binary, "skipped as binary", stats->first_binary);
    if (budget->capped_files) {
        snprintf(what, sizeof what, "cut at --max-sections-per-file %zu",
                 budget->max_sections);
        note(out, budget->capped_files, what, budget->first_capped);
    }
    if (budget->exhausted) {
        snprintf(what, sizeof what, "; stopped after %zu files, %zu bytes (--max-repo-files %zu, --max-repo-bytes %zu)",
                 budget->files, budget->bytes, budget->max_files, budget->max_bytes);
        nx_buf_append_str(out, what);
    }
}
