// A fresh temporary directory per test, removed afterwards: the persistence tests use real
// SQLite files, never :memory:.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace vicos::store::test {

class TestDir {
 public:
  TestDir() {
    static std::atomic<int> counter{0};
    mPath = std::filesystem::temp_directory_path() /
            ("vicos-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(mPath);
  }
  ~TestDir() {
    std::error_code ec;
    std::filesystem::remove_all(mPath, ec);
  }
  const std::filesystem::path& path() const { return mPath; }

 private:
  std::filesystem::path mPath;
};

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace vicos::store::test
