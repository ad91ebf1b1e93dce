/* Shard state in answers (shard_state.h). The shim keeps the state (nx_layout.h); this only writes it, so
 * a shard host going down changes what an answer says, never its status. */
#include "shard_state.h"

#include <stdbool.h>
#include <stdio.h>

#include "nx_layout.h"

bool nx_shards_any_missing(const nx_db_t *db)
{
    for (size_t i = 0; i < nx_db_shard_count(db); i++) {
        if (nx_db_shard_missing(db, i))
            return true;
    }
    return false;
}

void nx_shards_write(nx_json_writer_t *w, const nx_db_t *db)
{
    nx_jw_key(w, "partial");
    nx_jw_bool(w, nx_shards_any_missing(db));
    nx_jw_key(w, "missing_shards");
    nx_jw_begin_array(w);
    for (size_t i = 0; i < nx_db_shard_count(db); i++) {
        if (nx_db_shard_missing(db, i))
            nx_jw_integer(w, (int64_t)i);
    }
    nx_jw_end_array(w);
}

void nx_shards_missing_list(const nx_db_t *db, char *buf, size_t size)
{
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < nx_db_shard_count(db) && used < size; i++) {
        if (nx_db_shard_missing(db, i)) {
            int n = snprintf(buf + used, size - used, "%s%zu", used ? "," : "", i);
            if (n < 0 || (size_t)n >= size - used) {
                buf[used] = '\0'; /* a list cut short would name a wrong shard: keep whole numbers only */
                return;
            }
            used += (size_t)n;
        }
    }
}

void nx_shards_write_health(nx_json_writer_t *w, const nx_db_t *db)
{
    nx_jw_begin_array(w);
    for (size_t i = 0; i < nx_db_shard_count(db); i++) {
        nx_jw_begin_object(w);
        nx_jw_member_integer(w, "shard", (int64_t)i);
        nx_jw_key(w, "up");
        nx_jw_bool(w, !nx_db_shard_missing(db, i));
        nx_jw_end_object(w);
    }
    nx_jw_end_array(w);
}
