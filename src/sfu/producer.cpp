// Producer bookkeeping: consumers and the encoding a stream belongs to.
#include "sfu/producer.hpp"

#include <algorithm>

namespace vicos::sfu {

ProducerEncoding* Producer::encodingBySsrc(uint32_t ssrc) {
  for (auto& e : mEncodings)
    if (e.ssrc() == ssrc || e.rtxSsrc() == ssrc) return &e;
  return nullptr;
}

void Producer::attach(Consumer* consumer) {
  if (std::find(mConsumers.begin(), mConsumers.end(), consumer) == mConsumers.end())
    mConsumers.push_back(consumer);
}

void Producer::detach(Consumer* consumer) {
  std::erase(mConsumers, consumer);
}

}  // namespace vicos::sfu
