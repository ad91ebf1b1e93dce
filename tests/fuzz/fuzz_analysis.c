/* libFuzzer target: what nexus-index learns from one file (indexer/analysis.h, nx_analysis) on arbitrary
 * bytes, in the indexer's order: input is "path NUL file content". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "nx_taxonomy.h"
#include "nx_text.h"
#include "sections.h"

static nx_taxonomy *fuzz_taxonomy; /* loaded once for the whole fuzzing process */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char *error = NULL;
    if (nx_taxonomy_load_default(&fuzz_taxonomy, &error) != 0)
        abort();
    return 0;
}

/* Every mention names a technology of the taxonomy, at least once, with a known strength. */
static void check_mentions(const tech_mentions *found)
{
    for (size_t i = 0; i < found->count; i++) {
        const tech_mention *m = &found->items[i];
        if (m->tech >= nx_taxonomy_count(fuzz_taxonomy) || m->count == 0 ||
            (m->strength != TECH_MENTIONED && m->strength != TECH_COVERED))
            abort();
    }
}

static bool valid_text(const char *text)
{
    return !text || nx_utf8_valid(text, strlen(text));
}

/* As run.c's add_section(): the kind from the heading path and body, then technologies in the Markdown. */
static void analyse_section(const md_section *s)
{
    section_kind kind = analysis_classify_section(s->heading_path, s->body);
    if (kind >= KIND_COUNT || !analysis_kind_id(kind))
        abort();
    const char *markdown = s->markdown ? s->markdown : "";
    tech_mentions found = {0};
    if (analysis_detect_section(fuzz_taxonomy, markdown, strlen(markdown), kind, &found) == 0)
        check_mentions(&found);
    tech_mentions_free(&found);
}

/* As run.c's add_challenges(): pairs point at a section of the file and carry valid UTF-8. */
static void analyse_challenges(const md_sections *secs)
{
    challenge_pairs pairs = {0};
    if (analysis_extract_challenges(secs, &pairs) != 0)
        return;
    for (size_t i = 0; i < pairs.count; i++) {
        const challenge_pair *pair = &pairs.items[i];
        if (pair->section >= secs->count || !valid_text(pair->challenge) || !valid_text(pair->solution))
            abort();
    }
    challenge_pairs_free(&pairs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    const char *nul = memchr(bytes, '\0', size);
    if (!nul)
        return 0;
    /* The indexer hands the analysis a sanitised path and the file's raw bytes. */
    nx_buf path = {0};
    nx_utf8_sanitize(&path, bytes, (size_t)(nul - bytes));
    nx_buf_append(&path, "", 0);
    const char *content = nul + 1;
    size_t len = size - (size_t)(content - bytes);
    md_sections secs = {0};
    if (path.failed || md_sections_split(content, len, NULL, &secs) != 0)
        goto done;
    if (!analysis_origin_id(analysis_file_origin(path.data, content, len)))
        abort();
    for (size_t i = 0; i < secs.count; i++)
        analyse_section(&secs.items[i]);
    analyse_challenges(&secs);
    /* The same bytes as a file of the tree (tree_signals.c): requirements, package.json, workflows… */
    tech_mentions signals = {0};
    if (analysis_detect_file(fuzz_taxonomy, path.data, content, len, &signals) == 0)
        check_mentions(&signals);
    tech_mentions_free(&signals);
done:
    md_sections_free(&secs);
    nx_buf_free(&path);
    return 0;
}
