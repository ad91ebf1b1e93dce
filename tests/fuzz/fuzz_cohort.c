/* libFuzzer target: the cohort file parser on arbitrary bytes. Every accepted
 * entry must be safe to hand to git (https or a local path, no option) and every message printable. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cohort.h"
#include "nx_text.h"

static void check_message(void *ctx, const char *message)
{
    (void)ctx;
    if (!nx_utf8_valid(message, strlen(message)))
        abort();
}

static void check_entry(const cohort_entry *e)
{
    if (!e->learner[0] || !e->url[0] || !e->cohort)
        abort();
    if (e->url[0] == '-' || strchr(e->learner, '/') || strcmp(e->learner, "..") == 0)
        abort();
    bool https = strncasecmp(e->url, "https://", 8) == 0;
    if (!https && (strstr(e->url, "://") || (e->url[0] != '/' && strchr(e->url, ':'))))
        abort();
    if (!nx_utf8_valid(e->url, strlen(e->url)) || !nx_utf8_valid(e->cohort, strlen(e->cohort)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cohort parsed;
    if (cohort_parse((const char *)data, size, "fuzz.tsv", NULL, &parsed, check_message, NULL) != 0)
        return 0; /* a duplicate learner stops the parse: allowed */
    for (size_t i = 0; i < parsed.count; i++)
        check_entry(&parsed.entries[i]);
    cohort_free(&parsed);
    return 0;
}
