/* A bounded, thread-safe LRU cache of whole JSON answers, keyed by the normalised request and the
 * index generation it was computed from, so a reindex never lets an old answer through. */
#ifndef NX_RESPONSE_CACHE_H
#define NX_RESPONSE_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;

typedef struct nx_response_cache nx_response_cache_t;

/* A cache holding at most `max_bytes` of keys and bodies (entry bookkeeping included). Owned by the
 * caller (nx_response_cache_free). NULL without memory or when max_bytes is 0 (no cache). */
nx_response_cache_t *nx_response_cache_new(size_t max_bytes);
void nx_response_cache_free(nx_response_cache_t *cache);

/* A malloc'd copy of the body stored for `key` at exactly `generation` (the caller frees it), or NULL.
 * An entry of another generation is dropped on sight: it can never be right again. */
char *nx_response_cache_get(nx_response_cache_t *cache, const char *key, uint64_t generation);

/* Stores a copy of `body` for `key` at `generation`, evicting the least recently used entries to
 * stay within the bound; bodies larger than an eighth of the bound are not kept. */
void nx_response_cache_put(nx_response_cache_t *cache, const char *key, uint64_t generation, const char *body);

/* Bytes held now, and entries (for tests and the README's claims about the bound). */
size_t nx_response_cache_bytes(nx_response_cache_t *cache);
size_t nx_response_cache_entries(nx_response_cache_t *cache);

#endif /* NX_RESPONSE_CACHE_H */
