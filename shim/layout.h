/* Private: what the read side needs of the index folder's layout (nx_layout.h). */
#ifndef NX_SHIM_LAYOUT_H
#define NX_SHIM_LAYOUT_H

#include <string>

namespace nx_shim {

/* The identity of `path`'s stub (INDEX/XAPIANDB: device, inode, size, modification time), so a reader
 * notices a publish (a new stub renamed over the old one); false, with `identity` "", when `path` has
 * no stub (a plain database, a stub file given directly, a remote stub). */
bool layout_stub_identity(const std::string &path, std::string &identity);

/* Writes the spelling and synonym tables of `generation`'s `shards` shards, merged (spelling frequencies
 * summed), into the document-less database gen-K/`name` (built beside as `name`.new, then renamed into
 * place), with the facet columns of the shards' union as its STUB_COLUMNS_KEY metadata when
 * `with_columns` (a remote stub's words); returns its absolute path. Throws on failure (words_db.cc). */
std::string write_merged_words(const std::string &index_dir, unsigned generation, unsigned shards,
                               const std::string &name, bool with_columns);

} // namespace nx_shim

#endif
