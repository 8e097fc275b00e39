// Tests of the log sink: daily files named after the UTC day, mode 0600 (P27).
#include <gtest/gtest.h>

#include "common/log.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace vicos {
namespace {

TEST(LogFile, NamesTheUtcDay) {
  EXPECT_EQ(log::logFileName(0), "vicos-1970-01-01.log");
  EXPECT_EQ(log::logFileName(1'715'385'599), "vicos-2024-05-10.log");  // 23:59:59Z
  EXPECT_EQ(log::logFileName(1'715'385'600), "vicos-2024-05-11.log");
}

TEST(LogFile, WritesDailyFilesWithMode0600) {
  const auto dir = std::filesystem::temp_directory_path() / ("vicos-log-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::string error;
  ASSERT_TRUE(log::setLogDirectory(dir.string(), error)) << error;
  LOG_WARN("test", "a line for the file %d", 42);
  const auto file = dir / log::logFileName(std::time(nullptr));
  ASSERT_TRUE(log::setLogDirectory("", error));  // back to stderr, file closed
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("warn test: a line for the file 42\n"), std::string::npos) << text;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  std::filesystem::remove_all(dir);

  const auto notADir = std::filesystem::temp_directory_path() / ("vicos-log-file-" + std::to_string(::getpid()));
  std::ofstream(notADir) << "x";
  EXPECT_FALSE(log::setLogDirectory(notADir.string(), error));
  EXPECT_NE(error.find("not a directory"), std::string::npos);
  std::filesystem::remove(notADir);
}

}  // namespace
}  // namespace vicos
