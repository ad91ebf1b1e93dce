/* Queuing answers on a libmicrohttpd connection: JSON, text and error bodies with the headers every data
 * answer carries. The bottom layer of the server: routes and the dispatcher both send through here. */
#ifndef NX_RESPONSE_H
#define NX_RESPONSE_H

#include <microhttpd.h>

#define NX_JSON_CONTENT_TYPE "application/json; charset=utf-8"

/* Queues `text` (a JSON answer from the JSON writer: malloc'd, owned from here; NULL is answered as 500)
 * with the API headers (no caching, nosniff). */
enum MHD_Result nx_send_json_text(struct MHD_Connection *connection, unsigned status, char *text);

/* Queues `body` (malloc'd text, owned from here; NULL is answered as 500)
 * with `content_type`; with `filename`, the browser is told to save it. */
enum MHD_Result nx_send_text(struct MHD_Connection *connection, unsigned status, const char *content_type,
                             char *body, const char *filename);

/* Queues a CSV answer (`body` as nx_send_text, saved as `filename`). CSV has no place for the "partial" and
 * "missing_shards" members a JSON answer carries, so the same facts go in headers: X-Nexus-Partial: true or
 * false, and with true X-Nexus-Missing-Shards: the missing shards' numbers ("1", "0,2"). `missing_shards`:
 * that list (borrowed), "" or NULL when every shard answered (nx_shards_missing_list). */
enum MHD_Result nx_send_csv(struct MHD_Connection *connection, char *body, const char *filename,
                            const char *missing_shards);

/* Adds the headers every data answer (JSON, CSV, the OpenAPI document) carries: nosniff, and a
 * Content-Security-Policy and Referrer-Policy that let nothing in it run, be framed or leak the URL. */
void nx_add_data_headers(struct MHD_Response *response);

/* Queues {"error": {"status": status, "message": message}}; the _with form adds one header (`name`:
 * `value`, borrowed), such as the Allow of a 405 or the Retry-After of a 429. */
enum MHD_Result nx_send_error(struct MHD_Connection *connection, unsigned status, const char *message);
enum MHD_Result nx_send_error_with(struct MHD_Connection *connection, unsigned status, const char *message,
                                   const char *name, const char *value);

#endif /* NX_RESPONSE_H */
