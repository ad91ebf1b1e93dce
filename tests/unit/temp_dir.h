/* A scratch folder for a unit test's index: made under /tmp, removed with everything in it. Shared by
 * the shim tests so each does not carry its own copy. */
#ifndef NX_TEST_TEMP_DIR_H
#define NX_TEST_TEMP_DIR_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

static int temp_dir_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* Removes `dir` and everything below it (symbolic links are not followed). */
static inline void temp_dir_remove(const char *dir)
{
    nftw(dir, temp_dir_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
