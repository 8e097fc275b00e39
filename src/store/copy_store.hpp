// Copies an installation's store from one backend to another (`vicos migrate`): every row of every
// table, ids included, into a target that holds none, in one transaction, with the counts checked.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace vicos::store {

// The rows copied, per table. The target must have the same schema version and tables as the
// source and no rows; on any error it is left as it was.
Result<std::vector<std::pair<std::string, int64_t>>> copyStore(Database& from, Database& to);

}  // namespace vicos::store
