/* Suggestions as you type (see suggest.h). Ranked by how many learners a suggestion concerns, because
 * that is what a mentor can ask about usefully; an exact match of the whole prefix comes first, and on
 * ties technologies before headings before learners (a technology is what the search knows best). */
#include "suggest.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json_writer.h"
#include "shard_state.h"

static const char *const TYPE_NAMES[] = {"technology", "heading", "learner"};
enum { TYPE_TECHNOLOGY, TYPE_HEADING, TYPE_LEARNER };

typedef struct suggestion {
    const char *text; /* borrowed from the taxonomy or the shim's suggestions */
    const char *id;   /* technologies: the taxonomy id; else NULL */
    const char *name; /* technologies: the display name; else NULL */
    int type;
    uint64_t learners;
    bool exact;
} suggestion_t;

typedef struct suggestion_list {
    suggestion_t *items;
    size_t count, capacity;
} suggestion_list_t;

static bool add(suggestion_list_t *list, suggestion_t item)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 32;
        suggestion_t *grown = realloc(list->items, capacity * sizeof *grown);
        if (!grown)
            return false;
        list->items = grown;
        list->capacity = capacity;
    }
    list->items[list->count++] = item;
    return true;
}

/* Taxonomy spellings are ASCII, so a byte-wise case-insensitive comparison is the right one. */
static bool starts_with(const char *text, const char *prefix, size_t prefix_len)
{
    return strncasecmp(text, prefix, prefix_len) == 0;
}

/* One suggestion per technology: its name when that matches, else its first matching alias. */
static bool add_technologies(nx_db_t *db, const nx_taxonomy *taxonomy, const char *prefix, suggestion_list_t *list,
                             nx_status_t *status)
{
    size_t len = strlen(prefix);
    for (size_t t = 0; t < nx_taxonomy_count(taxonomy); t++) {
        const nx_technology *tech = nx_taxonomy_get(taxonomy, t);
        const char *matched = NULL;
        for (size_t a = 0; !matched && a < tech->alias_count; a++) /* alias 0 is the name */
            if (starts_with(tech->aliases[a].text, prefix, len))
                matched = tech->aliases[a].text;
        if (!matched)
            continue;
        uint64_t learners = 0;
        if ((*status = nx_db_tech_learners(db, tech->id, &learners)) != NX_OK)
            return false;
        suggestion_t item = {.text = matched, .id = tech->id, .name = tech->name, .type = TYPE_TECHNOLOGY,
                             .learners = learners, .exact = strcasecmp(matched, prefix) == 0};
        if (!add(list, item))
            return false;
    }
    return true;
}

/* True when a technology suggestion already says `text` (a heading "docker" adds nothing to Docker). */
static bool said_by_technology(const suggestion_list_t *list, const char *text)
{
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].type == TYPE_TECHNOLOGY && strcasecmp(list->items[i].text, text) == 0)
            return true;
    return false;
}

static bool add_index_suggestions(const nx_suggestions_t *found, const char *prefix, suggestion_list_t *list)
{
    for (size_t i = 0; i < nx_suggestions_count(found); i++) {
        nx_suggestion_t s;
        if (nx_suggestions_get(found, i, &s) != NX_OK)
            continue;
        if (s.type == NX_SUGGEST_HEADING && said_by_technology(list, s.text))
            continue;
        suggestion_t item = {.text = s.text, .type = s.type == NX_SUGGEST_HEADING ? TYPE_HEADING : TYPE_LEARNER,
                             .learners = s.learners, .exact = strcasecmp(s.text, prefix) == 0};
        if (!add(list, item))
            return false;
    }
    return true;
}

static int best_first(const void *a, const void *b)
{
    const suggestion_t *x = a, *y = b;
    if (x->exact != y->exact)
        return x->exact ? -1 : 1;
    if (x->learners != y->learners)
        return x->learners > y->learners ? -1 : 1;
    if (x->type != y->type)
        return x->type - y->type;
    return strcasecmp(x->text, y->text);
}

static char *suggestions_json(const char *prefix, const suggestion_list_t *list, unsigned limit, const nx_db_t *db)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_member_string(&w, "q", prefix);
    nx_jw_key(&w, "suggestions");
    nx_jw_begin_array(&w);
    for (size_t i = 0; i < list->count && i < limit; i++) {
        const suggestion_t *s = &list->items[i];
        nx_jw_begin_object(&w);
        nx_jw_member_string(&w, "text", s->text);
        nx_jw_member_string(&w, "type", TYPE_NAMES[s->type]);
        nx_jw_member_integer(&w, "learners", (int64_t)s->learners);
        if (s->id) {
            nx_jw_member_string(&w, "id", s->id);
            nx_jw_member_string(&w, "name", s->name);
        }
        nx_jw_end_object(&w);
    }
    nx_jw_end_array(&w);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
}

nx_status_t nx_suggest_answer(nx_db_t *db, const nx_taxonomy *taxonomy, const char *prefix, unsigned limit,
                              char **body_out)
{
    *body_out = NULL;
    nx_suggestions_t *found = NULL;
    nx_status_t status = nx_db_suggest(db, prefix, limit, &found);
    if (status)
        return status;
    suggestion_list_t list = {0};
    bool ok = add_technologies(db, taxonomy, prefix, &list, &status) && add_index_suggestions(found, prefix, &list);
    if (ok) {
        if (list.count) /* nothing matched: no array, and qsort must not be given NULL */
            qsort(list.items, list.count, sizeof *list.items, best_first);
        *body_out = suggestions_json(prefix, &list, limit, db);
    }
    free(list.items);
    nx_suggestions_free(found); /* after the answer: its texts are borrowed from it */
    if (status)
        return status;
    return *body_out ? NX_OK : NX_ERR_NOMEM;
}
