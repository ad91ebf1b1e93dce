/* Private: what the read side needs of the index folder's layout (nx_layout.h). */
#ifndef NX_SHIM_LAYOUT_H
#define NX_SHIM_LAYOUT_H

#include <string>

namespace nx_shim {

/* The identity of `path`'s stub (INDEX/XAPIANDB: device, inode, size, modification time), so a reader
 * notices a publish (a new stub renamed over the old one); false, with `identity` "", when `path` has
 * no stub (a plain database, a stub file given directly, a remote stub). */
bool layout_stub_identity(const std::string &path, std::string &identity);

} // namespace nx_shim

#endif
