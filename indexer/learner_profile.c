/* Building the learner document (see learner_profile.h): technology tallies with evidence,
 * outline and challenges, serialised as the profile JSON the server hands out. */
#include "learner_profile.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "nx_text.h"

/* Caps that keep one learner document small whatever the repository holds. */
#define MAX_SECTION_EVIDENCE 8
#define MAX_FILE_EVIDENCE 5
#define MAX_OUTLINE 400
#define MAX_CHALLENGES 100

struct tech_tally {
    unsigned weight;  /* evidence weight of coverage in the learner's own documentation; 0 = not covered */
    bool mentioned;   /* named somewhere, even only weakly */
    bool file_signal; /* a repository file shows it */
    json_t *evidence; /* owned array */
    size_t section_evidence, file_evidence;
};

int learner_profile_init(learner_profile *profile, const nx_taxonomy *taxonomy)
{
    memset(profile, 0, sizeof *profile);
    profile->taxonomy = taxonomy;
    profile->techs = calloc(nx_taxonomy_count(taxonomy) + 1, sizeof *profile->techs);
    profile->outline = json_array();
    profile->challenges = json_array();
    if (profile->techs && profile->outline && profile->challenges) return 0;
    learner_profile_free(profile);
    return -1;
}

/* Appends `item` (a new reference, may be NULL) to `array`, remembering a failure. */
static void append(learner_profile *profile, json_t *array, json_t *item)
{
    if (!item || json_array_append_new(array, item) != 0) profile->failed = true;
}

/* Text that came from a repository is repaired rather than rejected by jansson. */
static json_t *text(const char *value)
{
    if (!value) return json_string("");
    size_t len = strlen(value);
    if (nx_utf8_valid(value, len)) return json_stringn(value, len);
    nx_buf repaired = {0};
    nx_utf8_sanitize(&repaired, value, len);
    json_t *s = repaired.failed ? NULL : json_stringn(repaired.data ? repaired.data : "", repaired.len);
    nx_buf_free(&repaired);
    return s;
}

static tech_tally *tally_of(learner_profile *profile, size_t tech)
{
    if (tech >= nx_taxonomy_count(profile->taxonomy)) return NULL;
    tech_tally *tally = &profile->techs[tech];
    if (!tally->evidence && !(tally->evidence = json_array())) profile->failed = true;
    return tally->evidence ? tally : NULL;
}

/* The learner's own words outside roadmaps and boilerplate count; roadmap lines, unchecked to-dos and
 * "not used" never reach here (analysis_detect_section drops them). A programme brief pasted as the
 * README counts too: a learner who kept the brief's "Technologies Used" built the project with them
 * (read that way in the labelled set: 13 of its learner-technology pairs come only from such files,
 * 4 wrong claims with them). Templates and generated files are other people's words and do not. */
static bool counts_as_coverage(section_kind kind, file_origin origin)
{
    return (origin == FILE_OWN || origin == FILE_BRIEF) && kind != KIND_ROADMAP && kind != KIND_BOILERPLATE;
}

/* How much one section adds: a described use counts more than a badge or a bare list item, and
 * most in a challenge or solution, where the learner worked through a problem with it. */
static unsigned coverage_weight(section_kind kind, tech_strength strength)
{
    if (strength != TECH_COVERED) return 1;
    return (kind == KIND_CHALLENGES || kind == KIND_SOLUTIONS) ? 4 : 3;
}

static void add_outline_entry(learner_profile *profile, const char *path, const md_section *section,
                              section_kind kind)
{
    if (section->level == 0 || json_array_size(profile->outline) >= MAX_OUTLINE) return;
    append(profile, profile->outline,
           json_pack("{s:o,s:o,s:o,s:o,s:i,s:s}", "path", text(path), "heading", text(section->heading),
                     "heading_path", text(section->heading_path), "anchor", text(section->anchor), "level",
                     (int)section->level, "kind", analysis_kind_id(kind)));
}

