// libFuzzer entry point for RFC 4571 framing and the HTTPS port's first-bytes demultiplexer:
// the input arrives in reads of varying size (its first byte picks them); every frame cut out
// is queued again and must come back the same, and no frame exceeds the reader's bound.
#include "net/rfc4571_framing.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "net/stream_start.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vicos::net;
  const StreamVerdict verdict = classifyStreamStart(vicos::Bytes(data, size));
  if (verdict.kind == StreamStart::IceTcp) check(verdict.frameSize >= 22 && verdict.frameSize <= size);
  if (size == 0) return 0;

  const size_t step = 1 + data[0] % 64 * 37;
  FrameReader reader;
  FrameQueue queue(64 * 1024);
  std::vector<std::vector<uint8_t>> frames;
  for (size_t at = 1; at < size;) {
    const vicos::MutableBytes space = reader.space();
    check(!space.empty());
    const size_t n = std::min({step, size - at, space.size()});
    std::memcpy(space.data(), data + at, n);
    reader.commit(n);
    at += n;
    while (auto frame = reader.next()) {
      check(!frame->empty() && frame->size() <= FrameReader::kMaxFrame);
      frames.emplace_back(frame->begin(), frame->end());
      check(queue.push(*frame) || queue.size() + 2 + frame->size() > queue.capacity());
    }
    check(reader.buffered() < FrameReader::kBufferSize);
  }

  // What was queued reads back as the same frames.
  std::array<iovec, 2> io{};
  std::vector<uint8_t> stream;
  for (size_t i = 0, n = queue.pending(io); i < n; ++i) {
    const auto* p = static_cast<const uint8_t*>(io[i].iov_base);
    stream.insert(stream.end(), p, p + io[i].iov_len);
  }
  queue.consume(stream.size());
  check(queue.empty());
  FrameReader again;
  size_t index = 0;
  for (size_t at = 0; at < stream.size();) {
    const vicos::MutableBytes space = again.space();
    const size_t n = std::min(space.size(), stream.size() - at);
    std::memcpy(space.data(), stream.data() + at, n);
    again.commit(n);
    at += n;
    while (auto frame = again.next()) {
      check(index < frames.size());
      check(std::equal(frame->begin(), frame->end(), frames[index].begin(), frames[index].end()));
      ++index;
    }
  }
  check(again.skipped() == 0);
  return 0;
}
