// `hedgebot fake-venue --venue binance|bybit|bingx|weex|mexc [--port N] [--bind ADDR] [--state
// FILE]
// [--faults SPEC] [--api-key K --api-secret S]`: serves a local look-alike of the venue
// (fakevenue/) on a loopback address until SIGINT or SIGTERM, and prints the keys, the URL and
// the config lines to point hedgebot at it. Exit codes: 0 stopped by a signal, 1 cannot listen,
// 2 bad usage (a non-loopback address, a bad fault spec, an unreadable state file).
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "bot/cli/commands.hpp"
#include "bot/pipeline/tick.hpp"
#include "exchange/http_client.hpp"
#include "fakevenue/bingx_venue.hpp"
#include "fakevenue/bybit_venue.hpp"
#include "fakevenue/fake_venue.hpp"
#include "fakevenue/fault_spec.hpp"
#include "fakevenue/mexc_venue.hpp"
#include "fakevenue/weex_venue.hpp"
#include "storage/atomic_file.hpp"

namespace hedgebot::bot {
namespace {

using Json = nlohmann::json;

// 32 random hex digits, prefixed so nobody mistakes it for a real key.
std::string new_key(const char* prefix) {
  std::random_device device;
  std::string text = prefix;
  for (int i = 0; i < 4; ++i) {
    char part[9];
    std::snprintf(part, sizeof part, "%08x", static_cast<unsigned>(device()));
    text += part;
  }
  return text;
}

// The saved keys and account of --state FILE; an empty object when the file does not exist.
Result<Json> read_state(const std::string& path) {
  auto text = paper::read_small_file(path);
  if (!text.ok()) {
    if (text.error().kind == ErrorKind::NotFound) return Json::object();
    return text.error();
  }
  Json state = Json::parse(text.value(), nullptr, false);
  if (state.is_discarded() || !state.is_object()) {
    return make_error(ErrorKind::InvalidInput, path + ": not a fake venue state file (not JSON)");
  }
  return state;
}

// What the banner says of each look-alike. Only Binance's keeps its account in a file, takes
// chosen keys and moves its prices on request; the others answer to fixed keys.
struct LookAlike {
  const char* venue;  // --venue, and `venue =` in [exchange]
  const char* title;
  const char* prices;
  const char* key = nullptr;  // fixed keys (nullptr: Binance's, chosen or new)
  const char* secret = nullptr;
  const char* passphrase = nullptr;
  const char* extra_config = "";  // more [exchange] lines the config needs
};

const LookAlike kLookAlikes[] = {
    {"binance", "Binance USD-M futures + spot", ""},
    {"bybit", "Bybit v5 linear (unified account)", "BTCUSDT 60000, ETHUSDT 2457.31, fixed",
     fake::kBybitTestApiKey, fake::kBybitTestApiSecret},
    {"bingx", "BingX perpetual swap v2 + spot balances", "BTC-USDT 60000, ETH-USDT 2457.31, fixed",
     fake::kBingxTestApiKey, fake::kBingxTestApiSecret},
    {"weex", "WEEX contract API", "BTCUSDT 60000, ETHUSDT 2457.31, fixed", fake::kWeexTestApiKey,
     fake::kWeexTestApiSecret, fake::kWeexTestPassphrase},
    {"mexc", "MEXC contract API", "BTC_USDT 60000, ETH_USDT 2457.31, fixed", fake::kMexcTestApiKey,
     fake::kMexcTestApiSecret, nullptr,
     // MEXC takes no orders from ordinary keys: the look-alike does, to rehearse a config whose
     // keys MEXC has authorised.
     "  orders_enabled = true   # only for keys MEXC has authorised to trade\n"},
};

const LookAlike& look_alike(const std::string& venue) {
  for (const LookAlike& entry : kLookAlikes) {
    if (venue == entry.venue) return entry;
  }
  return kLookAlikes[0];
}

// A running look-alike other than Binance's (whose account, keys and file are handled apart).
class Served {
 public:
  virtual ~Served() = default;
  virtual std::string url() const = 0;
  virtual void inject(const fake::Fault& fault) = 0;
  virtual void stop() = 0;
};

template <class Venue>
class ServedVenue : public Served {
 public:
  explicit ServedVenue(uint16_t port) : venue_(port) {}
  std::string url() const override { return venue_.url(); }
  void inject(const fake::Fault& fault) override { venue_.inject(fault); }
  void stop() override { venue_.stop(); }

