// systemd's watchdog (WatchdogSec=): WATCHDOG=1 at half the interval, only while the readiness
// checks pass, so that systemd restarts a server whose workers or database stopped answering.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "app/readiness.hpp"
#include "app/service_notify.hpp"

namespace vicos::app {

class ServiceWatchdog {
 public:
  // All three must outlive the watchdog; runs on `io`'s thread.
  ServiceWatchdog(boost::asio::io_context& io, const ServiceNotifier& notifier, Readiness& readiness,
                  std::chrono::microseconds interval);
  void start();
  void stop() { mTimer.cancel(); }

 private:
  void schedule();

  boost::asio::steady_timer mTimer;
  const ServiceNotifier& mNotifier;
  Readiness& mReadiness;
  std::chrono::microseconds mPeriod;
  bool mFailing = false;  // logged once per spell, not on every beat
};

}  // namespace vicos::app
