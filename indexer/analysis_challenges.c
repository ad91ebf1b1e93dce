/* Challenge/solution pairs of a file: one pass over its sections' text units with a small state
 * machine for labelled lines and sub-headings, plus tables with challenge and solution columns. */
#include "analysis.h"
#include "analysis_units.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_PAIR_TEXT 4000 /* bytes kept per challenge or solution */
#define MAX_CANDIDATE 300  /* a line longer than this is not a challenge's title */
#define MAX_LABEL_EXTRA_WORDS 2

typedef enum label { LABEL_NONE, LABEL_CHALLENGE, LABEL_SOLUTION } label;

typedef enum mode {
    MODE_NONE,
    MODE_CHALLENGE, /* collecting a labelled challenge */
    MODE_SOLUTION,  /* collecting its solution */
    MODE_IMPLICIT,  /* under a sub-heading of a challenges section: its body tells the solution */
} mode;

typedef struct extractor {
    challenge_pairs *out;
    size_t capacity;
    mode mode;
    nx_buf challenge;
    nx_buf solution;
    size_t challenge_section;
    nx_buf candidate; /* the last short line or heading: a challenge's title if a solution label follows */
    size_t candidate_section;
    const md_unit *solution_unit; /* the unit holding the solution label */
    bool solution_label_bare;     /* that label had no text after it */
    bool solution_heading;        /* the solution is a "Solution" sub-heading's whole body */
    bool failed;
} extractor;

/* ---- Text helpers ---------------------------------------------------------- */

static void buf_set(nx_buf *buf, const char *s, size_t len)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
    nx_buf_append(buf, s, len < MAX_PAIR_TEXT ? len : MAX_PAIR_TEXT);
}

static void buf_add(nx_buf *buf, const char *separator, const char *s, size_t len)
{
    if (!len || buf->len >= MAX_PAIR_TEXT)
        return;
    if (buf->len)
        nx_buf_append_str(buf, separator);
    size_t room = MAX_PAIR_TEXT - buf->len;
    nx_buf_append(buf, s, len < room ? len : room);
}

static void buf_clear(nx_buf *buf)
{
    buf_set(buf, "", 0);
}

static void trim(const char **s, size_t *len)
{
    while (*len && (isspace((unsigned char)**s) || **s == ':' || **s == '*'))
        (*s)++, (*len)--;
    while (*len && (isspace((unsigned char)(*s)[*len - 1]) || (*s)[*len - 1] == '*'))
        (*len)--;
}

static bool word_in(const char *s, size_t len, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == len && strncasecmp(list[i], s, len) == 0)
            return true;
    return false;
}

/* ---- Labels ------------------------------------------------------------------ */

static const char *const challenge_labels[] = {"challenge", "challenges", "problem", "problems", "issue",
                                               "issues", "difficulty", "obstacle", "bug", "struggle", NULL};
static const char *const solution_labels[] = {"solution", "solutions", "fix", "fixes", "fixed", "resolution",
                                              "resolved", "approach", "remedy", "workaround", "solved", NULL};
static const char *const solution_phrases[] = {"how i solved it", "how i fixed it", "how i solved",
                                               "how we solved it", "what i did", "how it was solved", NULL};
static const char *const label_articles[] = {"the", "my", "our", "key", "main", NULL};

/* Skips list bullets, quote marks, numbering ("1.", "2)") and leading emoji. */
static size_t skip_decoration(const char *s, size_t len)
{
    size_t i = 0;
    for (;;) {
        while (i < len && (isspace((unsigned char)s[i]) || strchr("-*+>|#_", s[i]) || (unsigned char)s[i] >= 0x80))
            i++;
        size_t digits = i;
        while (digits < len && isdigit((unsigned char)s[digits]))
            digits++;
        if (digits > i && digits < len && (s[digits] == '.' || s[digits] == ')')) {
            i = digits + 1;
            continue;
        }
        return i;
    }
}

static size_t word_end(const char *s, size_t len, size_t i)
{
    while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '#' || s[i] == '\''))
        i++;
    return i;
}

/* Recognises "Challenge:", "**Problem 2**:", "Solution Implemented:", "How I
 * solved it:" at s. A heading may omit the colon when it is only the label
 * ("Solution", "Challenge 3"). Sets *rest to where the label's text starts. */
