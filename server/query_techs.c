/* Technologies named by a query (see query_techs.h): exact-case spellings typed in another case are put
 * back in their own case when the cohort's writing says the word is mostly the technology, and the query is
 * then read with the document rule, so both rules share one scanner (its word boundaries, punctuation and
 * "Go to"/"Render the" checks). */
#include "query_techs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_common.h"

bool nx_word_names_tech(uint64_t with_word, uint64_t with_tech)
{
    return with_word > 0 && with_tech * 100 >= with_word * NX_QUERY_TECH_SHARE_PERCENT;
}

/* Letters, digits, '_' and any byte of a multi-byte UTF-8 character continue a word, as in the scanner. */
static bool word_byte(unsigned char c)
{
    return isalnum(c) || c == '_' || c >= 0x80;
}

/* Whether the index says the lower-case `spelling` is mostly technology `id`; false when it cannot say. */
static bool cohort_means_tech(nx_db_t *db, const char *spelling, const char *id)
{
    uint64_t with_word = 0, with_tech = 0;
    if (nx_db_word_tech_sections(db, spelling, id, &with_word, &with_tech) != NX_OK)
        return false;
    return nx_word_names_tech(with_word, with_tech);
}

/* Rewrites in `text` every whole-word occurrence of `alias`, typed in another case, to the alias's own case
 * when the cohort's writing says it names technology `id`. Case changes keep the length (ASCII folding). */
static void restore_case(char *text, const nx_alias *alias, const char *id, nx_db_t *db)
{
    const size_t len = strlen(alias->text);
    int named = -1; /* asked once per alias: -1 not yet, else the answer */
    for (char *at = text; (at = strcasestr(at, alias->text)) != NULL; at++) {
        const bool whole = (at == text || !word_byte((unsigned char)at[-1])) && !word_byte((unsigned char)at[len]);
        if (!whole || memcmp(at, alias->text, len) == 0)
            continue;
        if (named < 0)
            named = cohort_means_tech(db, alias->text, id);
        if (named)
            memcpy(at, alias->text, len);
    }
}

void nx_query_techs(const nx_taxonomy *taxonomy, nx_db_t *db, const char *query, nx_arg_values_t *out)
{
    out->count = 0;
    if (!query)
        return;
    char *text = strdup(query);
    if (!text) {
        nx_techs_in_text(taxonomy, query, out); /* without memory, the document rule alone */
        return;
    }
    for (size_t t = 0; t < nx_taxonomy_count(taxonomy); t++) {
        const nx_technology *tech = nx_taxonomy_get(taxonomy, t);
        for (size_t a = 0; a < tech->alias_count; a++)
            if (tech->aliases[a].exact_case)
                restore_case(text, &tech->aliases[a], tech->id, db);
    }
    nx_techs_in_text(taxonomy, text, out);
    free(text);
}
