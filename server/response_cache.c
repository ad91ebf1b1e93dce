/* The response cache (see response_cache.h): a chained hash table over a doubly linked LRU list,
 * one mutex around both (lookups are a hash and a memcmp; the lock is held for microseconds). */
#include "response_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nx_text.h"

#define BUCKETS 4096u

typedef struct entry {
    struct entry *next_in_bucket;
    struct entry *newer, *older; /* LRU list */
    uint64_t hash, generation;
    size_t cost;                 /* bytes counted against the bound */
    char *key, *body;            /* owned */
} entry_t;

struct nx_response_cache {
    pthread_mutex_t lock;
    size_t max_bytes, bytes, entries;
    entry_t *newest, *oldest;
    entry_t *buckets[BUCKETS];
};

static uint64_t hash_text(const char *text)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return h;
}

nx_response_cache_t *nx_response_cache_new(size_t max_bytes)
{
    if (max_bytes == 0)
        return NULL;
    nx_response_cache_t *cache = calloc(1, sizeof *cache);
    if (!cache)
        return NULL;
    if (pthread_mutex_init(&cache->lock, NULL)) {
        free(cache);
        return NULL;
    }
    cache->max_bytes = max_bytes;
    return cache;
}

static void entry_free(entry_t *e)
{
    free(e->key);
    free(e->body);
    free(e);
}

void nx_response_cache_free(nx_response_cache_t *cache)
{
    if (!cache)
        return;
    for (entry_t *e = cache->newest, *older; e; e = older) {
        older = e->older;
        entry_free(e);
    }
    pthread_mutex_destroy(&cache->lock);
    free(cache);
}

static void lru_unlink(nx_response_cache_t *cache, entry_t *e)
{
    if (e->newer) e->newer->older = e->older; else cache->newest = e->older;
    if (e->older) e->older->newer = e->newer; else cache->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void lru_push_newest(nx_response_cache_t *cache, entry_t *e)
{
    e->older = cache->newest;
    e->newer = NULL;
    if (cache->newest) cache->newest->newer = e; else cache->oldest = e;
    cache->newest = e;
}

/* Unlinks and frees `e`; the lock is held. */
static void remove_entry(nx_response_cache_t *cache, entry_t *e)
{
    entry_t **link = &cache->buckets[e->hash % BUCKETS];
    while (*link != e)
        link = &(*link)->next_in_bucket;
    *link = e->next_in_bucket;
    lru_unlink(cache, e);
    cache->bytes -= e->cost;
    cache->entries--;
    entry_free(e);
}

static entry_t *find(nx_response_cache_t *cache, const char *key, uint64_t hash)
{
    for (entry_t *e = cache->buckets[hash % BUCKETS]; e; e = e->next_in_bucket)
        if (e->hash == hash && strcmp(e->key, key) == 0)
            return e;
    return NULL;
}

char *nx_response_cache_get(nx_response_cache_t *cache, const char *key, uint64_t generation)
{
    if (!cache || !key)
        return NULL;
    uint64_t hash = hash_text(key);
    char *copy = NULL;
    pthread_mutex_lock(&cache->lock);
    entry_t *e = find(cache, key, hash);
    if (e && e->generation != generation) {
        remove_entry(cache, e);
    } else if (e) {
        lru_unlink(cache, e);
        lru_push_newest(cache, e);
        copy = strdup(e->body);
    }
    pthread_mutex_unlock(&cache->lock);
    return copy;
}

void nx_response_cache_put(nx_response_cache_t *cache, const char *key, uint64_t generation, const char *body)
{
    if (!cache || !key || !body)
        return;
    size_t cost = sizeof(entry_t) + strlen(key) + 1 + strlen(body) + 1;
    if (cost > cache->max_bytes / 8)
        return;
    entry_t *e = calloc(1, sizeof *e);
    if (!e || !(e->key = strdup(key)) || !(e->body = strdup(body))) {
        if (e) entry_free(e);
        return;
    }
    e->hash = hash_text(key);
    e->generation = generation;
    e->cost = cost;
    pthread_mutex_lock(&cache->lock);
    entry_t *old = find(cache, key, e->hash);
    if (old)
        remove_entry(cache, old);
    while (cache->oldest && cache->bytes + cost > cache->max_bytes)
        remove_entry(cache, cache->oldest);
    e->next_in_bucket = cache->buckets[e->hash % BUCKETS];
    cache->buckets[e->hash % BUCKETS] = e;
    lru_push_newest(cache, e);
    cache->bytes += cost;
    cache->entries++;
    pthread_mutex_unlock(&cache->lock);
}

size_t nx_response_cache_bytes(nx_response_cache_t *cache)
{
    if (!cache)
        return 0;
    pthread_mutex_lock(&cache->lock);
    size_t bytes = cache->bytes;
    pthread_mutex_unlock(&cache->lock);
    return bytes;
}

size_t nx_response_cache_entries(nx_response_cache_t *cache)
{
    if (!cache)
        return 0;
    pthread_mutex_lock(&cache->lock);
    size_t entries = cache->entries;
    pthread_mutex_unlock(&cache->lock);
    return entries;
}
