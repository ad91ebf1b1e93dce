/* Queuing answers (see response.h): the JSON, text and error bodies of every route and of the
 * dispatcher's refusals, each with the headers a data answer carries. */
#include "response.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"
#include "nx_text.h"

static enum MHD_Result send_out_of_memory(struct MHD_Connection *connection)
{
    static const char body[] = "{\"error\":{\"status\":500,\"message\":\"out of memory\"}}";
    struct MHD_Response *response = MHD_create_response_from_buffer(
        sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    if (!response)
        return MHD_NO;
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, NX_JSON_CONTENT_TYPE);
    enum MHD_Result result =
        MHD_queue_response(connection, MHD_HTTP_INTERNAL_SERVER_ERROR, response);
    MHD_destroy_response(response);
    return result;
}

void nx_add_data_headers(struct MHD_Response *response)
{
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    /* Data is never a document: nothing in it may run or be framed. */
    MHD_add_response_header(response, "Content-Security-Policy",
                            "default-src 'none'; frame-ancestors 'none'");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
}

/* An extra header of an answer; NULL name: none. */
typedef struct header {
    const char *name, *value;
} header;

/* Queues `body` (malloc'd, owned from here; NULL is answered as 500) with the data headers and the `n_extra`
 * headers of `extra`. */
static enum MHD_Result queue_with(struct MHD_Connection *connection, unsigned status, const char *content_type,
                                  char *body, const header *extra, size_t n_extra)
{
    if (!body)
        return send_out_of_memory(connection);
    struct MHD_Response *response = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
    if (!response) {
        free(body);
        return send_out_of_memory(connection);
    }
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    nx_add_data_headers(response);
    for (size_t i = 0; i < n_extra; i++) {
        if (extra[i].name)
            MHD_add_response_header(response, extra[i].name, extra[i].value);
    }
    enum MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return result;
}

/* queue_with() with at most one extra header (none when `extra_name` is NULL). */
static enum MHD_Result queue_owned(struct MHD_Connection *connection, unsigned status, const char *content_type,
                                   char *body, const char *extra_name, const char *extra_value)
{
    const header extra = {extra_name, extra_value};
    return queue_with(connection, status, content_type, body, &extra, 1);
}

enum MHD_Result nx_send_json_text(struct MHD_Connection *connection, unsigned status, char *text)
{
    return queue_owned(connection, status, NX_JSON_CONTENT_TYPE, text, NULL, NULL);
}

enum MHD_Result nx_send_text(struct MHD_Connection *connection, unsigned status, const char *content_type,
                             char *body, const char *filename)
{
    char disposition[160];
    if (filename)
        snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", filename);
    return queue_owned(connection, status, content_type, body, filename ? "Content-Disposition" : NULL,
                       disposition);
}

enum MHD_Result nx_send_csv(struct MHD_Connection *connection, char *body, const char *filename,
                            const char *missing_shards)
{
    char disposition[160];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", filename);
    const bool partial = missing_shards && *missing_shards;
    const header extra[] = {
        {"Content-Disposition", disposition},
        {"X-Nexus-Partial", partial ? "true" : "false"},
        {partial ? "X-Nexus-Missing-Shards" : NULL, missing_shards},
    };
    return queue_with(connection, MHD_HTTP_OK, "text/csv; charset=utf-8", body, extra, sizeof extra / sizeof *extra);
}

enum MHD_Result nx_send_error_with(struct MHD_Connection *connection, unsigned status, const char *message,
                                   const char *name, const char *value)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_key(&w, "error");
    nx_jw_begin_object(&w);
    nx_jw_member_integer(&w, "status", status);
    nx_jw_member_string(&w, "message", message);
    nx_jw_end_object(&w);
    nx_jw_end_object(&w);
    return queue_owned(connection, status, NX_JSON_CONTENT_TYPE, nx_jw_take(&w), name, value);
}

enum MHD_Result nx_send_error(struct MHD_Connection *connection, unsigned status, const char *message)
{
    return nx_send_error_with(connection, status, message, NULL, NULL);
}
