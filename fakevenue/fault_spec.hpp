#pragma once
// `hedgebot fake-venue --faults SPEC`: the faults a fake venue injects, written on one line.
//
//   SPEC  = FAULT ("," FAULT)*
//   FAULT = KIND (":" FIELD)*
//   FIELD = [METHOD " "] PATH   the requests it hits (PATH starts with "/"); default: any
//         | N | "*"             how many matching requests it hits; default 1, "*" = every one
//         | N "ms" | N "s"      the delay of slow and late; default 2s
//
//   lose-response:POST /fapi/v1/order:1,status-500:GET /fapi/v2/account:2,slow:200ms
//
// KIND: lose-response (the request runs, the connection closes without an answer), drop (the
// connection closes before the request runs), status-500, status-502, status-503 (the venue's
// "unknown error": the request's fate is unknown), status-503-unavailable (known not run),
// rate-limit (429 with Retry-After), ban (418 with Retry-After), slow (runs, answers after the
// delay), late (held for the delay, then runs, after the client may have given up),
// timeout (not run; after the delay, the venue's "execution status unknown"), malformed
// (broken JSON), wrong-shape (valid JSON of the wrong shape). The test suite's names (500,
// drop-after, 418, ...: fault_kind_from_name) are accepted as well.

#include <optional>
#include <string>
#include <vector>

#include "exchange/result.hpp"
#include "fakevenue/fake_venue.hpp"

namespace hedgebot::fake {

// The faults of `spec`, in order; an error names the part that does not parse.
Result<std::vector<Fault>> parse_fault_spec(const std::string& spec);

// The first of `faults` that matches a request of `method` on `path`, counted as used once (and
// removed when used up); nullopt when none matches.
std::optional<Fault> take_fault(std::vector<Fault>& faults, const std::string& method,
                                const std::string& path);

// "lose-response on POST /fapi/v1/order, the next 1 request"
std::string describe_fault(const Fault& fault);

}  // namespace hedgebot::fake
