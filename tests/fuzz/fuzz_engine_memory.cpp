// Any file as engine.json: the rules' memory or an error naming the file, never a crash. A
// memory that loads saves to a file that loads again.
#include "bot/session/engine_store.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  const std::string& path = fuzz::write_scratch("engine.json", fuzz::as_text(data, size));
  auto memory = bot::load_engine_memory(path);
  if (!memory) {
    require(memory.error().message.find(path) != std::string::npos, "errors name the file");
    return 0;
  }
  const std::string& saved = fuzz::scratch_path("engine-saved.json");
  require(bot::save_engine_memory(saved, *memory).ok(), "a loaded memory saves");
  auto again = bot::load_engine_memory(saved);
  require(again.ok(), "a saved memory loads again");
  require(again->streams.size() == memory->streams.size() &&
              again->numbers.size() == memory->numbers.size(),
          "the round trip keeps every entry");
  return 0;
}
