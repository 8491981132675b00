// fake_venue: the test suite's fake Binance venue as a standalone process, for end-to-end
// tests and benchmarks of `hedgebot once --live`.
//
//   fake_venue [--port N] [--max-lifetime SECONDS] [--port-file PATH]
//              [--api-key KEY] [--api-secret SECRET]
//
// Serves on 127.0.0.1 (port 0 = any free port), prints "http://127.0.0.1:<port>" on the
// first line of stdout (and writes the port to --port-file), and exits on SIGTERM/SIGINT or
// after --max-lifetime seconds (default 300). Faults and state are controlled over HTTP:
// see fakevenue/fake_venue.hpp (POST /__fake/fault?kind=drop-after&path=/fapi/v1/order).

#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>

#include "fakevenue/fake_venue.hpp"

namespace {

int usage() {
  std::cerr << "usage: fake_venue [--port N] [--max-lifetime SECONDS] [--port-file PATH]\n"
               "                  [--api-key KEY] [--api-secret SECRET]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  hedgebot::fake::FakeVenueOptions options;
  long max_lifetime_s = 300;
  std::string port_file;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage();
    const std::string value = argv[++i];
    if (arg == "--port") {
      options.port = static_cast<uint16_t>(std::strtoul(value.c_str(), nullptr, 10));
    } else if (arg == "--max-lifetime") {
      max_lifetime_s = std::strtol(value.c_str(), nullptr, 10);
    } else if (arg == "--port-file") {
      port_file = value;
    } else if (arg == "--api-key") {
      options.api_key = value;
    } else if (arg == "--api-secret") {
      options.api_secret = value;
    } else {
      return usage();
    }
  }
  // Block the stop signals before any thread starts, then wait for them synchronously.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  try {
    hedgebot::fake::FakeVenue venue(options);
    if (!port_file.empty()) {
      std::ofstream(port_file) << venue.port() << "\n";
    }
    std::cout << venue.url() << std::endl;
    timespec timeout{};
    timeout.tv_sec = max_lifetime_s;
    const int received = sigtimedwait(&signals, nullptr, &timeout);
    if (received < 0 && errno == EAGAIN) {
      std::cerr << "fake_venue: max lifetime of " << max_lifetime_s << " s reached, exiting\n";
    }
    venue.stop();
  } catch (const std::exception& error) {
    std::cerr << "fake_venue: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
