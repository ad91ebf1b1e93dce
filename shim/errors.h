/* Private: turning C++ exceptions into nx_status_t codes and messages at the C boundary.
 * Every public entry point ends its try block with `catch (...)` and calls status_from_exception(). */
#ifndef NX_SHIM_ERRORS_H
#define NX_SHIM_ERRORS_H

#include <string>

#include "nx_index.h"

namespace nx_shim {

/* Call only from inside a catch block. Classifies the exception in flight and
 * sets `message` to "<action> '<subject>': <description>" (or "<action>: <description>"
 * when `subject` is NULL; left empty if even that cannot be allocated). Never throws. */
nx_status_t status_from_exception(std::string &message, const char *action,
                                  const char *subject = nullptr) noexcept;

/* Sets `message` to `text` and returns `status`; for argument checks. Never throws. */
nx_status_t fail(nx_status_t status, std::string &message, const char *text) noexcept;

/* A malloc'd copy of `text` for the C caller to free(), or NULL without memory. */
char *malloc_copy(const std::string &text) noexcept;

/* True when `text` is NULL or "". */
inline bool is_blank(const char *text)
{
    return text == nullptr || text[0] == '\0';
}

} // namespace nx_shim

#endif