static label parse_label(const char *s, size_t len, bool heading, size_t *rest)
{
    size_t i = skip_decoration(s, len);
    size_t w = word_end(s, len, i);
    if (word_in(s + i, w - i, label_articles)) {
        i = w;
        while (i < len && s[i] == ' ')
            i++;
        w = word_end(s, len, i);
    }
    label kind = LABEL_NONE;
    bool plural = w > i && tolower((unsigned char)s[w - 1]) == 's' && strncasecmp(s + i, "fixes", 5) != 0;
    if (word_in(s + i, w - i, challenge_labels))
        kind = LABEL_CHALLENGE;
    else if (word_in(s + i, w - i, solution_labels))
        kind = LABEL_SOLUTION;
    for (size_t p = 0; kind == LABEL_NONE && solution_phrases[p]; p++) {
        size_t plen = strlen(solution_phrases[p]);
        if (len - i >= plen && strncasecmp(s + i, solution_phrases[p], plen) == 0 && !isalnum((unsigned char)s[i + plen])) {
            kind = LABEL_SOLUTION;
            w = i + plen;
        }
    }
    if (kind == LABEL_NONE)
        return LABEL_NONE;
    size_t j = w;
    unsigned extra = 0, extra_words = 0;
    for (;;) {
        while (j < len && (s[j] == ' ' || s[j] == '*' || s[j] == '_'))
            j++;
        if (j < len && (s[j] == ':' || s[j] == '-' || (unsigned char)s[j] >= 0x80))
            break;
        size_t e = word_end(s, len, j);
        if (e == j || extra == MAX_LABEL_EXTRA_WORDS)
            break;
        extra_words += !isdigit((unsigned char)s[j]) && s[j] != '#';
        extra++;
        j = e;
    }
    bool colon = j < len && s[j] == ':';
    bool dash = j + 1 < len && (s[j] == '-' || (unsigned char)s[j] >= 0x80) && j > w;
    if (colon) {
        *rest = j + 1;
        return kind;
    }
    if (heading && j >= len && extra_words == 0 && !plural) {
        *rest = len;
        return kind;
    }
    if (!heading && dash && s[j] == '-' && j + 1 < len && s[j + 1] == ' ' && extra == 0) {
        *rest = j + 1;
        return kind;
    }
    return LABEL_NONE;
}

/* The start of a solution label inside a challenge line ("… **Solution:** …"), or 0. */
static size_t inline_solution(const char *s, size_t len)
{
    for (size_t i = 1; i < len; i++) {
        if (isalnum((unsigned char)s[i - 1]) || !isalpha((unsigned char)s[i]))
            continue;
        size_t rest;
        if (parse_label(s + i, len - i, false, &rest) == LABEL_SOLUTION)
            return i;
    }
    return 0;
}

/* ---- Pairs ----------------------------------------------------------------- */

static void push_pair(extractor *x, const char *ch, size_t ch_len, const char *sol, size_t sol_len, size_t section)
{
    trim(&ch, &ch_len);
    trim(&sol, &sol_len);
    if (!ch_len || !sol_len)
        return;
    if (x->out->count == x->capacity) {
        size_t capacity = x->capacity ? x->capacity * 2 : 8;
        challenge_pair *grown = realloc(x->out->items, capacity * sizeof *grown);
        if (!grown) {
            x->failed = true;
            return;
        }
        x->out->items = grown;
        x->capacity = capacity;
    }
    challenge_pair pair = {.challenge = strndup(ch, ch_len), .solution = strndup(sol, sol_len), .section = section};
    if (!pair.challenge || !pair.solution) {
        free(pair.challenge);
        free(pair.solution);
        x->failed = true;
        return;
    }
    x->out->items[x->out->count++] = pair;
}

/* Ends the pending pair, keeping it when both halves have text. */
static void finish(extractor *x)
{
    if (x->challenge.len && x->solution.len)
        push_pair(x, x->challenge.data, x->challenge.len, x->solution.data, x->solution.len, x->challenge_section);
    buf_clear(&x->challenge);
    buf_clear(&x->solution);
    x->mode = MODE_NONE;
    x->solution_unit = NULL;
    x->solution_heading = false;
}

static void set_candidate(extractor *x, const char *s, size_t len, size_t section)
{
    trim(&s, &len);
    if (len > MAX_CANDIDATE) {
        buf_clear(&x->candidate);
        return;
    }
    buf_set(&x->candidate, s, len);
    x->candidate_section = section;
}

