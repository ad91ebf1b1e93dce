/* Each section read once (see analysis.h, "Each section read once"): text units and kind per section,
 * made here and read by technology detection and challenge extraction. */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "analysis_units.h"

struct file_facts {
    size_t count;
    md_units *units;     /* owned, one per section */
    section_kind *kinds; /* owned, one per section */
};

void analysis_facts_free(file_facts *facts)
{
    if (!facts)
        return;
    for (size_t i = 0; facts->units && i < facts->count; i++)
        md_units_free(&facts->units[i]);
    free(facts->units);
    free(facts->kinds);
    free(facts);
}

int analysis_facts_read(const md_sections *sections, file_facts **out)
{
    *out = NULL;
    file_facts *facts = calloc(1, sizeof *facts);
    size_t n = sections ? sections->count : 0;
    if (!facts)
        return -1;
    facts->units = calloc(n ? n : 1, sizeof *facts->units);
    facts->kinds = calloc(n ? n : 1, sizeof *facts->kinds);
    if (!facts->units || !facts->kinds) {
        analysis_facts_free(facts);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const md_section *s = &sections->items[i];
        const char *markdown = s->markdown ? s->markdown : "";
        facts->count = i + 1; /* so a failed parse's units are freed too (freeing freed units is harmless) */
        if (md_units_parse(markdown, strlen(markdown), &facts->units[i]) != 0) {
            analysis_facts_free(facts);
            return -1;
        }
        facts->kinds[i] = analysis_classify_section(s->heading_path, s->body);
        if (facts->kinds[i] != KIND_ROADMAP && analysis_units_open_tasks(s->heading_path, &facts->units[i]))
            facts->kinds[i] = KIND_ROADMAP; /* the heading cannot tell an open to-do list; its items do */
    }
    *out = facts;
    return 0;
}

section_kind analysis_facts_kind(const file_facts *facts, size_t section)
{
    return section < facts->count ? facts->kinds[section] : KIND_OTHER;
}

/* A tree drawn with box-drawing characters lists files; it shows no code. The UTF-8 of U+251C, U+2514 and
 * U+2502 ("├", "└", "│"). */
static bool is_file_tree(const char *text)
{
    return strstr(text, "\xe2\x94\x9c") || strstr(text, "\xe2\x94\x94") || strstr(text, "\xe2\x94\x82");
}

bool analysis_facts_shows_code(const file_facts *facts, size_t section)
{
    if (section >= facts->count)
        return false;
    const md_units *units = &facts->units[section];
    for (size_t i = 0; i < units->count; i++) {
        const md_unit *unit = &units->items[i];
        if (unit->type == UNIT_CODE && unit->len > 0 && !is_file_tree(md_unit_text(units, unit)))
            return true;
    }
    return false;
}

int analysis_detect_facts(const nx_taxonomy *taxonomy, const file_facts *facts, size_t section, tech_mentions *out)
{
    *out = (tech_mentions){0};
    if (section >= facts->count)
        return 0;
    return analysis_detect_units(taxonomy, &facts->units[section], facts->kinds[section], out);
}

int analysis_extract_challenges_from(const md_sections *sections, const file_facts *facts, challenge_pairs *out)
{
    *out = (challenge_pairs){0};
    if (!sections || sections->count != facts->count)
        return sections && sections->count ? -1 : 0;
    return analysis_extract_challenges_read(sections, facts->units, facts->kinds, out);
}
