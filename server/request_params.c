/* Request arguments and path names (see request_params.h): the checks every route applies to what a
 * client sent, after libmicrohttpd decoded it, and the readers that fetch arguments from a connection. */
#include "request_params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_writer.h"

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

/* Every value of the repeatable argument `name` into `out`, blank ones skipped. */
static const char *read_list(struct MHD_Connection *connection, const char *name, nx_arg_values_t *out,
                             char *message, size_t message_size)
{
    out->count = 0;
    list_target_t target = {.out = out, .message = message, .message_size = message_size};
    return each_value(connection, name, add_to_list, &target);
}

static const char *read_choices(struct MHD_Connection *connection, const nx_arg_spec_t *spec, unsigned *mask,
                                char *message, size_t message_size)
{
    *mask = 0;
    choices_target_t target = {.choices = spec->choices, .n_choices = spec->n_choices, .mask = mask,
                               .message = message, .message_size = message_size};
    return each_value(connection, spec->name, add_to_choices, &target);
}

const char *const NX_MATCHING_NAMES[3] = {"frequency", "last", "all"};
const char *const NX_FORMAT_NAMES[2] = {"json", "csv"};
const char *const NX_ORDER_NAMES[2] = {"asc", "desc"};
const char *const NX_FACET_NAMES[3] = {"tech", "kind", "cohort"};

/* "NAME must be 'a', 'b' or 'c'". */
static const char *refuse_one_of(const nx_arg_spec_t *spec, char *message, size_t message_size)
{
    int used = snprintf(message, message_size, "%s must be ", spec->name);
    for (size_t i = 0; i < spec->n_choices && used >= 0 && (size_t)used < message_size; i++)
        used += snprintf(message + used, message_size - (size_t)used, "%s'%s'",
                         i == 0 ? "" : i + 1 < spec->n_choices ? ", " : " or ", spec->choices[i]);
    return message;
}

static const char *read_choice(const nx_arg_spec_t *spec, const char *value, size_t len, unsigned *index,
                               char *message, size_t message_size)
{
    *index = spec->dflt;
    if (!value || only_spaces(value, len))
        return NULL;
    int found = choice_index(value, len, spec->choices, spec->n_choices);
    if (found < 0)
        return refuse_one_of(spec, message, message_size);
    *index = (unsigned)found;
    return NULL;
}

static const char *read_flag(const nx_arg_spec_t *spec, const char *value, size_t len, unsigned *on,
                             char *message, size_t message_size)
{
    const char *word = spec->choices[0];
    *on = 0;
    if (!value || only_spaces(value, len))
        return NULL;
    if (len == strlen(word) && memcmp(value, word, len) == 0) {
        *on = 1;
        return NULL;
    }
    snprintf(message, message_size, "%s must be '%s' (or left out)", spec->name, word);
    return message;
}

/* ISO 8601 date or date-time, the forms people type: 2025-01-31, 2025-01-31T10:00,
 * 2025-01-31T10:00:00, each optionally with Z or an offset (+03:00). No zone means UTC.
 * Returns 0 and the seconds since the epoch, or -1. */
static int parse_date(const char *text, int64_t *out)
{
    static const char *const formats[] = {
        "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        const char *end = strptime(text, formats[i], &tm);
        if (!end || *end)
            continue;
        long offset = tm.tm_gmtoff; /* set by %z, 0 otherwise */
        int day = tm.tm_mday, month = tm.tm_mon;
        time_t t = timegm(&tm);
        /* timegm normalises 2025-02-30 into March: refuse dates that do not exist. */
        if (t == (time_t)-1 || tm.tm_mday != day || tm.tm_mon != month)
            return -1;
        *out = (int64_t)t - offset;
        return 0;
    }
    return -1;
}

static const char *read_date(const nx_arg_spec_t *spec, const char *value, size_t len, nx_arg_value_t *out,
                             char *message, size_t message_size)
{
    const char *problem = nx_param_text(spec->name, value, len, spec->max, &out->text, message, message_size);
    if (problem || !out->text)
        return problem;
    if (parse_date(out->text, &out->seconds) != 0) {
        snprintf(message, message_size,
                 "%s must be an ISO 8601 date (2025-01-31) or date-time (2025-01-31T10:00:00Z, "
                 "2025-01-31T13:00:00+03:00)",
                 spec->name);
        return message;
    }
    return NULL;
}

static const char *read_integer(const nx_arg_spec_t *spec, const char *value, size_t len, bool csv, unsigned *out,
                                char *message, size_t message_size)
{
    bool alternative = csv && spec->csv_max;
    *out = alternative ? spec->csv_dflt : spec->dflt;
    if (!value)
        return NULL;
    return nx_param_integer(spec->name, value, len, alternative ? spec->csv_max : spec->max, out, message,
                            message_size);
}

/* Whether a required argument is there, after reading it. */
static bool present(const nx_arg_spec_t *spec, const nx_arg_value_t *value)
{
    return spec->type == NX_ARG_TECHS || spec->type == NX_ARG_LIST ? value->list.count > 0 : value->text != NULL;
}

