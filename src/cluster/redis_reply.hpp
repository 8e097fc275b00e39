// One Redis reply (RESP2), copied out of hiredis's parser into owned values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vicos::cluster {

struct RedisReply {
  enum class Type { Nil, Status, Error, Integer, String, Array };
  Type type = Type::Nil;
  int64_t integer = 0;
  std::string text;  // status, error or bulk string
  std::vector<RedisReply> elements;

  bool isError() const { return type == Type::Error; }
  bool isNil() const { return type == Type::Nil; }
};

}  // namespace vicos::cluster
