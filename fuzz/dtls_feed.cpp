// libFuzzer entry point: DTLS record framing re-serializes to the same bytes, and a DTLS
// server transport fed arbitrary datagrams never crashes, never sends a datagram over its MTU
// and never delivers keys to an unauthenticated peer.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "dtls/dtls_record.hpp"
#include "dtls/dtls_transport.hpp"

namespace {

using namespace vicos;
using namespace vicos::dtls;

struct Listener : DtlsListener {
  void onDtlsSend(Bytes datagram) override {
    if (datagram.empty() || datagram.size() > DtlsTransport::kMtu) std::abort();
    if (checkDtlsDatagram(datagram) != DtlsRecordError::None) std::abort();  // we send whole records
  }
  void onDtlsConnected(const SrtpKeys&) override { std::abort(); }  // nobody authenticated
  void onDtlsFailed(const char* reason) override {
    if (reason == nullptr) std::abort();
  }
  void onDtlsClosed() override { std::abort(); }  // never connected, so never "closed"
};

DtlsContext& context() {
  // Key generation is slow; one certificate and context serve every input.
  static std::optional<DtlsCertificate> certificate = DtlsCertificate::generate();
  static std::unique_ptr<DtlsContext> ctx =
      certificate ? DtlsContext::create(*certificate) : nullptr;
  if (!ctx) std::abort();
  return *ctx;
}

// Every record that parses writes back to exactly the bytes it was read from.
void checkRecordRoundTrip(Bytes data) {
  ByteReader reader(data);
  while (reader.remaining() > 0) {
    const size_t start = reader.offset();
    DtlsRecord record;
    if (readDtlsRecord(reader, record) != DtlsRecordError::None) return;
    const size_t size = reader.offset() - start;
    if (size != kDtlsRecordHeaderSize + record.fragment.size()) std::abort();
    static std::array<uint8_t, kDtlsRecordHeaderSize + kDtlsMaxFragment> buffer;
    ByteWriter writer(buffer);
    if (!writeDtlsRecord(writer, record) || writer.size() != size) std::abort();
    if (std::memcmp(buffer.data(), data.data() + start, size) != 0) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Bytes input(data, size);
  checkRecordRoundTrip(input);

  Listener listener;
  DtlsTransport server(context(), DtlsRole::Server, listener);
  server.setRemoteFingerprint("sha-256", "00:11:22:33");
  server.start();
  // The whole input as one datagram, then again as if retransmitted.
  server.feed(input);
  server.feed(input);
  const bool wellFramed = checkDtlsDatagram(input) == DtlsRecordError::None;
  if (server.droppedDatagrams() != (wellFramed ? 0u : 2u)) std::abort();
  if (server.connected()) std::abort();
  (void)server.nextTimeout(nowMicros());
  server.handleTimeout(nowMicros());
  server.close();
  server.feed(input);  // after close: ignored
  return 0;
}
