/* What the API routes share: reading query-string arguments (single, repeated, numeric),
 * technology names resolved through the taxonomy, and the JSON of dates and hits. */
#ifndef NX_API_COMMON_H
#define NX_API_COMMON_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdint.h>

#include "nx_index.h"
#include "nx_taxonomy.h"

#define NX_QUERY_MAX_BYTES 1024
/* A facet value is a short name; a query string cannot grow the work without bound. */
#define NX_ARG_VALUE_MAX_BYTES 100
#define NX_ARG_MAX_VALUES 20

/* The values of a repeatable argument, borrowed from the connection (valid
 * until the response is queued). */
typedef struct nx_arg_values {
    const char *items[NX_ARG_MAX_VALUES];
    size_t count;
} nx_arg_values_t;

/* Each reader returns NULL when the argument is absent or valid, else the
 * message for the 400 body (`message` or a static text). */

/* Optional free-text argument: *out is NULL when absent or blank; otherwise
 * NUL-free valid UTF-8 of at most `max_bytes`. */
const char *nx_arg_text(struct MHD_Connection *connection, const char *name, size_t max_bytes, const char **out,
                        char *message, size_t message_size);

/* Optional integer from 1 to `max`; *out is left alone when absent. */
const char *nx_arg_integer(struct MHD_Connection *connection, const char *name, unsigned max, unsigned *out,
                           char *message, size_t message_size);

/* Every value of a repeatable argument (?tech=a&tech=b); blank values are skipped. */
const char *nx_arg_list(struct MHD_Connection *connection, const char *name, nx_arg_values_t *out,
                        char *message, size_t message_size);

/* Replaces each technology name or alias in `values` by its taxonomy id
 * (tech=DRF → django-rest-framework); unknown names are a 400. Duplicates are dropped. */
const char *nx_resolve_techs(const nx_taxonomy *taxonomy, nx_arg_values_t *values, char *message,
                             size_t message_size);

/* Technology ids named in free text, in text order without duplicates (at
 * most NX_ARG_MAX_VALUES); ids borrowed from the taxonomy. */
void nx_techs_in_text(const nx_taxonomy *taxonomy, const char *text, nx_arg_values_t *out);

/* ISO 8601 UTC ("2025-08-10T19:46:02Z") or JSON null when out of range. */
json_t *nx_json_iso8601(int64_t seconds);

/* ["a", "b"] from "a,b"; [] from "". */
json_t *nx_json_id_list(const char *comma_separated);

/* The strings of `values` as a JSON array. */
json_t *nx_json_values(const nx_arg_values_t *values);

/* The GitHub link of a file (and anchor) at a commit, or JSON null. NULL without memory. */
json_t *nx_json_blob_url(const char *repo_url, const char *commit, const char *path, const char *anchor);

/* A search hit: where it is, its link, snippet, kind, origin and technologies;
 * challenge documents add the highlighted challenge and solution. */
json_t *nx_json_hit(const nx_hit_t *hit);

/* Logs a failed index call (the client's text JSON-quoted so it cannot forge
 * log lines) and answers 500. */
enum MHD_Result nx_api_index_failure(struct MHD_Connection *connection, nx_status_t status, const char *db_error,
                                     const char *what, const char *client_text);

#endif /* NX_API_COMMON_H */