static void start_challenge(extractor *x, const char *s, size_t len, size_t section)
{
    finish(x);
    buf_set(&x->challenge, s, len);
    x->challenge_section = section;
    x->mode = MODE_CHALLENGE;
}

static void start_solution(extractor *x, const char *rest, size_t len, const md_unit *unit)
{
    if (x->mode == MODE_IMPLICIT) { /* what the sub-heading's body said so far described the problem */
        buf_add(&x->challenge, ": ", x->solution.data, x->solution.len);
        buf_clear(&x->solution);
    }
    if (!x->challenge.len && x->candidate.len) {
        buf_set(&x->challenge, x->candidate.data, x->candidate.len);
        x->challenge_section = x->candidate_section;
    }
    if (!x->challenge.len) {
        x->mode = MODE_NONE;
        return;
    }
    const char *s = rest;
    size_t n = len;
    trim(&s, &n);
    buf_add(&x->solution, " ", s, n);
    x->mode = MODE_SOLUTION;
    x->solution_unit = unit;
    x->solution_label_bare = n == 0;
}

/* ---- Headings -------------------------------------------------------------- */

static void on_heading(extractor *x, const char *text, size_t len, size_t section, bool sub_challenge)
{
    size_t rest = 0;
    label l = parse_label(text, len, true, &rest);
    if (l == LABEL_SOLUTION) {
        bool had_solution = x->solution.len > 0;
        if (had_solution)
            finish(x);
        start_solution(x, text + rest, len - rest, NULL);
        x->solution_heading = x->mode == MODE_SOLUTION;
        return;
    }
    finish(x);
    if (l == LABEL_CHALLENGE) {
        start_challenge(x, text + rest, len - rest, section);
        set_candidate(x, text + rest, len - rest, section);
        return;
    }
    if (sub_challenge) {
        start_challenge(x, text, len, section);
        x->mode = MODE_IMPLICIT;
        return;
    }
    set_candidate(x, text, len, section);
}

/* ---- Body lines ------------------------------------------------------------- */

#define MAX_DETAIL_KEY 40

/* "- **Code Location:** …" right after "- **Solution:** …": more about the same pair. */
static bool is_detail_item(const md_unit *unit, const char *text)
{
    return unit->lead > 0 && unit->lead <= MAX_DETAIL_KEY &&
           (text[unit->lead - 1] == ':' || text[unit->lead] == ':');
}

static bool continues_solution(const extractor *x, const md_unit *unit, const char *text)
{
    if (x->solution_heading || !x->solution.len || x->solution_unit == unit)
        return true;
    if (unit->type != UNIT_ITEM)
        return false;
    if (!x->solution_unit || x->solution_label_bare)
        return true;
    if (x->solution_unit->type != UNIT_ITEM)
        return false;
    return unit->depth > x->solution_unit->depth || (unit->depth == x->solution_unit->depth && is_detail_item(unit, text));
}

static void on_label_challenge(extractor *x, const char *rest, size_t len, size_t section, const md_unit *unit)
{
    size_t split = inline_solution(rest, len);
    size_t ch_len = split ? split : len;
    const char *ch = rest;
    trim(&ch, &ch_len);
    bool titled = x->mode == MODE_IMPLICIT || (x->mode == MODE_CHALLENGE && !x->solution.len);
    if (titled) { /* "### Challenge 1: Title" then "**Problem**: …" */
        if (x->mode == MODE_IMPLICIT) {
            buf_add(&x->challenge, ": ", x->solution.data, x->solution.len);
            buf_clear(&x->solution);
        }
        buf_add(&x->challenge, ": ", ch, ch_len);
        x->mode = MODE_CHALLENGE;
    } else {
        start_challenge(x, ch, ch_len, section);
    }
    if (split) {
        size_t sol_rest = 0;
        parse_label(rest + split, len - split, false, &sol_rest);
        start_solution(x, rest + split + sol_rest, len - split - sol_rest, unit);
    }
}

