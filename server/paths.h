/* Every path nexus-server answers, written once: the route table (routes.c) is built from these, and the
 * answers that link to a route (a learner's profile) or file under one (the response cache) use them too. */
#ifndef NX_PATHS_H
#define NX_PATHS_H

#define NX_PATH_SEARCH "/api/search"
#define NX_PATH_LEARNERS "/api/learners"
/* A learner's profile is NX_PATH_LEARNERS "/" name; printf-ready for links to it. */
#define NX_PATH_PROFILE_FORMAT NX_PATH_LEARNERS "/%s"
#define NX_PATH_PROFILE NX_PATH_LEARNERS "/{learner}"
#define NX_PATH_SIMILAR NX_PATH_LEARNERS "/{learner}/similar"
#define NX_PATH_TECHNOLOGIES "/api/technologies"
#define NX_PATH_TECHNOLOGY NX_PATH_TECHNOLOGIES "/{name}"
#define NX_PATH_SOLUTIONS "/api/solutions"
#define NX_PATH_CHANGES "/api/changes"
#define NX_PATH_COVERAGE "/api/coverage"
#define NX_PATH_SUGGEST "/api/suggest"
#define NX_PATH_METRICS "/metrics"
#define NX_PATH_OPENAPI "/openapi.json"
#define NX_PATH_HEALTHZ "/healthz"
/* Everything under it that no route above names is a JSON 404, not the page's. */
#define NX_PATH_API "/api"
/* The page and its files: the subtree of everything. */
#define NX_PATH_PAGE ""

#endif /* NX_PATHS_H */
