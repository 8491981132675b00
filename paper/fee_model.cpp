#include "paper/fee_model.hpp"

#include <cmath>

namespace hedgebot::paper {

double FeeModel::fee(double notional, Liquidity liquidity) const {
  return std::fabs(notional) * (liquidity == Liquidity::Maker ? maker_rate : taker_rate);
}

}  // namespace hedgebot::paper
