/* The technology taxonomy: every technology Nexus knows, its category, aliases and file signals.
 * Loaded from the data file data/technologies.tsv, which the build embeds in both programs. */
#ifndef NX_TAXONOMY_H
#define NX_TAXONOMY_H

#include <stddef.h>

typedef struct nx_technology {
    const char *id;       /* stable slug, e.g. "django-rest-framework"; used in index terms and URLs */
    const char *name;     /* display name, e.g. "Django REST Framework" */
    const char *category; /* one of the category ids below */
} nx_technology;

/* Category ids, in display order. */
#define NX_CATEGORIES                                                                                    \
    "language", "framework", "api-style", "database", "cache", "queue", "container", "ci-cd", "cloud",    \
        "auth-security", "testing", "docs-tooling", "frontend"

typedef struct nx_taxonomy nx_taxonomy;

/* Parses the taxonomy embedded at build time. On success *out is owned by the
 * caller (nx_taxonomy_free). On failure returns -1 and, if error_out is non-NULL,
 * *error_out is a malloc'd message naming the line. */
int nx_taxonomy_load_default(nx_taxonomy **out, char **error_out);

/* Same for taxonomy text in the data file's format; `source` names it in messages. */
int nx_taxonomy_parse(const char *text, size_t len, const char *source, nx_taxonomy **out, char **error_out);

size_t nx_taxonomy_count(const nx_taxonomy *taxonomy);

/* Technology number i (0 <= i < count); borrowed, valid until nx_taxonomy_free. */
const nx_technology *nx_taxonomy_get(const nx_taxonomy *taxonomy, size_t i);

/* Index of the technology whose id, name or alias equals `name` (case-insensitive),
 * or -1. Lets users write tech=DRF or tech=k8s. */
long nx_taxonomy_lookup(const nx_taxonomy *taxonomy, const char *name);

void nx_taxonomy_free(nx_taxonomy *taxonomy);

#endif /* NX_TAXONOMY_H */
