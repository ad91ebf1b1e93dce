/* Request arguments and path names (see request_params.h): the checks every route applies to what a
 * client sent, after libmicrohttpd decoded it, and the readers that fetch arguments from a connection. */
#include "request_params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nx_text.h"

static bool only_spaces(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t\r\n\f\v", text[i]))
            return false;
    return true;
}

const char *nx_param_text(const char *name, const char *value, size_t len, size_t max_bytes, const char **out,
                          char *message, size_t message_size)
{
    *out = NULL;
    if (!value || only_spaces(value, len))
        return NULL;
    /* Decoding can yield any bytes ("%00", "%ff"): the shim and JSON need UTF-8 without NULs. */
    if (!nx_utf8_valid(value, len)) {
        snprintf(message, message_size, "%s is not valid UTF-8 text", name);
        return message;
    }
    if (len > max_bytes) {
        snprintf(message, message_size, "%s is longer than %zu bytes", name, max_bytes);
        return message;
    }
    *out = value;
    return NULL;
}

const char *nx_param_integer(const char *name, const char *value, size_t len, unsigned max, unsigned *out,
                             char *message, size_t message_size)
{
    /* Nine digits cannot overflow an unsigned long; strtoul alone would take signs and spaces. */
    bool digits_only = value && len > 0 && len <= 9 && strspn(value, "0123456789") == len;
    unsigned long number = digits_only ? strtoul(value, NULL, 10) : 0;
    if (!digits_only || number < 1 || number > max) {
        snprintf(message, message_size, "%s must be an integer from 1 to %u", name, max);
        return message;
    }
    *out = (unsigned)number;
    return NULL;
}

const char *nx_param_list_add(const char *name, const char *value, size_t len, nx_arg_values_t *values,
                              char *message, size_t message_size)
{
    if (!value || only_spaces(value, len))
        return NULL;
    if (!nx_utf8_valid(value, len) || len > NX_ARG_VALUE_MAX_BYTES) {
        snprintf(message, message_size, "%s is not valid UTF-8 text of at most %d bytes", name,
                 NX_ARG_VALUE_MAX_BYTES);
        return message;
    }
    if (values->count == NX_ARG_MAX_VALUES) {
        snprintf(message, message_size, "%s is repeated more than %d times", name, NX_ARG_MAX_VALUES);
        return message;
    }
    values->items[values->count++] = value;
    return NULL;
}

bool nx_param_path_name(const char *segment)
{
    size_t len = strnlen(segment, NX_ARG_VALUE_MAX_BYTES + 1);
    return len > 0 && len <= NX_ARG_VALUE_MAX_BYTES && nx_utf8_valid(segment, len);
}

/* The value of `name` and its length; NULL when the argument is absent. */
static const char *lookup(struct MHD_Connection *connection, const char *name, size_t *len)
{
    const char *value = NULL;
    *len = 0;
    if (MHD_lookup_connection_value_n(connection, MHD_GET_ARGUMENT_KIND, name, strlen(name), &value, len) != MHD_YES)
        return NULL;
    return value;
}

const char *nx_arg_text(struct MHD_Connection *connection, const char *name, size_t max_bytes, const char **out,
                        char *message, size_t message_size)
{
    size_t len = 0;
    const char *value = lookup(connection, name, &len);
    return nx_param_text(name, value, len, max_bytes, out, message, message_size);
}

const char *nx_arg_integer(struct MHD_Connection *connection, const char *name, unsigned max, unsigned *out,
                           char *message, size_t message_size)
{
    size_t len = 0;
    const char *value = lookup(connection, name, &len);
    if (!value)
        return NULL;
    return nx_param_integer(name, value, len, max, out, message, message_size);
}

typedef struct list_walk {
    const char *name;
    nx_arg_values_t *out;
    char *message;
    size_t message_size;
    const char *problem; /* from nx_param_list_add(), or NULL */
} list_walk_t;

/* The sized iterator, so that a value with a decoded NUL ("a%00b") is seen whole and refused. */
static enum MHD_Result collect_value(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                     const char *value, size_t value_size)
{
    (void)kind;
    list_walk_t *walk = cls;
    if (!key || key_size != strlen(walk->name) || memcmp(key, walk->name, key_size) != 0)
        return MHD_YES;
    walk->problem = nx_param_list_add(walk->name, value, value_size, walk->out, walk->message, walk->message_size);
    return walk->problem ? MHD_NO : MHD_YES;
}

const char *nx_arg_list(struct MHD_Connection *connection, const char *name, nx_arg_values_t *out,
                        char *message, size_t message_size)
{
    out->count = 0;
    list_walk_t walk = {.name = name, .out = out, .message = message, .message_size = message_size};
    MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, collect_value, &walk);
    return walk.problem;
}
