/* Credentials for private repositories, asked for only when a server refuses anonymous access:
 * NEXUS_GIT_TOKEN (with NEXUS_GIT_USER, default "x-access-token") or else `git credential fill`.
 * They go to libgit2 and nowhere else: never printed, reported, indexed or stored in a mirror. */
#ifndef NX_CREDENTIALS_H
#define NX_CREDENTIALS_H

#include <git2.h>

/* One per fetch, zero-initialised: counts the attempts so a refused credential
 * is not offered again and again. */
typedef struct credential_state {
    unsigned attempts;
    int source; /* 0 none yet, 1 environment, 2 git credential helper */
} credential_state;

/* Fills *out for `url` when the server asked for a user name and password.
 * Returns 0, GIT_PASSTHROUGH when there is nothing (more) to offer, or -1. */
int credentials_acquire(git_credential **out, const char *url, const char *username_from_url,
                        unsigned int allowed_types, credential_state *state);

/* Words for an authentication failure, e.g. "the credentials from NEXUS_GIT_TOKEN were refused". */
const char *credentials_describe(const credential_state *state);

#endif /* NX_CREDENTIALS_H */
