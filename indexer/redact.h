/* Urls as they may be shown or stored: the user:password@ part of a url is a credential and never
 * leaves the process (logs, reports, the index, a mirror's config all get the redacted form). */
#ifndef NX_REDACT_H
#define NX_REDACT_H

#include "nx_text.h"

/* Appends `url` to `out` without its secrets: over http(s) the whole userinfo
 * ("user:token@" or "token@" after "://") becomes "***@"; over other schemes
 * only a password ("user:***@"). Anything else (a local path, scp-like
 * "git@host:x") is appended unchanged. */
void url_redact(nx_buf *out, const char *url);

/* A malloc'd redacted copy of `url` (caller frees), or NULL without memory. */
char *url_redacted(const char *url);

#endif /* NX_REDACT_H */
