#pragma once
// Quantities in JSON (reports and the journal) are base units; where the venue's contract is
// not one base unit, the count of contracts goes beside them. The conversions are the
// Instrument's.

#include <cstdint>
#include <string>

#include "exchange/instrument.hpp"

namespace hedgebot::bot {

// `qty` "3.50" with `contracts` "350", as exact text (orders, fills):
template <typename Json>
void put_qty_text(Json& fields, const std::string& key, const std::string& contracts_key,
                  const Instrument& instrument, int64_t steps) {
  fields[key] = instrument.format_base_qty(steps);
  if (instrument.quotes_in_contracts()) fields[contracts_key] = instrument.format_qty(steps);
}
// As numbers (positions, targets):
template <typename Json>
void put_qty_number(Json& fields, const std::string& key, const std::string& contracts_key,
                    const Instrument& instrument, int64_t steps) {
  fields[key] = instrument.steps_to_base(steps);
  if (instrument.quotes_in_contracts())
    fields[contracts_key] = instrument.steps_to_contracts(steps);
}

}  // namespace hedgebot::bot
