// Recording with consent (docs/protocol.md "Recording with consent", P25): the server records
// nothing; it keeps whose browser records, tells everyone, relays each participant's consent to
// that browser, and lets only moderators start and stop.
#include "room/room.hpp"
#include "signaling/recording_messages.hpp"

namespace vicos::room {

using signaling::ErrorCode;
using signaling::RecordingAction;
using signaling::SignalingError;

std::optional<SignalingError> Room::record(Participant& p, const signaling::RecordingMessage& msg) {
  const std::string ref(signaling::recordingTypeName(msg.action));
  if (msg.action == RecordingAction::Consent) {
    Participant* recorder = mRecorder.empty() ? nullptr : find(mRecorder);
    if (recorder == nullptr) return SignalingError{ErrorCode::WrongState, "no recording is running", ref};
    const std::string json = signaling::recordingConsentMessage(p.id, msg.consent);
    recorder->channel->send(json);
    if (recorder != &p) p.channel->send(json);
    return std::nullopt;
  }
  if (p.role != Role::Moderator)
    return SignalingError{ErrorCode::NotAllowed, "only moderators may start or stop a recording", ref};
  if (msg.action == RecordingAction::Start) {
    if (!mRecordingAllowed)
      return SignalingError{ErrorCode::NotAllowed, "recording is off on this server (rooms.recording)", ref};
    if (!mRecorder.empty())
      return SignalingError{ErrorCode::WrongState, "a recording is running already", ref};
    mRecorder = p.id;
    mRoster.broadcast(recordingState());
    return std::nullopt;
  }
  if (mRecorder.empty()) return SignalingError{ErrorCode::WrongState, "no recording is running", ref};
  endRecording();
  return std::nullopt;
}

void Room::endRecording() {
  if (mRecorder.empty()) return;
  mRecorder.clear();
  mRoster.broadcast(recordingState());
}

std::string Room::recordingState() const {
  return signaling::recordingMessage(!mRecorder.empty(), mRecorder, mRecordingAllowed);
}

}  // namespace vicos::room
