// The result type of every store operation: a value or an error worded for the operator.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace vicos::store {

struct Error {
  std::string message;
};

// A value or an Error; C++20 has no std::expected, so this is the small part of it we need.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : mState(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : mState(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return mState.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(mState); }
  const T& value() const { return std::get<0>(mState); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(mState); }

 private:
  std::variant<T, Error> mState;
};

// Success without a value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace vicos::store
