mod cli;

// Checking a folder allocates and frees many small model vectors on both threads at once:
// with mimalloc's per-thread heaps 10,000 reports take 8% less time than with glibc's
// allocator (and one file 11%), for a peak of 39 MB instead of 16 MB — still bounded by
// the files in flight. Built without transparent huge pages (`no_thp` in Cargo.toml):
// 26 MB on 3,460 corpus reports instead of 55 MB, and no second of page clearing on a
// 50 MB report. The library leaves the allocator to the binary. `--cfg jx_heap` builds
// with the system allocator, whose calls heaptrack can see (mimalloc maps its own pages).
#[cfg(not(jx_heap))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}

/// mimalloc returns freed pages to the system only a second after a free by default (v3), and a
/// long report's run frees large vectors (decoding, the scan's growth, the analysis's
/// pieces) just before its peak: with the delay they were still resident beside the
/// analysis, 130 MB of a 50 MB report's 530 MB (issue 13). At 0 they are returned at
/// once, for 0.1-0.2 s more system time on that report. Small reports gain nothing from it
/// and pay for it (10,000 of them: 1.73 s instead of 1.52 s, the system calls and the
/// cross-core TLB flushes of each purge), so the CLI calls this only when it is about to
/// check a report long enough to be analysed on all threads; it stays set for the run.
pub(crate) fn return_freed_memory_at_once() {
    #[cfg(not(jx_heap))]
    // SAFETY: sets a process-wide option; mimalloc reads options at any time and this one
    // only changes when freed memory is purged.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0)
    };
}

/// `mi_option_purge_delay` in mimalloc.h (15 in both v2 and v3, the version
/// libmimalloc-sys builds by default), which the bindings leave out: the option just
/// before `use_numa_nodes`.
#[cfg(not(jx_heap))]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_use_numa_nodes - 1;
