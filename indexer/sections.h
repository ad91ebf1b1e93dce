/* Splitting one Markdown file into sections, one per heading, with md4c.
 * Text before the first heading is a section of its own (empty heading path). */
#ifndef NX_SECTIONS_H
#define NX_SECTIONS_H

#include <stddef.h>

typedef struct md_section {
    char *heading;      /* owned; the heading's plain text, "" for the preamble */
    char *heading_path; /* owned; ancestors and self joined by " › ", "" for the preamble */
    char *anchor;       /* owned; GitHub-style slug, made unique within the file with -1, -2…; "" for the preamble */
    char *body;         /* owned; plain text with Markdown syntax stripped and code kept, valid UTF-8 */
    char *markdown;     /* owned; the section's Markdown source from its heading line through the end of
                           its body (up to the next section's heading), sanitised like the input (valid
                           UTF-8, no NULs, line endings as written), trailing blank lines dropped */
    unsigned level;     /* 1..6, 0 for the preamble */
} md_section;

typedef struct md_sections {
    md_section *items; /* owned; in document order */
    size_t count;
    size_t folded_headings; /* headings past md_limits.max_sections, kept as body text */
} md_sections;

/* Limits that keep a hostile file from costing unbounded work. */
typedef struct md_limits {
    size_t max_sections; /* further headings are folded into the last section's body */
} md_limits;

#define MD_DEFAULT_MAX_SECTIONS 2000

/* Splits markdown[0..len) (any bytes: invalid UTF-8 is repaired, NULs
 * dropped, CRLF accepted). Sections whose heading and body are both empty are
 * omitted. `limits` may be NULL for the defaults. Returns 0 and fills *out
 * (free with md_sections_free()), or -1 when out of memory. */
int md_sections_split(const char *markdown, size_t len, const md_limits *limits, md_sections *out);

void md_sections_free(md_sections *sections);

/* GitHub's anchor for a heading text: lowercase, punctuation dropped, spaces
 * to hyphens. Returns a malloc'd string the caller frees (NULL on no memory). */
char *md_heading_slug(const char *heading);

#endif /* NX_SECTIONS_H */
