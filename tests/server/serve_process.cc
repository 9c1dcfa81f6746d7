#include "serve_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
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
  // stdout goes to a file, not a pipe: a pipe closed after the first line would kill
  // the server with SIGPIPE at its next line (--demo prints several).
  std::string log = (std::filesystem::temp_directory_path() / "jianwei-serve-XXXXXX").string();
  int fd = mkstemp(log.data());
  if (fd < 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fd, STDOUT_FILENO);
    close(fd);
    execv(binary.c_str(), cargv.data());
    _exit(127);
  }
  close(fd);
  ServeProcess child{pid, 0, {}, log};
  std::string& text = child.output;
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
       text.find('\n') == std::string::npos && std::chrono::steady_clock::now() < until;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::ifstream in(log);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {  // it ended (e.g. a bad store)
      child.pid = -1;
      break;
    }
  }
  size_t colon = text.rfind(':', text.find('\n'));
  if (text.rfind("listening on ", 0) == 0 && colon != std::string::npos) {
    child.port = static_cast<uint16_t>(std::stoi(text.substr(colon + 1)));
  }
  return child;
}

int StopServe(ServeProcess& p, int signal, int timeout_ms) {
  if (p.pid <= 0) {
    std::error_code ec;
    std::filesystem::remove(p.log_path, ec);
    return -1;
  }
  kill(p.pid, signal);
  int status = 0;
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (waitpid(p.pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= until) {
      kill(p.pid, SIGKILL);
      waitpid(p.pid, &status, 0);
      status = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  p.pid = -1;
  std::error_code ec;
  std::filesystem::remove(p.log_path, ec);
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
