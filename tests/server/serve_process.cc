#include "serve_process.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

namespace jianwei::server::testing {

ServeProcess StartServe(const std::string& binary, const std::string& store,
                        const std::string& cache, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"jianwei",     "serve",     "--store", store,     "--listen",
                                   "127.0.0.1:0", "--threads", "2",       "--cache", cache};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (std::string& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  int out[2];
  if (pipe(out) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execv(binary.c_str(), cargv.data());
    _exit(127);
  }
  close(out[1]);
  ServeProcess child{pid, 0, {}};
  std::string& text = child.output;
  pollfd p{out[0], POLLIN, 0};
  while (text.find('\n') == std::string::npos && poll(&p, 1, 30'000) > 0) {
    char buf[4096];
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(out[0]);
  size_t colon = text.rfind(':', text.find('\n'));
  if (text.rfind("listening on ", 0) == 0 && colon != std::string::npos) {
    child.port = static_cast<uint16_t>(std::stoi(text.substr(colon + 1)));
  }
  return child;
}

int StopServe(ServeProcess& p, int signal, int timeout_ms) {
  if (p.pid <= 0) return -1;
  kill(p.pid, signal);
  int status = 0;
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (waitpid(p.pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= until) {
      kill(p.pid, SIGKILL);
      waitpid(p.pid, &status, 0);
      p.pid = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  p.pid = -1;
  return status;
}

CommandResult RunCommand(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) r.out.append(buf, n);
  int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace jianwei::server::testing
