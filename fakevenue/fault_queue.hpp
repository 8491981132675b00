#pragma once
// What the fake venues do alike with injected faults: pick the next fault that matches a request
// (counting it down), and answer the faults whose reply does not depend on the venue's envelope
// (plain HTTP errors, a slow answer, a dropped connection).

#include <optional>
#include <string>
#include <vector>

#include "fakevenue/fake_venue.hpp"
#include "fakevenue/http_server.hpp"

namespace hedgebot::fake {

// The first fault of `faults` that matches `method` and `path` (an empty field matches any),
// counted down and removed when used up; nullopt when none matches.
std::optional<Fault> take_fault(std::vector<Fault>& faults, const std::string& method,
                                const std::string& path);

// The reply of a venue-neutral fault given the reply the request would have had (`reply`):
// Http500, Http502, Http503*, Slow, DropBefore, DropAfter. nullopt for the others (Late,
// rate limits, bans, malformed answers, venue codes), which each venue answers its own way.
std::optional<HttpReply> common_fault_reply(const Fault& fault, HttpReply reply);

}  // namespace hedgebot::fake