void learner_profile_add_section(learner_profile *profile, const char *path, const md_section *section,
                                 section_kind kind, file_origin origin, const tech_mentions *found)
{
    add_outline_entry(profile, path, section, kind);
    /* An option offered to the reader is named there, not used (JUDGING's "option or alternative"). */
    const bool offered = analysis_heading_offers(section->heading_path);
    for (size_t i = 0; i < found->count; i++) {
        const tech_mention *m = &found->items[i];
        tech_tally *tally = tally_of(profile, m->tech);
        if (!tally) continue;
        bool covers = counts_as_coverage(kind, origin) && !offered && !m->offered;
        tally->mentioned = true;
        if (covers) tally->weight += coverage_weight(kind, m->strength);
        if (tally->section_evidence >= MAX_SECTION_EVIDENCE) continue;
        tally->section_evidence++;
        append(profile, tally->evidence,
               json_pack("{s:o,s:o,s:o,s:s,s:s,s:s,s:b}", "path", text(path), "heading_path",
                         text(section->heading_path), "anchor", text(section->anchor), "kind",
                         analysis_kind_id(kind), "origin", analysis_origin_id(origin), "strength",
                         m->strength == TECH_COVERED ? "covered" : "mentioned", "counts", covers));
    }
}

void learner_profile_add_challenge(learner_profile *profile, const char *path, const md_section *section,
                                   const challenge_pair *pair, file_origin origin, const tech_mentions *found)
{
    if (json_array_size(profile->challenges) < MAX_CHALLENGES) {
        json_t *techs = json_array();
        for (size_t i = 0; techs && i < found->count; i++)
            append(profile, techs, json_string(nx_taxonomy_get(profile->taxonomy, found->items[i].tech)->id));
        append(profile, profile->challenges,
               json_pack("{s:o,s:o,s:o,s:o,s:o,s:s,s:o*}", "challenge", text(pair->challenge), "solution",
                         text(pair->solution), "path", text(path), "heading_path", text(section->heading_path),
                         "anchor", text(section->anchor), "origin", analysis_origin_id(origin), "technologies",
                         techs));
    }
    if (origin != FILE_OWN) return;
    for (size_t i = 0; i < found->count; i++) {
        if (found->items[i].offered) continue;
        tech_tally *tally = tally_of(profile, found->items[i].tech);
        if (tally) tally->weight += found->items[i].strength == TECH_COVERED ? 2 : 1;
    }
}

void learner_profile_add_file(learner_profile *profile, const char *path, const tech_mentions *found)
{
    for (size_t i = 0; i < found->count; i++) {
        tech_tally *tally = tally_of(profile, found->items[i].tech);
        if (!tally) continue;
        tally->file_signal = true;
        tally->mentioned = true;
        if (tally->file_evidence >= MAX_FILE_EVIDENCE) continue;
        tally->file_evidence++;
        /* The project uses it, but coverage is what the learner's documentation says. */
        append(profile, tally->evidence, json_pack("{s:o,s:s,s:b}", "file", text(path), "strength", "covered",
                                                   "counts", 0));
    }
}

/* The state of a technology the profile names: covered by the learner's own writing, else shown by a
 * repository file, else only mentioned. */
static const char *tech_state(const tech_tally *tally, unsigned weight)
{
    return weight > 0 ? "covered" : tally->file_signal ? "signalled" : "mentioned";
}

/* The evidence item that shows a state (a counting section for covered, a file for signalled, any
 * section for mentioned), else the first one; NULL without evidence. server/coverage.c applies the same
 * rule to profiles written before the states were recorded. */
static json_t *state_evidence(json_t *evidence, const char *state)
{
    size_t i;
    json_t *item;
    json_array_foreach(evidence, i, item) {
        bool is_file = json_object_get(item, "file") != NULL;
        bool counts = json_is_true(json_object_get(item, "counts"));
        if ((strcmp(state, "covered") == 0 && counts) || (strcmp(state, "signalled") == 0 && is_file) ||
            (strcmp(state, "mentioned") == 0 && !is_file))
            return item;
    }
    return json_array_get(evidence, 0);
}

