/* What an answer says about the shards it was read from: whether some were out of reach (a partial
 * answer) and which; /healthz lists every shard. */
#ifndef NX_SHARD_STATE_H
#define NX_SHARD_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "json_writer.h"
#include "nx_index.h"

/* True when some shard was out of reach at the handle's last read. */
bool nx_shards_any_missing(const nx_db_t *db);

/* Writes the members "partial" (true when some shard was out of reach at the handle's last read) and
 * "missing_shards" (their numbers, from 0 in stub order) into the object being written. */
void nx_shards_write(nx_json_writer_t *w, const nx_db_t *db);

/* The numbers of the shards out of reach at the handle's last read, comma-separated ("1" or "0,2"), into
 * `buf` (`size` bytes, always NUL-terminated, "" when none is missing): for answers whose body cannot
 * say so (CSV), which carry them in a header instead (nx_send_csv). */
void nx_shards_missing_list(const nx_db_t *db, char *buf, size_t size);
/* Room for the list of every shard an index can have (1-16: "0,1,…,15"). */
#define NX_MISSING_SHARDS_MAX 64

/* [{"shard": 0, "up": true}, …], every shard in stub order, for /healthz. */
void nx_shards_write_health(nx_json_writer_t *w, const nx_db_t *db);

#endif
