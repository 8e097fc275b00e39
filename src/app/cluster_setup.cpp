// The cluster's start, heartbeat timer and graceful withdrawal on the control thread.
#include "app/cluster_setup.hpp"

#include <boost/asio/post.hpp>

#include "cluster/secret_file.hpp"
#include "common/log.hpp"

namespace vicos::app {

ClusterSetup::ClusterSetup(boost::asio::io_context& io, std::function<ClusterLoad()> load)
    : mTimer(io), mLoad(std::move(load)) {}

ClusterSetup::~ClusterSetup() { stop(); }

std::variant<std::unique_ptr<ClusterSetup>, std::string> ClusterSetup::start(
    const Config& config, boost::asio::io_context& io, std::function<ClusterLoad()> load) {
  using Out = std::variant<std::unique_ptr<ClusterSetup>, std::string>;
  auto url = cluster::parseRedisUrl(config.clusterRedisUrl);
  if (auto* problem = std::get_if<std::string>(&url)) return Out(std::in_place_index<1>, *problem);
  if (auto problem = cluster::requireTlsOffHost(std::get<cluster::RedisUrl>(url)))
    return Out(std::in_place_index<1>, *problem);
  cluster::RedisCredentials credentials{std::get<cluster::RedisUrl>(url), std::nullopt};
  if (!config.clusterRedisPasswordFile.empty()) {
    auto password = cluster::readSecretFile(config.clusterRedisPasswordFile, "cluster.redis_password_file");
    if (password.index() == 1) return Out(std::in_place_index<1>, std::get<1>(password));
    credentials.password = std::get<0>(password);
  }
  auto secret = cluster::readSecretFile(config.clusterSecretFile, "cluster.secret_file");
  if (secret.index() == 1) return Out(std::in_place_index<1>, std::get<1>(secret));

  std::unique_ptr<ClusterSetup> setup(new ClusterSetup(io, std::move(load)));
  setup->mLink = std::make_unique<cluster::RedisLink>(
      credentials, [&io](std::function<void()> task) { boost::asio::post(io, std::move(task)); });
  if (auto error = setup->mLink->start())
    return Out(std::in_place_index<1>, "cannot reach Redis (cluster.redis_url): " + *error);
  setup->mNode = std::make_unique<cluster::ClusterNode>(
      *setup->mLink, cluster::KeyedHash(std::get<0>(secret)),
      cluster::NodeIdentity{config.clusterNodeId, config.clusterPublicAddress, config.mediaAnnounce});
  setup->beat();
  LOG_INFO("cluster", "node registered in Redis; heartbeat every %lld ms",
           static_cast<long long>(setup->mNode->timing().heartbeat.count()));
  return Out(std::in_place_index<0>, std::move(setup));
}

void ClusterSetup::beat() {
  const ClusterLoad load = mLoad();
  mNode->heartbeat(load.participants, load.rooms, load.cpu, load.people);
  mTimer.expires_after(mNode->timing().heartbeat);
  mTimer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !mStopped) beat();
  });
}

void ClusterSetup::stop() {
  if (mStopped) return;
  mStopped = true;
  mTimer.cancel();
  if (mNode && mLink && mLink->online()) {
    // Leave the registry and free the room claims (the link sends what is queued before its
    // thread ends), so other nodes take the rooms at once instead of after the TTL.
    mNode->withdraw();
  }
  if (mLink) mLink->stop();
}

}  // namespace vicos::app
