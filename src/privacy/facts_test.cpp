// Tests that the catalogue of processing facts describes everything the server has (P33): every
// signaling type the parser accepts, every table of a freshly created database file, and every
// configuration key the configuration reader knows. A feature added without its fact fails here,
// and so does a fact that names something no longer there.
#include "privacy/facts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "privacy/privacy_report.hpp"
#include "signaling/messages.hpp"
#include "store/database.hpp"
#include "store/test_dir.hpp"

namespace vicos::privacy {
namespace {

// Every fact, the metrics listener's included.
std::vector<Fact> allFacts() {
  ReportInput in;
  in.metricsListen = "127.0.0.1:9464";
  in.singleSignOn = true;
  return catalogue(in);
}

template <typename Field>
std::set<std::string> union_of(Field field) {
  std::set<std::string> all;
  for (const Fact& fact : allFacts())
    for (auto name : fact.*field) all.emplace(name);
  return all;
}

TEST(Facts, EverySignalingTypeIsDescribed) {
  const auto described = union_of(&Fact::messages);
  std::set<std::string> parsed;
  for (auto type : signaling::clientMessageTypes()) {
    parsed.emplace(type);
    EXPECT_TRUE(described.contains(std::string(type)))
        << "the server accepts `" << type << "` but no processing fact names it (src/privacy/facts.cpp)";
  }
  for (const auto& type : described)
    EXPECT_TRUE(parsed.contains(type)) << "a fact names unknown type " << type;
}

TEST(Facts, EveryTableOfAFreshDatabaseIsDescribed) {
  store::test::TestDir dir;
  auto db = store::Database::open(dir.path());
  ASSERT_TRUE(db) << db.error().message;
  auto stmt =
      (*db)->prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  ASSERT_TRUE(stmt);
  std::set<std::string> tables;
  for (;;) {
    auto row = stmt->step();
    ASSERT_TRUE(row);
    if (!*row) break;
    tables.insert(stmt->columnText(0));
  }
  EXPECT_GE(tables.size(), 3u);
  const auto described = union_of(&Fact::tables);
  for (const auto& table : tables)
    EXPECT_TRUE(described.contains(table)) << "table " << table << " holds data no processing fact describes";
  for (const auto& table : described)
    EXPECT_TRUE(tables.contains(table)) << "a fact names missing table " << table;
}

// The keys src/app/config.cpp reads, from its source: `read...(table, "section", "key", ...)` and
// `table["section"]["key"]`.
std::set<std::string> configKeys() {
  std::ifstream file(VICOS_SOURCE_DIR "/src/app/config.cpp");
  std::stringstream text;
  text << file.rdbuf();
  const std::string source = text.str();
  std::set<std::string> keys;
  const std::regex call(R"re(read\w+\(\s*table,\s*"(\w+)",\s*"(\w+)")re");
  const std::regex index(R"re(table\["(\w+)"\]\["(\w+)"\])re");
  const std::regex find(R"re(table\.find\("(\w+)",\s*"(\w+)"\))re");
  for (const auto& re : {call, index, find})
    for (std::sregex_iterator it(source.begin(), source.end(), re), end; it != end; ++it)
      keys.insert((*it)[1].str() + "." + (*it)[2].str());
  return keys;
}

// Settings that switch no processing of personal data on or off, and why.
const std::map<std::string, const char*> kNeutral{
    {"http.cert_file", "the server's own certificate (a measure: Transport)"},
    {"http.key_file", "the server's own key (a measure: Transport)"},
    {"http.frame_ancestors", "which sites may frame the pages"},
    {"http.web_root", "serves the client from disk for development"},
    {"media.workers", "threads"},
    {"media.room_split", "how rooms spread over threads"},
    {"media.simulcast", "how many layers of the same camera picture are sent"},
    {"log.addresses", "removed; only \"hidden\" is accepted, which changes nothing"},
    {"privacy.server_location", "facts about the controller for the report"},
    {"privacy.controller", "facts about the controller for the report"},
    {"privacy.controller_contact", "facts about the controller for the report"},
    {"privacy.notice_url", "links shown on the pages (P31)"},
    {"privacy.imprint_url", "links shown on the pages (P31)"},
};

TEST(Facts, EveryConfigurationKeyIsDescribedOrNeutral) {
  const auto keys = configKeys();
  ASSERT_GE(keys.size(), 30u) << "the scan of src/app/config.cpp found too few keys; has its shape changed?";
  const auto described = union_of(&Fact::settings);
  for (const auto& key : keys)
    EXPECT_TRUE(described.contains(key) || kNeutral.contains(key))
        << "configuration key " << key << " is neither in a processing fact nor listed as neutral here";
  for (const auto& key : described) EXPECT_TRUE(keys.contains(key)) << "a fact names unknown setting " << key;
  for (const auto& [key, why] : kNeutral)
    EXPECT_TRUE(keys.contains(key)) << key << " (" << why << ") is gone";
}

TEST(Facts, KeysAreUniqueAndOnlyMetricsSingleSignOnAndClusterDependOnTheirSettings) {
  std::set<std::string_view> keys;
  for (const Fact& fact : allFacts()) EXPECT_TRUE(keys.insert(fact.key).second) << fact.key;
  ReportInput off;
  for (const Fact& fact : catalogue(off))
    EXPECT_EQ(fact.active, fact.id != FactId::Metrics && fact.id != FactId::SingleSignOn &&
                               fact.id != FactId::SingleSignOnLogins && fact.id != FactId::Coordination)
        << fact.key;
  ReportInput cluster;
  cluster.cluster = true;
  for (const Fact& fact : catalogue(cluster))
    if (fact.id == FactId::Coordination) {
      EXPECT_TRUE(fact.active);
    }
}

}  // namespace
}  // namespace vicos::privacy
