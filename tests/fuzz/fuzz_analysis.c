/* libFuzzer target: technology detection, section kinds, file origin and challenge extraction
 * (indexer/analysis.h) on arbitrary text: input is "heading path NUL body". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "nx_taxonomy.h"
#include "nx_text.h"

static nx_taxonomy *fuzz_taxonomy; /* loaded once for the whole fuzzing process */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char *error = NULL;
    if (nx_taxonomy_load_default(&fuzz_taxonomy, &error) != 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The analysis functions take C strings: split at the first NUL, sanitise like the indexer does. */
    const char *bytes = (const char *)data;
    const char *nul = memchr(bytes, '\0', size);
    size_t head_len = nul ? (size_t)(nul - bytes) : 0;
    nx_buf heading = {0}, body = {0};
    nx_utf8_sanitize(&heading, bytes, head_len);
    nx_utf8_sanitize(&body, bytes + (nul ? head_len + 1 : 0), size - (nul ? head_len + 1 : 0));
    nx_buf_append(&heading, "", 0);
    nx_buf_append(&body, "", 0);
    if (heading.failed || body.failed)
        goto done;

    tech_mentions mentions = {0};
    if (analysis_detect_section(fuzz_taxonomy, heading.data, body.data, &mentions) == 0) {
        for (size_t i = 0; i < mentions.count; i++)
            if (mentions.items[i].tech >= nx_taxonomy_count(fuzz_taxonomy) || mentions.items[i].count == 0)
                abort();
        tech_mentions_free(&mentions);
    }
    section_kind kind = analysis_classify_section(heading.data, body.data);
    if (kind >= KIND_COUNT || !analysis_kind_id(kind))
        abort();
    if (!analysis_origin_id(analysis_file_origin(heading.data, body.data, body.len)))
        abort();
    challenge_pairs pairs = {0};
    if (analysis_extract_challenges(heading.data, body.data, body.len, &pairs) == 0) {
        for (size_t i = 0; i < pairs.count; i++)
            if (!nx_utf8_valid(pairs.items[i].challenge, strlen(pairs.items[i].challenge)) ||
                !nx_utf8_valid(pairs.items[i].solution, strlen(pairs.items[i].solution)))
                abort();
        challenge_pairs_free(&pairs);
    }
done:
    nx_buf_free(&heading);
    nx_buf_free(&body);
    return 0;
}
