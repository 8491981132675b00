#include "exchange/binance/json_fields.hpp"

#include <algorithm>
#include <charconv>

namespace hedgebot::binance {
namespace {

const Json* field(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  if (found == object.end()) return nullptr;
  return &*found;
}

Error missing(std::string_view context, const char* key) {
  return shape_error(context, std::string("field '") + key + "' is missing");
}

Error wrong_type(std::string_view context, const char* key, const Json& value) {
  std::string shown = value.dump();
  if (shown.size() > 60) shown = shown.substr(0, 60) + "...";
  return shape_error(context, std::string("field '") + key + "' has an unexpected value " + shown);
}

}  // namespace

Error shape_error(std::string_view context, std::string_view what) {
  return make_error(ErrorKind::InvalidResponse,
                    "unexpected answer from " + std::string(context) + ": " + std::string(what));
}

Result<Json> parse_json(std::string_view body, std::string_view context) {
  Json parsed = Json::parse(body.begin(), body.end(), nullptr, false);
  if (parsed.is_discarded()) {
    std::string shown(body.substr(0, 80));
    for (char& c : shown) {
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    return shape_error(context, "not JSON: '" + shown + "'");
  }
  return parsed;
}

Result<std::string> get_string(const Json& object, const char* key, std::string_view context) {
  const Json* value = field(object, key);
  if (value == nullptr) return missing(context, key);
  if (!value->is_string()) return wrong_type(context, key, *value);
  return value->get<std::string>();
}

Result<int64_t> get_int(const Json& object, const char* key, std::string_view context) {
  const Json* value = field(object, key);
  if (value == nullptr) return missing(context, key);
  if (value->is_number_integer()) return value->get<int64_t>();
  if (value->is_string()) {
    const auto& text = value->get_ref<const std::string&>();
    int64_t parsed = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (!text.empty() && ec == std::errc() && ptr == text.data() + text.size()) return parsed;
  }
  return wrong_type(context, key, *value);
}

Result<Decimal> get_decimal(const Json& object, const char* key, std::string_view context) {
  const Json* value = field(object, key);
  if (value == nullptr) return missing(context, key);
  if (value->is_number_integer()) return Decimal{value->get<int64_t>(), 0};
  if (!value->is_string()) return wrong_type(context, key, *value);
  auto parsed = Decimal::parse(value->get_ref<const std::string&>());
  if (!parsed) return wrong_type(context, key, *value);
  return parsed;
}

Result<double> get_number(const Json& object, const char* key, std::string_view context,
                          bool allow_empty) {
  const Json* value = field(object, key);
  if (value == nullptr) return missing(context, key);
  if (allow_empty && value->is_string() && value->get_ref<const std::string&>().empty()) return 0.0;
  auto parsed = get_decimal(object, key, context);
  if (!parsed) return parsed.error();
  return parsed->to_double();
}

Result<double> get_positive(const Json& object, const char* key, std::string_view context) {
  auto parsed = get_number(object, key, context);
  if (!parsed) return parsed;
  if (*parsed <= 0.0) return wrong_type(context, key, *field(object, key));
  return parsed;
}

Result<bool> get_bool(const Json& object, const char* key, std::string_view context) {
  const Json* value = field(object, key);
  if (value == nullptr) return missing(context, key);
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string()) {
    const auto& text = value->get_ref<const std::string&>();
    if (text == "true") return true;
    if (text == "false") return false;
  }
  return wrong_type(context, key, *value);
}

std::string text_or(const Json& object, const char* key, std::string_view fallback) {
  const Json* value = field(object, key);
  if (value == nullptr || !value->is_string()) return std::string(fallback);
  return value->get<std::string>();
}

Status order_funding_rates(std::vector<FundingRate>& rates, int limit, std::string_view context) {
  std::sort(rates.begin(), rates.end(), [](const FundingRate& a, const FundingRate& b) {
    return a.funding_time_ms < b.funding_time_ms;
  });
  std::vector<FundingRate> kept;
  kept.reserve(rates.size());
  for (const FundingRate& rate : rates) {
    if (!kept.empty() && kept.back().funding_time_ms == rate.funding_time_ms) {
      if (kept.back().rate == rate.rate && kept.back().mark_price == rate.mark_price) continue;
      return shape_error(
          context, "two different funding rates settle at " + std::to_string(rate.funding_time_ms));
    }
    kept.push_back(rate);
  }
  if (limit >= 0 && kept.size() > static_cast<size_t>(limit)) {
    kept.erase(kept.begin(), kept.end() - static_cast<std::ptrdiff_t>(limit));
  }
  rates = std::move(kept);
  return ok_status();
}

}  // namespace hedgebot::binance
