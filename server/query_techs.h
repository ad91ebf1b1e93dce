/* The technologies a query names. Documents keep the taxonomy's rule (an exact-case spelling such as "React",
 * "Go" or "REST" matches only as written, so prose "react", "go", "rest" is not the technology). People type
 * queries in lower case, so in a query an exact-case spelling typed in any case names its technology when the
 * cohort's own writing shows that the lower-case word is mostly that technology: among the learners' own
 * sections containing the word, the indexer detected the technology in at least half (nx_word_names_tech).
 * Every route that reports the technologies of a query uses nx_query_techs. */
#ifndef NX_QUERY_TECHS_H
#define NX_QUERY_TECHS_H

#include <stdbool.h>
#include <stdint.h>

#include "nx_index.h"
#include "nx_taxonomy.h"
#include "request_params.h"

/* The rule's threshold: the share of the own sections containing the word in which the technology was
 * detected, in percent (README "Technologies in a query" gives the measured shares behind it). */
#define NX_QUERY_TECH_SHARE_PERCENT 50

/* True when a word found in `with_word` own sections, `with_tech` of them detected as the technology, names
 * the technology in a query. */
bool nx_word_names_tech(uint64_t with_word, uint64_t with_tech);

/* Technology ids `query` names, in text order without duplicates (at most NX_ARG_MAX_VALUES); ids borrowed
 * from the taxonomy. The index statistics come from `db` (cached there per revision); when they cannot be
 * read the document rule alone answers. NULL query: none. */
void nx_query_techs(const nx_taxonomy *taxonomy, nx_db_t *db, const char *query, nx_arg_values_t *out);

#endif /* NX_QUERY_TECHS_H */
