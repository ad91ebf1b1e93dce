/* Documents built away from the writer: any thread turns a section or challenge into its finished
 * document, and the single writer thread only adds it. An addition to nx_index.h's writer API. */
#ifndef NX_PREBUILT_H
#define NX_PREBUILT_H

#include "nx_index.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Builds documents; one per thread (a builder is not shared between threads). */
typedef struct nx_builder nx_builder_t;

/* One built document, owned by the caller until nx_prebuilt_free(). */
typedef struct nx_prebuilt nx_prebuilt_t;

/* Returns a new builder (NULL when out of memory); release it with nx_builder_free(). */
nx_builder_t *nx_builder_new(void);
void nx_builder_free(nx_builder_t *builder);

/* Build exactly the document nx_writer_add_section() / nx_writer_add_challenge() would add; strings are
 * copied, so `section` / `challenge` may go once these return. *out is NULL on failure: NX_ERR_NOMEM, or
 * NX_ERR_INVALID_ARG for what those functions refuse (no path, no challenge text). */
nx_status_t nx_builder_section(nx_builder_t *builder, const nx_section_t *section, nx_prebuilt_t **out);
nx_status_t nx_builder_challenge(nx_builder_t *builder, const nx_challenge_t *challenge, nx_prebuilt_t **out);

/* Adds a built document inside begin_learner/end_learner, as nx_writer_add_section() or
 * nx_writer_add_challenge() would have (its words feed the spelling suggestions too). `doc` stays the
 * caller's. */
nx_status_t nx_writer_add_prebuilt(nx_writer_t *writer, const nx_prebuilt_t *doc);

/* Any thread may free a document once nx_writer_add_prebuilt() returned and the hand-over is ordered (a
 * mutex): the writer keeps no handle on it (Xapian copies what it needs from a document it adds), so no
 * reference count is shared between threads. */
void nx_prebuilt_free(nx_prebuilt_t *doc);

#ifdef __cplusplus
}
#endif

#endif /* NX_PREBUILT_H */
