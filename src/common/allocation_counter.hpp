// Tests and benchmarks only: counts every heap allocation of the program (operator new and
// OpenSSL's allocator), for the checks that a hot path allocates nothing.
#pragma once

#include <cstddef>

namespace vicos {

// Allocations made so far. Calling it links allocation_counter.cpp into the program, which
// replaces the global operator new and hooks OpenSSL's allocator before its first use.
size_t heapAllocations();

}  // namespace vicos
