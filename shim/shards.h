/* Private: the parts an index path names (shards on this host or behind xapian-tcpsrv, and the words
 * database holding their merged spelling and synonyms), each opened alone so a shard out of reach
 * leaves the others answering. */
#ifndef NX_SHIM_SHARDS_H
#define NX_SHIM_SHARDS_H

#include <string>
#include <vector>

#include <xapian.h>

namespace nx_shim {

/* One line of a stub: a local database (port 0) or a remote shard, with its timeouts. */
struct PartSpec {
    std::string where;            /* a path, or a host name or address */
    unsigned port = 0;            /* 0: a local database */
    unsigned timeout_ms = 0;      /* a remote shard's reply deadline */
    unsigned connect_ms = 0;      /* a remote shard's connect deadline */
    bool words = false;           /* the document-less spelling and synonym database: not a shard */
};

/* Reads `path` when it is a stub with "remote tcp HOST PORT [TIMEOUT_MS [CONNECT_MS]]" lines (Xapian's
 * own stub syntax has no timeouts and no way to tell the words database from a shard). False, with
 * `specs` untouched, for anything else: Xapian opens that itself. */
bool read_remote_stub(const std::string &path, std::vector<PartSpec> &specs);

/* Opens one part; a remote shard out of reach throws Xapian::NetworkError. */
Xapian::Database open_part(const PartSpec &spec);

} // namespace nx_shim

#endif
