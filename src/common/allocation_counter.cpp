// The global operator new and OpenSSL's allocator, replaced by versions that count.
#include "common/allocation_counter.hpp"

#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<size_t> gAllocations{0};

void* countingMalloc(size_t n, const char*, int) {
  ++gAllocations;
  return std::malloc(n);
}
void* countingRealloc(void* p, size_t n, const char*, int) {
  ++gAllocations;
  return std::realloc(p, n);
}
void countingFree(void* p, const char*, int) { std::free(p); }

// OpenSSL takes a new allocator only before its first allocation: at static initialization.
const bool gOpenSslHooked = CRYPTO_set_mem_functions(countingMalloc, countingRealloc, countingFree);

}  // namespace

// Not inlined: GCC's -Wmismatched-new-delete misreads an inlined malloc/free pair.
[[gnu::noinline]] void* operator new(size_t n) {
  ++gAllocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace vicos {

size_t heapAllocations() {
  (void)gOpenSslHooked;
  return gAllocations.load();
}

}  // namespace vicos
