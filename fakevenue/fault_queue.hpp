#pragma once
// What the fake venues answer alike for injected faults whose reply does not depend on the
// venue's envelope (plain HTTP errors, a slow answer, a dropped connection). Picking the next
// fault of a request is take_fault() in fault_spec.hpp.

#include <optional>
#include <string>
#include <vector>

#include "fakevenue/fake_venue.hpp"
#include "fakevenue/fault_spec.hpp"
#include "fakevenue/http_server.hpp"

namespace hedgebot::fake {

// The reply of a venue-neutral fault given the reply the request would have had (`reply`):
// Http500, Http502, Http503*, Slow, DropBefore, DropAfter. nullopt for the others (Late,
// rate limits, bans, malformed answers, venue codes), which each venue answers its own way.
std::optional<HttpReply> common_fault_reply(const Fault& fault, HttpReply reply);

}  // namespace hedgebot::fake
