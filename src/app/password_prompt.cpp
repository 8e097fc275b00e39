// Terminal password entry with echo switched off (termios), restored on every path.
#include "app/password_prompt.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace vicos::app {
namespace {

std::optional<std::string> readLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> readHidden(const char* prompt) {
  std::fputs(prompt, stderr);
  std::fflush(stderr);
  termios saved{};
  const bool tty = ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  auto line = readLine();
  if (tty) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::fputs("\n", stderr);
  return line;
}

}  // namespace

std::optional<std::string> readPasswordFromStdin(bool confirm) {
  if (!::isatty(STDIN_FILENO)) return readLine();
  auto first = readHidden("Password: ");
  if (!first || !confirm) return first;
  auto second = readHidden("Repeat the password: ");
  if (!second || *second != *first) {
    std::fputs("vicos: the passwords differ\n", stderr);
    return std::nullopt;
  }
  return first;
}

}  // namespace vicos::app
