// The watchdog's beat: a readiness check each half interval, WATCHDOG=1 only when it passed.
#include "app/service_watchdog.hpp"

#include "common/log.hpp"

namespace vicos::app {

ServiceWatchdog::ServiceWatchdog(boost::asio::io_context& io, const ServiceNotifier& notifier,
                                 Readiness& readiness, std::chrono::microseconds interval)
    : mTimer(io), mNotifier(notifier), mReadiness(readiness), mPeriod(interval / 2) {}

void ServiceWatchdog::start() { schedule(); }

void ServiceWatchdog::schedule() {
  mTimer.expires_after(mPeriod);
  mTimer.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // stopped
    mReadiness.check([this](const ReadinessResult& result) {
      if (result.ready()) {
        if (mFailing) LOG_INFO("app", "readiness checks pass again; watchdog resumed");
        mFailing = false;
        mNotifier.send("WATCHDOG=1");
      } else if (!mFailing) {
        mFailing = true;
        LOG_WARN("app", "readiness check failed (%s); withholding the systemd watchdog",
                 result.json().c_str());
      }
    });
    schedule();
  });
}

}  // namespace vicos::app
