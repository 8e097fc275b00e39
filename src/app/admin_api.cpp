// Admin API: path and method, then the CSRF headers and the body's shape, then the admin role,
// then the request's meaning; every answer is JSON with an `error` code the client translates.
#include "app/admin_api.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/login_api.hpp"
#include "common/log.hpp"

namespace vicos::app {
namespace {

constexpr std::string_view kPrefix = "api/admin/";

http::ApiResponse answer(unsigned status, const nlohmann::json& body) {
  return http::ApiResponse{
      status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}, {}};
}

http::ApiResponse error(unsigned status, const char* code, const std::string& message) {
  return answer(status, nlohmann::json{{"error", code}, {"message", message}});
}

http::ApiResponse internalError(const store::Error& e) {
  LOG_ERROR("admin", "store: %s", e.message.c_str());
  return error(500, "internal", "internal server error");
}

nlohmann::json timeOrNull(std::optional<store::UnixSeconds> t) {
  return t ? nlohmann::json(store::formatUtc(*t)) : nlohmann::json(nullptr);
}

nlohmann::json accountJson(const store::User& user) {
  return {{"login", user.login},
          {"name", user.displayName},
          {"admin", user.admin},
          {"disabled", user.disabled},
          {"createdAt", store::formatUtc(user.createdAt)},
          {"lastLoginAt", timeOrNull(user.lastLoginAt)}};
}

nlohmann::json ratesJson(const PacketRates& rates) {
  return {{"receivedPerSecond", rates.receivedPerSecond}, {"forwardedPerSecond", rates.forwardedPerSecond}};
}

// A string field of the body, or nothing when absent or not a string.
std::optional<std::string> text(const nlohmann::json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// "accounts=1 audit_entries=0 ..." (RetentionReport::summary()) as an object of numbers.
nlohmann::json removedCounts(const std::string& summary) {
  nlohmann::json out = nlohmann::json::object();
  size_t pos = 0;
  while (pos < summary.size()) {
    const size_t end = std::min(summary.find(' ', pos), summary.size());
    const std::string pair = summary.substr(pos, end - pos);
    const size_t eq = pair.find('=');
    if (eq != std::string::npos) {
      try {
        out[pair.substr(0, eq)] = std::stoll(pair.substr(eq + 1));
      } catch (const std::exception&) {  // not our format: leave it out
      }
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace

AdminApi::AdminApi(store::Database& db, store::UserStore& users, store::SessionStore& sessions,
                   store::AuditLog& audit, PasswordWorkers& workers, AdminSources sources)
    : mDb(db),
      mUsers(users),
      mSessions(sessions),
      mAudit(audit),
      mWorkers(workers),
      mSources(std::move(sources)) {}

std::optional<http::ApiResponse> AdminApi::refuseUnlessAdmin(const http::ApiRequest& request,
                                                             std::string& admin) {
  const auto token = http::cookieValue(request.cookie, http::kSessionCookie).value_or("");
  auto login = mSessions.lookup(token);
  if (!login) return internalError(login.error());
  if (!*login) return error(401, "not-logged-in", "log in first");
  auto user = mUsers.find(**login);
  if (!user) return internalError(user.error());
  if (!*user || (*user)->disabled) return error(401, "not-logged-in", "log in first");
  if (!(*user)->admin) return error(403, "not-admin", "this needs the admin role");
  admin = (*user)->login;
  return std::nullopt;
}

bool AdminApi::handle(const http::ApiRequest& request, const http::ApiResponder& respond) {
  const std::string_view path = request.path;
  if (!path.starts_with(kPrefix)) return false;
  const std::string what(path.substr(kPrefix.size()));
  static const char* const kReads[] = {"me", "overview", "history", "accounts", "retention"};
  static const char* const kChanges[] = {"accounts/add", "accounts/disable", "accounts/enable",
                                         "accounts/password", "accounts/admin"};
  const bool isRead = std::find(std::begin(kReads), std::end(kReads), what) != std::end(kReads);
  const bool isChange = std::find(std::begin(kChanges), std::end(kChanges), what) != std::end(kChanges);
  if (!isRead && !isChange) {
    respond(error(404, "not-found", "no such API"));
    return true;
  }
  if (request.method != (isRead ? "GET" : "POST")) {
    respond(error(405, "method-not-allowed", "method not allowed"));
    return true;
  }
  nlohmann::json body;
  if (isChange) {
    if (auto refusal = refuseCrossSite(request)) {
      respond(*refusal);
      return true;
    }
    body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      respond(error(400, "bad-json", "the body must be a JSON object"));
      return true;
    }
  }
  std::string admin;
  if (auto refusal = refuseUnlessAdmin(request, admin)) {
    respond(*refusal);
    return true;
  }
  if (what == "me")
    respond(answer(200, {{"login", admin}, {"admin", true}}));
  else if (what == "overview")
    overview(respond);
  else if (what == "history")
    respond(history());
  else if (what == "accounts")
    respond(accounts());
  else if (what == "retention")
    respond(retention());
  else
    change(what.substr(std::string_view("accounts/").size()), body, admin, respond);
  return true;
}

void AdminApi::overview(const http::ApiResponder& respond) {
  mSources.checkHealth([this, respond](const ReadinessResult& health) {
    const NodeLoad load = mSources.load();
    nlohmann::json workers = nlohmann::json::array();
    for (size_t i = 0; i < load.workers.size(); ++i) {
      const WorkerLoad& w = load.workers[i];
      workers.push_back({{"index", i},
                         {"up", w.up},
                         {"participants", w.participants},
                         {"queuedTasks", w.queuedTasks},
                         {"packets", ratesJson(w.packets)}});
    }
    respond(answer(200, {{"health", {{"ready", health.ready()}, {"failing", health.failing}}},
                         {"node",
                          {{"at", load.at ? nlohmann::json(store::formatUtc(load.at)) : nlohmann::json()},
                           {"rooms", load.rooms},
                           {"participants", load.participants},
                           {"connections", load.connections},
                           {"queuedTasks", load.queuedTasks},
                           {"packets", ratesJson(load.packets)}}},
                         {"workers", workers}}));
  });
}

http::ApiResponse AdminApi::history() {
  nlohmann::json samples = nlohmann::json::array();
  for (const LoadSample& s : mSources.history())
    samples.push_back({{"at", s.at},
                       {"rooms", s.rooms},
                       {"participants", s.participants},
                       {"packets", ratesJson(s.packets)},
                       {"queuedTasks", s.queuedTasks}});
  return answer(200, {{"intervalSeconds", mSources.sampleIntervalSeconds},
                      {"capacity", mSources.sampleCapacity},
                      {"samples", samples}});
}

http::ApiResponse AdminApi::accounts() {
  auto list = mUsers.list();
  if (!list) return internalError(list.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& user : *list) out.push_back(accountJson(user));
  return answer(200, {{"accounts", out}});
}

http::ApiResponse AdminApi::retention() {
  auto last = mAudit.latestEntry(store::AuditAction::RetentionRun);
  if (!last) return internalError(last.error());
  auto tables = mDb.rowCounts();
  if (!tables) return internalError(tables.error());
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [name, count] : *tables) rows.push_back({{"table", name}, {"rows", count}});
  nlohmann::json lastRun = nullptr;
  if (*last) lastRun = {{"at", store::formatUtc((*last)->at)}, {"removed", removedCounts((*last)->detail)}};
  const store::RetentionPolicy& p = mSources.retention;
  return answer(200, {{"lastRun", lastRun},
                      {"tables", rows},
                      {"policy",
                       {{"accountsUnusedDays", p.accountsUnusedDays},
                        {"auditDays", p.auditDays},
                        {"logDays", p.logDays},
                        {"sessionHours", p.sessionHours}}}});
}

void AdminApi::withHash(const std::string& password,
                        std::function<http::ApiResponse(const std::string&)> then,
                        const http::ApiResponder& respond) {
  auto hash = std::make_shared<std::string>();
  const bool queued = mWorkers.submit(
      [hash, password, params = mUsers.passwordParams()] {
        auto made = store::hashPassword(password, params);
        if (made) *hash = std::move(*made);
        return static_cast<bool>(made);
      },
      [hash, then = std::move(then), respond](bool made) {
        if (!made) return respond(internalError(store::Error{"hashing a password failed"}));
        respond(then(*hash));
      });
  if (!queued) respond(error(503, "busy", "the server is checking too many passwords; try again shortly"));
}

void AdminApi::change(const std::string& action, const nlohmann::json& body, const std::string& admin,
                      const http::ApiResponder& respond) {
  const auto login = text(body, "login");
  if (!login) return respond(error(400, "bad-request", "the body needs a string field \"login\""));
  if (auto problem = store::checkLogin(*login)) return respond(error(400, "bad-login", *problem));
  auto existing = mUsers.find(*login);
  if (!existing) return respond(internalError(existing.error()));
  // The answer once the change is made: the account as it is now.
  auto done = [this, login = *login](nlohmann::json extra = nlohmann::json::object()) {
    auto user = mUsers.find(login);
    if (!user || !*user) return internalError(user ? store::Error{"account gone"} : user.error());
    extra["account"] = accountJson(**user);
    return answer(200, extra);
  };

  if (action == "add") {
    if (*existing) return respond(error(409, "exists", "the login exists already"));
    const auto name = body.contains("name") ? text(body, "name") : login;
    const auto password = text(body, "password");
    const auto adminFlag = body.find("admin");
    if (!name || !password || (adminFlag != body.end() && !adminFlag->is_boolean()))
      return respond(
          error(400, "bad-request", "\"name\" and \"password\" must be strings, \"admin\" a boolean"));
    if (auto problem = store::checkDisplayName(*name)) return respond(error(400, "bad-name", *problem));
    if (auto problem = store::checkPassword(*password)) return respond(error(400, "bad-password", *problem));
    const bool makeAdmin = adminFlag != body.end() && adminFlag->get<bool>();
    return withHash(
        *password,
        [this, login = *login, name = *name, admin, makeAdmin, done](const std::string& hash) {
          auto again = mUsers.find(login);  // another admin may have been quicker
          if (again && *again) return error(409, "exists", "the login exists already");
          if (auto s = mUsers.addHashed(login, name, hash, admin, makeAdmin); !s)
            return internalError(s.error());
          return done();
        },
        respond);
  }

  if (!*existing) return respond(error(404, "no-such-account", "no account with this login"));
  if (action == "password") {
    const auto password = text(body, "password");
    if (!password) return respond(error(400, "bad-request", "the body needs a string field \"password\""));
    if (auto problem = store::checkPassword(*password)) return respond(error(400, "bad-password", *problem));
    return withHash(
        *password,
        [this, login = *login, admin, done](const std::string& hash) {
          auto ended = mUsers.setPasswordHash(login, hash, admin);
          if (!ended) return internalError(ended.error());
          return done({{"sessionsEnded", *ended}});
        },
        respond);
  }
  if (action == "admin") {
    const auto flag = body.find("admin");
    if (flag == body.end() || !flag->is_boolean())
      return respond(error(400, "bad-request", "the body needs a boolean field \"admin\""));
    // An admin cannot lock themselves out; another admin or the command line can.
    if (*login == admin && !flag->get<bool>())
      return respond(error(400, "own-account", "you cannot revoke your own admin role"));
    if (auto s = mUsers.setAdmin(*login, flag->get<bool>(), admin); !s)
      return respond(internalError(s.error()));
    return respond(done());
  }
  // disable, enable
  const bool disable = action == "disable";
  if (disable && *login == admin)
    return respond(error(400, "own-account", "you cannot disable your own account"));
  auto ended = mUsers.setDisabled(*login, disable, admin);
  if (!ended) return respond(internalError(ended.error()));
  respond(done({{"sessionsEnded", *ended}}));
}

}  // namespace vicos::app
