// The libcurl easy interface, one handle per request (requests are rare: a login or a refresh).
#include "oidc/https_client.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <cctype>
#include <memory>

namespace vicos::oidc {
namespace {

struct Sink {
  std::string body;
  size_t limit = 0;
  bool overflow = false;
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t bytes = size * count;
  if (sink->body.size() + bytes > sink->limit) {
    sink->overflow = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  sink->body.append(data, bytes);
  return bytes;
}

}  // namespace

void initHttpsClients() { curl_global_init(CURL_GLOBAL_DEFAULT); }

HttpsClient::HttpsClient(std::string caFile, HttpsLimits limits)
    : mCaFile(std::move(caFile)), mLimits(limits) {}

std::variant<HttpsResponse, FetchError> HttpsClient::get(const std::string& url) const {
  return perform(url, nullptr, {});
}

std::variant<HttpsResponse, FetchError> HttpsClient::postForm(const std::string& url, const std::string& form,
                                                              const std::string& authorization) const {
  return perform(url, &form, authorization);
}

std::variant<HttpsResponse, FetchError> HttpsClient::perform(const std::string& url, const std::string* form,
                                                             const std::string& authorization) const {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return FetchError{"libcurl could not start a request"};
  CURL* h = curl.get();
  Sink sink{{}, mLimits.maxBodyBytes, false};
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept: application/json");
  if (!authorization.empty())
    headers = curl_slist_append(headers, ("Authorization: " + authorization).c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headerList(headers, curl_slist_free_all);

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");  // no proxy from the environment: only the issuer
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);  // P1
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!mCaFile.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, mCaFile.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(mLimits.connectTimeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(mLimits.totalTimeout.count()));
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(mLimits.maxBodyBytes));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "vicos");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headerList.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  if (form) {
    headerList.reset(
        curl_slist_append(headerList.release(), "Content-Type: application/x-www-form-urlencoded"));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headerList.get());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form->size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, form->c_str());
  }
  const CURLcode code = curl_easy_perform(h);
  if (sink.overflow || code == CURLE_FILESIZE_EXCEEDED)
    return FetchError{"the answer from " + url + " is larger than " + std::to_string(mLimits.maxBodyBytes) +
                      " bytes"};
  if (code != CURLE_OK) return FetchError{url + ": " + curl_easy_strerror(code)};
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  return HttpsResponse{status, std::move(sink.body)};
}

std::string formEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out += {'%', kHex[u >> 4], kHex[u & 15]};
    }
  }
  return out;
}

std::string basicAuthorization(std::string_view clientId, std::string_view clientSecret) {
  const std::string pair = formEncode(clientId) + ":" + formEncode(clientSecret);
  std::string encoded(4 * ((pair.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                      reinterpret_cast<const unsigned char*>(pair.data()), static_cast<int>(pair.size()));
  encoded.resize(static_cast<size_t>(n));
  return "Basic " + encoded;
}

}  // namespace vicos::oidc
