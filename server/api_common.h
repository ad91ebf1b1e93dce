/* What the API routes share: technology names resolved through the taxonomy, and the JSON of
 * dates, links and hits. Reading the arguments themselves is request_params.h. */
#ifndef NX_API_COMMON_H
#define NX_API_COMMON_H

#include <microhttpd.h>
#include <stdint.h>

#include "json_writer.h"
#include "nx_index.h"
#include "nx_taxonomy.h"
#include "request_params.h"

/* Technology ids named in free text, in text order without duplicates (at
 * most NX_ARG_MAX_VALUES); ids borrowed from the taxonomy. */
void nx_techs_in_text(const nx_taxonomy *taxonomy, const char *text, nx_arg_values_t *out);

/* ISO 8601 UTC ("2025-08-10T19:46:02Z"), or null when out of range, as a value of the JSON writer. */
void nx_write_iso8601(nx_json_writer_t *w, int64_t seconds);

/* `key`: the strings of `values` as a JSON array. */
void nx_write_values(nx_json_writer_t *w, const char *key, const nx_arg_values_t *values);

/* A search hit: where it is, its link, snippet, kind, origin and technologies; challenge documents add
 * the highlighted challenge and solution. The one place that knows a hit's fields: nx_write_hit() writes
 * it as an object, nx_write_hit_members() its members into an object the caller has begun (and may add
 * to). */
void nx_write_hit(nx_json_writer_t *w, const nx_hit_t *hit);
void nx_write_hit_members(nx_json_writer_t *w, const nx_hit_t *hit);
/* A comma-separated list ("celery,redis") as a JSON array of strings. */
void nx_write_id_list(nx_json_writer_t *w, const char *comma_separated);

/* A learner the index does not hold: 404, unless a shard was out of reach at that read (the learner
 * may be there), which is 503. */
enum MHD_Result nx_api_no_such_learner(struct MHD_Connection *connection, const nx_db_t *db);

/* Logs a failed index call (the client's text JSON-quoted so it cannot forge
 * log lines) and answers 500. */
enum MHD_Result nx_api_index_failure(struct MHD_Connection *connection, nx_status_t status, const char *db_error,
                                     const char *what, const char *client_text);

#endif /* NX_API_COMMON_H */
