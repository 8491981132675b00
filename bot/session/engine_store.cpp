#include "bot/session/engine_store.hpp"

#include <nlohmann/json.hpp>
#include <utility>

#include "storage/atomic_file.hpp"

namespace hedgebot::bot {
namespace {

// A whole number that fits T. nlohmann's get<T>() truncates 2.5 and converts 1e30 with undefined
// behaviour; a type_error here is reported like any other malformed field.
template <typename T>
T whole(const nlohmann::json& value) {
  const bool fits = value.is_number_unsigned()  ? std::in_range<T>(value.get<uint64_t>())
                    : value.is_number_integer() ? std::in_range<T>(value.get<int64_t>())
                                                : false;
  if (!fits) {
    throw nlohmann::json::type_error::create(
        302, "expected a whole number in range, found " + value.dump(), &value);
  }
  return static_cast<T>(value.get<int64_t>());
}

}  // namespace

Result<rules::Memory> load_engine_memory(const std::string& path) {
  Result<std::string> text = paper::read_small_file(path);
  if (!text) {
    if (text.error().kind == ErrorKind::NotFound) return rules::Memory{};
    return text.error();
  }
  try {
    const nlohmann::json root = nlohmann::json::parse(*text);
    rules::Memory memory;
    memory.version = whole<int>(root.at("version"));
    if (memory.version != 1) {
      return make_error(ErrorKind::InvalidInput, path + ": unsupported engine memory version " +
                                                     std::to_string(memory.version));
    }
    for (const auto& [key, stream] : root.at("streams").items()) {
      rules::StreamMemory entry;
      entry.last_open_ms = whole<int64_t>(stream.at("last_open_ms"));
      entry.values = stream.at("values").get<std::vector<double>>();
      memory.streams.emplace(key, std::move(entry));
    }
    for (const auto& [key, value] : root.at("numbers").items()) {
      memory.numbers.emplace(key, value.get<double>());
    }
    return memory;
  } catch (const nlohmann::json::exception& error) {
    return make_error(ErrorKind::InvalidInput,
                      path + " is not valid engine memory (" + error.what() +
                          "); move it away to start the rules from history");
  }
}

Status save_engine_memory(const std::string& path, const rules::Memory& memory) {
  nlohmann::ordered_json root;
  root["version"] = memory.version;
  nlohmann::ordered_json streams = nlohmann::ordered_json::object();
  for (const auto& [key, stream] : memory.streams) {
    streams[key] = {{"last_open_ms", stream.last_open_ms}, {"values", stream.values}};
  }
  root["streams"] = streams;
  nlohmann::ordered_json numbers = nlohmann::ordered_json::object();
  for (const auto& [key, value] : memory.numbers) numbers[key] = value;
  root["numbers"] = numbers;
  return paper::write_file_atomically(path, root.dump(1) + "\n");
}

}  // namespace hedgebot::bot
