#include "channel/testing/smtp_sink.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace guanxi::channel::testing {

namespace {

constexpr const char* kPython = "/usr/bin/python3";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<std::unique_ptr<SmtpSink>> SmtpSink::start(const Options& options) {
  std::string dir_template =
      (std::filesystem::temp_directory_path() / "guanxi-smtp-sink-XXXXXX").string();
  if (::mkdtemp(dir_template.data()) == nullptr) {
    return Status::io_error("cannot create a directory for the SMTP sink: " +
                            std::string(std::strerror(errno)));
  }
  std::unique_ptr<SmtpSink> sink(new SmtpSink());
  sink->dir_ = dir_template;
  const std::string stderr_path = sink->dir_ + "/stderr.txt";

  int out_pipe[2];
  int in_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(in_pipe, O_CLOEXEC) != 0) {
    return Status::io_error("pipe: " + std::string(std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> args = {kPython, GUANXI_SMTP_SINK_SCRIPT, "--dir", sink->dir_};
  if (!options.user.empty()) {
    args.insert(args.end(), {"--user", options.user, "--password", options.password});
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, kPython, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(in_pipe[0]);
  sink->stdin_fd_ = in_pipe[1];
  if (rc != 0) {
    ::close(out_pipe[0]);
    return Status(ErrorCode::kUnavailable,
                  std::string("cannot run ") + kPython + ": " + std::strerror(rc));
  }
  sink->pid_ = pid;

  // The first line of stdout is the port.
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{out_pipe[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[64];
    const ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<size_t>(n));
  }
  ::close(out_pipe[0]);
  const int port = std::atoi(line.c_str());
  if (line.find('\n') == std::string::npos || port <= 0 || port > 65535) {
    const std::string err = read_file(stderr_path);
    return Status(ErrorCode::kUnavailable,
                  "the aiosmtpd SMTP sink (" + std::string(GUANXI_SMTP_SINK_SCRIPT) +
                      ") did not start; is python3-aiosmtpd installed? stderr: " + err);
  }
  sink->port_ = static_cast<uint16_t>(port);
  return sink;
}

SmtpSink::~SmtpSink() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::vector<Json> SmtpSink::messages() const {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Json> out;
  for (const auto& f : files) {
    Json j = Json::parse(read_file(f), nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

}  // namespace guanxi::channel::testing
