/* Status names and the translation of exceptions (Xapian's and the standard library's)
 * into nx_status_t codes and human-readable messages. */
#include "errors.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include <xapian.h>

extern "C" const char *nx_status_str(nx_status_t status)
{
    switch (status) {
    case NX_OK: return "ok";
    case NX_ERR_NOMEM: return "out of memory";
    case NX_ERR_INVALID_ARG: return "invalid argument";
    case NX_ERR_NOT_FOUND: return "not found";
    case NX_ERR_LOCKED: return "database locked by another writer";
    case NX_ERR_QUERY_SYNTAX: return "query syntax error";
    case NX_ERR_CORRUPT: return "database corrupt or of an unknown version";
    case NX_ERR_IO: return "database or file error";
    case NX_ERR_UNAVAILABLE: return "no shard of the index can be reached";
    }
    return "unknown status";
}

namespace nx_shim {

namespace {

/* Rethrows the exception in flight and maps its type; the order of the handlers
 * matters where Xapian's classes derive from each other. */
nx_status_t classify(std::string &description)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        description = e.get_description();
        return NX_ERR_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        description = e.get_description();
        return NX_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseVersionError &e) {
        description = e.get_description();
        return NX_ERR_CORRUPT;
    } catch (const Xapian::DatabaseCorruptError &e) {
        description = e.get_description();
        return NX_ERR_CORRUPT;
    } catch (const Xapian::NetworkError &e) {
        description = e.get_description();
        return NX_ERR_UNAVAILABLE;
    } catch (const Xapian::QueryParserError &e) {
        description = e.get_msg();
        return NX_ERR_QUERY_SYNTAX;
    } catch (const Xapian::Error &e) {
        description = e.get_description();
        return NX_ERR_IO;
    } catch (const std::bad_alloc &) {
        description = "out of memory";
        return NX_ERR_NOMEM;
    } catch (const std::exception &e) {
        description = e.what();
        return NX_ERR_IO;
    } catch (...) {
        description = "unknown exception";
        return NX_ERR_IO;
    }
}

} // namespace

nx_status_t status_from_exception(std::string &message, const char *action, const char *subject) noexcept
{
    std::string description;
    nx_status_t status = NX_ERR_IO;
    try {
        status = classify(description);
        message = action;
        if (subject)
            message.append(" '").append(subject).append("'");
        message.append(": ").append(description);
    } catch (...) {
        message.clear();
        if (status == NX_ERR_IO)
            status = NX_ERR_NOMEM;
    }
    return status;
}

nx_status_t fail(nx_status_t status, std::string &message, const char *text) noexcept
{
    try {
        message = text;
    } catch (...) {
        message.clear();
    }
    return status;
}

char *malloc_copy(const std::string &text) noexcept
{
    char *copy = static_cast<char *>(malloc(text.size() + 1));
    if (copy)
        memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

} // namespace nx_shim