/* A path or anchor as a field of the states record: the separators cannot occur in it. */
static void append_field(nx_buf *out, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++)
        if (*p != '\x1e' && *p != '\x1f')
            nx_buf_append_char(out, *p);
}

/* One record of nx_learner_profile_t.tech_states: id US state US path US anchor RS. */
static void append_state(nx_buf *out, const char *id, const tech_tally *tally, unsigned weight)
{
    const char *state = tech_state(tally, weight);
    json_t *shown = state_evidence(tally->evidence, state);
    const char *path = json_string_value(json_object_get(shown, "path"));
    nx_buf_append_str(out, id);
    nx_buf_append_char(out, '\x1f');
    nx_buf_append_str(out, state);
    nx_buf_append_char(out, '\x1f');
    append_field(out, path ? path : json_string_value(json_object_get(shown, "file")));
    nx_buf_append_char(out, '\x1f');
    append_field(out, json_string_value(json_object_get(shown, "anchor")));
    nx_buf_append_char(out, '\x1e');
}

static json_t *technologies_json(learner_profile *profile, nx_tech_ref_t *refs, size_t *n_refs, nx_buf *states)
{
    json_t *list = json_array();
    if (!list) return NULL;
    for (size_t t = 0; t < nx_taxonomy_count(profile->taxonomy); t++) {
        tech_tally *tally = &profile->techs[t];
        if (!tally->mentioned) continue;
        const nx_technology *tech = nx_taxonomy_get(profile->taxonomy, t);
        /* A repository file confirming a documented technology makes the coverage weigh more. */
        unsigned weight = tally->weight ? tally->weight + (tally->file_signal ? 1 : 0) : 0;
        if (weight > 0) refs[(*n_refs)++] = (nx_tech_ref_t){.id = tech->id, .count = weight, .covered = 1};
        append_state(states, tech->id, tally, weight);
        append(profile, list,
               json_pack("{s:s,s:b,s:b,s:i,s:O}", "id", tech->id, "covered", weight > 0, "signalled",
                         tally->file_signal, "weight", (int)weight, "evidence", tally->evidence));
    }
    return list;
}

int learner_profile_finish(learner_profile *profile, nx_learner_profile_t *out, nx_tech_ref_t **refs, char **json,
                           char **states)
{
    *refs = NULL;
    *json = NULL;
    *states = NULL;
    size_t n_refs = 0;
    nx_buf state_text = {0};
    nx_tech_ref_t *array = calloc(nx_taxonomy_count(profile->taxonomy) + 1, sizeof *array);
    json_t *techs = array ? technologies_json(profile, array, &n_refs, &state_text) : NULL;
    json_t *body = techs ? json_pack("{s:o,s:O,s:O}", "technologies", techs, "outline", profile->outline,
                                     "challenges", profile->challenges)
                         : NULL;
    char *text = body && !profile->failed ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    /* A learner naming no technology has no states: the empty text, which the buffer holds as NULL. */
    char *state_list = state_text.failed ? NULL : state_text.data ? nx_buf_take(&state_text) : strdup("");
    nx_buf_free(&state_text);
    if (!text || !state_list) {
        free(array);
        free(text);
        free(state_list);
        return -1;
    }
    out->techs = array;
    out->n_techs = n_refs;
    out->profile_json = text;
    out->tech_states = state_list;
    *refs = array;
    *json = text;
    *states = state_list;
    return 0;
}

void learner_profile_free(learner_profile *profile)
{
    for (size_t t = 0; profile->techs && t < nx_taxonomy_count(profile->taxonomy); t++)
        json_decref(profile->techs[t].evidence);
    free(profile->techs);
    json_decref(profile->outline);
    json_decref(profile->challenges);
    memset(profile, 0, sizeof *profile);
}
