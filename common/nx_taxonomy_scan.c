/* Finds technologies in text: one tokenising pass, each word looked up in a hash index of
 * aliases keyed by their lowercased first word, longest alias wins (see nx_taxonomy_scan). */
#include "nx_taxonomy.h"
#include "nx_taxonomy_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Tokens ------------------------------------------------------------- */

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_word_byte(unsigned char c)
{
    return isalnum(c) || c == '_';
}

/* Decodes the UTF-8 sequence at s (assumed well-formed; bad bytes count as
 * one-byte symbols). Returns its length. */
static size_t decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    if (n == 1 || n > avail) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t value = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++)
        value = (value << 6) | (s[i] & 0x3F);
    *cp = value;
    return n;
}

/* Punctuation, symbols, arrows, emoji and invisible marks separate words;
 * letters of any script belong to them. */
static bool is_separator_code_point(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
           (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFFD ||
           (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0xE0000 && cp <= 0xE007F);
}

#define RIGHT_SINGLE_QUOTE 0x2019

/* Length of the word starting at text[i] (0 if none starts there). An
 * apostrophe between letters stays inside ("don't", "Django's"). */
static size_t word_length(const char *text, size_t len, size_t i)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t j = i;
    while (j < len) {
        if (is_word_byte(s[j])) {
            j++;
            continue;
        }
        uint32_t cp = s[j];
        size_t n = s[j] >= 0x80 ? decode(s + j, len - j, &cp) : 1;
        bool apostrophe = cp == '\'' || cp == RIGHT_SINGLE_QUOTE;
        if (apostrophe && j > i && j + n < len && is_word_byte(s[j + n])) {
            j += n;
            continue;
        }
        if (s[j] >= 0x80 && !is_separator_code_point(cp)) {
            j += n;
            continue;
        }
        break;
    }
    return j - i;
}

static bool push_token(nx_tokens *out, nx_token token)
{
    if (out->count == out->capacity) {
        size_t capacity = out->capacity ? out->capacity * 2 : 64;
        nx_token *grown = realloc(out->items, capacity * sizeof *grown);
        if (!grown)
            return false;
        out->items = grown;
        out->capacity = capacity;
    }
    out->items[out->count++] = token;
    return true;
}

/* "http://…", "https://…" and "www.…" run to the next space or closing bracket. */
static size_t url_length(const char *text, size_t len, size_t i, size_t word)
{
    bool scheme = (word == 4 && strncasecmp(text + i, "http", 4) == 0) ||
                  (word == 5 && strncasecmp(text + i, "https", 5) == 0);
    bool www = word == 3 && strncasecmp(text + i, "www", 3) == 0;
    size_t j = i + word;
    if (scheme && !(len - j >= 3 && memcmp(text + j, "://", 3) == 0))
        return 0;
    if (www && !(j < len && text[j] == '.'))
        return 0;
    if (!scheme && !www)
        return 0;
    while (j < len && !is_space((unsigned char)text[j]) && !strchr(")]>\"'<", text[j]))
        j++;
    return j - i;
}

bool nx_tokenize(const char *text, size_t len, bool skip_urls, nx_tokens *out)
{
    const unsigned char *s = (const unsigned char *)text;
    bool spaced = true;
    size_t i = 0;
    while (i < len) {
        if (is_space(s[i])) {
            spaced = true;
            i++;
            continue;
        }
        size_t word = word_length(text, len, i);
        if (word) {
            size_t url = skip_urls ? url_length(text, len, i, word) : 0;
            if (url) {
                i += url;
                spaced = true;
                continue;
            }
            if (!push_token(out, (nx_token){.start = i, .len = word, .word = true, .glued = !spaced}))
                return false;
            i += word;
            spaced = false;
            continue;
        }
        if (s[i] >= 0x80) { /* a symbol: separates like a space */
            uint32_t cp;
            i += decode(s + i, len - i, &cp);
            spaced = true;
            continue;
        }
        if (!push_token(out, (nx_token){.start = i, .len = 1, .word = false, .glued = !spaced}))
            return false;
        i++;
        spaced = false;
    }
    return true;
}

