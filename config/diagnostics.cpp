#include "config/loader.hpp"

namespace hedgebot::config {

std::string Diagnostic::to_string() const {
  std::string text = file;
  if (line > 0) {
    text += ':' + std::to_string(line);
    if (column > 0) text += ':' + std::to_string(column);
  }
  if (!text.empty()) text += ": ";
  return text + message;
}

}  // namespace hedgebot::config
