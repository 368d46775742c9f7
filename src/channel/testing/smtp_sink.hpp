// SmtpSink: a real SMTP server for tests — testing/smtp_sink.py (aiosmtpd)
// run by /usr/bin/python3 on a free loopback port, saving each accepted
// message, decoded by Python's email package, as JSON in a temporary directory.
//
//   GX_ASSIGN_OR_RETURN(auto sink, SmtpSink::start());
//   ... send to sink->url() ...
//   std::vector<Json> got = sink->messages();   // see smtp_sink.py for the fields
//
// Recipients "reject…@…" are refused with 550, "tempfail…@…" with 451.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::channel::testing {

class SmtpSink {
 public:
  struct Options {
    std::string user;  // when set, AUTH is required with these credentials
    std::string password;
  };

  // Starts the server and waits (up to 15 s) for it to listen. unavailable,
  // with the server's stderr, when Python or aiosmtpd cannot start it.
  static Result<std::unique_ptr<SmtpSink>> start(const Options& options);
  static Result<std::unique_ptr<SmtpSink>> start() { return start(Options{}); }

  ~SmtpSink();  // stops the server, removes the directory
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  uint16_t port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // The messages saved so far, oldest first.
  std::vector<Json> messages() const;

 private:
  SmtpSink() = default;

  pid_t pid_ = -1;
  int stdin_fd_ = -1;  // closing it tells the server to exit
  uint16_t port_ = 0;
  std::string dir_;
};

}  // namespace guanxi::channel::testing
