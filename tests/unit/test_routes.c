/* The route table is the API's one list of paths: every documented entry is a path of server/openapi.json
 * with the same query arguments, every path there is an entry, and paths reach the entries dispatch needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "routes.h"

extern const unsigned char nx_openapi_json[];
extern const size_t nx_openapi_json_len;

static json_t *openapi_paths(void)
{
    json_t *doc = json_loadb((const char *)nx_openapi_json, nx_openapi_json_len, 0, NULL);
    assert_non_null(doc);
    json_t *paths = json_incref(json_object_get(doc, "paths"));
    json_decref(doc);
    assert_true(json_is_object(paths));
    return paths;
}

/* A parameter object, following a $ref into components/parameters of the same document. */
static json_t *resolve(json_t *doc_components, json_t *param)
{
    const char *ref = json_string_value(json_object_get(param, "$ref"));
    if (!ref)
        return param;
    const char *name = strrchr(ref, '/');
    return json_object_get(json_object_get(doc_components, "parameters"), name ? name + 1 : ref);
}

static bool route_reads(const nx_route_t *route, const char *name)
{
    for (size_t i = 0; i < route->n_args; i++)
        if (strcmp(route->args[i].name, name) == 0)
            return true;
    return false;
}

static void documented_routes_are_the_openapi_paths(void **state)
{
    (void)state;
    json_t *paths = openapi_paths();
    size_t documented = 0;
    for (size_t i = 0; i < NX_ROUTES; i++) {
        const nx_route_t *route = nx_route_at(i);
        if (!route->documented)
            continue;
        documented++;
        if (!json_object_get(paths, route->pattern))
            fail_msg("route %s is not in openapi.json", route->pattern);
    }
    assert_int_equal(json_object_size(paths), documented);
    json_decref(paths);
}

static void routes_read_the_query_arguments_openapi_lists(void **state)
{
    (void)state;
    json_t *doc = json_loadb((const char *)nx_openapi_json, nx_openapi_json_len, 0, NULL);
    json_t *components = json_object_get(doc, "components");
    for (size_t i = 0; i < NX_ROUTES; i++) {
        const nx_route_t *route = nx_route_at(i);
        if (!route->documented)
            continue;
        json_t *get = json_object_get(json_object_get(json_object_get(doc, "paths"), route->pattern), "get");
        size_t queried = 0, index;
        json_t *param;
        json_array_foreach(json_object_get(get, "parameters"), index, param) {
            json_t *p = resolve(components, param);
            if (strcmp(json_string_value(json_object_get(p, "in")), "query") != 0)
                continue;
            queried++;
            const char *name = json_string_value(json_object_get(p, "name"));
            if (!route_reads(route, name))
                fail_msg("%s: openapi.json lists ?%s=, the route table does not", route->pattern, name);
        }
        assert_int_equal(queried, route->n_args);
    }
    json_decref(doc);
}

/* The route's spec entry for ?name=; NULL when it has none. */
static const nx_arg_spec_t *spec_of(const nx_route_t *route, const char *name)
{
    for (size_t i = 0; i < route->n_args; i++)
        if (strcmp(route->args[i].name, name) == 0)
            return &route->args[i];
    return NULL;
}

/* An argument's choices are exactly the enum openapi.json gives it. */
static void check_enum(const char *pattern, const nx_arg_spec_t *spec, json_t *schema)
{
    json_t *values = json_object_get(schema, "enum");
    if (!values)
        fail_msg("%s: ?%s= has choices, openapi.json no enum", pattern, spec->name);
    assert_int_equal(json_array_size(values), spec->n_choices);
    for (size_t i = 0; i < spec->n_choices; i++)
        assert_string_equal(json_string_value(json_array_get(values, i)), spec->choices[i]);
}

/* An argument's type and bounds as the table gives them agree with openapi.json: integers are integers
 * no larger than its maximum, texts no longer than its maxLength, choices its enum. */
