// jemalloc's settings, read by jemalloc itself when the program starts (CMakeLists.txt links
// the tiersim program with it unless sanitizers are on).
//
// thp:always: every mapping of the heap is marked for transparent huge pages (madvise), which
// Debian's kernels give only to memory that asks ("madvise" mode). At province scale the
// simulation reads facility states, arrival streams, calendar buckets and route tables in no
// order, tens of MiB of them; on 2 MiB pages those reads stop missing the TLB as well as the
// cache. Measured in bench/README.md ("Fifth round"). Storage only: no number depends on it.
#if defined(TIERSIM_JEMALLOC)
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's documented hook
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
#endif
