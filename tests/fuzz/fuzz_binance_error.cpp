// Error envelopes ({"code": -2019, "msg": "..."}) and non-JSON error bodies: read the way the
// session reads them, then mapped for every status the adapter acts on. Never a crash; every
// mapped error has a message.
#include "exchange/binance/errors.hpp"
#include "exchange/binance/json_fields.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  const std::string_view text = fuzz::as_text(data, size);
  auto body = binance::parse_json(text, "POST /fapi/v1/order");
  int code = 0;
  std::string message;
  if (body && body->is_object()) {
    const auto code_field = body->find("code");
    const auto msg_field = body->find("msg");
    if (code_field != body->end() && code_field->is_number_integer()) code = code_field->get<int>();
    if (msg_field != body->end() && msg_field->is_string()) message = msg_field->get<std::string>();
  } else if (!body) {
    message = std::string(text.substr(0, 120));
    require(!body.error().message.empty(), "a body that is not JSON is described");
  }
  for (long status : {200L, 400L, 401L, 403L, 404L, 408L, 418L, 429L, 500L, 502L, 503L, 504L}) {
    for (const char* request : {"GET /fapi/v1/order", "POST /fapi/v1/order"}) {
      const Error error = binance::map_error(status, code, message, request);
      require(!error.message.empty(), "a mapped error has a message");
      (void)binance::may_have_executed(error);
      (void)error.describe();
    }
  }
  return 0;
}
