// How many connections `vicos serve` may hold at once: what the open-file limit leaves after
// the descriptors the server needs for itself (docs/security.md "Connections, logins and
// sessions"). Before, a fixed 1,000 ignored the limit and the accept loop hit EMFILE first.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vicos::app {

// Kept back for the server itself: standard streams, the event loop, the listening socket, the
// database (file, WAL, shared memory), log files, the certificate, signals, with room to spare.
constexpr size_t kReservedFiles = 64;
// Per media worker: its UDP socket, event loop and wake-up descriptors, with room to spare.
constexpr size_t kReservedFilesPerMediaWorker = 8;
// The total without http.max_connections: a memory bound too, since each open TLS connection
// holds some kilobytes (docs/security.md gives the measured figure).
constexpr size_t kDefaultMaxConnections = 10000;

// Descriptors the server keeps for itself with `mediaWorkers` media workers.
size_t reservedFiles(size_t mediaWorkers);

// The connection limit: `configured` (0: kDefaultMaxConnections), but no more than
// `openFileLimit` leaves after reservedFiles(), and at least 16.
size_t connectionBudget(uint64_t openFileLimit, size_t mediaWorkers, size_t configured);

// Raises the soft open-file limit (RLIMIT_NOFILE) up to `wanted`, as far as the hard limit
// allows; returns the soft limit in force afterwards.
uint64_t raiseOpenFileLimit(uint64_t wanted);

}  // namespace vicos::app
