// Splitting and decoding a compact JWS: size, then shape, with every part checked.
#include "oidc/jws.hpp"

#include "oidc/base64url.hpp"

namespace vicos::oidc {
namespace {

std::optional<nlohmann::json> decodeObject(std::string_view part) {
  const auto bytes = base64UrlDecode(part);
  if (!bytes) return std::nullopt;
  auto json = nlohmann::json::parse(*bytes, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

}  // namespace

const char* tokenErrorName(TokenError error) {
  switch (error) {
    case TokenError::Malformed: return "malformed";
    case TokenError::UnsupportedAlg: return "unsupported-alg";
    case TokenError::UnknownKey: return "unknown-key";
    case TokenError::AlgMismatch: return "alg-mismatch";
    case TokenError::BadSignature: return "bad-signature";
    case TokenError::WrongIssuer: return "wrong-issuer";
    case TokenError::WrongAudience: return "wrong-audience";
    case TokenError::WrongAuthorizedParty: return "wrong-azp";
    case TokenError::WrongNonce: return "wrong-nonce";
    case TokenError::Expired: return "expired";
    case TokenError::NotYetValid: return "not-yet-valid";
    case TokenError::MissingSubject: return "missing-subject";
  }
  return "unknown";
}

Checked<Jws> parseJws(std::string_view compact) {
  if (compact.size() > kMaxTokenBytes) return TokenError::Malformed;
  const size_t first = compact.find('.');
  if (first == std::string_view::npos) return TokenError::Malformed;
  const size_t second = compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos)
    return TokenError::Malformed;
  auto header = decodeObject(compact.substr(0, first));
  auto payload = decodeObject(compact.substr(first + 1, second - first - 1));
  auto signature = base64UrlDecode(compact.substr(second + 1));
  if (!header || !payload || !signature) return TokenError::Malformed;
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) return TokenError::Malformed;
  // RFC 7515 4.1.11: extensions we do not understand must make the token invalid; we know none.
  if (header->contains("crit")) return TokenError::Malformed;
  return Jws{std::move(*header), std::move(*payload), std::string(compact.substr(0, second)),
             std::move(*signature)};
}

}  // namespace vicos::oidc
