/* The technology taxonomy: every technology Nexus knows, its category, aliases and file signals.
 * Loaded from the data file data/technologies.tsv, which the build embeds in both programs. */
#ifndef NX_TAXONOMY_H
#define NX_TAXONOMY_H

#include <stdbool.h>
#include <stddef.h>

/* One spelling searched for in text. */
typedef struct nx_alias {
    const char *text; /* as written in the data file, without its '='/'~' marker */
    bool exact_case;  /* matches only in this letter case ("Go", "REST", "React") */
} nx_alias;

typedef struct nx_technology {
    const char *id;       /* stable slug, e.g. "django-rest-framework"; used in index terms and URLs */
    const char *name;     /* display name, e.g. "Django REST Framework" */
    const char *category; /* one of the category ids below */
    const nx_alias *aliases; /* the name first, then the other spellings; alias_count >= 1 */
    size_t alias_count;
    const char *const *signals; /* file signals as in the data file: "GLOB" or "GLOB:NAME" */
    size_t signal_count;
} nx_technology;

/* Category ids, in display order. */
#define NX_CATEGORIES                                                                                    \
    "language", "framework", "api-style", "database", "cache", "queue", "container", "ci-cd", "cloud",    \
        "auth-security", "testing", "docs-tooling", "frontend"

typedef struct nx_taxonomy nx_taxonomy;

/* Parses the taxonomy embedded at build time (data/technologies.tsv). On
 * success *out is owned by the caller (nx_taxonomy_free). On failure returns
 * -1 and, if error_out is non-NULL, *error_out is a malloc'd message naming
 * the line ("technologies.tsv:12: …"). */
int nx_taxonomy_load_default(nx_taxonomy **out, char **error_out);

/* Same for taxonomy text in the data file's format; `source` names it in
 * messages ("SOURCE:LINE: message"). The text need not be NUL-terminated. */
int nx_taxonomy_parse(const char *text, size_t len, const char *source, nx_taxonomy **out, char **error_out);

size_t nx_taxonomy_count(const nx_taxonomy *taxonomy);

/* Technology number i (0 <= i < count); borrowed, valid until nx_taxonomy_free.
 * Technologies keep the data file's order. */
const nx_technology *nx_taxonomy_get(const nx_taxonomy *taxonomy, size_t i);

/* Index of the technology whose id, name or alias equals `name` (case-insensitive),
 * or -1. Lets users write tech=DRF or tech=k8s. */
long nx_taxonomy_lookup(const nx_taxonomy *taxonomy, const char *name);

void nx_taxonomy_free(nx_taxonomy *taxonomy);

/* ---- Finding technologies in text (nx_taxonomy_scan.c) ------------------ */

/* Bytes [start, end) of the scanned text spell technology number `tech`. */
typedef struct nx_tech_match {
    size_t tech;
    size_t start;
    size_t end;
} nx_tech_match;

/* Called for each match in text order; return false to stop the scan. */
typedef bool (*nx_tech_match_fn)(const nx_tech_match *match, void *data);

/* Reports every whole-word occurrence of a technology's name or alias in
 * text[0..len) (any bytes). Words are runs of letters, digits and '_';
 * punctuation inside an alias must be there, glued or spaced as in the alias
 * ("Next.js", "C#", "CI/CD"). Exact-case aliases match only as written, and a
 * capitalised ordinary word ("Go", "Render", "Express") is not taken when the
 * next word shows it is used as a verb or adjective ("Go to", "Render the").
 * The longest alias wins at a position; matches do not overlap; URLs are
 * skipped. Linear in len. Returns 0, or -1 when out of memory. */
int nx_taxonomy_scan(const nx_taxonomy *taxonomy, const char *text, size_t len, nx_tech_match_fn fn, void *data);

#endif /* NX_TAXONOMY_H */
