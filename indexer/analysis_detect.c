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

static int add_mention(tech_mentions *out, size_t tech, tech_strength strength, unsigned count, bool offered)
{
    for (size_t i = 0; i < out->count; i++) {
        tech_mention *m = &out->items[i];
        if (m->tech != tech)
            continue;
        m->count += count;
        if (strength > m->strength)
            m->strength = strength;
        m->offered = m->offered && offered;
        return 0;
    }
    tech_mention *grown = realloc(out->items, (out->count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    out->items = grown;
    out->items[out->count++] = (tech_mention){.tech = tech, .count = count, .strength = strength, .offered = offered};
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

/* Every technology found in one unit, in text order. */
typedef struct unit_scan {
    nx_tech_match matches[MAX_UNIT_MATCHES];
    size_t count;
} unit_scan;


/* The offset where the line holding offset `at` of `text` begins. */
static size_t line_start(const char *text, size_t at)
{
    while (at > 0 && text[at - 1] != '\n')
        at--;
    return at;
}

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

/* "GitHub Actions (did not use it in the project)", "Kafka (not used)": a bracket right after the name
 * that opens with a negation. */
static bool negated_in_brackets(const char *text, size_t len, size_t end)
{
    size_t at = end;
    while (at < len && (text[at] == ' ' || text[at] == '*' || text[at] == '_' || text[at] == '`'))
        at++;
    if (at >= len || text[at] != '(')
        return false;
    const char *close = memchr(text + at, ')', len - at);
    word w[NEGATION_WORDS_BEFORE];
    size_t n = words_in(text, at + 1, close ? (size_t)(close - text) : len, w, NEGATION_WORDS_BEFORE);
    for (size_t i = 0; i < n; i++)
        if (word_is(&w[i], negators))
            return true;
    return false;
}

static bool negated(const char *text, size_t len, size_t start, size_t end)
{
    return negated_before(text, len, start) || negated_after(text, len, end) || negated_in_brackets(text, len, end);
}

static const char *const future_words[] = {"future", "roadmap", "todo", "upcoming", "planned", "someday",
                                           "eventually", "wishlist", NULL};
static const char *const plan_words[] = {"plan", "plans", "planning", "intend", "intends", "hope", "hoping",
                                         NULL};
static const char *const will_words[] = {"will", "would", "could", "might", "may", NULL};
static const char *const change_verbs[] = {"add", "integrate", "implement", "introduce", "migrate", "support",
                                           "explore", "adopt", "like", "be", "consider", NULL};

/* The "(" that `at` is inside of, looking back to `from`; NULL when `at` is not in brackets. */
static const char *open_bracket(const char *text, size_t from, size_t at)
{
    while (at > from) {
        at--;
        if (text[at] == ')')
            return NULL;
        if (text[at] == '(')
            return text + at;
    }
    return NULL;
}

/* Whether only spaces and emphasis separate text[end..) from `bracket`: "Docker (future)". */
static bool bracket_follows(const char *text, size_t end, const char *bracket)
{
    const char *at = text + end;
    while (at < bracket && (*at == ' ' || *at == '*' || *at == '_' || *at == '`'))
        at++;
    return at == bracket;
}

/* Whether the bracket at `bracket` qualifies a label: "**CI (future):** add GitHub Actions". */
static bool bracket_of_a_label(const char *text, size_t len, const char *bracket)
{
    const char *close = memchr(bracket, ')', len - (size_t)(bracket - text));
    if (!close)
        return false;
    close++;
    while (close < text + len && (*close == ' ' || *close == '*' || *close == '_'))
        close++;
    return close < text + len && *close == ':';
}

/* "we plan to add Kafka", "future: Redis caching", "will integrate Stripe", "- **Docker** - deployment
 * (planned)". A future word in brackets right after another name plans that name, not the whole line:
 * "Git, GitHub, Docker (future)" plans Docker only, "live updates (future: WebSocket)" WebSocket; a bracket in
 * a label ("**CI (future):** …") plans the line. `names` (may be NULL) are the unit's technologies. */
static bool about_the_future(const char *text, size_t len, size_t start, size_t end, const unit_scan *names)
{
    word words[80];
    size_t from = sentence_start(text, len, start);
    size_t to = sentence_end(text, len, end);
    size_t n = words_in(text, from, to, words, 80);
    for (size_t i = 0; i < n; i++) {
        if (word_is(&words[i], future_words)) {
            const char *bracket = open_bracket(text, from, (size_t)(words[i].s - text));
            if (!bracket || bracket_follows(text, end, bracket) || open_bracket(text, from, start) == bracket ||
                bracket_of_a_label(text, len, bracket))
                return true;
            bool after_another = false;
            for (size_t k = 0; names && k < names->count && !after_another; k++)
                after_another = names->matches[k].start != start && names->matches[k].end <= (size_t)(bracket - text) &&
                                bracket_follows(text, names->matches[k].end, bracket);
            if (!after_another)
                return true;
            continue;
        }
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
    size_t line = line_start(text, start);
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

/* ---- Options, examples and alternatives ------------------------------------------- */

static bool collect(const nx_tech_match *match, void *data)
{
    unit_scan *scan = data;
    if (scan->count < MAX_UNIT_MATCHES)
        scan->matches[scan->count++] = *match;
    return scan->count < MAX_UNIT_MATCHES;
}

static bool inside_a_match(const unit_scan *scan, size_t at)
{
    for (size_t i = 0; i < scan->count; i++)
        if (at >= scan->matches[i].start && at < scan->matches[i].end)
            return true;
    return false;
}

/* Words of text[from..to) that are not part of a technology's name. */
static size_t plain_words(const char *text, size_t from, size_t to, const unit_scan *scan, word *words, size_t max)
{
    word all[64];
    size_t n = words_in(text, from, to, all, 64), kept = 0;
    for (size_t i = 0; i < n && kept < max; i++)
        if (!inside_a_match(scan, (size_t)(all[i].s - text)))
            words[kept++] = all[i];
    return kept;
}

/* "e.g." and "i.e." do not end a sentence; "etc." may. */
static bool abbreviation_dot(const char *text, size_t i)
{
    return i >= 3 && text[i - 2] == '.' && isalpha((unsigned char)text[i - 1]) &&
           isalpha((unsigned char)text[i - 3]) && (i < 4 || !is_word_char((unsigned char)text[i - 4]));
}

/* Where the clause holding `at` starts: after a line break, ; : ( ) or a sentence end. `*mark` gets the
 * character that opened it (0 at the start of the unit or the reach). */
static size_t clause_start(const char *text, size_t len, size_t at, char *mark)
{
    size_t limit = at > SENTENCE_REACH ? at - SENTENCE_REACH : 0;
    for (; at > limit; at--) {
        char c = text[at - 1];
        bool stop = c == '\n' || c == ';' || c == ':' || c == '(' || c == ')';
        if (!stop && ends_sentence(text, len, at - 1) && !abbreviation_dot(text, at - 1))
            stop = true;
        if (stop) {
            *mark = c;
            return at;
        }
    }
    *mark = 0;
    return at;
}

static const char *const example_cues[][3] = {
    {"e", "g", NULL}, {"eg", NULL, NULL}, {"such", "as", NULL}, {"for", "example", NULL},
    {"for", "instance", NULL}};

#define EXAMPLE_REACH 10 /* words from "e.g." / "such as" to an example it introduces */

/* Verbs that open a line telling what the learner did: "Used background workers (e.g., Celery)"
 * names, by its example, the tool that was used. */
static const char *const did_verbs[] = {"used", "using", "implemented", "built", "integrated", "configured",
                                        "added", "leveraged", "employed", "applied", "set", "wrote", "created"};

static bool line_tells_what_was_done(const char *text, size_t start)
{
    size_t at = line_start(text, start);
    while (text[at] && !is_word_char((unsigned char)text[at]) && text[at] != '\n')
        at++;
    size_t end = at;
    while (is_word_char((unsigned char)text[end]))
        end++;
    word first = {text + at, end - at};
    for (size_t i = 0; i < sizeof did_verbs / sizeof *did_verbs; i++)
        if (is_word(&first, did_verbs[i]))
            return true;
    return false;
}

/* "(e.g., Redis, Memcached)", "cloud platforms such as Heroku": an example of a kind of thing, not
 * something used, unless the line says what the learner did with that kind of thing. */
static bool given_as_example(const char *text, size_t len, size_t start)
{
    if (line_tells_what_was_done(text, start))
        return false;
    char mark;
    size_t from = clause_start(text, len, start, &mark);
    word w[64];
    size_t n = words_in(text, from, start, w, 64);
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < sizeof example_cues / sizeof *example_cues; c++) {
            size_t k = 0;
            while (k < 3 && example_cues[c][k] && i + k < n && is_word(&w[i + k], example_cues[c][k]))
                k++;
            if ((k == 3 || !example_cues[c][k]) && n - (i + k) <= EXAMPLE_REACH)
                return true;
        }
    return false;
}

#define LIST_ITEM_WORDS 4 /* words one item of a list may have besides its name */

/* "…, or your preferred platform", "or any other provider", "or similar": a list's open end, as "etc". */
static bool open_end_after_or(const char *text, size_t len, size_t at)
{
    static const char *const open_words[] = {"your", "any", "similar", "another", "other", "others", NULL};
    word next[1];
    if (words_in(text, at, len - at > 24 ? at + 24 : len, next, 1) != 1)
        return false;
    for (size_t i = 0; open_words[i]; i++)
        if (is_word(&next[0], open_words[i]))
            return true;
    return false;
}

/* Whether text[at..] runs on as a list (items split by , / & + "and" "or") to "etc" or another open end. */
static bool list_runs_to_etc(const char *text, size_t len, size_t at)
{
    unsigned item_words = 0;
    size_t limit = len - at > SENTENCE_REACH ? at + SENTENCE_REACH : len;
    while (at < limit) {
        unsigned char c = (unsigned char)text[at];
        if (c == ',' || c == '/' || c == '&' || c == '+') {
            item_words = 0;
            at++;
        } else if (c == ' ' || c == '\t' || c == '-' || c == '.') {
            if (c == '.' && ends_sentence(text, len, at))
                return false;
            at++;
        } else if (is_word_char(c)) {
            size_t w = at;
            while (at < limit && is_word_char((unsigned char)text[at]))
                at++;
            word one = {text + w, at - w};
            if (is_word(&one, "etc") || (is_word(&one, "or") && open_end_after_or(text, len, at)))
                return true;
            if (!is_word(&one, "and") && !is_word(&one, "or") && ++item_words > LIST_ITEM_WORDS)
                return false;
        } else {
            return false; /* a line break, ; : ( ) ends the list */
        }
    }
    return false;
}

/* "deploy to Heroku, AWS, etc.", "(Stripe, PayPal, etc.)": names in a list trailing off in "etc" are
 * picks from a range. A stack list does that too ("Tools: Django, DRF, Redis, etc."): a list that
 * starts its line or follows a label's colon, with no words before its first name, is kept. */
static bool in_open_ended_list(const char *text, size_t len, size_t start, size_t end, const unit_scan *scan)
{
    if (!list_runs_to_etc(text, len, end))
        return false;
    char mark;
    size_t from = clause_start(text, len, start, &mark);
    if (mark != 0 && mark != ':' && mark != '\n')
        return true;
    word lead[2];
    size_t first = start;
    for (size_t i = 0; i < scan->count; i++)
        if (scan->matches[i].start >= from && scan->matches[i].start < first)
            first = scan->matches[i].start;
    return words_in(text, from, first, lead, 2) > 0;
}

static const char *const option_words[] = {"optional", "optionally", "option", "options", "alternative",
                                           "alternatives", "alternatively", "recommended", "recommend",
                                           "suggested", "suggest", "consider", "considering", "choice", NULL};
static const char *const option_after_words[] = {"optional", "recommended", "alternative", "suggested", "if",
                                                 NULL};

#define OPTION_WORDS_BEFORE 4

/* "Option B: PythonAnywhere", "Backend (optional): MongoDB", "consider Redis", "Docker (recommended)",
 * "Celery optional", "ESLint (if configured)": offered, not done. A marker after the name must follow it
 * at once or open the parenthesis right after it, so "ReDoc offers alternative documentation" counts. */
static bool offered_as_option(const char *text, size_t len, size_t start, size_t end, const unit_scan *scan)
{
    word before[64];
    size_t n = plain_words(text, sentence_start(text, len, start), start, scan, before, 64);
    size_t first = n > OPTION_WORDS_BEFORE ? n - OPTION_WORDS_BEFORE : 0;
    for (size_t i = first; i < n; i++)
        if (word_is(&before[i], option_words))
            return true;
    size_t at = end;
    while (at < len && (text[at] == ' ' || text[at] == '\t'))
        at++;
    word after[1];
    if (at < len && text[at] == '(')
        return words_in(text, at + 1, sentence_end(text, len, at), after, 1) == 1 &&
               word_is(&after[0], option_after_words);
    return words_in(text, end, sentence_end(text, len, end), after, 1) == 1 && after[0].s == text + at &&
           !inside_a_match(scan, at) && word_is(&after[0], option_after_words) && !is_word(&after[0], "if");
}

/* Where the "or" or "vs" between two names is, skipping what qualifies the first name in parentheses
 * ("npm (v9 or higher) or yarn"); 0 when the two are not joined by one. */
static size_t or_between(const char *text, const nx_tech_match *a, const nx_tech_match *b)
{
    size_t at = a->end;
    while (at < b->start && (text[at] == ' ' || text[at] == '*' || text[at] == '`'))
        at++;
    if (at + 4 < b->start && text[at] == '(' && strncasecmp(text + at + 1, "or ", 3) != 0) {
        const char *close = memchr(text + at, ')', b->start - at);
        if (close)
            at = (size_t)(close - text) + 1;
    }
    word w[3];
    size_t n = words_in(text, at, b->start, w, 3);
    return n == 1 && (is_word(&w[0], "or") || is_word(&w[0], "vs")) ? (size_t)(w[0].s - text) : 0;
}

static const char *const optional_marks[] = {"optional", "recommended", "alternative", "suggested", NULL};

/* "GraphQL – (optional extension) used for flexible queries", "**Elasticsearch**: full-text search (optional)":
 * an item that starts with a name and marks itself optional in brackets offers that name. */
static bool optional_subject(const char *text, size_t len, size_t start, const unit_scan *scan)
{
    size_t line = line_start(text, start);
    for (size_t at = line; at < start; at++) /* a bullet sign ("⦁", "•") may lead the line, no word may */
        if (isalnum((unsigned char)text[at]))
            return false;
    for (size_t k = 0; k < scan->count; k++)
        if (scan->matches[k].start >= line && scan->matches[k].start < start)
            return false;
    size_t to = sentence_end(text, len, start);
    for (size_t at = start; at + 1 < to; at++) {
        word first[1];
        if (text[at] == '(' && words_in(text, at + 1, to, first, 1) == 1 && first[0].s == text + at + 1 &&
            word_is(&first[0], optional_marks))
            return true;
    }
    return false;
}

/* "PostgreSQL or SQLite", "DRF-YASG or drf-spectacular", "npm (v9+) or yarn (v1.22+)": two names joined by
 * "or" are a choice. "Redis (or the cache framework)" is the choice made, with its alternative in brackets:
 * the first name is chosen and only the bracketed one is offered. */
static bool joined_by_or(const char *text, const nx_tech_match *a, const nx_tech_match *b, bool first)
{
    size_t joint = or_between(text, a, b);
    if (!joint)
        return false;
    bool bracketed = false; /* "(or" open between the two names */
    for (size_t at = a->end; at < joint; at++)
        if (text[at] == '(' || text[at] == ')')
            bracketed = text[at] == '(';
    return !(first && bracketed);
}

/* "Redis (or Django's cache framework)": a name right after "(or" is the alternative to what came before. */
static bool bracketed_alternative(const char *text, size_t start)
{
    size_t at = start;
    while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '*' || text[at - 1] == '`'))
        at--;
    return at >= 3 && strncasecmp(text + at - 3, "(or", 3) == 0;
}

static bool one_of_a_choice(const char *text, const unit_scan *scan, size_t i)
{
    return bracketed_alternative(text, scan->matches[i].start) ||
           (i > 0 && joined_by_or(text, &scan->matches[i - 1], &scan->matches[i], false)) ||
           (i + 1 < scan->count && joined_by_or(text, &scan->matches[i], &scan->matches[i + 1], true));
}

static const char *const open_choice_words[] = {"depending", "configurable", "either", "whichever", "your",
                                                "choose", NULL};

/* Whether only "/" (or "or") and spaces separate two names. */
static bool slash_or_or_between(const char *text, const nx_tech_match *a, const nx_tech_match *b)
{
    word w[2];
    size_t n = words_in(text, a->end, b->start, w, 2);
    if (n == 1)
        return is_word(&w[0], "or");
    if (n > 1)
        return false;
    for (size_t at = a->end; at < b->start; at++)
        if (text[at] != ' ' && text[at] != '/')
            return false;
    return memchr(text + a->end, '/', b->start - a->end) != NULL;
}

/* "MongoDB / PostgreSQL (depending on your setup)", "MySQL or SQLite (configurable)": names joined by slashes
 * whose bracket leaves the pick to the reader are a choice, however many of them the learner tried. */
static bool a_choice_left_to_the_reader(const char *text, size_t len, const unit_scan *scan, size_t i)
{
    size_t first = i, last = i;
    while (first > 0 && slash_or_or_between(text, &scan->matches[first - 1], &scan->matches[first]))
        first--;
    while (last + 1 < scan->count && slash_or_or_between(text, &scan->matches[last], &scan->matches[last + 1]))
        last++;
    if (first == last)
        return false;
    size_t at = scan->matches[last].end;
    while (at < len && (text[at] == ' ' || text[at] == '*' || text[at] == '`'))
        at++;
    word w[1];
    return at < len && text[at] == '(' && words_in(text, at + 1, sentence_end(text, len, at), w, 1) == 1 &&
           w[0].s == text + at + 1 && word_is(&w[0], open_choice_words);
}

/* "Render/Heroku/Railway", "cloud platform (AWS/Heroku/DigitalOcean)": a project runs on one platform, so
 * platforms joined by slashes are the range it could be deployed to, not where it was. */
static bool platform_in_a_slash_list(const nx_taxonomy *taxonomy, const char *text, const unit_scan *scan, size_t i)
{
    if (strcmp(nx_taxonomy_get(taxonomy, scan->matches[i].tech)->category, "cloud") != 0)
        return false;
    for (int side = -1; side <= 1; side += 2) {
        if ((side < 0 && i == 0) || (side > 0 && i + 1 >= scan->count))
            continue;
        const nx_tech_match *a = side < 0 ? &scan->matches[i - 1] : &scan->matches[i];
        const nx_tech_match *b = side < 0 ? &scan->matches[i] : &scan->matches[i + 1];
        const nx_tech_match *other = side < 0 ? a : b;
        if (strcmp(nx_taxonomy_get(taxonomy, other->tech)->category, "cloud") != 0)
            continue;
        size_t at = a->end;
        while (at < b->start && text[at] == ' ')
            at++;
        if (at < b->start && text[at] == '/') {
            at++;
            while (at < b->start && text[at] == ' ')
                at++;
            if (at == b->start)
                return true;
        }
    }
    return false;
}

/* In a command block, a line after "# or" is another way to do what the line before did:
 * "npm install" / "# or" / "yarn install" covers npm, not Yarn. */
static bool an_alternative_command(const char *text, size_t start)
{
    size_t line = line_start(text, start);
    for (size_t i = line; i + 1 < start; i++) /* "npm run dev  # or yarn dev", "# Or use SQLite" */
        if (text[i] == '#' && strncasecmp(text + i + 1, " or ", 4) == 0)
            return true;
    if (line == 0)
        return false;
    size_t prev = line_start(text, line - 1);
    word w[3];
    size_t n = words_in(text, prev, line - 1, w, 3);
    return n == 1 && is_word(&w[0], "or");
}

/* The match is offered rather than used: an example, an open-ended list, an option or a choice. */
static bool not_chosen(const nx_taxonomy *taxonomy, const char *text, size_t len, const unit_scan *scan, size_t i,
                       bool code)
{
    const nx_tech_match *m = &scan->matches[i];
    if (code)
        return an_alternative_command(text, m->start);
    return given_as_example(text, len, m->start) || in_open_ended_list(text, len, m->start, m->end, scan) ||
           offered_as_option(text, len, m->start, m->end, scan) || optional_subject(text, len, m->start, scan) ||
           one_of_a_choice(text, scan, i) || a_choice_left_to_the_reader(text, len, scan, i) ||
           platform_in_a_slash_list(taxonomy, text, scan, i);
}

/* ---- Clients the project could serve ---------------------------------------------- */

static const char *const consumer_cues[][2] = {{"consumed", "by"}, {"to", "power"}, {"can", "power"},
                                               {"any", "frontend"}, {"any", "frontends"}, {"any", "client"},
                                               {"any", "clients"}};

static bool says_who_may_consume(const char *text, size_t from, size_t to)
{
    word w[64];
    size_t n = words_in(text, from, to, w, 64);
    for (size_t i = 0; i + 1 < n; i++)
        for (size_t c = 0; c < sizeof consumer_cues / sizeof *consumer_cues; c++)
            if (is_word(&w[i], consumer_cues[c][0]) && is_word(&w[i + 1], consumer_cues[c][1]))
                return true;
    return false;
}

/* "An API that can be consumed by any frontend (Vue, React)", "ready to power:" then "- Mobile apps (Flutter,
 * Swift)": the clients a backend could serve are named, not technologies the learner used. The cue is in the
 * sentence before the name, or in the paragraph ending in ':' that introduces the list the name is in. */
static bool a_possible_client(const md_units *units, const md_unit *unit, const char *text, size_t len, size_t start)
{
    if (says_who_may_consume(text, sentence_start(text, len, start), start))
        return true;
    if (unit->type != UNIT_ITEM)
        return false;
    const md_unit *before = unit;
    while (before > units->items && before[-1].type == UNIT_ITEM)
        before--;
    if (before == units->items || before[-1].type != UNIT_PARAGRAPH)
        return false;
    const md_unit *intro = &before[-1];
    const char *intro_text = md_unit_text(units, intro);
    size_t end = intro->len;
    while (end > 0 && isspace((unsigned char)intro_text[end - 1]))
        end--;
    return end > 0 && intro_text[end - 1] == ':' && says_who_may_consume(intro_text, 0, end);
}

/* ---- Generic tools named in passing ------------------------------------------------- */

/* Tools nearly every learner touches: they count only where the learner says what they did with them,
 * not when a command, a prerequisite line or another technology's description names them. */
static const char *const generic_tools[] = {"git", "github", "linux", "html", "css", "javascript", NULL};

static bool is_generic(const nx_taxonomy *taxonomy, size_t tech)
{
    const char *id = nx_taxonomy_get(taxonomy, tech)->id;
    for (size_t i = 0; generic_tools[i]; i++)
        if (strcmp(id, generic_tools[i]) == 0)
            return true;
    return false;
}

/* "git clone …" fetches the project, "Git Bash" is a terminal: neither is Git as a practice. */
static bool git_in_passing(const char *text, size_t len, size_t end)
{
    word next[1];
    if (words_in(text, end, len - end > 16 ? end + 16 : len, next, 1) != 1 || next[0].s != text + end + 1)
        return false;
    return is_word(&next[0], "clone") || is_word(&next[0], "Bash");
}

/* "Create a feature branch (git checkout -b feature/x)", "Commit your changes (`git commit -m …`)": the steps of a
 * contribution guide, each a command in brackets after the step it performs, tell a contributor what to type;
 * they say nothing of the learner's own use of Git. */
static bool git_step_in_brackets(const char *text, size_t len, size_t start, size_t end)
{
    size_t at = start;
    if (at > 0 && text[at - 1] == '`')
        at--;
    if (at == 0 || text[at - 1] != '(')
        return false;
    static const char *const steps[] = {"checkout", "commit", "push", "switch", "pull", "clone", NULL};
    word next[1];
    return words_in(text, end, len - end > 16 ? end + 16 : len, next, 1) == 1 && next[0].s == text + end + 1 &&
           word_is(&next[0], steps);
}

/* "GitHub Issues: report bugs or request features", "Issues: GitHub Issues", "open an issue on GitHub": GitHub as
 * the place a reader reports a problem or asks, not a tool the learner describes using. Issues or discussions
 * named as the team's own practice ("collaboration tools (Slack, GitHub issues)") still count. */
static bool support_channel(const char *text, size_t len, size_t start, size_t end)
{
    static const char *const channels[] = {"issues", "issue", "discussions", NULL};
    /* what a reader comes to do; "bug" alone is not one of them ("we tracked every bug in GitHub Issues") */
    static const char *const asking[] = {"report", "reports", "question", "questions", "support", "help", "request",
                                         "requests", NULL};
    word next[1], before[8], all[24];
    bool channel = words_in(text, end, len - end > 16 ? end + 16 : len, next, 1) == 1 &&
                   next[0].s == text + end + 1 && word_is(&next[0], channels);
    size_t from = start > 24 ? start - 24 : 0;
    size_t nb = words_in(text, from, start, before, 8); /* the last two are the ones just before */
    if (nb >= 2 && word_is(&before[nb - 2], channels) &&
        (is_word(&before[nb - 1], "on") || is_word(&before[nb - 1], "in") || is_word(&before[nb - 1], "via")))
        return true; /* "open an issue on GitHub" */
    if (!channel)
        return false;
    size_t line = line_start(text, start), stop = end;
    while (stop < len && text[stop] != '\n')
        stop++;
    size_t n = words_in(text, line, stop, all, 24);
    for (size_t k = 0; k < n; k++)
        if (word_is(&all[k], asking))
            return true;
    /* "Issues: GitHub Issues", a label naming the channel */
    return n >= 3 && word_is(&all[0], channels) && all[1].s == text + start;
}

/* "--cov-report=html", "coverage html": a format handed to a command, not the language written. */
static bool option_value(const char *text, size_t start)
{
    if (start > 0 && text[start - 1] == '=')
        return true;
    static const char coverage[] = "coverage ";
    size_t n = sizeof coverage - 1;
    return start >= n && strncasecmp(text + start - n, coverage, n) == 0;
}

/* "SQL injection", "HTML injection": the name of an attack defended against, not the technology used. */
static bool names_an_attack(const char *text, size_t len, size_t end)
{
    word next[1];
    if (words_in(text, end, len - end > 16 ? end + 16 : len, next, 1) != 1 || next[0].s != text + end + 1)
        return false;
    return is_word(&next[0], "injection") || is_word(&next[0], "injections"); /* is_word ignores case */
}

/* "Tailwind CSS - a utility-first CSS framework", "TypeScript is a typed superset of JavaScript": a
 * generic tool in what another technology is. A generic subject is a label for the generic tools
 * used ("Version Control: Git and GitHub"), not a technology being described. */
static bool describes_another(const nx_taxonomy *taxonomy, const char *text, size_t len, const unit_scan *scan,
                              size_t i)
{
    const nx_tech_match *m = &scan->matches[i];
    size_t from = sentence_start(text, len, m->start);
    const nx_tech_match *subject = NULL;
    for (size_t k = 0; k < i && !subject; k++)
        if (scan->matches[k].start >= from)
            subject = &scan->matches[k];
    if (!subject || subject->tech == m->tech || is_generic(taxonomy, subject->tech))
        return false;
    word lead[2];
    if (words_in(text, from, subject->start, lead, 2) > 0)
        return false; /* the sentence is not about `subject` */
    for (size_t at = subject->end; at < m->start; at++) {
        const char *t = text + at;
        if (*t == ':' || strncmp(t, " - ", 3) == 0 || strncmp(t, " \xE2\x80\x93 ", 5) == 0 ||
            strncmp(t, " \xE2\x80\x94 ", 5) == 0 || strncmp(t, " is ", 4) == 0 || strncmp(t, " are ", 5) == 0)
            return true;
    }
    return false;
}

/* "GitHub: ana-dev", a profile link rather than the tool. */
static bool profile_link(const char *text, size_t len, size_t end)
{
    size_t at = end;
    while (at < len && (text[at] == '*' || text[at] == ' '))
        at++;
    if (at >= len || text[at] != ':')
        return false;
    at++;
    while (at < len && text[at] == ' ')
        at++;
    size_t token = at;
    while (at < len && !isspace((unsigned char)text[at]))
        at++;
    return at > token && at == len;
}

/* The "Bash" of "Git Bash", the Windows terminal. */
static bool bash_of_git_bash(const char *text, size_t start)
{
    if (start < 4 || strncasecmp(text + start - 4, "git ", 4) != 0)
        return false;
    return start == 4 || !is_word_char((unsigned char)text[start - 5]); /* "Git", not "digit " */
}

static const char *const file_kind_words[] = {"file", "files", "report", "reports", "format", "output", NULL};

/* "JavaScript files", "an HTML report", "minify CSS and JS files": the kind of a file or an output format, not
 * the language written. Other names and "and"/"or" may stand between the name and the noun. */
static bool names_a_file_kind(const char *text, size_t len, const unit_scan *scan, size_t end)
{
    word next[4];
    size_t n = words_in(text, end, len - end > 48 ? end + 48 : len, next, 4);
    for (size_t k = 0; k < n; k++) {
        if (word_is(&next[k], file_kind_words))
            return true;
        if (!is_word(&next[k], "and") && !is_word(&next[k], "or") && !inside_a_match(scan, (size_t)(next[k].s - text)))
            return false;
    }
    return false;
}

/* "│   ├── css/   # Stylesheets", "└── Makefile": an entry of a folder tree is a file's or folder's name; what
 * its comment says after '#' is read as any other text. */
static bool tree_entry(const char *text, size_t start)
{
    size_t line = line_start(text, start);
    static const char branch[] = "\xE2\x94\x9C\xE2\x94\x80", last[] = "\xE2\x94\x94\xE2\x94\x80"; /* ├─ └─ */
    bool in_tree = false;
    for (size_t at = line; at < start; at++) {
        if (text[at] == '#')
            return false;
        bool mark = at + 6 <= start && (memcmp(text + at, branch, 6) == 0 || memcmp(text + at, last, 6) == 0);
        in_tree = in_tree || mark;
    }
    return in_tree;
}

#define DEFINITION_MAX_WORDS 10 /* "Utility-first CSS framework for modern web applications" */

static const char *const first_person[] = {"i", "we", "my", "our", "me", "us", NULL};

/* Whether a heading is one technology's name and nothing else but numbering: "### 2. TailwindCSS". */
static bool heading_names_one_technology(const nx_taxonomy *taxonomy, const char *text, size_t len)
{
    unit_scan *scan = malloc(sizeof *scan);
    if (!scan)
        return false;
    scan->count = 0;
    bool one = nx_taxonomy_scan(taxonomy, text, len, collect, scan) == 0 && scan->count == 1 &&
               !is_generic(taxonomy, scan->matches[0].tech);
    word w[8];
    size_t n = one ? plain_words(text, 0, len, scan, w, 8) : 0;
    for (size_t k = 0; k < n && one; k++)
        for (size_t c = 0; c < w[k].len && one; c++)
            one = isdigit((unsigned char)w[k].s[c]) != 0;
    free(scan);
    return one;
}

/* "### TailwindCSS" then "Utility-first CSS framework for modern web applications.": the first lines under a
 * heading naming one technology define it, and the generic tools they name are what it is, not what the
 * learner wrote. A short first sentence, with no "I" or "we", right after the heading. */
static bool defines_the_heading(const nx_taxonomy *taxonomy, const md_units *units, const md_unit *unit,
                                const char *text)
{
    if (unit == units->items || (unit->type != UNIT_PARAGRAPH && unit->type != UNIT_ITEM))
        return false;
    const md_unit *heading = unit - 1;
    if (heading->type != UNIT_HEADING)
        return false;
    word w[DEFINITION_MAX_WORDS + 1];
    size_t n = words_in(text, 0, sentence_end(text, unit->len, 0), w, DEFINITION_MAX_WORDS + 1);
    if (n == 0 || n > DEFINITION_MAX_WORDS)
        return false;
    for (size_t k = 0; k < n; k++)
        if (word_is(&w[k], first_person))
            return false;
    return heading_names_one_technology(taxonomy, md_unit_text(units, heading), heading->len);
}

static const char *const kind_of_thing[] = {"framework", "based", "library", "superset", NULL};

/* "Next.js 15 - React framework", "Next.js – React-based framework for SSR", and under "### Next.js", "Advanced
 * React framework for production apps": a name saying what kind of thing another technology is, not one the
 * learner used. */
static bool what_another_is_built_on(const nx_taxonomy *taxonomy, const md_units *units, const md_unit *unit,
                                     const char *text, const unit_scan *scan, size_t i)
{
    const nx_tech_match *m = &scan->matches[i];
    word next[1];
    if (words_in(text, m->end, unit->len - m->end > 24 ? m->end + 24 : unit->len, next, 1) != 1 ||
        !word_is(&next[0], kind_of_thing) || (next[0].s != text + m->end + 1))
        return false;
    return describes_another(taxonomy, text, unit->len, scan, i) || defines_the_heading(taxonomy, units, unit, text);
}

static bool generic_in_passing(const nx_taxonomy *taxonomy, const char *text, size_t len, const unit_scan *scan,
                               size_t i, bool code, bool prerequisite)
{
    const nx_tech_match *m = &scan->matches[i];
    if (bash_of_git_bash(text, m->start))
        return true;
    if (!is_generic(taxonomy, m->tech))
        return false;
    if (git_in_passing(text, len, m->end) || names_a_file_kind(text, len, scan, m->end) ||
        git_step_in_brackets(text, len, m->start, m->end) || support_channel(text, len, m->start, m->end))
        return true;
    if (code) /* "runs-on: ubuntu-latest", "FROM python:3.12-slim-bookworm"; a tree's "# HTML templates" counts */
        return strcmp(nx_taxonomy_get(taxonomy, m->tech)->id, "linux") == 0 || option_value(text, m->start);
    return prerequisite || describes_another(taxonomy, text, len, scan, i) || profile_link(text, len, m->end);
}

/* "```bash" whose fence Markdown did not see, or a lone lowercase "bash" line left where a fence was lost. */
static bool fence_tag(const char *text, size_t len, size_t start, size_t end, bool paragraph)
{
    if (start >= 2 && text[start - 1] == '`' && text[start - 2] == '`')
        return true;
    /* A list item or a table cell that is just "pandas" names it; only a paragraph's line can be a lost tag,
     * and one ending the paragraph must follow another line. */
    bool alone = (start == 0 || text[start - 1] == '\n') && (end < len ? text[end] == '\n' : start > 0);
    if (!paragraph || !alone || !islower((unsigned char)text[start]))
        return false;
    /* The block's first line follows: a command, a shell prompt, or a "# Clone the repository" comment that
     * Markdown read as a heading, leaving the tag last in its paragraph. */
    char next = end + 1 < len ? text[end + 1] : '#';
    return islower((unsigned char)next) || next == '#' || next == '$';
}

/* ---- Live addresses ------------------------------------------------------------------ */

/* Whether host[0..n) is an app of its own ("gikosh-shop" of gikosh-shop.vercel.app), not the platform's
 * pages ("www", "help", "docs") or a placeholder ("your-app", "example"). */
static bool an_app_of_its_own(const char *host, size_t n)
{
    static const char *const platform_pages[] = {"www", "help", "docs", "blog", "dashboard", "status", NULL};
    word label = {host, n};
    if (n == 0 || word_is(&label, platform_pages))
        return false;
    for (size_t at = 0; at < n; at++)
        if ((n - at >= 4 && strncasecmp(host + at, "your", 4) == 0) ||
            (n - at >= 7 && strncasecmp(host + at, "example", 7) == 0))
            return false;
    return true;
}

/* The platform whose app domain ends the address's host ("gikosh.vercel.app", "shop-api.onrender.com": an
 * alias with a dot, after a label of the app's own), or -1. The scanner skips addresses, so the host is
 * scanned alone. */
static long platform_of_host(const nx_taxonomy *taxonomy, const char *host, size_t n)
{
    unit_scan *scan = malloc(sizeof *scan);
    if (!scan)
        return -1;
    scan->count = 0;
    long found = -1;
    if (nx_taxonomy_scan(taxonomy, host, n, collect, scan) == 0 && scan->count > 0) {
        const nx_tech_match *last = &scan->matches[scan->count - 1];
        size_t label = last->start > 0 ? last->start - 1 : 0;
        while (label > 0 && host[label - 1] != '.')
            label--;
        bool suffix = last->end == n && last->start > 0 && host[last->start - 1] == '.' &&
                      memchr(host + last->start, '.', last->end - last->start);
        if (suffix && an_app_of_its_own(host + label, last->start - 1 - label) &&
            strcmp(nx_taxonomy_get(taxonomy, last->tech)->category, "cloud") == 0)
            found = (long)last->tech;
    }
    free(scan);
    return found;
}

/* "Live at https://gikosh-shop.vercel.app": an address of the learner's app on a platform's app domain says
 * where it was deployed. Negations and plans around the address count as for a name. */
static int live_addresses(const nx_taxonomy *taxonomy, const char *text, size_t len, bool prose,
                          tech_strength strength, tech_mentions *out)
{
    for (const char *at = text; (at = memmem(at, len - (size_t)(at - text), "://", 3)) != NULL; at += 3) {
        size_t host = (size_t)(at - text) + 3, end = host;
        while (end < len && (isalnum((unsigned char)text[end]) || text[end] == '-' || text[end] == '.'))
            end++;
        while (end > host && text[end - 1] == '.')
            end--;
        long tech = platform_of_host(taxonomy, text + host, end - host);
        if (tech < 0)
            continue;
        if (prose && (negated(text, len, host, end) || about_the_future(text, len, host, end, NULL)))
            continue;
        if (add_mention(out, (size_t)tech, strength, 1, false) != 0)
            return -1;
    }
    return 0;
}

/* ---- Units ---------------------------------------------------------------- */

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

/* A code block holding JSON ("{" or "[" first): an API's example request or response. */
static bool json_block(const md_unit *unit, const char *text)
{
    if (unit->type != UNIT_CODE)
        return false;
    size_t at = 0;
    while (at < unit->len && isspace((unsigned char)text[at]))
        at++;
    return at < unit->len && (text[at] == '{' || text[at] == '[');
}

/* Inside a string of a JSON line: an odd number of unescaped quotes before `start` on its line. Why:
 * "skills": ["Python", "AWS"] in a sample response is data a user of the API might send, not a
 * technology the learner used. */
static bool in_json_string(const char *text, size_t start)
{
    size_t line = line_start(text, start);
    bool inside = false;
    for (size_t at = line; at < start; at++) {
        if (text[at] == '\\' && at + 1 < start)
            at++;
        else if (text[at] == '"')
            inside = !inside;
    }
    return inside;
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
    bool prerequisite = kind == KIND_SETUP && strength == TECH_MENTIONED; /* "- Git" under Requirements */
    bool prose = unit->type != UNIT_CODE && unit->type != UNIT_IMAGE;
    bool json = json_block(unit, text);
    int rc = 0;
    for (size_t i = 0; i < scan->count && rc == 0; i++) {
        const nx_tech_match *m = &scan->matches[i];
        if (in_file_name(text, unit->len, m->start, m->end) || (json && in_json_string(text, m->start)) ||
            names_an_attack(text, unit->len, m->end) || tree_entry(text, m->start))
            continue;
        if (fence_tag(text, unit->len, m->start, m->end, unit->type == UNIT_PARAGRAPH) ||
            generic_in_passing(taxonomy, text, unit->len, scan, i, unit->type == UNIT_CODE, prerequisite) ||
            (is_generic(taxonomy, m->tech) && defines_the_heading(taxonomy, units, unit, text)) ||
            (prose && what_another_is_built_on(taxonomy, units, unit, text, scan, i)))
            continue;
        if (prose && (negated(text, unit->len, m->start, m->end) ||
                      about_the_future(text, unit->len, m->start, m->end, scan)))
            continue;
        /* Offered, not used: still named (a reader searching for it finds the passage), never coverage. */
        bool offered = not_chosen(taxonomy, text, unit->len, scan, i, unit->type == UNIT_CODE) ||
                       (prose && a_possible_client(units, unit, text, unit->len, m->start));
        rc = add_mention(out, m->tech, offered ? TECH_MENTIONED : strength, 1, offered);
    }
    if (rc == 0 && !json)
        rc = live_addresses(taxonomy, text, unit->len, prose, strength, out);
    free(scan);
    return rc;
}

int analysis_detect_units(const nx_taxonomy *taxonomy, const md_units *units, section_kind kind, tech_mentions *out)
{
    *out = (tech_mentions){0};
    if (!taxonomy || kind == KIND_ROADMAP)
        return 0;
    int rc = 0;
    for (size_t i = 0; i < units->count && rc == 0; i++)
        rc = detect_unit(taxonomy, units, &units->items[i], kind, out);
    if (rc != 0) {
        tech_mentions_free(out);
        return -1;
    }
    sort_mentions(out);
    return 0;
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
    int rc = analysis_detect_units(taxonomy, &units, kind, out);
    md_units_free(&units);
    return rc;
}