/* "X → Y" and "- **Title**: text" inside a challenges section. */
static bool unlabelled_pair(extractor *x, const md_unit *unit, const char *text, const char *line, size_t len,
                            size_t section)
{
    static const char *const arrows[] = {" \xE2\x86\x92 ", " -> ", " => ", " \xE2\x9E\xA1\xEF\xB8\x8F ", NULL};
    for (size_t a = 0; arrows[a]; a++) {
        const char *arrow = memmem(line, len, arrows[a], strlen(arrows[a]));
        if (arrow) {
            size_t alen = strlen(arrows[a]);
            push_pair(x, line, (size_t)(arrow - line), arrow + alen, len - (size_t)(arrow - line) - alen, section);
            return true;
        }
    }
    bool first_line = line == text;
    if (!first_line || !unit->lead || unit->lead >= unit->len)
        return false;
    if (unit->lead >= len) { /* "**Title**" alone on its line, its story below */
        const char *next = text + len;
        while (*next == '\n' || *next == ' ')
            next++;
        size_t rest = 0;
        if (parse_label(next, strlen(next), false, &rest) != LABEL_NONE)
            return false;
        push_pair(x, text, unit->lead, next, unit->len - (size_t)(next - text), section);
        return true;
    }
    const char *after = text + unit->lead;
    size_t after_len = unit->len - unit->lead;
    size_t skip = 0;
    while (skip < after_len && (after[skip] == ' ' || after[skip] == '*'))
        skip++;
    bool separated = skip < after_len && (after[skip] == ':' || after[skip] == '-' ||
                                          (unsigned char)after[skip] == 0xE2 /* – — */);
    bool colon_in_lead = text[unit->lead - 1] == ':';
    if (!separated && !colon_in_lead)
        return false;
    if (separated) { /* past the separator: ':' or '-' is one byte, '–' and '—' three */
        skip += (unsigned char)after[skip] == 0xE2 ? 3 : 1;
        if (skip > after_len)
            skip = after_len;
    }
    push_pair(x, text, unit->lead, after + skip, after_len - skip, section);
    return true;
}

/* Returns true when the rest of the unit was consumed. */
static bool on_line(extractor *x, const md_unit *unit, const char *text, const char *line, size_t len,
                    size_t section, bool in_challenges)
{
    size_t rest = 0;
    label l = parse_label(line, len, false, &rest);
    if (l == LABEL_CHALLENGE) {
        on_label_challenge(x, line + rest, len - rest, section, unit);
        return false;
    }
    if (l == LABEL_SOLUTION) {
        if (x->mode == MODE_SOLUTION && x->solution_unit != unit && x->solution.len && !continues_solution(x, unit, text))
            finish(x);
        start_solution(x, line + rest, len - rest, unit);
        return false;
    }
    switch (x->mode) {
    case MODE_CHALLENGE:
        buf_add(&x->challenge, " ", line, len);
        return false;
    case MODE_IMPLICIT:
        buf_add(&x->solution, " ", line, len);
        return false;
    case MODE_SOLUTION:
        if (continues_solution(x, unit, text)) {
            if (!x->solution.len)
                x->solution_unit = unit;
            buf_add(&x->solution, " ", line, len);
            return false;
        }
        finish(x);
        break;
    case MODE_NONE:
        break;
    }
    if (in_challenges && unit->type != UNIT_CODE && unlabelled_pair(x, unit, text, line, len, section))
        return line == text && unit->lead > 0;
    set_candidate(x, line, len, section);
    return false;
}

/* ---- Tables ------------------------------------------------------------------ */

static const char *const table_challenge_words[] = {"challenge", "challenges", "problem", "problems", "issue",
                                                    "issues", "difficulty", "obstacle", NULL};
static const char *const table_solution_words[] = {"solution", "solutions", "fix", "fixes", "resolution",
                                                   "approach", "how", "solved", "workaround", NULL};
static const char *const table_detail_words[] = {"description", "details", "detail", "context", "impact",
                                                 "cause", "wrong", "symptom", "symptoms", NULL};

/* True when one of the words of a header cell is in the list. */
static bool header_has(const char *text, size_t len, const char *const *list)
{
    for (size_t i = 0; i < len;) {
        while (i < len && !isalpha((unsigned char)text[i]))
            i++;
        size_t start = i;
        while (i < len && isalpha((unsigned char)text[i]))
            i++;
        if (i > start && word_in(text + start, i - start, list))
            return true;
    }
    return false;
}

typedef struct table_columns {
    size_t challenge, detail, solution;
} table_columns;

#define NO_COLUMN ((size_t)-1)

