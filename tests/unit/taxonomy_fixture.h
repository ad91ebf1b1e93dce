/* The built-in taxonomy as a cmocka group fixture, for the tests that read technology names: loaded once
 * before the group (taxonomy_setup), freed after it (taxonomy_teardown). Each test file including this has
 * its own `tax`. */
#ifndef NX_TEST_TAXONOMY_FIXTURE_H
#define NX_TEST_TAXONOMY_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "nx_taxonomy.h"

static nx_taxonomy *tax;

static int taxonomy_setup(void **state)
{
    (void)state;
    char *error = NULL;
    if (nx_taxonomy_load_default(&tax, &error) != 0) {
        fprintf(stderr, "%s\n", error);
        free(error);
        return -1;
    }
    return 0;
}

static int taxonomy_teardown(void **state)
{
    (void)state;
    nx_taxonomy_free(tax);
    return 0;
}

#endif
