/* Links from a search hit back to the file on GitHub, pinned to the indexed
 * commit so the line a user lands on is the one that was indexed. */
#ifndef NX_LINKS_H
#define NX_LINKS_H

#include "nx_index.h"

/* Builds https://github.com/<owner>/<repo>/blob/<commit>/<path>#<anchor>
 * from a repository url of the form https://github.com/<owner>/<repo>
 * (optionally ending in ".git" or "/"). The path and anchor are
 * percent-encoded ('/' kept in the path); "#..." is left out when the anchor
 * is empty or NULL.
 * On NX_OK, *url_out is a malloc'd string the caller frees, or NULL when the
 * repository is not on GitHub or the commit is not a hex id (there is nothing
 * to link to). NX_ERR_NOMEM when an allocation failed. */
nx_status_t nx_github_blob_url(const char *repo_url, const char *commit, const char *path,
                               const char *anchor, char **url_out);

#endif /* NX_LINKS_H */
