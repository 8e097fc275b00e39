// Tests of the media profile: its ids and payload types are well-formed, and the tables of
// docs/protocol.md "Media model" state exactly what it holds.
#include "media/media_profile.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace vicos::media {
namespace {

const Codec kCodecs[] = {kOpus, kVp8, kVp8Rtx};
// Every extension the offers may carry: on every m-line of its kinds, or on a simulcast uplink.
const Extension kAllExtensions[] = {kExtMid, kExtAudioLevel, kExtAbsSendTime, kExtRid, kExtRepairedRid, kExtTransportCc};

TEST(MediaProfile, PayloadTypesAreDynamicAndDistinct) {
  std::set<int> seen;
  for (const auto& codec : kCodecs) {
    EXPECT_GE(codec.payloadType, 96) << codec.name;  // RFC 3551 6: 96–127 are dynamic
    EXPECT_LE(codec.payloadType, 127) << codec.name;
    EXPECT_TRUE(seen.insert(codec.payloadType).second) << codec.name;
    EXPECT_GT(codec.clockRate, 0u) << codec.name;
  }
}

TEST(MediaProfile, ExtensionIdsFitTheOneByteFormAndNameOneUriEach) {
  std::set<int> ids;
  std::set<std::string_view> uris;
  for (const auto& ext : kAllExtensions) {
    EXPECT_GE(ext.id, 1) << ext.uri;  // RFC 8285 4.2: 0 is padding, 15 reserved
    EXPECT_LE(ext.id, 14) << ext.uri;
    EXPECT_TRUE(ids.insert(ext.id).second) << ext.uri;
    EXPECT_TRUE(uris.insert(ext.uri).second) << ext.uri;
  }
  for (const auto& ext : kExtensions) EXPECT_TRUE(ext.audio || ext.video) << ext.uri;
}

TEST(MediaProfile, CameraLayersAreValidRidsLowestFirst) {
  std::set<std::string_view> rids;
  uint32_t lastRate = 0;
  uint8_t lastScale = 255;
  for (const auto& layer : kCameraLayers) {
    // RFC 8851 10: rid-id = 1*(alpha-numeric / "-" / "_")
    EXPECT_TRUE(std::regex_match(std::string(layer.rid), std::regex("[A-Za-z0-9_-]{1,16}"))) << layer.rid;
    EXPECT_TRUE(rids.insert(layer.rid).second) << layer.rid;
    EXPECT_GT(layer.maxBitrate, lastRate) << layer.rid;
    EXPECT_LT(layer.scaleDown, lastScale) << layer.rid;
    lastRate = layer.maxBitrate;
    lastScale = layer.scaleDown;
  }
  EXPECT_EQ(kCameraLayers[std::size(kCameraLayers) - 1].scaleDown, 1);  // the top layer is the capture
}

// Extensions not offered yet keep ids of their own, so offering them later changes no other id.
TEST(MediaProfile, ExtensionsNotOfferedYetHaveIdsOfTheirOwn) {
  std::set<int> ids;
  for (const auto& ext : kExtensions) ids.insert(ext.id);
  for (const auto& ext : {kExtRid, kExtRepairedRid, kExtTransportCc}) {
    EXPECT_GE(ext.id, 1) << ext.uri;
    EXPECT_LE(ext.id, 14) << ext.uri;
    EXPECT_TRUE(ids.insert(ext.id).second) << ext.uri;
  }
}

// The table rows of docs/protocol.md's section "Media model".
std::vector<std::string> mediaModelRows() {
  std::ifstream in(VICOS_PROTOCOL_DOC);
  std::vector<std::string> rows;
  bool inSection = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("## ")) inSection = line == "## Media model";
    if (inSection && line.find("| ") != std::string::npos) rows.push_back(line);
  }
  return rows;
}

std::vector<std::string> rowsWith(const std::vector<std::string>& rows, const std::string& key) {
  std::vector<std::string> found;
  for (const auto& row : rows)
    if (row.find(key) != std::string::npos) found.push_back(row);
  return found;
}

size_t rowsMatching(const std::vector<std::string>& rows, const std::regex& pattern) {
  size_t n = 0;
  for (const auto& row : rows) n += std::regex_search(row, pattern) ? 1 : 0;
  return n;
}

std::string code(std::string_view text) { return text.empty() ? "—" : "`" + std::string(text) + "`"; }

TEST(MediaProfile, ProtocolDocStatesEveryCodec) {
  const auto lines = mediaModelRows();
  ASSERT_FALSE(lines.empty()) << VICOS_PROTOCOL_DOC;
  for (const auto& codec : kCodecs) {
    std::string rtpmap = std::string(codec.name) + "/" + std::to_string(codec.clockRate);
    if (codec.channels != 0) rtpmap += "/" + std::to_string(codec.channels);
    std::string feedback;
    if (codec.payloadType == kVp8.payloadType)  // RTX (RFC 4588) takes no feedback of its own
      for (const auto fb : kVideoFeedback) feedback += (feedback.empty() ? "" : ", ") + code(fb);
    const std::string row = "| " + std::to_string(codec.payloadType) + " | " + code(rtpmap) + " | " +
                            code(codec.fmtp) + " | " + (feedback.empty() ? "—" : feedback) + " |";
    EXPECT_EQ(rowsWith(lines, row).size(), 1u) << "docs/protocol.md lacks the row " << row;
  }
  // No codec in the doc that the profile lacks: rows "| name | pt | `rtpmap` | ...".
  EXPECT_EQ(rowsMatching(lines, std::regex(R"(^\s*\| [^|`]+ \| \d+ \| `)")), std::size(kCodecs));
}

TEST(MediaProfile, ProtocolDocStatesEveryExtension) {
  const auto lines = mediaModelRows();
  for (const auto& ext : kAllExtensions) {
    const std::string kinds = ext.id == kExtTransportCc.id ? "all"
                              : ext.audio && ext.video     ? "audio, video"
                              : ext.audio                  ? "audio"
                              : ext.video                  ? "video"
                                                           : "camera uplink with simulcast";
    const std::string row = "| " + code(ext.uri) + " | " + std::to_string(ext.id) + " | " + kinds + " |";
    EXPECT_EQ(rowsWith(lines, row).size(), 1u) << "docs/protocol.md lacks the row " << row;
    EXPECT_EQ(rowsWith(lines, code(ext.uri)).size(), 1u) << ext.uri << " in more than one row";
  }
  // No extension in the doc that the profile lacks: rows "| `uri` | id | ...".
  EXPECT_EQ(rowsMatching(lines, std::regex(R"(^\s*\| `[^`]+` \| \d+ \|)")), std::size(kAllExtensions));
}

}  // namespace
}  // namespace vicos::media
