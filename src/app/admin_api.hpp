// The admin page's API under /api/admin/ (docs/operations.md "Admin page"): health, load, the
// graphs' samples, accounts and the retention state, for logged-in accounts with the admin role
// only. Every request is checked on the server: 401 without a session, 403 without the role.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/load_monitor.hpp"
#include "app/password_workers.hpp"
#include "app/readiness.hpp"
#include "http/api.hpp"
#include "store/retention.hpp"
#include "store/sessions.hpp"
#include "store/users.hpp"

namespace vicos::app {

// What the page reads from the running server; each is called on the control thread.
struct AdminSources {
  std::function<void(Readiness::Done)> checkHealth;  // the checks of /readyz
  std::function<NodeLoad()> load;
  std::function<std::vector<LoadSample>()> history;
  int64_t sampleIntervalSeconds = LoadHistory::kDefaultIntervalSeconds;
  size_t sampleCapacity = LoadHistory::kDefaultCapacity;
  store::RetentionPolicy retention;
};

class AdminApi {
 public:
  // Password hashes for new accounts and resets are made on `workers`.
  AdminApi(store::Database& db, store::UserStore& users, store::SessionStore& sessions,
           store::AuditLog& audit, PasswordWorkers& workers, AdminSources sources);

  // Answers a request under api/admin/ and returns true; false for any other path.
  bool handle(const http::ApiRequest& request, const http::ApiResponder& respond);

 private:
  // The admin behind the cookie, or the refusal (401, 403).
  std::optional<http::ApiResponse> refuseUnlessAdmin(const http::ApiRequest& request, std::string& admin);
  void overview(const http::ApiResponder& respond);
  http::ApiResponse history();
  http::ApiResponse accounts();
  http::ApiResponse retention();
  void change(const std::string& action, const nlohmann::json& body, const std::string& admin,
              const http::ApiResponder& respond);
  void withHash(const std::string& password, std::function<http::ApiResponse(const std::string&)> then,
                const http::ApiResponder& respond);

  store::Database& mDb;
  store::UserStore& mUsers;
  store::SessionStore& mSessions;
  store::AuditLog& mAudit;
  PasswordWorkers& mWorkers;
  AdminSources mSources;
};

}  // namespace vicos::app
