/* A quick test that rules out most file names before fnmatch() is asked: the file signals of the taxonomy
 * (300-odd globs) are tried against every file of every repository, and fnmatch() with FNM_CASEFOLD was
 * ~4% of a first run's CPU (issue 15), nearly all of it on names no glob could match. */
#ifndef NX_GLOB_FILTER_H
#define NX_GLOB_FILTER_H

#include <stdbool.h>
#include <stddef.h>

/* True when `glob` (its first `glob_len` bytes) cannot match `subject` under fnmatch() with FNM_CASEFOLD
 * (with or without FNM_PATHNAME, FNM_PERIOD): its plain ASCII characters after the last wildcard (all of
 * them when it has none) must end `subject`, and, for a glob without '/', those before the first wildcard
 * must begin it. False means
 * "ask fnmatch()", never "it matches". */
bool glob_cannot_match(const char *glob, size_t glob_len, const char *subject);

#endif /* NX_GLOB_FILTER_H */
