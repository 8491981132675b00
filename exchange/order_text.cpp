#include "exchange/order_text.hpp"

namespace hedgebot {

std::string describe_order(const OrderRequest& request, const Instrument& instrument,
                           std::string_view id_name) {
  std::string text = to_string(request.side);
  text += ' ';
  text += instrument.describe_qty(request.qty_steps);
  text += ' ';
  text += request.symbol;
  text += ' ';
  text += to_string(request.type);
  if (request.type == OrderType::Limit) {
    text += " at ";
    text += instrument.format_price(request.price_ticks);
  }
  if (request.post_only) text += " post-only";
  if (request.reduce_only) text += " reduce-only";
  text += " (";
  text += id_name;
  text += ' ';
  text += request.client_order_id;
  text += ')';
  return text;
}

Error with_context(Error error, const std::string& context) {
  error.message = context + ": " + error.message;
  return error;
}

}  // namespace hedgebot