static const char *read_one(struct MHD_Connection *connection, const nx_arg_spec_t *spec,
                            const nx_taxonomy *taxonomy, nx_args_t *args, nx_arg_value_t *out, char *message,
                            size_t message_size)
{
    size_t len = 0;
    const char *value = spec->type == NX_ARG_LIST || spec->type == NX_ARG_TECHS || spec->type == NX_ARG_CHOICES
                            ? NULL
                            : lookup(connection, spec->name, &len);
    const char *problem = NULL;
    switch (spec->type) {
    case NX_ARG_TEXT:
        problem = nx_param_text(spec->name, value, len, spec->max, &out->text, message, message_size);
        break;
    case NX_ARG_INTEGER:
        problem = read_integer(spec, value, len, args->csv, &out->number, message, message_size);
        break;
    case NX_ARG_LIST:
        problem = read_list(connection, spec->name, &out->list, message, message_size);
        break;
    case NX_ARG_TECHS:
        problem = read_list(connection, spec->name, &out->list, message, message_size);
        if (!problem)
            problem = nx_resolve_techs(taxonomy, &out->list, message, message_size);
        break;
    case NX_ARG_CHOICE:
        problem = read_choice(spec, value, len, &out->number, message, message_size);
        if (!problem && spec->choices == NX_FORMAT_NAMES)
            args->csv = out->number == 1;
        break;
    case NX_ARG_CHOICES:
        problem = read_choices(connection, spec, &out->number, message, message_size);
        break;
    case NX_ARG_FLAG:
        problem = read_flag(spec, value, len, &out->number, message, message_size);
        break;
    case NX_ARG_DATE:
        problem = read_date(spec, value, len, out, message, message_size);
        break;
    }
    if (!problem && spec->required && !present(spec, out))
        problem = spec->required;
    return problem;
}

const char *nx_args_parse(struct MHD_Connection *connection, const nx_arg_spec_t *spec, size_t count,
                          const nx_taxonomy *taxonomy, nx_args_t *args, char *message, size_t message_size)
{
    memset(args, 0, sizeof *args);
    args->spec = spec;
    args->count = count < NX_ARGS_MAX ? count : NX_ARGS_MAX;
    const char *problem = NULL;
    for (size_t i = 0; !problem && i < args->count; i++)
        problem = read_one(connection, &spec[i], taxonomy, args, &args->values[i], message, message_size);
    return problem;
}

const nx_arg_value_t *nx_args_get(const nx_args_t *args, const char *name)
{
    for (size_t i = 0; i < args->count; i++)
        if (strcmp(args->spec[i].name, name) == 0)
            return &args->values[i];
    fprintf(stderr, "nexus-server: a handler asked for ?%s=, which its route's spec does not list\n", name);
    abort();
}

const char *nx_args_text(const nx_args_t *args, const char *name)
{
    return nx_args_get(args, name)->text;
}

unsigned nx_args_number(const nx_args_t *args, const char *name)
{
    return nx_args_get(args, name)->number;
}

const nx_arg_values_t *nx_args_list(const nx_args_t *args, const char *name)
{
    return &nx_args_get(args, name)->list;
}

/* "<len>:text" */
static void append_sized(nx_buf *key, const char *text)
{
    char size[24];
    snprintf(size, sizeof size, "%zu:", strlen(text));
    nx_buf_append_str(key, size);
    nx_buf_append_str(key, text);
}

static void append_value(nx_buf *key, const nx_arg_spec_t *spec, const nx_arg_value_t *value)
{
    char number[32];
    switch (spec->type) {
    case NX_ARG_TEXT:
    case NX_ARG_DATE:
        if (value->text)
            append_sized(key, value->text);
        else
            nx_buf_append_char(key, '-');
        break;
    case NX_ARG_LIST:
    case NX_ARG_TECHS:
        snprintf(number, sizeof number, "%zu", value->list.count);
        nx_buf_append_str(key, number);
        for (size_t i = 0; i < value->list.count; i++) {
            nx_buf_append_char(key, ',');
            append_sized(key, value->list.items[i]);
        }
        break;
    case NX_ARG_INTEGER:
    case NX_ARG_CHOICE:
    case NX_ARG_CHOICES:
    case NX_ARG_FLAG:
        snprintf(number, sizeof number, "%u", value->number);
        nx_buf_append_str(key, number);
        break;
    }
}

char *nx_args_key(const nx_args_t *args, const char *route)
{
    nx_buf key = {0};
    nx_buf_append_str(&key, route);
    for (size_t i = 0; i < args->count; i++) {
        nx_buf_append_char(&key, '\x1f');
        nx_buf_append_str(&key, args->spec[i].name);
        nx_buf_append_char(&key, '=');
        append_value(&key, &args->spec[i], &args->values[i]);
    }
    if (key.failed) {
        nx_buf_free(&key);
        return NULL;
    }
    return nx_buf_take(&key);
}

static bool already_listed(const nx_arg_values_t *values, size_t before, const char *id)
{
    for (size_t i = 0; i < before; i++)
        if (strcmp(values->items[i], id) == 0)
            return true;
    return false;
}

/* `text` as a JSON string, for a message that quotes what the client sent; "?" without memory. */
static void quote_into(const char *text, char *quoted, size_t size)
{
    nx_json_writer_t w = {0};
    nx_jw_string(&w, text);
    char *json = nx_jw_take(&w);
    snprintf(quoted, size, "%s", json ? json : "?");
    free(json);
}

const char *nx_resolve_techs(const nx_taxonomy *taxonomy, nx_arg_values_t *values, char *message,
                             size_t message_size)
{
    size_t kept = 0;
    for (size_t i = 0; i < values->count; i++) {
        long index = nx_taxonomy_lookup(taxonomy, values->items[i]);
        if (index < 0) {
            char quoted[6 * NX_ARG_VALUE_MAX_BYTES + 3];
            quote_into(values->items[i], quoted, sizeof quoted);
            snprintf(message, message_size, "unknown technology %s: GET /api/technologies lists them", quoted);
            return message;
        }
        const char *id = nx_taxonomy_get(taxonomy, (size_t)index)->id;
        if (!already_listed(values, kept, id))
            values->items[kept++] = id;
    }
    values->count = kept;
    return NULL;
}
