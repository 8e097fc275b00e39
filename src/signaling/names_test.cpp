// Tests of the room-name, display-name and UTF-8 rules.
#include "signaling/names.hpp"

#include <gtest/gtest.h>

namespace vicos::signaling {
namespace {

TEST(RoomName, AcceptsTheCharsetUpTo64) {
  EXPECT_TRUE(isValidRoomName("team-weekly"));
  EXPECT_TRUE(isValidRoomName("A_z-09"));
  EXPECT_TRUE(isValidRoomName("x"));
  EXPECT_TRUE(isValidRoomName(std::string(64, 'r')));
}

TEST(RoomName, RejectsEverythingElse) {
  EXPECT_FALSE(isValidRoomName(""));
  EXPECT_FALSE(isValidRoomName(std::string(65, 'r')));
  EXPECT_FALSE(isValidRoomName("team weekly"));
  EXPECT_FALSE(isValidRoomName("team.weekly"));
  EXPECT_FALSE(isValidRoomName("../etc"));
  EXPECT_FALSE(isValidRoomName("r\xc3\xa4um"));  // "räum"
  EXPECT_FALSE(isValidRoomName(std::string("a\0b", 3)));
}

TEST(Utf8, AcceptsWellFormed) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("plain"));
  EXPECT_TRUE(isValidUtf8("J\xc3\xbcrgen"));             // U+00FC
  EXPECT_TRUE(isValidUtf8("\xe2\x82\xac"));              // U+20AC
  EXPECT_TRUE(isValidUtf8("\xf0\x9f\x98\x80"));          // U+1F600
  EXPECT_TRUE(isValidUtf8("\xf4\x8f\xbf\xbf"));          // U+10FFFF
  EXPECT_TRUE(isValidUtf8("\xed\x9f\xbf"));              // U+D7FF, just below surrogates
}

TEST(Utf8, RejectsMalformed) {
  EXPECT_FALSE(isValidUtf8("\x80"));              // lone continuation byte
  EXPECT_FALSE(isValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(isValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xe0\x80\xaf"));      // overlong, 3 bytes
  EXPECT_FALSE(isValidUtf8("\xf0\x80\x80\xaf"));  // overlong, 4 bytes
  EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));      // U+D800 surrogate
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(isValidUtf8("\xff"));
  EXPECT_FALSE(isValidUtf8("\xe2\x82"));          // truncated 3-byte sequence
  EXPECT_FALSE(isValidUtf8("\xe2\x28\xa1"));      // bad continuation
}

TEST(DisplayName, TrimsJavaScriptWhiteSpace) {
  EXPECT_EQ(normalizeDisplayName("Alex"), "Alex");
  EXPECT_EQ(normalizeDisplayName("  Alex Kim \t\n"), "Alex Kim");
  EXPECT_EQ(normalizeDisplayName("\xc2\xa0\xe3\x80\x80" "Alex\xe2\x80\x8a"), "Alex");  // NBSP, U+3000, U+200A
  EXPECT_EQ(normalizeDisplayName("\xef\xbb\xbf" "Alex"), "Alex");                        // BOM
}

TEST(DisplayName, CountsCodePointsNotBytes) {
  std::string umlauts;
  for (int i = 0; i < 64; ++i) umlauts += "\xc3\xbc";  // 64 code points, 128 bytes
  EXPECT_EQ(normalizeDisplayName(umlauts), umlauts);
  EXPECT_FALSE(normalizeDisplayName(umlauts + "\xc3\xbc").has_value());
  std::string emoji;
  for (int i = 0; i < 64; ++i) emoji += "\xf0\x9f\x98\x80";
  EXPECT_TRUE(normalizeDisplayName(emoji).has_value());
  EXPECT_TRUE(normalizeDisplayName(" " + std::string(64, 'a') + " ").has_value());
  EXPECT_FALSE(normalizeDisplayName(std::string(65, 'a')).has_value());
}

TEST(DisplayName, RejectsEmptyControlAndInvalid) {
  EXPECT_FALSE(normalizeDisplayName("").has_value());
  EXPECT_FALSE(normalizeDisplayName("   \t ").has_value());
  EXPECT_FALSE(normalizeDisplayName("Al\nex").has_value());
  EXPECT_FALSE(normalizeDisplayName("Al\x7f" "ex").has_value());
  EXPECT_FALSE(normalizeDisplayName("Al\xc2\x85" "ex").has_value());  // U+0085, C1 control
  EXPECT_FALSE(normalizeDisplayName(std::string("Al\0ex", 5)).has_value());
  EXPECT_FALSE(normalizeDisplayName("Al\xc3" "ex").has_value());
  EXPECT_FALSE(normalizeDisplayName("Alex\xed\xa0\x80").has_value());
}

}  // namespace
}  // namespace vicos::signaling
