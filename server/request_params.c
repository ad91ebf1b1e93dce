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

/* Spaces around list items ("tech, kind") are not part of them; a decoded NUL is not a space. */
static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Index of item[0..len) among `choices`, or -1. */
static int choice_index(const char *item, size_t len, const char *const *choices, size_t n_choices)
{
    for (size_t i = 0; i < n_choices; i++)
        if (strlen(choices[i]) == len && memcmp(choices[i], item, len) == 0)
            return (int)i;
    return -1;
}

/* "NAME: 'ITEM' is not one of a, b, c (or * for all)", cut to the message buffer. */
static const char *refuse_choice(const char *name, const char *item, size_t len, const char *const *choices,
                                 size_t n_choices, char *message, size_t message_size)
{
    int used = snprintf(message, message_size, "%s: '%.*s' is not one of ", name, (int)(len > 40 ? 40 : len), item);
    for (size_t i = 0; i < n_choices && used >= 0 && (size_t)used < message_size; i++)
        used += snprintf(message + used, message_size - (size_t)used, "%s%s", i ? ", " : "", choices[i]);
    if (used >= 0 && (size_t)used < message_size)
        snprintf(message + used, message_size - (size_t)used, " (or * for all)");
    return message;
}

/* One comma-separated item: blank, "*", or one of the choices. */
static const char *add_choice(const char *name, const char *item, size_t len, const char *const *choices,
                              size_t n_choices, unsigned *mask, char *message, size_t message_size)
{
    while (len > 0 && is_blank(item[0]))
        item++, len--;
    while (len > 0 && is_blank(item[len - 1]))
        len--;
    int index = choice_index(item, len, choices, n_choices);
    if (len == 1 && item[0] == '*')
        *mask |= n_choices >= 32 ? ~0u : (1u << n_choices) - 1;
    else if (index >= 0)
        *mask |= 1u << index;
    else if (len > 0)
        return refuse_choice(name, item, len, choices, n_choices, message, message_size);
    return NULL;
}

const char *nx_param_choices_add(const char *name, const char *value, size_t len, const char *const *choices,
                                 size_t n_choices, unsigned *mask, char *message, size_t message_size)
{
    if (!value || only_spaces(value, len))
        return NULL;
    if (!nx_utf8_valid(value, len) || len > NX_ARG_VALUE_MAX_BYTES) {
        snprintf(message, message_size, "%s is not valid UTF-8 text of at most %d bytes", name,
                 NX_ARG_VALUE_MAX_BYTES);
        return message;
    }
    const char *problem = NULL;
    for (size_t start = 0; !problem && start <= len;) {
        const char *comma = memchr(value + start, ',', len - start);
        size_t end = comma ? (size_t)(comma - value) : len;
        problem = add_choice(name, value + start, end - start, choices, n_choices, mask, message, message_size);
        start = end + 1;
    }
    return problem;
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

/* One value of a repeatable argument, checked and added by the caller; returns a problem or NULL. */
typedef const char *(*value_adder)(void *ctx, const char *name, const char *value, size_t len);

typedef struct value_walk {
    const char *name;
    value_adder add;
    void *ctx;
    const char *problem; /* from `add`, or NULL */
} value_walk_t;

/* The sized iterator, so that a value with a decoded NUL ("a%00b") is seen whole and refused. */
static enum MHD_Result visit_value(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                   const char *value, size_t value_size)
{
    (void)kind;
    value_walk_t *walk = cls;
    if (!key || key_size != strlen(walk->name) || memcmp(key, walk->name, key_size) != 0)
        return MHD_YES;
    walk->problem = walk->add(walk->ctx, walk->name, value, value_size);
    return walk->problem ? MHD_NO : MHD_YES;
}

/* Feeds every value of argument `name`, in order, to `add` until one is refused. */
static const char *each_value(struct MHD_Connection *connection, const char *name, value_adder add, void *ctx)
{
    value_walk_t walk = {.name = name, .add = add, .ctx = ctx};
    MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, visit_value, &walk);
    return walk.problem;
}

