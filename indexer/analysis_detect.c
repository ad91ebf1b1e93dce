/* Technologies in a section's Markdown, with how strongly each is covered (prose, badge, bare
 * list item) and which mentions do not count (roadmaps, open to-dos, negations, future plans). */
#include "analysis.h"
#include "analysis_units.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SENTENCE_REACH 400 /* bytes looked at around a match for its sentence */
#define NEGATION_WORDS_BEFORE 3
#define NEGATION_WORDS_AFTER 5
#define BARE_MAX_OTHER_WORDS 2
#define MAX_UNIT_MATCHES 256

/* ---- Mention tables ------------------------------------------------------ */

static int add_mention(tech_mentions *out, size_t tech, tech_strength strength, unsigned count)
{
    for (size_t i = 0; i < out->count; i++) {
        tech_mention *m = &out->items[i];
        if (m->tech != tech)
            continue;
        m->count += count;
        if (strength > m->strength)
            m->strength = strength;
        return 0;
    }
    tech_mention *grown = realloc(out->items, (out->count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    out->items = grown;
    out->items[out->count++] = (tech_mention){.tech = tech, .count = count, .strength = strength};
    return 0;
}

static int by_tech(const void *a, const void *b)
{
    const tech_mention *x = a, *y = b;
    return x->tech < y->tech ? -1 : x->tech > y->tech;
}

static void sort_mentions(tech_mentions *out)
{
    if (out->count > 1)
        qsort(out->items, out->count, sizeof *out->items, by_tech);
}

void tech_mentions_free(tech_mentions *mentions)
{
    if (!mentions)
        return;
    free(mentions->items);
    *mentions = (tech_mentions){0};
}

/* ---- Words around a match ------------------------------------------------ */

static bool is_word_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '\'' || c >= 0x80;
}

/* A sentence ends at . ! ? ; or a line break; "Node.js" and "3.11" do not end one. */
static bool ends_sentence(const char *text, size_t len, size_t i)
{
    char c = text[i];
    if (c == '\n' || c == '!' || c == '?' || c == ';')
        return true;
    return c == '.' && (i + 1 >= len || isspace((unsigned char)text[i + 1]));
}

static size_t sentence_start(const char *text, size_t len, size_t at)
{
    size_t limit = at > SENTENCE_REACH ? at - SENTENCE_REACH : 0;
    while (at > limit && !ends_sentence(text, len, at - 1))
        at--;
    return at;
}

static size_t sentence_end(const char *text, size_t len, size_t at)
{
    size_t limit = len - at > SENTENCE_REACH ? at + SENTENCE_REACH : len;
    while (at < limit && !ends_sentence(text, len, at))
        at++;
    return at;
}

typedef struct word {
    const char *s;
    size_t len;
} word;

/* Up to max words of text[from..to), lowercase comparison left to callers. */
static size_t words_in(const char *text, size_t from, size_t to, word *words, size_t max)
{
    size_t n = 0;
    size_t i = from;
    while (i < to && n < max) {
        while (i < to && !is_word_char((unsigned char)text[i]))
            i++;
        size_t start = i;
        while (i < to && is_word_char((unsigned char)text[i]))
            i++;
        if (i > start)
            words[n++] = (word){text + start, i - start};
    }
    return n;
}

static bool word_is(const word *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == w->len && strncasecmp(list[i], w->s, w->len) == 0)
            return true;
    return false;
}

static const char *const negators[] = {
    "not", "no", "without", "never", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't",
    "won't", "cannot", "can't", "nor", "neither", "dont", "doesnt", "didnt",
    /* the same with a typographic apostrophe */
    "don\xE2\x80\x99t", "doesn\xE2\x80\x99t", "didn\xE2\x80\x99t", "isn\xE2\x80\x99t",
    "wasn\xE2\x80\x99t", "won\xE2\x80\x99t", "can\xE2\x80\x99t", NULL};
static const char *const use_verbs[] = {
    "used", "needed", "required", "included", "implemented", "supported", "necessary", "involved", "integrated",
    "use", "need", "require", "support", "configured", "installed", NULL};

static const char *const be_verbs[] = {"is", "was", "are", "were", "isn't", "wasn't", "aren't", "weren't",
                                       "isnt", "wasnt", "arent", NULL};
static const char *const be_negated[] = {"isn't", "wasn't", "aren't", "weren't", "isnt", "wasnt", "arent", NULL};

static bool is_word(const word *w, const char *text)
{
    return strlen(text) == w->len && strncasecmp(text, w->s, w->len) == 0;
}

/* "we do not use Redis", "no Celery", "without Docker", "Redis instead of
 * Memcached": a negator among the few words before the match. */
