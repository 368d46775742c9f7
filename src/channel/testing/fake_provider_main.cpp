// guanxi-fake-provider: the FakeProviderServer as a process, for end-to-end
// suites and benchmarks (e.g. kill -9 of a dispatcher, then counting how many
// times each message arrived).
//
//   guanxi-fake-provider --port 0 --keys-file accepted.txt [--threads 2]
//       [--fail-every N --fail-status 500|429 --retry-after S --delay-ms D]
//       [--webhook-secret S] [--tencent-secret-key K]
//       [--wechat-app-id ID --wechat-app-secret S] [--record N]
//
// Prints the bound port alone on the first line of stdout, then serves until
// SIGINT or SIGTERM, and prints the counters as JSON on stderr when it stops.
// With --keys-file, every accepted idempotency key is appended as a line when
// the request is answered.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

#include "channel/testing/fake_provider_server.hpp"

namespace {

int usage(const std::string& problem) {
  std::cerr << "guanxi-fake-provider: " << problem << "\n"
            << "usage: guanxi-fake-provider [--host H] [--port P] [--threads N] [--keys-file F]\n"
            << "  [--fail-every N] [--fail-status S] [--retry-after SECONDS] [--delay-ms MS]\n"
            << "  [--webhook-secret S] [--tencent-secret-key K] [--wechat-app-id ID]\n"
            << "  [--wechat-app-secret S] [--wechat-token-ttl SECONDS] [--record N]\n";
  return 2;
}

bool parse_int(std::string_view text, long long min, long long max, long long& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  const std::string s(text);
  out = std::strtoll(s.c_str(), &end, 10);
  return end != nullptr && *end == '\0' && out >= min && out <= max;
}

}  // namespace

int main(int argc, char** argv) {
  using guanxi::channel::testing::FakeProviderOptions;
  using guanxi::channel::testing::FakeProviderServer;
  FakeProviderOptions options;
  options.max_recorded_requests = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") return usage("serves fake SMS, WeChat and webhook APIs");
    static constexpr std::string_view kFlags[] = {"--host",
                                                  "--port",
                                                  "--threads",
                                                  "--keys-file",
                                                  "--fail-every",
                                                  "--fail-status",
                                                  "--retry-after",
                                                  "--delay-ms",
                                                  "--webhook-secret",
                                                  "--tencent-secret-key",
                                                  "--wechat-app-id",
                                                  "--wechat-app-secret",
                                                  "--wechat-token-ttl",
                                                  "--record"};
    if (std::find(std::begin(kFlags), std::end(kFlags), flag) == std::end(kFlags)) {
      return usage("unknown option " + std::string(flag));
    }
    if (i + 1 >= argc) return usage(std::string(flag) + " needs a value");
    const std::string_view value = argv[++i];
    long long n = 0;
    const auto number = [&](long long min, long long max) {
      if (!parse_int(value, min, max, n)) {
        usage(std::string(flag) + " must be an integer from " + std::to_string(min) + " to " +
              std::to_string(max));
        std::exit(2);
      }
      return n;
    };
    if (flag == "--host") {
      options.host = value;
    } else if (flag == "--port") {
      options.port = static_cast<uint16_t>(number(0, 65535));
    } else if (flag == "--threads") {
      options.io_threads = static_cast<int>(number(1, 64));
    } else if (flag == "--keys-file") {
      options.accepted_keys_file = value;
    } else if (flag == "--fail-every") {
      options.faults.every_nth = static_cast<uint64_t>(number(0, 1'000'000'000));
    } else if (flag == "--fail-status") {
      options.faults.status = static_cast<int>(number(0, 599));
    } else if (flag == "--retry-after") {
      options.faults.retry_after = std::chrono::seconds(number(0, 86400));
    } else if (flag == "--delay-ms") {
      options.faults.delay = std::chrono::milliseconds(number(0, 600'000));
    } else if (flag == "--webhook-secret") {
      options.webhook_secret = value;
    } else if (flag == "--tencent-secret-key") {
      options.tencent_secret_key = value;
    } else if (flag == "--wechat-app-id") {
      options.wechat_app_id = value;
    } else if (flag == "--wechat-app-secret") {
      options.wechat_app_secret = value;
    } else if (flag == "--wechat-token-ttl") {
      options.wechat_token_ttl = std::chrono::seconds(number(1, 86400));
    } else if (flag == "--record") {
      options.max_recorded_requests = static_cast<size_t>(number(0, 100'000'000));
    } else {
      return usage("unknown option " + std::string(flag));
    }
  }

  // Block the stop signals before any thread starts, then wait for one.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  FakeProviderServer server(options);
  const guanxi::Status started = server.start();
  if (!started.is_ok()) {
    std::cerr << "guanxi-fake-provider: " << started.to_string() << "\n";
    return 1;
  }
  std::cout << server.port() << std::endl;

  int received = 0;
  sigwait(&stop_signals, &received);
  server.stop();
  const auto s = server.stats();
  std::cerr << "{\"requests\": " << s.requests << ", \"accepted\": " << s.accepted
            << ", \"unique_keys\": " << s.unique_keys << ", \"duplicates\": " << s.duplicates
            << ", \"faults\": " << s.faults << "}\n";
  return 0;
}