typedef struct list_target {
    nx_arg_values_t *out;
    char *message;
    size_t message_size;
} list_target_t;

static const char *add_to_list(void *ctx, const char *name, const char *value, size_t len)
{
    list_target_t *target = ctx;
    return nx_param_list_add(name, value, len, target->out, target->message, target->message_size);
}

const char *nx_arg_list(struct MHD_Connection *connection, const char *name, nx_arg_values_t *out,
                        char *message, size_t message_size)
{
    out->count = 0;
    list_target_t target = {.out = out, .message = message, .message_size = message_size};
    return each_value(connection, name, add_to_list, &target);
}

typedef struct choices_target {
    const char *const *choices;
    size_t n_choices;
    unsigned *mask;
    char *message;
    size_t message_size;
} choices_target_t;

static const char *add_to_choices(void *ctx, const char *name, const char *value, size_t len)
{
    choices_target_t *target = ctx;
    return nx_param_choices_add(name, value, len, target->choices, target->n_choices, target->mask, target->message,
                                target->message_size);
}

const char *nx_arg_choices(struct MHD_Connection *connection, const char *name, const char *const *choices,
                           size_t n_choices, unsigned *mask, char *message, size_t message_size)
{
    *mask = 0;
    choices_target_t target = {.choices = choices, .n_choices = n_choices, .mask = mask, .message = message,
                               .message_size = message_size};
    return each_value(connection, name, add_to_choices, &target);
}

const char *const NX_MATCHING_NAMES[3] = {"frequency", "last", "all"};

const char *nx_arg_matching(struct MHD_Connection *connection, nx_matching_t *strategy, unsigned *threshold,
                            char *message, size_t message_size)
{
    size_t len = 0;
    const char *name = lookup(connection, "matching_strategy", &len);
    if (name && len) {
        size_t i = 0;
        while (i < 3 && !(strlen(NX_MATCHING_NAMES[i]) == len && memcmp(NX_MATCHING_NAMES[i], name, len) == 0))
            i++;
        if (i == 3)
            return "matching_strategy must be 'frequency', 'last' or 'all'";
        *strategy = (nx_matching_t)i;
    }
    return nx_arg_integer(connection, "drop_tokens_threshold", NX_DROP_THRESHOLD_MAX, threshold, message,
                          message_size);
}

const char *nx_arg_choice(struct MHD_Connection *connection, const char *name, const char *const *choices,
                          size_t n_choices, size_t *index, char *message, size_t message_size)
{
    size_t len = 0;
    const char *value = lookup(connection, name, &len);
    if (!value || only_spaces(value, len))
        return NULL;
    int found = choice_index(value, len, choices, n_choices);
    if (found >= 0) {
        *index = (size_t)found;
        return NULL;
    }
    int used = snprintf(message, message_size, "%s must be ", name);
    for (size_t i = 0; i < n_choices && used >= 0 && (size_t)used < message_size; i++)
        used += snprintf(message + used, message_size - (size_t)used, "%s'%s'", i == 0 ? "" : i + 1 < n_choices ? ", "
                                                                                                            : " or ",
                         choices[i]);
    return message;
}

const char *nx_arg_flag(struct MHD_Connection *connection, const char *name, const char *word, bool *on,
                        char *message, size_t message_size)
{
    size_t len = 0;
    const char *value = lookup(connection, name, &len);
    *on = false;
    if (!value || only_spaces(value, len))
        return NULL;
    if (len == strlen(word) && memcmp(value, word, len) == 0) {
        *on = true;
        return NULL;
    }
    snprintf(message, message_size, "%s must be '%s' (or left out)", name, word);
    return message;
}

const char *nx_arg_csv(struct MHD_Connection *connection, bool *csv, char *message, size_t message_size)
{
    static const char *const formats[] = {"json", "csv"};
    size_t format = 0;
    const char *problem = nx_arg_choice(connection, "format", formats, 2, &format, message, message_size);
    *csv = format == 1;
    return problem;
}