static void check_spec(const char *pattern, const nx_arg_spec_t *spec, json_t *schema)
{
    const char *type = json_string_value(json_object_get(schema, "type"));
    json_t *limit = NULL;
    switch (spec->type) {
    case NX_ARG_INTEGER:
        assert_string_equal(type, "integer");
        limit = json_object_get(schema, "maximum");
        if (!limit || (json_int_t)(spec->csv_max > spec->max ? spec->csv_max : spec->max) > json_integer_value(limit))
            fail_msg("%s: ?%s= allows more than openapi.json's maximum", pattern, spec->name);
        break;
    case NX_ARG_TEXT:
    case NX_ARG_DATE:
        assert_string_equal(type, "string");
        limit = json_object_get(schema, "maxLength");
        if (limit && (json_int_t)spec->max != json_integer_value(limit))
            fail_msg("%s: ?%s= has another length limit than openapi.json's", pattern, spec->name);
        break;
    case NX_ARG_CHOICE:
    case NX_ARG_FLAG:
        assert_string_equal(type, "string");
        check_enum(pattern, spec, schema);
        break;
    case NX_ARG_LIST:
    case NX_ARG_TECHS:
    case NX_ARG_CHOICES:
        assert_string_equal(type, "array");
        break;
    }
}

static void argument_specs_agree_with_openapi(void **state)
{
    (void)state;
    json_t *doc = json_loadb((const char *)nx_openapi_json, nx_openapi_json_len, 0, NULL);
    json_t *components = json_object_get(doc, "components");
    for (size_t i = 0; i < NX_ROUTES; i++) {
        const nx_route_t *route = nx_route_at(i);
        assert_true(route->n_args <= NX_ARGS_MAX);
        if (!route->documented)
            continue;
        json_t *get = json_object_get(json_object_get(json_object_get(doc, "paths"), route->pattern), "get");
        size_t index;
        json_t *param;
        json_array_foreach(json_object_get(get, "parameters"), index, param) {
            json_t *p = resolve(components, param);
            const nx_arg_spec_t *spec = spec_of(route, json_string_value(json_object_get(p, "name")));
            if (spec && strcmp(json_string_value(json_object_get(p, "in")), "query") == 0)
                check_spec(route->pattern, spec, json_object_get(p, "schema"));
        }
    }
    json_decref(doc);
}

static const char *label_of(const char *url, const char **param)
{
    return nx_route_at(nx_route_find(url, param))->label;
}

static void paths_reach_their_routes(void **state)
{
    (void)state;
    const char *param = NULL;
    assert_string_equal(label_of("/api/search", &param), "search");
    assert_null(param);
    assert_string_equal(label_of("/api/learners/ana/similar", &param), "similar");
    assert_string_equal(param, "ana/similar");
    assert_string_equal(label_of("/api/learners/ana", &param), "profile");
    assert_string_equal(param, "ana");
    /* An empty name before /similar is a profile named "/similar" (which the route refuses). */
    assert_string_equal(label_of("/api/learners//similar", &param), "profile");
    assert_string_equal(label_of("/api/learners/", &param), "profile");
    assert_string_equal(param, "");
    assert_string_equal(label_of("/api/technologies/celery", &param), "technology");
    assert_string_equal(param, "celery");
    assert_string_equal(label_of("/api/nope", &param), "other");
    assert_string_equal(label_of("/api", &param), "other");
    assert_string_equal(label_of("/apinope", &param), "static");
    assert_string_equal(label_of("/", &param), "static");
    assert_string_equal(param, "/");
}

static void refused_methods_count_as_other(void **state)
{
    (void)state;
    assert_true(nx_route_allows(nx_route_at(0), "GET"));
    assert_true(nx_route_allows(nx_route_at(0), "HEAD"));
    assert_false(nx_route_allows(nx_route_at(0), "GE"));
    assert_false(nx_route_allows(nx_route_at(0), "POST"));
    assert_string_equal(nx_route_at(nx_route_metrics_slot("/api/search", "POST"))->label, "other");
    assert_string_equal(nx_route_at(nx_route_metrics_slot("/api/search", "GET"))->label, "search");
}

static void labels_are_unique(void **state)
{
    (void)state;
    for (size_t i = 0; i < NX_ROUTES; i++)
        for (size_t j = i + 1; j < NX_ROUTES; j++)
            assert_string_not_equal(nx_route_at(i)->label, nx_route_at(j)->label);
    assert_null(nx_route_at(NX_ROUTES));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(documented_routes_are_the_openapi_paths),
        cmocka_unit_test(routes_read_the_query_arguments_openapi_lists),
        cmocka_unit_test(argument_specs_agree_with_openapi),
        cmocka_unit_test(paths_reach_their_routes),
        cmocka_unit_test(refused_methods_count_as_other),
        cmocka_unit_test(labels_are_unique),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
