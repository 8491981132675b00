#pragma once
// journal.jsonl: append-only, one JSON object per line. Each entry is written with one write(2)
// and fsync'd before the order it announces is sent. A torn last line (a power cut, or a kill
// in the middle of a write) is cut off when the journal is opened and quoted in a `recovery`
// entry written before the run's first line, so nothing is lost without a trace.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "exchange/result.hpp"

namespace hedgebot::bot {

class Journal {
 public:
  // Opens (creates) `path` for appending. Call only while holding the run lock.
  static Result<Journal> open(const std::string& path, std::string run_id);

  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&& other) noexcept;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal();

  // Appends {"ts", "run_id", "event", "hedge", ...fields}. `ts_ms` is the run's clock.
  Status append(int64_t ts_ms, const std::string& event, const std::string& hedge,
                const nlohmann::json& fields = nlohmann::json::object());

  // Replay only: skip the fdatasync after each line and gather lines into large writes (a
  // simulated run has nothing to recover, and a write and sync per line would dominate a
  // replay of years). Live runs keep the default, true: every line is on disk when append
  // returns.
  void set_sync(bool sync);

  // Writes the lines gathered while sync is off. The destructor does it too, ignoring errors.
  Status flush();

  const std::string& path() const { return path_; }
  const std::string& run_id() const { return run_id_; }

 private:
  Journal(int fd, std::string path, std::string run_id);
  std::string format_line(int64_t ts_ms, const std::string& event, const std::string& hedge,
                          const nlohmann::json& fields) const;
  Status write_all(std::string_view bytes);

  static constexpr size_t kPendingLimit = 1 << 16;
  int fd_ = -1;
  std::string path_;
  std::string run_id_;
  bool sync_ = true;
  std::string pending_;    // whole lines not yet written (sync off only)
  std::string torn_tail_;  // cut off by open(), journaled by the first append()
};

}  // namespace hedgebot::bot
