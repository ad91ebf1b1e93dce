/* The extraction-rules version (see rules.h): the constant plus a 32-bit FNV-1a fingerprint of
 * everything in the taxonomy that detection reads (ids, names, categories, aliases, file signals). */
#include "rules.h"

#include <stdint.h>
#include <stdio.h>

static uint32_t fnv1a(uint32_t hash, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
        hash ^= *p;
        hash *= 16777619u;
    }
    hash ^= 0x1f; /* field separator, so "ab","c" differs from "a","bc" */
    return hash * 16777619u;
}

void rules_version(const nx_taxonomy *taxonomy, char *out, size_t size)
{
    uint32_t hash = 2166136261u;
    for (size_t t = 0; t < nx_taxonomy_count(taxonomy); t++) {
        const nx_technology *tech = nx_taxonomy_get(taxonomy, t);
        hash = fnv1a(fnv1a(fnv1a(hash, tech->id), tech->name), tech->category);
        for (size_t a = 0; a < tech->alias_count; a++)
            hash = fnv1a(fnv1a(hash, tech->aliases[a].text), tech->aliases[a].exact_case ? "=" : "~");
        for (size_t s = 0; s < tech->signal_count; s++) hash = fnv1a(hash, tech->signals[s]);
    }
    snprintf(out, size, "%d.%08x", EXTRACTION_RULES_VERSION, hash);
}
