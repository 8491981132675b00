#include "bot/pipeline/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "exchange/model.hpp"

namespace hedgebot::bot {
namespace {

constexpr size_t kTornQuoteLimit = 1 << 16;

// Cuts a last line that has no newline (a write torn by a kill or a power cut) and returns its
// bytes (at most kTornQuoteLimit of them), so the caller can keep them in the journal.
std::string cut_torn_tail(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0 || info.st_size == 0) return {};
  const off_t end = info.st_size;
  char last = '\n';
  if (::pread(fd, &last, 1, end - 1) != 1 || last == '\n') return {};
  char buffer[4096];
  off_t pos = end;
  off_t cut = 0;
  bool found = false;
  while (pos > 0 && !found) {
    const off_t chunk = std::min<off_t>(pos, sizeof buffer);
    pos -= chunk;
    if (::pread(fd, buffer, static_cast<size_t>(chunk), pos) != chunk) return {};
    for (off_t i = chunk - 1; i >= 0; --i) {
      if (buffer[i] == '\n') {
        cut = pos + i + 1;
        found = true;
        break;
      }
    }
  }
  std::string torn(static_cast<size_t>(std::min<off_t>(end - cut, kTornQuoteLimit)), '\0');
  if (::pread(fd, torn.data(), torn.size(), cut) != static_cast<ssize_t>(torn.size())) {
    torn.assign(1, '?');  // unreadable, but it was there
  }
  if (::ftruncate(fd, cut) != 0) return {};
  return torn;
}

}  // namespace

Result<Journal> Journal::open(const std::string& path, std::string run_id) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return make_error(ErrorKind::Config,
                      "cannot open journal " + path + ": " + std::strerror(errno));
  }
  Journal journal(fd, path, std::move(run_id));
  journal.torn_tail_ = cut_torn_tail(fd);
  return journal;
}

Journal::Journal(int fd, std::string path, std::string run_id)
    : fd_(fd), path_(std::move(path)), run_id_(std::move(run_id)) {}

Journal::Journal(Journal&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      run_id_(std::move(other.run_id_)),
      sync_(other.sync_),
      pending_(std::move(other.pending_)),
      torn_tail_(std::move(other.torn_tail_)) {}

Journal& Journal::operator=(Journal&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      (void)flush();
      ::close(fd_);
    }
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    run_id_ = std::move(other.run_id_);
    sync_ = other.sync_;
    pending_ = std::move(other.pending_);
    torn_tail_ = std::move(other.torn_tail_);
  }
  return *this;
}

Journal::~Journal() {
  if (fd_ >= 0) {
    (void)flush();
    ::close(fd_);
  }
}

namespace {

// Whether an entry's fields reuse a header name (the field's value then takes the header's place).
bool names_a_header_key(const nlohmann::json& fields) {
  return fields.contains("ts") || fields.contains("run_id") || fields.contains("event") ||
         fields.contains("hedge");
}

void append_json_string(std::string& line, const std::string& text) {
  // Printable ASCII without quote or backslash (times, run ids, events, assets) is its own JSON
  // text; anything else is escaped by the JSON library.
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (plain) {
    line += '"';
    line += text;
    line += '"';
    return;
  }
  line += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string Journal::format_line(int64_t ts_ms, const std::string& event, const std::string& hedge,
                                 const nlohmann::json& fields) const {
  if (!fields.is_object() || names_a_header_key(fields)) {
    // The general form (rare): the header first, then the fields in their order, a field of
    // the same name as a header key taking its place.
    nlohmann::ordered_json entry;
    entry["ts"] = format_iso8601(ts_ms);
    entry["run_id"] = run_id_;
    entry["event"] = event;
    entry["hedge"] = hedge;
    for (const auto& [key, value] : fields.items()) entry[key] = value;
    return entry.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  // The same bytes without copying the fields into a second object: the header, then the
  // fields object's own serialisation with its opening brace replaced by a comma.
  std::string line = "{\"ts\":";
  append_json_string(line, format_iso8601(ts_ms));
  line += ",\"run_id\":";
  append_json_string(line, run_id_);
  line += ",\"event\":";
  append_json_string(line, event);
  line += ",\"hedge\":";
  append_json_string(line, hedge);
  if (fields.empty()) {
    line += "}\n";
    return line;
  }
  const std::string body = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += ',';
  line.append(body, 1, std::string::npos);
  line += '\n';
  return line;
}

Status Journal::write_all(std::string_view bytes) {
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return make_error(ErrorKind::Internal,
                        "cannot append to journal " + path_ + ": " + std::strerror(errno));
    }
    written += static_cast<size_t>(n);
  }
  return ok_status();
}

Status Journal::append(int64_t ts_ms, const std::string& event, const std::string& hedge,
                       const nlohmann::json& fields) {
  if (!torn_tail_.empty()) {
    // The first entry of this run keeps what a killed writer left half-written, quoted, so an
    // auditor still sees it; the order it belonged to is looked up on the venue.
    const std::string torn = std::exchange(torn_tail_, std::string());
    const Status kept = append(
        ts_ms, "recovery", "*",
        {{"torn_line", torn},
         {"reason",
          "the journal's last line was cut mid-write; it is kept here and not trusted: orders "
          "without an outcome are looked up on the venue"}});
    if (!kept) return kept;
  }
  const std::string line = format_line(ts_ms, event, hedge, fields);
  if (!sync_) {
    // Replay: whole lines gathered and written in large blocks (flush() and the destructor
    // write the rest).
    pending_ += line;
    return pending_.size() >= kPendingLimit ? flush() : ok_status();
  }
  if (Status flushed = flush(); !flushed) return flushed;
  if (Status written = write_all(line); !written) return written;
  if (::fdatasync(fd_) != 0) {
    return make_error(ErrorKind::Internal,
                      "cannot flush journal " + path_ + ": " + std::strerror(errno));
  }
  return ok_status();
}

Status Journal::flush() {
  if (pending_.empty()) return ok_status();
  Status written = write_all(pending_);
  pending_.clear();
  return written;
}

void Journal::set_sync(bool sync) {
  if (sync) (void)flush();
  sync_ = sync;
}

}  // namespace hedgebot::bot
