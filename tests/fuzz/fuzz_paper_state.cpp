// Any text as paper.json: a PaperState or an error naming the file, never a crash. A state
// that loads writes back to JSON that loads again to the same account.
#include "paper/paper_state.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto state = paper::paper_state_from_json(fuzz::as_text(data, size), "state/paper.json");
  if (!state) {
    require(state.error().message.rfind("state/paper.json", 0) == 0, "errors name the file");
    return 0;
  }
  const std::string written = paper::paper_state_to_json(*state);
  auto again = paper::paper_state_from_json(written, "state/paper.json");
  require(again.ok(), "a loaded paper.json writes back to a loadable one");
  require(paper::paper_state_to_json(*again) == written, "the round trip is exact");
  return 0;
}
