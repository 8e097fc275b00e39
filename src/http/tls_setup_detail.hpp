// Internals of tls_setup.cpp exposed for its tests (an already expired certificate).
#pragma once

#include <string>

#include "http/tls_setup.hpp"

namespace vicos::http::detail {

// Writes a self-signed P-256 certificate valid from now+notBeforeOffset for validSeconds.
bool writeSelfSignedCertificate(const CertificatePaths& paths, long notBeforeOffset,
                                long validSeconds, std::string& error);

}  // namespace vicos::http::detail