void nx_tokens_free(nx_tokens *tokens)
{
    free(tokens->items);
    *tokens = (nx_tokens){0};
}

bool nx_token_key(const char *s, size_t len, char *key)
{
    if (len > NX_MAX_KEY_BYTES)
        return false;
    for (size_t i = 0; i < len; i++)
        key[i] = (char)tolower((unsigned char)s[i]);
    key[len] = '\0';
    return true;
}

/* ---- The alias index ---------------------------------------------------- */

typedef struct keyed_pattern {
    nx_pattern pattern;
    char key[NX_MAX_KEY_BYTES + 1];
} keyed_pattern;

static int compare_keyed(const void *a, const void *b)
{
    const keyed_pattern *x = a, *y = b;
    int by_key = strcmp(x->key, y->key);
    if (by_key)
        return by_key;
    return x->pattern.tech < y->pattern.tech ? -1 : x->pattern.tech > y->pattern.tech;
}

static keyed_pattern *tokenise_aliases(nx_taxonomy *tax, size_t *count)
{
    keyed_pattern *keyed = calloc(tax->alias_count ? tax->alias_count : 1, sizeof *keyed);
    if (!keyed)
        return NULL;
    size_t n = 0;
    for (size_t t = 0; t < tax->count; t++) {
        const nx_technology *tech = &tax->techs[t];
        for (size_t a = 0; a < tech->alias_count; a++) {
            const nx_alias *alias = &tech->aliases[a];
            size_t first = tax->pattern_tokens.count;
            if (!nx_tokenize(alias->text, strlen(alias->text), false, &tax->pattern_tokens)) {
                free(keyed);
                return NULL;
            }
            const nx_token *head = &tax->pattern_tokens.items[first];
            keyed_pattern *k = &keyed[n];
            if (!nx_token_key(alias->text + head->start, head->len, k->key))
                continue; /* a first word this long never occurs as a key */
            k->pattern = (nx_pattern){.tech = t, .exact_case = alias->exact_case, .text = alias->text,
                                      .first = first, .count = tax->pattern_tokens.count - first};
            n++;
        }
    }
    *count = n;
    return keyed;
}

int nx_taxonomy_build_index(nx_taxonomy *tax)
{
    size_t n = 0;
    keyed_pattern *keyed = tokenise_aliases(tax, &n);
    if (!keyed)
        return -1;
    qsort(keyed, n, sizeof *keyed, compare_keyed);
    tax->patterns = calloc(n ? n : 1, sizeof *tax->patterns);
    tax->ranges = calloc(n ? n : 1, sizeof *tax->ranges);
    tax->keys = calloc(n ? n : 1, NX_MAX_KEY_BYTES + 1);
    if (!tax->patterns || !tax->ranges || !tax->keys || !hcreate_r(n * 2 + 16, &tax->index))
        goto fail;
    tax->index_built = true;
    size_t groups = 0;
    for (size_t i = 0; i < n; i++) {
        tax->patterns[i] = keyed[i].pattern;
        if (i > 0 && strcmp(keyed[i].key, keyed[i - 1].key) == 0) {
            tax->ranges[groups - 1].count++;
            continue;
        }
        char *key = tax->keys + groups * (NX_MAX_KEY_BYTES + 1);
        strcpy(key, keyed[i].key);
        tax->ranges[groups] = (nx_pattern_range){.start = i, .count = 1};
        ENTRY *entered = NULL;
        if (!hsearch_r((ENTRY){.key = key, .data = &tax->ranges[groups]}, ENTER, &entered, &tax->index))
            goto fail;
        groups++;
    }
    tax->pattern_count = n;
    free(keyed);
    return 0;
fail:
    free(keyed);
    return -1;
}

void nx_taxonomy_free_index(nx_taxonomy *tax)
{
    if (tax->index_built)
        hdestroy_r(&tax->index);
    tax->index_built = false;
    free(tax->patterns);
    free(tax->ranges);
    free(tax->keys);
    nx_tokens_free(&tax->pattern_tokens);
}

