// Random ICE username fragments and passwords for the server's side of each peer
// (RFC 8445 5.3, RFC 8839 5.4).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vicos::ice {

// RFC 8839 5.4: ice-char = ALPHA / DIGIT / "+" / "/"; ufrag at least 4 characters, pwd at
// least 22. We use 8 and 24: 48 and 144 bits of entropy (36 bits of the ufrag once the media
// plane has written its worker into two characters, sfu/worker_media_plane.hpp; the ufrag only
// names the peer, the password authenticates).
inline constexpr size_t kUfragLength = 8;
inline constexpr size_t kPwdLength = 24;
inline constexpr std::string_view kIceChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static_assert(kIceChars.size() == 64);

struct IceCredentials {
  std::string ufrag;
  std::string pwd;
};

// `length` characters from the 64 ice-chars, drawn with RAND_bytes (each byte's low six bits,
// so every character is equally likely). Throws std::runtime_error if the CSPRNG fails:
// called on the control path only, where that is fatal for the offer being built.
std::string randomIceString(size_t length);

IceCredentials generateIceCredentials();

// True when every character is an ice-char and the length is within RFC 8839's bounds for
// a ufrag (4..256) — checks what a browser's answer carries.
bool isValidUfrag(std::string_view ufrag);
// Same for a password (22..256).
bool isValidPwd(std::string_view pwd);

}  // namespace vicos::ice
