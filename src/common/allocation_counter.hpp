// Tests and benchmarks only: counts every heap allocation of the program (operator new and
// OpenSSL's allocator), for the checks that a hot path allocates nothing, and the bytes each
// thread holds, for the checks that an object stays within its memory budget.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vicos {

// Allocations made so far. Calling it links allocation_counter.cpp into the program, which
// replaces the global operator new and hooks OpenSSL's allocator before its first use.
size_t heapAllocations();

// Bytes the calling thread has allocated (operator new, OpenSSL) and not freed itself, counted
// by the allocator's usable size. The difference between two calls on one thread is what that
// thread's work between them kept; a block freed by another thread is not subtracted.
int64_t heapBytesOfThisThread();

}  // namespace vicos