/* Handles the table whose first cell is units[first]; returns the index past it. */
static size_t on_table(extractor *x, const md_units *units, size_t first, size_t section)
{
    size_t table = units->items[first].table;
    size_t end = first;
    while (end < units->count && units->items[end].type == UNIT_CELL && units->items[end].table == table)
        end++;
    table_columns cols = {NO_COLUMN, NO_COLUMN, NO_COLUMN};
    for (size_t i = first; i < end; i++) {
        const md_unit *u = &units->items[i];
        if (u->row != 0)
            continue;
        const char *t = md_unit_text(units, u);
        if (cols.challenge == NO_COLUMN && header_has(t, u->len, table_challenge_words))
            cols.challenge = u->col;
        else if (cols.solution == NO_COLUMN && header_has(t, u->len, table_solution_words))
            cols.solution = u->col;
        else if (cols.detail == NO_COLUMN && header_has(t, u->len, table_detail_words))
            cols.detail = u->col;
    }
    if (cols.challenge == NO_COLUMN || cols.solution == NO_COLUMN)
        return end;
    finish(x);
    for (size_t i = first; i < end;) {
        size_t row = units->items[i].row;
        nx_buf ch = {0}, sol = {0};
        for (; i < end && units->items[i].row == row; i++) {
            const md_unit *u = &units->items[i];
            if (row == 0)
                continue;
            const char *t = md_unit_text(units, u);
            if (u->col == cols.challenge || u->col == cols.detail)
                buf_add(&ch, " \xE2\x80\x94 ", t, u->len);
            else if (u->col == cols.solution)
                buf_add(&sol, " ", t, u->len);
        }
        if (ch.failed || sol.failed)
            x->failed = true;
        if (ch.len && sol.len)
            push_pair(x, ch.data, ch.len, sol.data, sol.len, section);
        nx_buf_free(&ch);
        nx_buf_free(&sol);
    }
    return end;
}

/* Plain-text tables some learners paste: "Challenge<TAB>What went wrong<TAB>Solution" then rows. */
#define MAX_TAB_COLUMNS 8

static size_t split_tabs(const char *line, size_t len, const char **cells, size_t *lens)
{
    size_t n = 0;
    const char *cell = line;
    const char *end = line + len;
    while (n < MAX_TAB_COLUMNS) {
        const char *tab = memchr(cell, '\t', (size_t)(end - cell));
        cells[n] = cell;
        lens[n++] = tab ? (size_t)(tab - cell) : (size_t)(end - cell);
        if (!tab)
            break;
        cell = tab + 1;
    }
    return n;
}

static size_t on_tab_table(extractor *x, const char *text, size_t len, size_t section)
{
    const char *nl = memchr(text, '\n', len);
    if (!nl || !memchr(text, '\t', (size_t)(nl - text)))
        return 0;
    const char *cells[MAX_TAB_COLUMNS];
    size_t lens[MAX_TAB_COLUMNS];
    size_t n = split_tabs(text, (size_t)(nl - text), cells, lens);
    table_columns cols = {NO_COLUMN, NO_COLUMN, NO_COLUMN};
    for (size_t c = 0; c < n; c++) {
        if (cols.challenge == NO_COLUMN && header_has(cells[c], lens[c], table_challenge_words))
            cols.challenge = c;
        else if (cols.solution == NO_COLUMN && header_has(cells[c], lens[c], table_solution_words))
            cols.solution = c;
        else if (cols.detail == NO_COLUMN && header_has(cells[c], lens[c], table_detail_words))
            cols.detail = c;
    }
    if (cols.challenge == NO_COLUMN || cols.solution == NO_COLUMN)
        return 0;
    finish(x);
    const char *line = nl + 1;
    const char *end = text + len;
    while (line < end) {
        const char *line_end = memchr(line, '\n', (size_t)(end - line));
        if (!line_end)
            line_end = end;
        size_t m = split_tabs(line, (size_t)(line_end - line), cells, lens);
        if (m < 2)
            break;
        nx_buf ch = {0};
        buf_add(&ch, " ", cells[cols.challenge < m ? cols.challenge : 0], cols.challenge < m ? lens[cols.challenge] : 0);
        if (cols.detail < m)
            buf_add(&ch, " \xE2\x80\x94 ", cells[cols.detail], lens[cols.detail]);
        if (cols.solution < m && ch.len)
            push_pair(x, ch.data, ch.len, cells[cols.solution], lens[cols.solution], section);
        x->failed = x->failed || ch.failed;
        nx_buf_free(&ch);
        line = line_end + 1;
    }
    return line < end ? (size_t)(line - text) : len;
}

