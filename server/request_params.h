/* What a route accepts from a query-string argument or a name in its path, and the readers that take
 * arguments from a connection. The checks are pure functions on the value libmicrohttpd decoded. */
#ifndef NX_REQUEST_PARAMS_H
#define NX_REQUEST_PARAMS_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nx_index.h"
#include "nx_taxonomy.h"

/* Longest q= we search for: keeps the query parser's work bounded. */
#define NX_QUERY_MAX_BYTES 1024
/* A facet value or a name in a path is short; a query string cannot grow the work without bound. */
#define NX_ARG_VALUE_MAX_BYTES 100
#define NX_ARG_MAX_VALUES 20

/* The values of a repeatable argument, borrowed from the connection (valid
 * until the response is queued). */
typedef struct nx_arg_values {
    const char *items[NX_ARG_MAX_VALUES];
    size_t count;
} nx_arg_values_t;

/* Every function below returns NULL when the value is acceptable (or absent),
 * else the message for the 400 body: `message` (of `message_size` bytes), filled
 * in, or a static text. `name` is the argument's name, for that message. */

/* Free text value[0..len) of at most `max_bytes`: *out is NULL when it is blank,
 * otherwise `value`, which is then NUL-free valid UTF-8. */
const char *nx_param_text(const char *name, const char *value, size_t len, size_t max_bytes, const char **out,
                          char *message, size_t message_size);

/* A decimal integer from 1 to `max` (at most 9 digits, nothing else) into *out. */
const char *nx_param_integer(const char *name, const char *value, size_t len, unsigned max, unsigned *out,
                             char *message, size_t message_size);

/* Adds one value of a repeatable argument to `values` (blank ones are skipped):
 * NUL-free valid UTF-8 of at most NX_ARG_VALUE_MAX_BYTES, at most NX_ARG_MAX_VALUES of them. */
const char *nx_param_list_add(const char *name, const char *value, size_t len, nx_arg_values_t *values,
                              char *message, size_t message_size);

/* Adds to *mask the names one value of a repeatable argument picks from `choices` (at most 32 of them):
 * a comma-separated list of choices (bit i stands for choices[i]) or "*" for all of them. Blank values and
 * empty items are skipped; anything else not among the choices is refused, naming the choices. */
const char *nx_param_choices_add(const char *name, const char *value, size_t len, const char *const *choices,
                                 size_t n_choices, unsigned *mask, char *message, size_t message_size);

/* True when the decoded rest of the path after /api/learners/ or /api/technologies/
 * can name something: not empty, valid UTF-8, at most NX_ARG_VALUE_MAX_BYTES. */
bool nx_param_path_name(const char *segment);

/* The types of argument a route's spec can name (see nx_arg_spec_t). */
typedef enum nx_arg_type {
    NX_ARG_TEXT,    /* free text of at most `max` bytes (nx_param_text) */
    NX_ARG_INTEGER, /* 1..max, `dflt` when absent (nx_param_integer) */
    NX_ARG_LIST,    /* a repeatable value (nx_param_list_add) */
    NX_ARG_TECHS,   /* a repeatable technology id, name or alias, resolved to ids (nx_resolve_techs) */
    NX_ARG_CHOICE,  /* one of `choices`, exactly: its position, `dflt` when absent or blank */
    NX_ARG_CHOICES, /* comma-separated `choices` or "*", repeatable: a bit mask (nx_param_choices_add) */
    NX_ARG_FLAG,    /* `choices[0]` switches it on; absent or blank leaves it off */
    NX_ARG_DATE,    /* an ISO 8601 date or date-time of at most `max` bytes: seconds since the epoch */
} nx_arg_type_t;

/* One query argument of a route, as its entry in the route table lists it. Arguments are read in the
 * order of the spec and the first refusal is the 400's message, so the order is part of the API. */
typedef struct nx_arg_spec {
    const char *name;
    nx_arg_type_t type;
    unsigned max;      /* TEXT, DATE: bytes; INTEGER: the largest value */
    unsigned dflt;     /* INTEGER: when absent; CHOICE: the position when absent */
    unsigned csv_max;  /* INTEGER: `max` and `dflt` instead when an earlier format= chose csv (0: the same) */
    unsigned csv_dflt;
    const char *const *choices; /* CHOICE, CHOICES, FLAG */
    size_t n_choices;
    const char *required; /* TEXT, DATE, TECHS: the 400's message when absent, blank or empty; NULL: optional */
} nx_arg_spec_t;

/* Most arguments a route takes (the route table is checked against it at compile time). */
#define NX_ARGS_MAX 12

/* One parsed argument; which member holds it depends on its type. */
typedef struct nx_arg_value {
    const char *text;     /* TEXT: NUL-free valid UTF-8, or NULL when absent or blank; borrowed as below */
    unsigned number;      /* INTEGER: the value; CHOICE: the position; CHOICES: the mask; FLAG: 0 or 1 */
    int64_t seconds;      /* DATE */
    nx_arg_values_t list; /* LIST, TECHS (ids from the taxonomy) */
} nx_arg_value_t;

/* A request's arguments, parsed from its route's spec. Values are borrowed from the connection and the
 * taxonomy: valid until the response is queued. */
typedef struct nx_args {
    const nx_arg_spec_t *spec;
    size_t count;
    bool csv; /* format=csv was chosen: the route has a format= CHOICE and it was its second choice */
    nx_arg_value_t values[NX_ARGS_MAX];
} nx_args_t;

/* Parses every argument `spec` (count entries) names from the connection's query string into *args;
 * returns NULL, or the message for the 400 (`message` filled in, or a static text). Arguments the spec
 * does not name are ignored. */
const char *nx_args_parse(struct MHD_Connection *connection, const nx_arg_spec_t *spec, size_t count,
                          const nx_taxonomy *taxonomy, nx_args_t *args, char *message, size_t message_size);

/* The parsed value of the argument `name`, which the route's spec must list (a name it does not list is
 * a programming error: abort()). */
const nx_arg_value_t *nx_args_get(const nx_args_t *args, const char *name);
/* Shorthands for nx_args_get(args, name)->text, ->number, &->list. */
const char *nx_args_text(const nx_args_t *args, const char *name);
unsigned nx_args_number(const nx_args_t *args, const char *name);
const nx_arg_values_t *nx_args_list(const nx_args_t *args, const char *name);

/* The request as an answer depends on it, for the response cache: `route`, then every argument of the spec
 * with its parsed value (texts and list items length-prefixed, so no crafted value can collide with another
 * request). Arguments the spec does not list, and their order in the URL, do not change it. malloc'd, or NULL
 * without memory. */
char *nx_args_key(const nx_args_t *args, const char *route);

/* Replaces each technology name or alias in `values` by its taxonomy id
 * (tech=DRF → django-rest-framework); unknown names are a 400. Duplicates are dropped. */
const char *nx_resolve_techs(const nx_taxonomy *taxonomy, nx_arg_values_t *values, char *message,
                             size_t message_size);

/* The choices of the arguments several routes share, in the order their positions stand for. */
extern const char *const NX_MATCHING_NAMES[3]; /* matching_strategy: nx_matching_t order */
extern const char *const NX_FORMAT_NAMES[2];   /* format: json (the default), csv */
extern const char *const NX_ORDER_NAMES[2];    /* order: asc (the default), desc */
extern const char *const NX_FACET_NAMES[3];    /* facets: in the order facet_distribution lists them */
#define NX_DROP_THRESHOLD_MAX 1000

#endif /* NX_REQUEST_PARAMS_H */
