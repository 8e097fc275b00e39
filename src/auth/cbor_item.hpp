// A thin owner over libcbor's decoded items (RFC 8949) and the few lookups WebAuthn needs:
// map members by text or integer key, definite byte and text strings, integers.
#pragma once

#include <cbor.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

namespace vicos::auth {

struct CborDeleter {
  void operator()(cbor_item_t* item) const { cbor_decref(&item); }
};
using CborItem = std::unique_ptr<cbor_item_t, CborDeleter>;

// WebAuthn structures are small; CBOR input past this is refused before libcbor sees it.
constexpr size_t kCborMaxBytes = 16 * 1024;

struct CborLoaded {
  CborItem item;
  size_t read = 0;  // bytes the first item took; the caller decides what may follow
};

// The first well-formed item of `bytes`, or nothing. Refuses input over kCborMaxBytes and any
// array, map or string whose declared length exceeds the bytes left (so libcbor never
// reserves memory for elements that cannot be there).
std::optional<CborLoaded> loadCbor(std::span<const uint8_t> bytes);

// Map member lookups; nothing when `map` is no definite map or has no such key.
const cbor_item_t* mapMember(const cbor_item_t* map, std::string_view textKey);
const cbor_item_t* mapMember(const cbor_item_t* map, int64_t intKey);
// The value of an integer item (major type 0 or 1) that fits int64_t.
std::optional<int64_t> cborInt(const cbor_item_t* item);
// The bytes of a definite byte string / text string; nothing for other items.
std::optional<std::span<const uint8_t>> cborBytes(const cbor_item_t* item);
std::optional<std::string_view> cborText(const cbor_item_t* item);

}  // namespace vicos::auth
