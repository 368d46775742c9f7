#include "channel/log_provider.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace guanxi::channel {

namespace {

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

class LogProvider final : public Provider {
 public:
  LogProvider(Channel channel, std::string path, std::unique_ptr<Fd> file, const Clock& clock)
      : channel_(channel), path_(std::move(path)), file_(std::move(file)), clock_(clock) {}

  Channel channel() const override { return channel_; }
  std::string_view kind() const override { return "log"; }

  SendResult send(const OutboundMessage& m) override {
    if (m.channel != channel_) {
      return SendResult::permanent("this log provider records " +
                                   std::string(channel_name(channel_)) + " only");
    }
    if (m.idempotency_key.empty()) return SendResult::permanent("missing idempotency key");
    const Json record = {{"time", format_utc_iso8601(clock_.now())},
                         {"channel", channel_name(m.channel)},
                         {"id", m.id},
                         {"idempotency_key", m.idempotency_key},
                         {"to", m.to},
                         {"subject", m.subject},
                         {"body", m.body},
                         {"template_code", m.template_code},
                         {"params", m.params},
                         {"unsubscribe_url", m.unsubscribe_url},
                         {"link_url", m.link_url}};
    const std::string line = record.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    if (!file_) {
      spdlog::info("message {}", std::string_view(line).substr(0, line.size() - 1));
    } else {
      const ssize_t written = ::write(file_->get(), line.data(), line.size());
      if (written != static_cast<ssize_t>(line.size())) {
        return SendResult::retry("cannot append to " + path_ + ": " + std::strerror(errno));
      }
    }
    return SendResult::accepted("log:" + m.idempotency_key);
  }

 private:
  Channel channel_;
  std::string path_;
  std::unique_ptr<Fd> file_;
  const Clock& clock_;
};

}  // namespace

Result<std::unique_ptr<Provider>> make_log_provider(ConfigReader& config, const Clock& clock) {
  auto channel_text = config.choice("channel", {"sms", "email", "wechat", "webhook"},
                                    ConfigReader::Need::kRequired);
  auto path = config.string("path");
  GX_RETURN_IF_ERROR(config.finish());
  const Channel channel = *parse_channel(*channel_text);
  std::unique_ptr<Fd> file;
  if (path) {
    file = std::make_unique<Fd>(
        ::open(path->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (file->get() < 0) {
      return config_error(config.key_path("path"),
                          "cannot open " + *path + ": " + std::strerror(errno));
    }
  }
  return std::unique_ptr<Provider>(
      std::make_unique<LogProvider>(channel, path.value_or(""), std::move(file), clock));
}

}  // namespace guanxi::channel
