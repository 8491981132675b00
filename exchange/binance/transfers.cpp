#include "exchange/binance/transfers.hpp"

#include "exchange/number_text.hpp"

namespace hedgebot::binance {

const char* transfer_type(TransferDirection direction) {
  return direction == TransferDirection::ToFutures ? "MAIN_UMFUTURE" : "UMFUTURE_MAIN";
}

std::string transfer_amount_text(double amount) {
  std::string text = fixed_text(amount, 8);
  if (text.find('.') != std::string::npos) {
    while (!text.empty() && text.back() == '0') text.pop_back();
    if (!text.empty() && text.back() == '.') text.pop_back();
  }
  return text;
}

Result<TransferRecord> parse_transfer_answer(const Json& body, const WalletTransfer& request,
                                             int64_t now_ms) {
  const std::string_view context = "POST /sapi/v1/asset/transfer";
  if (!body.is_object()) return shape_error(context, "expected an object");
  auto id = get_int(body, "tranId", context);
  if (!id) return id.error();
  TransferRecord record;
  record.asset = request.asset;
  record.amount = request.amount;
  record.direction = request.direction;
  record.status = "CONFIRMED";
  record.id = std::to_string(*id);
  record.time_ms = now_ms;
  return record;
}

Result<std::vector<TransferRecord>> parse_transfer_history(const Json& body, int64_t& total) {
  const std::string_view context = "GET /sapi/v1/asset/transfer";
  if (!body.is_object()) return shape_error(context, "expected an object");
  auto count = get_int(body, "total", context);
  if (!count) return count.error();
  total = *count;
  std::vector<TransferRecord> records;
  const auto rows = body.find("rows");
  if (rows == body.end()) {
    if (total != 0)
      return shape_error(context, "total is " + std::to_string(total) + " but no rows[]");
    return records;
  }
  if (!rows->is_array()) return shape_error(context, "rows is not an array");
  for (const Json& row : *rows) {
    TransferRecord record;
    auto asset = get_string(row, "asset", context);
    if (!asset) return asset.error();
    auto amount = get_positive(row, "amount", context);
    if (!amount) return amount.error();
    auto type = get_string(row, "type", context);
    if (!type) return type.error();
    if (*type == "MAIN_UMFUTURE") {
      record.direction = TransferDirection::ToFutures;
    } else if (*type == "UMFUTURE_MAIN") {
      record.direction = TransferDirection::ToSpot;
    } else {
      continue;  // another pair of wallets: not ours to count
    }
    auto status = get_string(row, "status", context);
    if (!status) return status.error();
    auto id = get_int(row, "tranId", context);
    if (!id) return id.error();
    auto time = get_int(row, "timestamp", context);
    if (!time) return time.error();
    record.asset = *asset;
    record.amount = *amount;
    record.status = *status;
    record.id = std::to_string(*id);
    record.time_ms = *time;
    records.push_back(record);
  }
  return records;
}

}  // namespace hedgebot::binance
