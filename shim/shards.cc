/* Reading a remote stub and opening its parts (see shards.h). The stub format is Nexus's, so the
 * front server can set each shard's timeouts: Xapian 1.4's "remote" stub lines take none. */
#include "shards.h"

#include <fstream>
#include <sstream>

namespace nx_shim {

namespace {

/* Long enough for a facet count over a large shard on a slow link, short enough that a hung shard
 * host turns into a partial answer well before a client or a load balancer gives up. */
constexpr unsigned DEFAULT_TIMEOUT_MS = 5000;
/* A live host accepts in well under a second; past that it is down for this request. */
constexpr unsigned DEFAULT_CONNECT_MS = 1000;
constexpr unsigned MAX_PORT = 65535;

/* "remote tcp HOST PORT [TIMEOUT_MS [CONNECT_MS]]"; false for anything else. */
bool parse_remote(std::istringstream &words, PartSpec &spec)
{
    std::string tcp, extra;
    if (!(words >> tcp >> spec.where >> spec.port) || tcp != "tcp" || spec.port == 0 || spec.port > MAX_PORT)
        return false;
    spec.timeout_ms = DEFAULT_TIMEOUT_MS;
    spec.connect_ms = DEFAULT_CONNECT_MS;
    if (words >> spec.timeout_ms)
        words >> spec.connect_ms;
    words.clear();
    return !(words >> extra) && spec.timeout_ms > 0 && spec.connect_ms > 0;
}

/* "glass PATH" or "auto PATH", relative to the stub's folder unless absolute. */
bool parse_local(const std::string &kind, std::istringstream &words, const std::string &folder, PartSpec &spec)
{
    std::string extra;
    if ((kind != "glass" && kind != "auto") || !(words >> spec.where) || (words >> extra))
        return false;
    if (spec.where[0] != '/')
        spec.where = folder + "/" + spec.where;
    spec.words = true;
    return true;
}

} // namespace

bool read_remote_stub(const std::string &path, std::vector<PartSpec> &specs)
{
    std::ifstream stub(path);
    if (!stub)
        return false;
    const size_t slash = path.rfind('/');
    const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash);
    std::vector<PartSpec> read;
    bool remote = false;
    std::string line;
    while (std::getline(stub, line)) {
        std::istringstream words(line);
        std::string kind;
        if (!(words >> kind) || kind[0] == '#')
            continue;
        PartSpec spec;
        const bool ok = kind == "remote" ? parse_remote(words, spec) : parse_local(kind, words, folder, spec);
        if (!ok)
            return false;
        remote = remote || spec.port != 0;
        read.push_back(spec);
    }
    if (!remote)
        return false; /* a local stub: Xapian's own reading is the reference */
    specs.insert(specs.end(), read.begin(), read.end());
    return true;
}

Xapian::Database open_part(const PartSpec &spec)
{
    if (spec.port == 0)
        return Xapian::Database(spec.where);
    return Xapian::Remote::open(spec.where, spec.port, spec.timeout_ms, spec.connect_ms);
}

} // namespace nx_shim
