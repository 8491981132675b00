#pragma once
// Paper mode on the venue's public market data (`mode = "paper"` with no candle files): the
// paper exchange's markets are read from the venue with a key-less client (exchangeInfo
// filters, closed klines, premiumIndex, funding history), while orders, fills, fees, funding
// settlement, margin and liquidation stay simulated and the account stays in paper.json.
//
// A run reads what the simulator needs to move the account from its last run to "now" (every
// base candle and every funding settlement in between, so a skipped run catches up exactly as
// on files) plus what the rules read now. No signed request is ever made.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "exchange/venue_client.hpp"
#include "paper/paper_exchange.hpp"

namespace hedgebot::bot {

enum class PaperDataSource { Files, Public };

// Files when every hedge has candle files (its own or [paper]'s), Public when none has. A mix,
// or funding / mark files without candle files, is a Config error saying what to change.
Result<PaperDataSource> paper_data_source(const config::Config& config);

// The paper exchange for a tick at `now_ms` (the venue's clock): the account loaded from
// `paper_path` and every market filled from the venue up to `now_ms`. The caller then moves the
// account to `now_ms` with advance_to(). Any failed or malformed read is an error: nothing is
// traded on missing data.
Result<std::unique_ptr<paper::PaperExchange>> make_public_paper_exchange(
    const config::Config& config, VenueClient& venue, const std::string& paper_path,
    int64_t now_ms);

// The paper exchange for `status`: the account loaded from `paper_path` as the last run left
// it, its positions valued at the venue's mark price now. The account's clock is not moved (no
// funding is settled). A fresh account (no paper.json) reads no market data.
Result<std::unique_ptr<paper::PaperExchange>> make_public_paper_status(
    const config::Config& config, VenueClient& venue, const std::string& paper_path);

// The newest settlement the venue's premiumIndex implies (`next_funding_ms` − the interval)
// when it falls in (since_ms, now_ms] and no settled row at or after it (1 minute of slack for
// the venue's stamp) is in `rows`: the venue has not published it yet. 0 when nothing is
// missing. Pure, for tests.
int64_t unpublished_settlement_ms(const std::vector<FundingRate>& rows, int64_t next_funding_ms,
                                  int64_t interval_ms, int64_t since_ms, int64_t now_ms);

}  // namespace hedgebot::bot
