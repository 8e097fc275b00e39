// The version and git commit this binary was built from (P17): CMake passes VICOS_VERSION and
// VICOS_COMMIT to the `vicos` target only (cmake/git_commit.cmake).
#pragma once

#include <string>

namespace vicos::app {

// "0.2.0 (commit 1a2b3c4d5e6f)", or "0.2.0 (commit unknown)" when built outside git.
inline std::string versionText() { return std::string(VICOS_VERSION) + " (commit " + VICOS_COMMIT + ")"; }

}  // namespace vicos::app
