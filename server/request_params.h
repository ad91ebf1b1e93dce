/* What a route accepts from a query-string argument or a name in its path, and the readers that take
 * arguments from a connection. The checks are pure functions on the value libmicrohttpd decoded. */
#ifndef NX_REQUEST_PARAMS_H
#define NX_REQUEST_PARAMS_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

#include "nx_index.h"

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

/* The readers the routes use: the argument's decoded value(s) from the
 * connection, judged by the functions above. An absent argument leaves
 * *out NULL (text), untouched (integer) or empty (list). */
const char *nx_arg_text(struct MHD_Connection *connection, const char *name, size_t max_bytes, const char **out,
                        char *message, size_t message_size);
const char *nx_arg_integer(struct MHD_Connection *connection, const char *name, unsigned max, unsigned *out,
                           char *message, size_t message_size);
const char *nx_arg_list(struct MHD_Connection *connection, const char *name, nx_arg_values_t *out,
                        char *message, size_t message_size);
/* Every value of the repeatable argument `name` through nx_param_choices_add(); *mask is 0 when absent. */
const char *nx_arg_choices(struct MHD_Connection *connection, const char *name, const char *const *choices,
                           size_t n_choices, unsigned *mask, char *message, size_t message_size);

/* One value of argument `name` among `choices` (exact): its position into *index, untouched when the
 * argument is absent or blank; anything else is refused, naming the choices. */
const char *nx_arg_choice(struct MHD_Connection *connection, const char *name, const char *const *choices,
                          size_t n_choices, size_t *index, char *message, size_t message_size);

/* An argument that switches something on: `name`=`word` sets *on, absent or blank leaves it false; anything
 * else is refused ("group must be 'learner' (or left out)"). */
const char *nx_arg_flag(struct MHD_Connection *connection, const char *name, const char *word, bool *on,
                        char *message, size_t message_size);

/* format=json (the default) or format=csv, for the routes that offer a spreadsheet: *csv set accordingly. */
const char *nx_arg_csv(struct MHD_Connection *connection, bool *csv, char *message, size_t message_size);

/* Plain-language matching: matching_strategy=frequency|last|all (NX_MATCHING_NAMES, in nx_matching_t
 * order) into *strategy and drop_tokens_threshold=N (1..NX_DROP_THRESHOLD_MAX) into *threshold;
 * absent arguments leave them untouched. */
#define NX_DROP_THRESHOLD_MAX 1000
extern const char *const NX_MATCHING_NAMES[3];
const char *nx_arg_matching(struct MHD_Connection *connection, nx_matching_t *strategy, unsigned *threshold,
                            char *message, size_t message_size);

#endif /* NX_REQUEST_PARAMS_H */
