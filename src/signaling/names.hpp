// The rules for room names and display names (docs/protocol.md "join"), shared by the
// message parser and anyone else who accepts such names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vicos::signaling {

inline constexpr size_t kMaxRoomLength = 64;
inline constexpr size_t kMaxNameCodePoints = 64;
// Chat text is counted in Unicode code points, so a client that counts UTF-16 units (as an
// HTML maxlength does) never sends more than the server accepts.
inline constexpr size_t kMaxChatCodePoints = 2000;

// 1-64 characters of A-Z a-z 0-9 - _.
bool isValidRoomName(std::string_view room);

// Whether `text` is well-formed UTF-8 (RFC 3629 4: no overlongs, surrogates or values past
// U+10FFFF).
bool isValidUtf8(std::string_view text);

// The display name trimmed of leading and trailing white space (the characters JavaScript's
// String.prototype.trim removes, so client and server agree), or nullopt when it is not
// valid UTF-8, holds a control character (Unicode category Cc), or is not 1-64 code points.
std::optional<std::string> normalizeDisplayName(std::string_view name);

// Chat text (docs/protocol.md "chat"): valid UTF-8, 1-2000 code points, not only white space,
// and no control characters other than line feed and tab.
bool isValidChatText(std::string_view text);

}  // namespace vicos::signaling
