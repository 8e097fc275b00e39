// Tests of how Janus API replies are read: errors of the core and of the plugin, plugin data.
#include "loadtest/janus_session.hpp"

#include <gtest/gtest.h>

namespace vicos::loadtest {
namespace {

using nlohmann::json;

TEST(JanusReply, SuccessAndEventsCarryNoError) {
  EXPECT_EQ(janusError(json::parse(R"({"janus":"success","transaction":"t1","data":{"id":42}})")), "");
  const auto joined = json::parse(
      R"({"janus":"event","sender":7,"transaction":"t2","plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"joined","room":1,"id":99}}})");
  EXPECT_EQ(janusError(joined), "");
  EXPECT_EQ(pluginData(joined).value("videoroom", ""), "joined");
  EXPECT_EQ(pluginData(joined).value("id", uint64_t{0}), 99u);
}

TEST(JanusReply, CoreAndPluginErrorsAreReported) {
  const auto core = json::parse(R"({"janus":"error","transaction":"t3","error":{"code":458,"reason":"No such session"}})");
  EXPECT_EQ(janusError(core), "janus error 458 No such session");
  const auto plugin = json::parse(
      R"({"janus":"event","plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"event","error_code":426,"error":"No such room"}}})");
  EXPECT_EQ(janusError(plugin), "videoroom error 426 No such room");
}

TEST(JanusReply, MalformedRepliesAreErrorsNotCrashes) {
  EXPECT_NE(janusError(json::array()), "");
  EXPECT_NE(janusError(json("text")), "");
  EXPECT_TRUE(pluginData(json::parse(R"({"janus":"event"})")).is_null());
  EXPECT_TRUE(pluginData(json::parse(R"({"janus":"event","plugindata":5})")).is_null());
  EXPECT_TRUE(pluginData(json::parse(R"({"janus":"event","plugindata":{"plugin":"x"}})")).is_null());
  EXPECT_EQ(janusError(json::parse(R"({"janus":"error","error":"odd"})")), "janus error ");
}

}  // namespace
}  // namespace vicos::loadtest
