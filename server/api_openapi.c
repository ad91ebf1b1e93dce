/* GET /openapi.json: the OpenAPI 3.1 description of the whole API (server/openapi.json),
 * embedded at build time so the document served is the one in the project. */
#include <stddef.h>

#include "api.h"
#include "response.h"
#include "server.h"

extern const unsigned char nx_openapi_json[];
extern const size_t nx_openapi_json_len;

enum MHD_Result nx_route_openapi(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                 const nx_args_t *args)
{
    (void)args;
    (void)param;
    (void)server;
    struct MHD_Response *response = MHD_create_response_from_buffer(
        nx_openapi_json_len, (void *)nx_openapi_json, MHD_RESPMEM_PERSISTENT);
    if (!response)
        return MHD_NO;
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, NX_JSON_CONTENT_TYPE);
    nx_add_data_headers(response);
    enum MHD_Result result = MHD_queue_response(connection, MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return result;
}
