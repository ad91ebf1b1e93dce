/* Token buckets per client address (see rate_limit.h) in a fixed table split
 * into lock-striped groups: each group has its own mutex and evicts its least recently seen entry. */
#include "rate_limit.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* 64 groups of 64 entries: 4096 addresses tracked at once in ~200 KiB. A
 * flood from more addresses than that evicts idle ones first, so an address
 * sending steadily keeps its bucket. */
#define NX_RL_GROUPS 64
#define NX_RL_GROUP_SIZE 64

/* IPv4 addresses are keyed whole; IPv6 ones by their /64 prefix, because one
 * client routinely owns a whole /64 and could otherwise mint fresh buckets. */
typedef struct client_key {
    uint8_t bytes[8];
    uint8_t family; /* 0 = slot unused */
} client_key_t;

typedef struct bucket {
    client_key_t key;
    double tokens;
    double last_s; /* when tokens was last brought up to date */
} bucket_t;

typedef struct group {
    pthread_mutex_t lock;
    bucket_t buckets[NX_RL_GROUP_SIZE];
} group_t;

struct nx_rate_limiter {
    double rate, burst;
    uint64_t seed; /* random, so nobody can aim many addresses at one group */
    group_t groups[NX_RL_GROUPS];
};

nx_rate_limiter_t *nx_rate_limiter_new(double rate, double burst)
{
    nx_rate_limiter_t *limiter = calloc(1, sizeof *limiter);
    if (!limiter)
        return NULL;
    limiter->rate = rate;
    limiter->burst = burst < 1 ? 1 : burst;
    if (getrandom(&limiter->seed, sizeof limiter->seed, 0) != sizeof limiter->seed)
        limiter->seed = (uint64_t)(uintptr_t)limiter;
    for (size_t i = 0; i < NX_RL_GROUPS; i++)
        pthread_mutex_init(&limiter->groups[i].lock, NULL);
    return limiter;
}

void nx_rate_limiter_free(nx_rate_limiter_t *limiter)
{
    if (!limiter)
        return;
    for (size_t i = 0; i < NX_RL_GROUPS; i++)
        pthread_mutex_destroy(&limiter->groups[i].lock);
    free(limiter);
}

static client_key_t key_of(const struct sockaddr *addr)
{
    client_key_t key = {.family = 1};
    if (addr && addr->sa_family == AF_INET) {
        key.family = AF_INET;
        memcpy(key.bytes, &((const struct sockaddr_in *)addr)->sin_addr, 4);
    } else if (addr && addr->sa_family == AF_INET6) {
        key.family = AF_INET6;
        memcpy(key.bytes, &((const struct sockaddr_in6 *)addr)->sin6_addr, 8);
    }
    return key;
}

/* FNV-1a, started from the limiter's random seed. */
static uint64_t hash_key(const client_key_t *key, uint64_t seed)
{
    uint64_t hash = 14695981039346656037ULL ^ seed;
    for (size_t i = 0; i < sizeof key->bytes; i++) {
        hash ^= key->bytes[i];
        hash *= 1099511628211ULL;
    }
    hash ^= key->family;
    hash *= 1099511628211ULL;
    return hash;
}

static bool same_key(const client_key_t *a, const client_key_t *b)
{
    return a->family == b->family && memcmp(a->bytes, b->bytes, sizeof a->bytes) == 0;
}

/* The entry of `key` in the group, or the one to give it: an unused entry,
 * else the least recently seen one (an idle bucket is full again anyway). */
static bucket_t *find_bucket(group_t *group, const client_key_t *key, size_t start, bool *found)
{
    bucket_t *oldest = NULL;
    for (size_t n = 0; n < NX_RL_GROUP_SIZE; n++) {
        bucket_t *b = &group->buckets[(start + n) % NX_RL_GROUP_SIZE];
        if (same_key(&b->key, key)) {
            *found = true;
            return b;
        }
        if (b->key.family == 0)
            return b;
        if (!oldest || b->last_s < oldest->last_s)
            oldest = b;
    }
    return oldest;
}

bool nx_rate_limiter_take(nx_rate_limiter_t *limiter, const struct sockaddr *addr, double now_s,
                          unsigned *retry_after_s)
{
    client_key_t key = key_of(addr);
    uint64_t hash = hash_key(&key, limiter->seed);
    group_t *group = &limiter->groups[hash % NX_RL_GROUPS];
    pthread_mutex_lock(&group->lock);
    bool found = false;
    bucket_t *b = find_bucket(group, &key, (size_t)(hash / NX_RL_GROUPS), &found);
    if (!found)
        *b = (bucket_t){.key = key, .tokens = limiter->burst, .last_s = now_s};
    double elapsed = now_s > b->last_s ? now_s - b->last_s : 0;
    b->tokens += elapsed * limiter->rate;
    if (b->tokens > limiter->burst)
        b->tokens = limiter->burst;
    b->last_s = now_s;
    bool allowed = b->tokens >= 1;
    if (allowed)
        b->tokens -= 1;
    else
        *retry_after_s = (unsigned)((1 - b->tokens) / limiter->rate) + 1;
    pthread_mutex_unlock(&group->lock);
    return allowed;
}