/* ---- Scanning ----------------------------------------------------------- */

static bool same_bytes(const char *a, const char *b, size_t len, bool exact_case)
{
    return exact_case ? memcmp(a, b, len) == 0 : strncasecmp(a, b, len) == 0;
}

static bool pattern_matches(const nx_taxonomy *tax, const nx_pattern *p, const char *text, const nx_tokens *toks,
                            size_t at)
{
    if (at + p->count > toks->count)
        return false;
    for (size_t k = 0; k < p->count; k++) {
        const nx_token *want = &tax->pattern_tokens.items[p->first + k];
        const nx_token *have = &toks->items[at + k];
        if (want->len != have->len || (k > 0 && want->glued != have->glued))
            return false;
        if (!same_bytes(p->text + want->start, text + have->start, want->len, p->exact_case))
            return false;
    }
    return true;
}

static const nx_pattern *longest_match(const nx_taxonomy *tax, const char *text, const nx_tokens *toks, size_t at)
{
    const nx_token *head = &toks->items[at];
    char key[NX_MAX_KEY_BYTES + 1];
    if (!nx_token_key(text + head->start, head->len, key))
        return NULL;
    ENTRY *found = NULL;
    hsearch_r((ENTRY){.key = key}, FIND, &found, (struct hsearch_data *)&tax->index);
    if (!found)
        return NULL;
    const nx_pattern_range *range = found->data;
    const nx_pattern *best = NULL;
    for (size_t i = range->start; i < range->start + range->count; i++) {
        const nx_pattern *p = &tax->patterns[i];
        if ((!best || p->count > best->count) && pattern_matches(tax, p, text, toks, at))
            best = p;
    }
    return best;
}

/* Words after which a capitalised ordinary word is a verb or an adjective,
 * not a product name: "Go to", "Render the", "Express delivery". */
static bool is_verb_follower(const char *word, size_t len)
{
    static const char *const followers[] = {
        "to", "back", "ahead", "live", "through", "into", "out", "over", "up", "down", "beyond", "here",
        "there", "further", "the", "a", "an", "it", "its", "them", "this", "that", "these", "those", "each",
        "your", "our", "my", "delivery", "shipping", "checkout", "yourself", NULL};
    for (size_t i = 0; followers[i]; i++)
        if (strlen(followers[i]) == len && memcmp(followers[i], word, len) == 0)
            return true;
    return false;
}

static bool is_capitalised_word(const char *s, size_t len)
{
    if (len < 2 || !isupper((unsigned char)s[0]))
        return false;
    for (size_t i = 1; i < len; i++)
        if (!islower((unsigned char)s[i]))
            return false;
    return true;
}

static bool used_as_ordinary_word(const nx_pattern *p, const char *text, const nx_tokens *toks, size_t at)
{
    const nx_token *head = &toks->items[at];
    if (!p->exact_case || p->count != 1 || !is_capitalised_word(text + head->start, head->len))
        return false;
    if (at + 1 >= toks->count)
        return false;
    const nx_token *next = &toks->items[at + 1];
    return next->word && !next->glued && is_verb_follower(text + next->start, next->len);
}

int nx_taxonomy_scan(const nx_taxonomy *tax, const char *text, size_t len, nx_tech_match_fn fn, void *data)
{
    if (!tax || !text || !len)
        return 0;
    nx_tokens toks = {0};
    if (!nx_tokenize(text, len, true, &toks)) {
        nx_tokens_free(&toks);
        return -1;
    }
    for (size_t at = 0; at < toks.count;) {
        const nx_pattern *p = longest_match(tax, text, &toks, at);
        if (!p || used_as_ordinary_word(p, text, &toks, at)) {
            at++;
            continue;
        }
        const nx_token *last = &toks.items[at + p->count - 1];
        nx_tech_match match = {.tech = p->tech, .start = toks.items[at].start, .end = last->start + last->len};
        if (!fn(&match, data))
            break;
        at += p->count;
    }
    nx_tokens_free(&toks);
    return 0;
}
