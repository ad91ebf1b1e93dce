/* Shard state in answers (shard_state.h). The shim keeps the state (nx_layout.h); this only writes it, so
 * a shard host going down changes what an answer says, never its status. */
#include "shard_state.h"

#include <stdbool.h>

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

void nx_shards_add(json_t *body, const nx_db_t *db)
{
    json_t *missing = json_array();
    if (!body || !missing) {
        json_decref(missing);
        return;
    }
    for (size_t i = 0; i < nx_db_shard_count(db); i++) {
        if (nx_db_shard_missing(db, i))
            json_array_append_new(missing, json_integer((json_int_t)i));
    }
    json_object_set_new(body, "partial", json_boolean(json_array_size(missing) > 0));
    json_object_set_new(body, "missing_shards", missing);
}

json_t *nx_shards_health(const nx_db_t *db)
{
    json_t *shards = json_array();
    for (size_t i = 0; shards && i < nx_db_shard_count(db); i++) {
        if (json_array_append_new(shards, json_pack("{s:I,s:b}", "shard", (json_int_t)i, "up",
                                                    !nx_db_shard_missing(db, i))) != 0) {
            json_decref(shards);
            return NULL;
        }
    }
    return shards;
}
