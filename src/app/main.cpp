// Entry point of the `vicos` binary.
#include <cstdio>
#include <string>
#include <vector>

#include "app/command_line.hpp"
#include "app/serve.hpp"

int main(int argc, char** argv) {
  using namespace vicos::app;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const Command command = parseCommandLine(args);
  if (const auto* help = std::get_if<HelpCommand>(&command)) {
    std::fputs(help->text.c_str(), stdout);
    return 0;
  }
  if (std::holds_alternative<VersionCommand>(command)) {
    std::printf("vicos %s\n", VICOS_VERSION);
    return 0;
  }
  if (const auto* usage = std::get_if<UsageError>(&command)) {
    std::fprintf(stderr, "vicos: %s\n", usage->message.c_str());
    return 2;
  }
  return serve(std::get<ServeCommand>(command).config);
}
