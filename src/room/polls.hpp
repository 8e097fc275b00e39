// The polls of one meeting (docs/protocol.md "Polls", P29): which ids exist, who asked each,
// whether it is anonymous and open, and who has a ballot in it; never what was asked or voted,
// which only the clients can read (docs/e2ee.md "Polls"). Memory only, gone with the meeting.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "signaling/error.hpp"
#include "signaling/poll_messages.hpp"

namespace vicos::room {

// Polls one meeting may ask, open and closed together (fixed; docs/security.md "Polls").
inline constexpr size_t kMaxPollsPerMeeting = 20;

class Polls {
 public:
  // A vote the room may relay: the voter's ballot number in the poll (from 1, the same for a
  // replaced vote) and whether the poll is anonymous.
  struct Ballot {
    unsigned number = 0;
    bool anonymous = false;
  };

  // Why `msg` from `by` (a moderator or not) cannot be applied, or nothing: `too-many-polls` past
  // kMaxPollsPerMeeting and `bad-message` for an id already used (create); `unknown-poll`,
  // `poll-closed` (vote, close); `not-allowed` unless the asker or a moderator closes. Changes nothing.
  std::optional<signaling::SignalingError> refusal(const signaling::PollMessage& msg, const std::string& by,
                                                   bool moderator) const;
  // Each applies a message refusal() let through.
  void create(const std::string& poll, const std::string& asker, bool anonymous);
  Ballot vote(const std::string& poll, const std::string& voter);
  void close(const std::string& poll);
  size_t size() const { return mPolls.size(); }

 private:
  struct Poll {
    std::string asker;
    bool anonymous = false;
    bool open = true;
    std::map<std::string, unsigned> ballots;  // voter → ballot number
  };
  std::map<std::string, Poll> mPolls;  // by poll id
};

}  // namespace vicos::room
