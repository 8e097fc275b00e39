// libcbor does the decoding; the pre-scan below walks the item headers first (RFC 8949 section
// 3: major type in the top 3 bits, argument in the low 5), so that a declared length larger
// than the input is refused before libcbor allocates for it.
#include "auth/cbor_item.hpp"

#include "common/byte_reader.hpp"

namespace vicos::auth {
namespace {

constexpr int kMaxDepth = 16;

// Reads one item header's argument (RFC 8949 section 3.1); false for reserved values (28-30)
// and for the indefinite-length marker (31), which WebAuthn's CTAP2 canonical encoding never
// uses.
bool readArgument(ByteReader& reader, uint8_t info, uint64_t& value) {
  if (info < 24) {
    value = info;
    return true;
  }
  if (info == 24) {
    uint8_t v;
    if (!reader.readU8(v)) return false;
    value = v;
    return true;
  }
  if (info == 25) {
    uint16_t v;
    if (!reader.readU16(v)) return false;
    value = v;
    return true;
  }
  if (info == 26) {
    uint32_t v;
    if (!reader.readU32(v)) return false;
    value = v;
    return true;
  }
  if (info == 27) return reader.readU64(value);
  return false;
}

// Walks one item; false when it is ill-formed, too deep, or claims more than is there.
bool scanItem(ByteReader& reader, int depth) {
  if (depth > kMaxDepth) return false;
  uint8_t head;
  if (!reader.readU8(head)) return false;
  const uint8_t major = head >> 5;
  uint64_t argument = 0;
  if (major == 7) {  // simple values and floats: the argument is their whole payload
    return (head & 31) < 28 && readArgument(reader, head & 31, argument);
  }
  if (!readArgument(reader, head & 31, argument)) return false;
  switch (major) {
    case 0:
    case 1: return true;
    case 2:
    case 3: return argument <= reader.remaining() && reader.skip(static_cast<size_t>(argument));
    case 4:
    case 5: {
      const uint64_t items = major == 5 ? argument * 2 : argument;
      if (argument > reader.remaining() || items > reader.remaining()) return false;  // >= 1 byte each
      for (uint64_t i = 0; i < items; ++i)
        if (!scanItem(reader, depth + 1)) return false;
      return true;
    }
    case 6: return scanItem(reader, depth + 1);  // a tag and its item
  }
  return false;
}

}  // namespace

std::optional<CborLoaded> loadCbor(std::span<const uint8_t> bytes) {
  if (bytes.empty() || bytes.size() > kCborMaxBytes) return std::nullopt;
  ByteReader reader(bytes);
  if (!scanItem(reader, 0)) return std::nullopt;
  cbor_load_result result{};
  CborItem item(cbor_load(bytes.data(), reader.offset(), &result));
  if (!item || result.error.code != CBOR_ERR_NONE || result.read != reader.offset()) return std::nullopt;
  return CborLoaded{std::move(item), result.read};
}

const cbor_item_t* mapMember(const cbor_item_t* map, std::string_view textKey) {
  if (!map || !cbor_isa_map(map) || !cbor_map_is_definite(map)) return nullptr;
  const cbor_pair* pairs = cbor_map_handle(map);
  for (size_t i = 0; i < cbor_map_size(map); ++i)
    if (auto key = cborText(pairs[i].key); key && *key == textKey) return pairs[i].value;
  return nullptr;
}

const cbor_item_t* mapMember(const cbor_item_t* map, int64_t intKey) {
  if (!map || !cbor_isa_map(map) || !cbor_map_is_definite(map)) return nullptr;
  const cbor_pair* pairs = cbor_map_handle(map);
  for (size_t i = 0; i < cbor_map_size(map); ++i)
    if (auto key = cborInt(pairs[i].key); key && *key == intKey) return pairs[i].value;
  return nullptr;
}

std::optional<int64_t> cborInt(const cbor_item_t* item) {
  if (!item) return std::nullopt;
  if (cbor_isa_uint(item)) {
    const uint64_t v = cbor_get_int(item);
    if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(v);
  }
  if (cbor_isa_negint(item)) {  // the value is -1 - argument (RFC 8949 section 3.1)
    const uint64_t v = cbor_get_int(item);
    if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return -1 - static_cast<int64_t>(v);
  }
  return std::nullopt;
}

std::optional<std::span<const uint8_t>> cborBytes(const cbor_item_t* item) {
  if (!item || !cbor_isa_bytestring(item) || !cbor_bytestring_is_definite(item)) return std::nullopt;
  return std::span<const uint8_t>(cbor_bytestring_handle(item), cbor_bytestring_length(item));
}

std::optional<std::string_view> cborText(const cbor_item_t* item) {
  if (!item || !cbor_isa_string(item) || !cbor_string_is_definite(item)) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(cbor_string_handle(item)), cbor_string_length(item));
}

}  // namespace vicos::auth