static bool negated_before(const char *text, size_t len, size_t start)
{
    word before[64];
    size_t from = sentence_start(text, len, start);
    size_t n = words_in(text, from, start, before, 64);
    size_t first = n > NEGATION_WORDS_BEFORE ? n - NEGATION_WORDS_BEFORE : 0;
    for (size_t i = first; i < n; i++) {
        if (is_word(&before[i], "instead")) {
            if (i + 1 < n && is_word(&before[i + 1], "of"))
                return true;
            continue;
        }
        if (word_is(&before[i], negators))
            return true;
    }
    return false;
}

/* "Redis is not used", "Docker wasn't needed": a negated "to be" right after
 * the match, then a use verb. */
static bool negated_after(const char *text, size_t len, size_t end)
{
    word after[NEGATION_WORDS_AFTER];
    size_t m = words_in(text, end, sentence_end(text, len, end), after, NEGATION_WORDS_AFTER);
    if (m < 2 || !word_is(&after[0], be_verbs))
        return false;
    bool negative = word_is(&after[0], be_negated) || is_word(&after[1], "not");
    for (size_t i = 1; negative && i < m; i++)
        if (word_is(&after[i], use_verbs))
            return true;
    return false;
}

static bool negated(const char *text, size_t len, size_t start, size_t end)
{
    return negated_before(text, len, start) || negated_after(text, len, end);
}

static const char *const future_words[] = {"future", "roadmap", "todo", "upcoming", "planned", "someday",
                                           "eventually", "wishlist", NULL};
static const char *const plan_words[] = {"plan", "plans", "planning", "intend", "intends", "hope", "hoping",
                                         NULL};
static const char *const will_words[] = {"will", "would", "could", "might", "may", NULL};
static const char *const change_verbs[] = {"add", "integrate", "implement", "introduce", "migrate", "support",
                                           "explore", "adopt", "like", "be", "consider", NULL};

/* "we plan to add Kafka", "future: Redis caching", "will integrate Stripe". */
static bool about_the_future(const char *text, size_t len, size_t start, size_t end)
{
    word words[80];
    size_t from = sentence_start(text, len, start);
    size_t to = sentence_end(text, len, end);
    size_t n = words_in(text, from, to, words, 80);
    for (size_t i = 0; i < n; i++) {
        if (word_is(&words[i], future_words))
            return true;
        bool next_to = i + 1 < n && words[i + 1].len == 2 && strncasecmp(words[i + 1].s, "to", 2) == 0;
        if (word_is(&words[i], plan_words) && next_to)
            return true;
        if (word_is(&words[i], will_words) && i + 1 < n && word_is(&words[i + 1], change_verbs))
            return true;
    }
    return false;
}

/* ---- Names that are part of a file name or an address ------------------------------ */

static bool is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Python's "from django.db import models" names modules, not files. */
static bool on_import_line(const char *text, size_t start)
{
    size_t line = start;
    while (line > 0 && text[line - 1] != '\n')
        line--;
    while (text[line] == ' ' || text[line] == '\t')
        line++;
    return strncmp(text + line, "from ", 5) == 0 || strncmp(text + line, "import ", 7) == 0;
}

#define MAX_EXTENSION 7 /* "schema.graphql"; "django.db.backends.postgresql" is a module path */

/* "globals.css", "api.html", "[...nextauth].ts", "eslint.config.mjs", "vercel.svg", "github.com/…",
 * "https://render.com/docs": the word names a file or a host, not the technology. A connection URL's
 * scheme ("redis://…") still counts: it configures the technology. "Express.js" is a name, not a file,
 * and "Django 4.x" a version. */
static bool in_file_name(const char *text, size_t len, size_t start, size_t end)
{
    if (start > 1 && text[start - 1] == '.' && !isspace((unsigned char)text[start - 2]) &&
        end - start <= MAX_EXTENSION)
        return true;
    bool version = isdigit((unsigned char)text[end - 1]);
    if (!version && end + 1 < len && text[end] == '.' && is_ascii_letter(text[end + 1]) &&
        !on_import_line(text, start)) {
        bool js = end + 3 <= len && strncasecmp(text + end, ".js", 3) == 0 &&
                  (end + 3 == len || !is_word_char((unsigned char)text[end + 3]));
        if (!js)
            return true;
    }
    size_t token = start; /* an address runs without spaces back to its scheme */
    while (token > 0 && !isspace((unsigned char)text[token - 1]) && text[token - 1] != '(' && text[token - 1] != '<')
        token--;
    for (size_t i = token; i + 3 <= start; i++)
        if (memcmp(text + i, "://", 3) == 0)
            return true;
    return false;
}