 private:
  Venue venue_;
};

std::unique_ptr<Served> serve(const std::string& venue, uint16_t port) {
  if (venue == "bybit") return std::make_unique<ServedVenue<fake::FakeBybitVenue>>(port);
  if (venue == "bingx") return std::make_unique<ServedVenue<fake::FakeBingxVenue>>(port);
  if (venue == "weex") return std::make_unique<ServedVenue<fake::FakeWeexVenue>>(port);
  return std::make_unique<ServedVenue<fake::FakeMexcVenue>>(port);
}

void print_banner(const FakeVenueOptions& options, const std::string& url, const std::string& key,
                  const std::string& secret, const std::vector<fake::Fault>& faults) {
  const bool binance = options.venue == "binance";
  const LookAlike& shown = look_alike(options.venue);
  std::cout << "hedgebot fake-venue: a local " << shown.title
            << " look-alike. Not the venue: no real orders, no real money.\n"
            << "  url:        " << url << "\n"
            << "  api key:    " << key << "\n"
            << "  api secret: " << secret << "\n"
            << (shown.passphrase != nullptr
                    ? std::string("  passphrase: ") + shown.passphrase + "\n"
                    : std::string())
            << "  account:    "
            << (options.state_file.empty() ? "in memory (gone when it stops)"
                                           : "kept in " + options.state_file)
            << "\n"
            << "  prices:     "
            << (binance ? "BTCUSDT 60000, ETHUSDT 2458.91, fixed until you move them: POST " + url +
                              "/__fake/price?symbol=BTCUSDT&price=61000"
                        : std::string(shown.prices))
            << "\n";
  if (faults.empty()) std::cout << "  faults:     none\n";
  for (const fake::Fault& fault : faults) {
    std::cout << "  fault:      " << fake::describe_fault(fault) << "\n";
  }
  std::cout << "Point hedgebot at it (config):\n"
            << "  [bot]\n"
            << "  mode = \"live\"\n"
            << "  [exchange]\n"
            << "  venue = \"" << shown.venue << "\"\n"
            << "  futures_url = \"" << url << "\"\n"
            << "  spot_url = \"" << url << "\"\n"
            << shown.extra_config << "and the keys (environment):\n"
            << "  export HEDGEBOT_API_KEY=" << key << "\n"
            << "  export HEDGEBOT_API_SECRET=" << secret << "\n"
            << (shown.passphrase != nullptr
                    ? std::string("  export HEDGEBOT_API_PASSPHRASE=") + shown.passphrase + "\n"
                    : std::string())
            << "then: hedgebot once --live -c CONFIG. Stop with Ctrl-C (SIGINT) or SIGTERM.\n"
            << std::flush;
}

}  // namespace

int command_fake_venue(const FakeVenueOptions& options) {
  if (!http::is_loopback_host(options.bind)) {
    std::cerr << "error: fake-venue: --bind " << options.bind
              << " is not a loopback address; the fake venue listens on 127.0.0.1, localhost or "
                 "::1 only (it accepts any order signed with the keys it prints)\n";
    return kExitUsage;
  }
  if (options.api_key.empty() != options.api_secret.empty()) {
    std::cerr << "error: fake-venue: give both --api-key and --api-secret, or neither\n";
    return kExitUsage;
  }
  auto faults = fake::parse_fault_spec(options.faults);
  if (!faults.ok()) {
    std::cerr << "error: fake-venue: " << faults.error().message << "\n";
    return kExitUsage;
  }
  if (!options.state_file.empty() && options.venue != "binance") {
    std::cerr << "error: fake-venue: --state is not supported with --venue " << options.venue
              << " yet (only binance keeps its account in a file); run without --state\n";
    return kExitUsage;
  }
  if (options.venue != "binance" && !options.api_key.empty()) {
    std::cerr << "error: fake-venue: --venue " << options.venue
              << " answers to its own fixed keys (printed on start); drop --api-key and "
                 "--api-secret\n";
    return kExitUsage;
  }
  if (options.venue != "binance" && options.bind != "127.0.0.1") {
    std::cerr << "error: fake-venue: --venue " << options.venue
              << " listens on 127.0.0.1 only; --bind " << options.bind << " is not supported\n";
    return kExitUsage;
  }

  Json saved = Json::object();
  if (!options.state_file.empty()) {
    auto state = read_state(options.state_file);
    if (!state.ok()) {
      std::cerr << "error: fake-venue: --state " << state.error().message << "\n";
      return kExitUsage;
    }
    saved = state.value();
  }
  std::string key = options.api_key;
  std::string secret = options.api_secret;
  if (key.empty()) {
    key = saved.value("api_key", "");
    secret = saved.value("api_secret", "");
  }
  if (key.empty() || secret.empty()) {
    key = new_key("fake-key-");
    secret = new_key("fake-secret-");
  }

  // Block the stop signals before any thread starts (the server's threads inherit the mask),
  // then wait for them here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<fake::FakeVenue> binance;
  std::unique_ptr<Served> other;
  std::string url;
  try {
    if (options.venue == "binance") {
      fake::FakeVenueOptions venue_options;
      venue_options.port = static_cast<uint16_t>(options.port);
      venue_options.host = options.bind;
      venue_options.api_key = key;
      venue_options.api_secret = secret;
      venue_options.settle_funding = true;
      const auto save = [path = options.state_file, key, secret](const Json& account) {
        const Json state{{"api_key", key}, {"api_secret", secret}, {"account", account}};
        const Status written = paper::write_file_atomically(path, state.dump(1) + "\n");
        if (!written.ok()) {
          std::cerr << "error: fake-venue: cannot save the account: " << written.error().message
                    << "\n";
        }
      };
      if (!options.state_file.empty()) venue_options.on_account_change = save;
      binance = std::make_unique<fake::FakeVenue>(venue_options);
      if (saved.contains("account")) {
        try {
          binance->restore_account_state(saved.at("account"));
        } catch (const std::exception& error) {
          std::cerr << "error: fake-venue: --state " << options.state_file
                    << ": not a fake venue account: " << error.what() << "\n";
          return kExitUsage;
        }
      }
      if (!options.state_file.empty()) save(binance->account_state());
      for (const fake::Fault& fault : faults.value()) binance->inject(fault);
      url = binance->url();
    } else {
      other = serve(options.venue, static_cast<uint16_t>(options.port));
      for (const fake::Fault& fault : faults.value()) other->inject(fault);
      url = other->url();
    }
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";  // "fake venue: cannot listen on ..."
    return kExitRuntime;
  }
  if (options.venue != "binance") {
    // The other look-alikes answer to their own fixed keys.
    key = look_alike(options.venue).key;
    secret = look_alike(options.venue).secret;
  }
  print_banner(options, url, key, secret, faults.value());

  int received = 0;
  sigwait(&stop_signals, &received);
  std::cout << "hedgebot fake-venue: " << (received == SIGINT ? "SIGINT" : "SIGTERM")
            << ", stopping\n"
            << std::flush;
  if (binance) binance->stop();
  if (other) other->stop();
  return kExitOk;
}

}  // namespace hedgebot::bot