/* ---- Sections ---------------------------------------------------------------- */

static void on_unit(extractor *x, const md_units *units, const md_unit *unit, size_t section, bool in_challenges)
{
    const char *text = md_unit_text(units, unit);
    if (unit->type == UNIT_IMAGE)
        return;
    size_t consumed = x->mode == MODE_NONE && unit->type == UNIT_PARAGRAPH ? on_tab_table(x, text, unit->len, section)
                                                                           : 0;
    for (size_t at = consumed; at < unit->len;) {
        const char *nl = memchr(text + at, '\n', unit->len - at);
        size_t line_len = nl ? (size_t)(nl - (text + at)) : unit->len - at;
        const char *line = text + at;
        size_t trimmed = line_len;
        while (trimmed && isspace((unsigned char)line[trimmed - 1]))
            trimmed--;
        if (trimmed && on_line(x, unit, text, line, trimmed, section, in_challenges))
            return;
        at += line_len + 1;
    }
}

/* A section under a challenges section whose heading names one challenge. */
static bool is_sub_challenge(const md_sections *sections, size_t i, const section_kind *kinds)
{
    if (kinds[i] != KIND_CHALLENGES || sections->items[i].level == 0)
        return false;
    for (size_t p = i; p-- > 0;)
        if (sections->items[p].level < sections->items[i].level)
            return kinds[p] == KIND_CHALLENGES;
    return false;
}

static int extract_section(extractor *x, const md_sections *sections, size_t i, const md_units *read,
                           const section_kind *kinds)
{
    const md_units units = read[i];
    bool in_challenges = kinds[i] == KIND_CHALLENGES;
    bool sub = is_sub_challenge(sections, i, kinds);
    for (size_t u = 0; u < units.count && !x->failed;) {
        const md_unit *unit = &units.items[u];
        if (unit->type == UNIT_CELL) {
            u = on_table(x, &units, u, i);
            continue;
        }
        if (unit->type == UNIT_HEADING)
            on_heading(x, md_unit_text(&units, unit), unit->len, i, sub && u == 0);
        else
            on_unit(x, &units, unit, i, in_challenges);
        u++;
    }
    /* the solution label's unit is about to be freed: only its identity mattered */
    if (x->solution_unit && x->solution_unit >= units.items && x->solution_unit < units.items + units.count) {
        x->solution_label_bare = x->solution_label_bare || x->solution_unit->type != UNIT_ITEM;
        x->solution_unit = NULL;
    }
    return x->failed ? -1 : 0;
}

int analysis_extract_challenges_read(const md_sections *sections, const md_units *units, const section_kind *kinds,
                                     challenge_pairs *out)
{
    *out = (challenge_pairs){0};
    if (!sections || !sections->count)
        return 0;
    extractor x = {.out = out};
    int rc = 0;
    for (size_t i = 0; i < sections->count && rc == 0; i++)
        rc = extract_section(&x, sections, i, units, kinds);
    if (rc == 0)
        finish(&x);
    rc = rc == 0 && !x.failed && !x.challenge.failed && !x.solution.failed && !x.candidate.failed ? 0 : -1;
    nx_buf_free(&x.challenge);
    nx_buf_free(&x.solution);
    nx_buf_free(&x.candidate);
    if (rc != 0)
        challenge_pairs_free(out);
    return rc;
}

int analysis_extract_challenges(const md_sections *sections, challenge_pairs *out)
{
    *out = (challenge_pairs){0};
    if (!sections || !sections->count)
        return 0;
    file_facts *facts = NULL;
    if (analysis_facts_read(sections, &facts) != 0)
        return -1;
    int rc = analysis_extract_challenges_from(sections, facts, out);
    analysis_facts_free(facts);
    return rc;
}

void challenge_pairs_free(challenge_pairs *pairs)
{
    if (!pairs)
        return;
    for (size_t i = 0; i < pairs->count; i++) {
        free(pairs->items[i].challenge);
        free(pairs->items[i].solution);
    }
    free(pairs->items);
    *pairs = (challenge_pairs){0};
}