/* ---- Units ---------------------------------------------------------------- */

typedef struct unit_scan {
    nx_tech_match matches[MAX_UNIT_MATCHES];
    size_t count;
} unit_scan;

static bool collect(const nx_tech_match *match, void *data)
{
    unit_scan *scan = data;
    if (scan->count < MAX_UNIT_MATCHES)
        scan->matches[scan->count++] = *match;
    return scan->count < MAX_UNIT_MATCHES;
}

static const char *const filler_words[] = {"and", "or", "for", "with", "the", "a", "an", "of", "to", "in", "as",
                                           "using", "via", "on", "by", "version", "latest", NULL};

/* A list item or cell that is little more than names: "Django", "PostgreSQL
 * (database)", "Celery + Redis for background tasks". */
static bool is_bare(const char *text, size_t len, size_t lead, const unit_scan *scan)
{
    unsigned others = 0;
    size_t next_match = 0;
    size_t i = 0;
    /* A bold lead naming no technology is a category label: "**Styling:** Tailwind". */
    if (lead && !(scan->count && scan->matches[0].start < lead))
        i = lead;
    while (i < len) {
        if (next_match < scan->count && i >= scan->matches[next_match].start) {
            i = scan->matches[next_match++].end;
            continue;
        }
        if (!is_word_char((unsigned char)text[i])) {
            i++;
            continue;
        }
        size_t start = i;
        bool letters = false;
        while (i < len && is_word_char((unsigned char)text[i]) &&
               !(next_match < scan->count && i >= scan->matches[next_match].start)) {
            letters = letters || isalpha((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80;
            i++;
        }
        word w = {text + start, i - start};
        if (letters && w.len > 1 && !word_is(&w, filler_words))
            others++;
    }
    return others <= BARE_MAX_OTHER_WORDS;
}

/* Kinds whose lists and tables enumerate technologies rather than use them. */
static bool lists_names(section_kind kind)
{
    return kind == KIND_TECHNOLOGIES || kind == KIND_OVERVIEW || kind == KIND_OTHER ||
           kind == KIND_BOILERPLATE || kind == KIND_CONCEPTS || kind == KIND_SETUP;
}

static tech_strength unit_strength(const md_unit *unit, section_kind kind, const char *text,
                                   const unit_scan *scan)
{
    if (unit->type == UNIT_IMAGE || kind == KIND_BOILERPLATE)
        return TECH_MENTIONED;
    bool listed = (unit->type == UNIT_ITEM && !unit->has_children) || unit->type == UNIT_CELL;
    if (listed && lists_names(kind) && is_bare(text, unit->len, unit->lead, scan))
        return TECH_MENTIONED;
    return TECH_COVERED;
}

static int detect_unit(const nx_taxonomy *taxonomy, const md_units *units, const md_unit *unit,
                       section_kind kind, tech_mentions *out)
{
    if (unit->type == UNIT_ITEM && unit->task == TASK_OPEN)
        return 0;
    const char *text = md_unit_text(units, unit);
    unit_scan *scan = malloc(sizeof *scan); /* only `count` needs a value: no 8 KB memset per unit */
    if (scan)
        scan->count = 0;
    if (!scan || nx_taxonomy_scan(taxonomy, text, unit->len, collect, scan) != 0) {
        free(scan);
        return -1;
    }
    tech_strength strength = unit_strength(unit, kind, text, scan);
    bool prose = unit->type != UNIT_CODE && unit->type != UNIT_IMAGE;
    int rc = 0;
    for (size_t i = 0; i < scan->count && rc == 0; i++) {
        const nx_tech_match *m = &scan->matches[i];
        if (in_file_name(text, unit->len, m->start, m->end))
            continue;
        if (prose && (negated(text, unit->len, m->start, m->end) ||
                      about_the_future(text, unit->len, m->start, m->end)))
            continue;
        rc = add_mention(out, m->tech, strength, 1);
    }
    free(scan);
    return rc;
}

int analysis_detect_section(const nx_taxonomy *taxonomy, const char *markdown, size_t len, section_kind kind,
                            tech_mentions *out)
{
    *out = (tech_mentions){0};
    if (!taxonomy || !markdown || kind == KIND_ROADMAP)
        return 0;
    md_units units;
    if (md_units_parse(markdown, len, &units) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < units.count && rc == 0; i++)
        rc = detect_unit(taxonomy, &units, &units.items[i], kind, out);
    md_units_free(&units);
    if (rc != 0) {
        tech_mentions_free(out);
        return -1;
    }
    sort_mentions(out);
    return 0;
}
