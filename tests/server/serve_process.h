// The real `jianwei serve` binary as a child process, for the tests that need a process
// boundary (SIGKILL, SIGTERM, restart, another process changing the store).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace jianwei::server::testing {

struct ServeProcess {
  pid_t pid = -1;
  uint16_t port = 0;     // 0: it did not print "listening on http://HOST:PORT"
  std::string output;    // what it printed up to and including that line
  std::string log_path;  // its stdout (removed by StopServe)
};

// Starts `binary serve --store STORE --listen 127.0.0.1:0 --threads 2 --cache CACHE
// ARGS...` and waits (30 s at most) for its "listening on" line. Its stdout goes to a
// temporary file.
ServeProcess StartServe(const std::string& binary, const std::string& store,
                        const std::string& cache, const std::vector<std::string>& args = {});

// Sends `signal` and waits (up to `timeout_ms`) for the process to end; the wait status,
// or -1 if it did not end (it is then killed).
int StopServe(ServeProcess& p, int signal, int timeout_ms = 15'000);

// Runs a command line through the shell; its exit status and stdout + stderr.
struct CommandResult {
  int status = -1;
  std::string out;
};
CommandResult RunCommand(const std::string& command);

}  // namespace jianwei::server::testing
