// Room-name and display-name rules, with a strict UTF-8 decoder (RFC 3629 4).
#include "signaling/names.hpp"

#include <cstdint>

namespace vicos::signaling {
namespace {

// Decodes the code point at text[pos]; returns its length in bytes, or 0 when malformed.
// RFC 3629 4 table: the second byte's range depends on the first to exclude overlong forms,
// UTF-16 surrogates (ED A0..BF) and values past U+10FFFF (F4 90..).
size_t decode(std::string_view text, size_t pos, uint32_t& cp) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[pos + i]); };
  const uint8_t b0 = byte(0);
  size_t len = 0;
  uint8_t lo = 0x80, hi = 0xbf;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2;
    cp = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3;
    cp = b0 & 0x0f;
    if (b0 == 0xe0) lo = 0xa0;
    if (b0 == 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4;
    cp = b0 & 0x07;
    if (b0 == 0xf0) lo = 0x90;
    if (b0 == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (text.size() - pos < len) return 0;
  for (size_t i = 1; i < len; ++i) {
    const uint8_t b = byte(i);
    if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xbf)) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  return len;
}

// ECMAScript WhiteSpace and LineTerminator code points (ECMA-262 12.2, 12.3).
bool isJsWhiteSpace(uint32_t cp) {
  switch (cp) {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20: case 0xa0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
    case 0xfeff:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200a;
  }
}

// Unicode general category Cc: C0 controls, DEL and C1 controls.
bool isControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f); }

}  // namespace

bool isValidRoomName(std::string_view room) {
  if (room.empty() || room.size() > kMaxRoomLength) return false;
  for (char c : room) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool isValidUtf8(std::string_view text) {
  uint32_t cp = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t len = decode(text, pos, cp);
    if (len == 0) return false;
    pos += len;
  }
  return true;
}

std::optional<std::string> normalizeDisplayName(std::string_view name) {
  size_t begin = name.size();  // first byte of the first non-space code point
  size_t end = 0;              // one past the last non-space code point
  uint32_t cp = 0;
  for (size_t pos = 0; pos < name.size();) {
    const size_t len = decode(name, pos, cp);
    if (len == 0) return std::nullopt;
    if (!isJsWhiteSpace(cp)) {
      if (begin == name.size()) begin = pos;
      end = pos + len;
    }
    pos += len;
  }
  if (begin >= end) return std::nullopt;  // empty or only white space
  const std::string_view trimmed = name.substr(begin, end - begin);
  size_t count = 0;
  for (size_t pos = 0; pos < trimmed.size(); ++count) {
    pos += decode(trimmed, pos, cp);
    if (isControl(cp)) return std::nullopt;
  }
  if (count > kMaxNameCodePoints) return std::nullopt;
  return std::string(trimmed);
}

bool isValidChatText(std::string_view text) {
  size_t count = 0;
  bool visible = false;
  uint32_t cp = 0;
  for (size_t pos = 0; pos < text.size(); ++count) {
    const size_t len = decode(text, pos, cp);
    if (len == 0) return false;
    if (cp != '\n' && cp != '\t' && isControl(cp)) return false;
    if (!isJsWhiteSpace(cp)) visible = true;
    pos += len;
  }
  return visible && count <= kMaxChatCodePoints;
}

}  // namespace vicos::signaling
