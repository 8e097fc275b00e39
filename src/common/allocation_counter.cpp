// The global operator new and OpenSSL's allocator, replaced by versions that count.
#include "common/allocation_counter.hpp"

#include <malloc.h>
#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<size_t> gAllocations{0};
thread_local int64_t tBytes = 0;  // trivially destructible: safe inside the allocator

void* counted(void* p) {
  if (p) tBytes += static_cast<int64_t>(malloc_usable_size(p));
  return p;
}
void release(void* p) {
  if (p) tBytes -= static_cast<int64_t>(malloc_usable_size(p));
  std::free(p);
}

void* countingMalloc(size_t n, const char*, int) {
  ++gAllocations;
  return counted(std::malloc(n));
}
void* countingRealloc(void* p, size_t n, const char*, int) {
  ++gAllocations;
  const auto old = p ? static_cast<int64_t>(malloc_usable_size(p)) : 0;
  void* moved = std::realloc(p, n);
  if (moved || n == 0) tBytes -= old;
  return counted(moved);
}
void countingFree(void* p, const char*, int) { release(p); }

// OpenSSL takes a new allocator only before its first allocation: at static initialization.
const bool gOpenSslHooked = CRYPTO_set_mem_functions(countingMalloc, countingRealloc, countingFree);

}  // namespace

// Not inlined: GCC's -Wmismatched-new-delete misreads an inlined malloc/free pair.
[[gnu::noinline]] void* operator new(size_t n) {
  ++gAllocations;
  if (void* p = std::malloc(n ? n : 1)) return counted(p);
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { release(p); }
[[gnu::noinline]] void operator delete(void* p, size_t) noexcept { release(p); }

namespace vicos {

size_t heapAllocations() {
  (void)gOpenSslHooked;
  return gAllocations.load();
}

int64_t heapBytesOfThisThread() {
  (void)gOpenSslHooked;
  return tBytes;
}

}  // namespace vicos
