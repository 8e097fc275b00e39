// `vicos serve`: starts the media worker, the rooms and the HTTPS server, and runs until
// SIGINT or SIGTERM.
#pragma once

#include "app/config.hpp"

namespace vicos::app {

// Returns the process exit code.
int serve(const Config& config);

}  // namespace vicos::app
