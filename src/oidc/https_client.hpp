// HTTPS requests to the configured issuer only, through libcurl: TLS with the issuer's
// certificate verified (system CAs or a configured CA file), no redirects, no proxies from the
// environment, bounded time and size. Blocking: call it from a worker thread, never the loop.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace vicos::oidc {

struct HttpsLimits {
  std::chrono::milliseconds connectTimeout{3000};
  std::chrono::milliseconds totalTimeout{5000};
  size_t maxBodyBytes = 256 * 1024;  // discovery documents and key sets are a few KiB
};

struct HttpsResponse {
  long status = 0;
  std::string body;
};

// What went wrong, for the operator's log (no user data in it).
struct FetchError {
  std::string message;
};

class HttpsClient {
 public:
  // `caFile` empty: the system's trusted CAs.
  explicit HttpsClient(std::string caFile = {}, HttpsLimits limits = {});

  std::variant<HttpsResponse, FetchError> get(const std::string& url) const;
  // application/x-www-form-urlencoded POST; `authorization` is a whole header value or empty.
  std::variant<HttpsResponse, FetchError> postForm(const std::string& url, const std::string& form,
                                                   const std::string& authorization) const;

 private:
  std::variant<HttpsResponse, FetchError> perform(const std::string& url, const std::string* form,
                                                  const std::string& authorization) const;

  std::string mCaFile;
  HttpsLimits mLimits;
};

// Percent-encoding for form bodies and query strings (RFC 3986 2.3: unreserved kept).
std::string formEncode(std::string_view text);
// HTTP Basic credentials for a client (RFC 6749 2.3.1: id and secret form-encoded first).
std::string basicAuthorization(std::string_view clientId, std::string_view clientSecret);

// libcurl's process-wide setup; call once at start, before any thread uses HttpsClient.
void initHttpsClients();

}  // namespace vicos::oidc
