#include "fakevenue/fault_queue.hpp"

namespace hedgebot::fake {

std::optional<HttpReply> common_fault_reply(const Fault& fault, HttpReply reply) {
  const auto plain = [](int status, const char* body) {
    return HttpReply{status, body, {}, false, 0};
  };
  switch (fault.kind) {
    case FaultKind::Http500:
      return plain(500, "Internal Server Error");
    case FaultKind::Http502:
      return plain(502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
    case FaultKind::Http503Unknown:
    case FaultKind::Http503Unavailable:
      return plain(503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
    case FaultKind::Slow:
      if (!fault.execute) reply = plain(504, "Gateway Time-out");
      reply.delay_ms = fault.delay_ms;
      return reply;
    case FaultKind::DropBefore:
    case FaultKind::DropAfter:
      return HttpReply{0, "", {}, true, 0};
    default:
      return std::nullopt;
  }
}

}  // namespace hedgebot::fake
