// Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226) with HMAC-SHA-1, 30-second
// steps and 6 digits: what every authenticator app understands by default.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vicos::auth {

constexpr int64_t kTotpStepSeconds = 30;  // RFC 6238 section 5.2: X = 30
constexpr unsigned kTotpDigits = 6;
constexpr size_t kTotpSecretBytes = 20;  // RFC 4226 section 4: 160 bits, the size of SHA-1
// Steps before and after now that are accepted (RFC 6238 section 5.2: clock drift and the time
// it takes to type).
constexpr int64_t kTotpWindowSteps = 1;

// RFC 4226 section 5.3: HMAC-SHA-1(key, counter), dynamic truncation, modulo 10^digits.
uint32_t hotp(std::span<const uint8_t> key, uint64_t counter, unsigned digits = kTotpDigits);
// RFC 6238 section 4.2: T = floor(unixSeconds / 30).
int64_t totpStep(int64_t unixSeconds);
// The code as typed: `digits` decimal digits with leading zeros.
std::string formatCode(uint32_t code, unsigned digits = kTotpDigits);

// The step within now ± kTotpWindowSteps whose code is `typed`, if any, newest last checked
// first; only steps after `lastAccepted` count, so a code is never accepted twice. Spaces in
// `typed` are ignored; any other non-digit fails. The comparison is constant-time.
std::optional<int64_t> matchTotp(std::span<const uint8_t> key, std::string_view typed, int64_t unixSeconds,
                                 int64_t lastAccepted);

// RFC 4648 section 6, upper case without padding, as authenticator apps expect the secret.
std::string base32(std::span<const uint8_t> bytes);
// The otpauth:// URI an authenticator app reads from a QR code (the Key Uri Format of
// authenticator apps): issuer and account are percent-encoded.
std::string otpauthUri(std::string_view issuer, std::string_view account, std::span<const uint8_t> key);

}  // namespace vicos::auth
