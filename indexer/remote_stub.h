/* nexus-index --remote-stub: the Xapian stub a front server opens to search the index's shards served
 * by xapian-tcpsrv on other hosts, with the local words database it needs. */
#ifndef NEXUS_REMOTE_STUB_H
#define NEXUS_REMOTE_STUB_H

#include <stdio.h>

/* Prints to `out` one "remote tcp HOST PORT" line per address of `addresses` ("HOST:PORT,HOST:PORT,…",
 * the K-th serving shard K of the index in `index_dir`) and a "glass PATH" line naming the generation's
 * words database, which it (re)writes. Refuses, saying why on `err`, an address list whose length is
 * not the index's shard count. Returns an exit status (0, 1 failed, 2 usage). */
int remote_stub_print(const char *index_dir, const char *addresses, FILE *out, FILE *err);

#endif
