/* Private to nx_taxonomy*.c: the taxonomy's storage, its alias index and the word tokeniser
 * that parsing (alias patterns) and scanning (texts) must share so that both split words alike. */
#ifndef NX_TAXONOMY_INTERNAL_H
#define NX_TAXONOMY_INTERNAL_H

#include "nx_taxonomy.h"

#include <search.h>
#include <stdbool.h>
#include <stddef.h>

/* A word (letters, digits, '_', apostrophes inside) or one punctuation character. */
typedef struct nx_token {
    size_t start;
    size_t len;
    bool word;
    bool glued; /* no white space between this token and the previous one */
} nx_token;

typedef struct nx_tokens {
    nx_token *items; /* owned */
    size_t count;
    size_t capacity;
} nx_tokens;

/* Appends the tokens of text[0..len) to *out, skipping URLs when skip_urls.
 * Returns false when out of memory. */
bool nx_tokenize(const char *text, size_t len, bool skip_urls, nx_tokens *out);
void nx_tokens_free(nx_tokens *tokens);

/* One alias, tokenised; `text` is the alias string the tokens point into. */
typedef struct nx_pattern {
    size_t tech;
    bool exact_case;
    const char *text;
    size_t first; /* index of its first token in nx_taxonomy.pattern_tokens */
    size_t count;
} nx_pattern;

/* Patterns sharing one lowercased first word, as a range of nx_taxonomy.patterns. */
typedef struct nx_pattern_range {
    size_t start;
    size_t count;
} nx_pattern_range;

#define NX_MAX_KEY_BYTES 64      /* longer first words are never looked up */
#define NX_MAX_PATTERN_TOKENS 12

struct nx_taxonomy {
    char *text; /* owned copy of the data; fields point into it */
    nx_technology *techs;
    size_t count;
    nx_alias *aliases; /* all techs' aliases, each tech's a contiguous run */
    size_t alias_count;
    const char **signals;
    size_t signal_count;
    /* Alias index for scanning: patterns sorted by first-word key. */
    nx_pattern *patterns;
    size_t pattern_count;
    nx_tokens pattern_tokens;
    char *keys;                 /* NUL-separated lowercased keys */
    nx_pattern_range *ranges;   /* one per distinct key, ENTRY.data points here */
    struct hsearch_data index;
    bool index_built;
};

/* Builds the alias index of a parsed taxonomy whose aliases were checked to
 * hold 1..NX_MAX_PATTERN_TOKENS tokens. Returns 0, or -1 when out of memory. */
int nx_taxonomy_build_index(nx_taxonomy *taxonomy);
void nx_taxonomy_free_index(nx_taxonomy *taxonomy);

/* Lowercases ASCII letters of s[0..len) into key (size NX_MAX_KEY_BYTES + 1);
 * false when s is too long to be a key. */
bool nx_token_key(const char *s, size_t len, char *key);

#endif /* NX_TAXONOMY_INTERNAL_H */
