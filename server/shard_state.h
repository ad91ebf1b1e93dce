/* What an answer says about the shards it was read from: whether some were out of reach (a partial
 * answer) and which; /healthz lists every shard. */
#ifndef NX_SHARD_STATE_H
#define NX_SHARD_STATE_H

#include <jansson.h>
#include <stdbool.h>

#include "json_writer.h"
#include "nx_index.h"

/* True when some shard was out of reach at the handle's last read. */
bool nx_shards_any_missing(const nx_db_t *db);

/* Writes the members "partial" (true when some shard was out of reach at the handle's last read) and
 * "missing_shards" (their numbers, from 0 in stub order) into the object being written. */
void nx_shards_write(nx_json_writer_t *w, const nx_db_t *db);

/* The same members added to `body` (an object; left as it is when NULL or out of memory). */
void nx_shards_add(json_t *body, const nx_db_t *db);

/* [{"shard": 0, "up": true}, …] for /healthz; NULL without memory. */
json_t *nx_shards_health(const nx_db_t *db);

#endif
