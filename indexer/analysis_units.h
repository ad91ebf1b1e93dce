/* Private to analysis_*.c: one section's Markdown read by md4c into a flat list of text units
 * (heading, paragraph, list item, table cell, code block, image alt text), each with its context. */
#ifndef NX_ANALYSIS_UNITS_H
#define NX_ANALYSIS_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "nx_text.h"

typedef enum unit_type { UNIT_HEADING, UNIT_PARAGRAPH, UNIT_ITEM, UNIT_CELL, UNIT_CODE, UNIT_IMAGE } unit_type;

typedef enum unit_task { TASK_NONE = 0, TASK_OPEN, TASK_DONE } unit_task;

typedef struct md_unit {
    unit_type type;
    size_t offset;  /* of its plain text in md_units.text (NUL-terminated there) */
    size_t len;
    size_t lead;    /* bytes at the start of the text that were bold ("**Title**: …"), else 0 */
    unsigned level; /* heading level */
    unsigned depth; /* list nesting depth of an item (1 = top level) */
    bool ordered;   /* item of a numbered list */
    bool has_children; /* an item with a nested list under it ("- **Next.js**" then "  - SSR") */
    unit_task task; /* task-list state of an item */
    bool header;    /* table header cell */
    size_t table, row, col; /* a cell's table (counting from 1 per parse), row and column */
} md_unit;

typedef struct md_units {
    md_unit *items; /* owned */
    size_t count;
    size_t capacity;
    nx_buf text;    /* owned; every unit's text, each followed by a NUL */
} md_units;

/* Reads markdown[0..len) (valid UTF-8 expected, as md_section.markdown is).
 * Returns 0, or -1 when out of memory. Free with md_units_free. */
int md_units_parse(const char *markdown, size_t len, md_units *out);

static inline const char *md_unit_text(const md_units *units, const md_unit *unit)
{
    return units->text.data + unit->offset;
}

void md_units_free(md_units *units);

/* analysis_kinds.c: whether a section read into `units` is an open to-do list (unchecked task items, none
 * checked) that its heading path does not call a checklist: work still to do, a roadmap whatever its heading
 * (analysis_facts_read applies it). */
bool analysis_units_open_tasks(const char *heading_path, const md_units *units);

/* analysis_detect.c: the technologies of a section already read into `units`, as analysis_detect_section()
 * finds them in its Markdown. */
int analysis_detect_units(const nx_taxonomy *taxonomy, const md_units *units, section_kind kind, tech_mentions *out);

/* analysis_challenges.c: analysis_extract_challenges() over sections already read, units[i] and kinds[i]
 * being section i's text units and kind. */
int analysis_extract_challenges_read(const md_sections *sections, const md_units *units, const section_kind *kinds,
                                     challenge_pairs *out);

#endif /* NX_ANALYSIS_UNITS_H */
