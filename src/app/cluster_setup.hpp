// Several nodes (cluster.redis_url): reads the secret files, connects to Redis at start (an error
// there stops the server with a clear message), then keeps the heartbeat every few seconds and
// withdraws from the registry at a graceful stop. Without cluster.redis_url nothing of it exists.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "app/config.hpp"
#include "cluster/cluster_node.hpp"

namespace vicos::app {

struct ClusterLoad {
  uint64_t participants = 0;
  uint64_t rooms = 0;
  double cpu = 0;
  std::vector<std::pair<std::string, uint64_t>> people;  // joined and waiting per room open here
};

class ClusterSetup {
 public:
  // Connects and registers; an error worded for the operator (no address in it).
  static std::variant<std::unique_ptr<ClusterSetup>, std::string> start(const Config& config,
                                                                        boost::asio::io_context& io,
                                                                        std::function<ClusterLoad()> load);
  ~ClusterSetup();

  cluster::ClusterNode& node() { return *mNode; }
  void stop();

 private:
  ClusterSetup(boost::asio::io_context& io, std::function<ClusterLoad()> load);
  void beat();

  boost::asio::steady_timer mTimer;
  std::function<ClusterLoad()> mLoad;
  std::unique_ptr<cluster::RedisLink> mLink;
  std::unique_ptr<cluster::ClusterNode> mNode;
  bool mStopped = false;
};

}  // namespace vicos::app
