// Fuzz entry point for the SDP parser: whatever parses must keep the parser's invariants, and
// the answer check must run on it without crashing.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sdp/answer_check.hpp"
#include "sdp/offer_builder.hpp"
#include "sdp/session_description.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vicos::sdp;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = parseSessionDescription(text);
  if (auto* error = std::get_if<SdpError>(&result)) {
    if (error->what.empty() || error->line > kMaxLines + 1) std::abort();
    return 0;
  }
  const auto& d = std::get<SessionDescription>(result);
  if (size > kMaxSdpBytes || d.media.size() > kMaxMediaSections) std::abort();
  OfferSpec offer;
  offer.iceUfrag = "abcd";
  offer.icePwd = "abcdefghijklmnopqrstuv";
  offer.fingerprintSha256 = "AA";
  for (const auto& m : d.media) {
    if (m.payloadTypes.size() > m.formats.size()) std::abort();
    for (uint8_t pt : m.payloadTypes)
      if (pt > 127) std::abort();
    for (const auto& ext : m.extMaps)
      if (ext.id == 0 || ext.id > 255) std::abort();
    if (m.mid.empty() || (m.kind != MediaKind::Audio && m.kind != MediaKind::Video)) continue;
    offer.media.push_back({m.kind, m.mid, Direction::RecvOnly, false, 0, "", "", "", {}, false});
  }
  // The offer built from the same mids must parse back with the same number of m-lines.
  if (offer.media.size() == d.media.size()) {
    (void)checkAnswer(d, offer);
    const std::string built = buildOffer(offer);
    if (!built.empty()) {
      auto again = parseSessionDescription(built);
      const auto* reparsed = std::get_if<SessionDescription>(&again);
      if (reparsed == nullptr || reparsed->media.size() != offer.media.size()) std::abort();
    }
  }
  return 0;
}
