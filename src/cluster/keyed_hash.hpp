// Keys for Redis that name no person and no room (P2, P27): HMAC-SHA256 under the cluster's
// secret (cluster.secret_file), so that whoever reads Redis learns neither login names, nor
// addresses, nor meeting links, while every node still finds the same key.
#pragma once

#include <string>
#include <string_view>

namespace vicos::cluster {

class KeyedHash {
 public:
  explicit KeyedHash(std::string secret) : mSecret(std::move(secret)) {}
  // 32 hex digits (128 bits) of HMAC-SHA256(secret, kind "\n" value); `kind` separates uses.
  std::string operator()(std::string_view kind, std::string_view value) const;

 private:
  std::string mSecret;
};

}  // namespace vicos::cluster
