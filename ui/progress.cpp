#include "progress.h"

#include "run/levels.h"

namespace threadlab {

namespace {
constexpr std::string_view kWon = "won", kShown = "shown";
}  // namespace

LevelMark Progress::Of(std::string_view level) const {
  const auto found = marks.find(std::string(level));
  return found == marks.end() ? LevelMark::not_yet : found->second;
}

void Progress::Won(std::string_view level) { marks[std::string(level)] = LevelMark::won; }

void Progress::Shown(std::string_view level) {
  if (Of(level) != LevelMark::won) marks[std::string(level)] = LevelMark::shown;
}

std::string ProgressText(const Progress& progress) {
  std::string text;
  for (const auto& [level, mark] : progress.marks)
    if (mark != LevelMark::not_yet)
      text += level + " " + std::string(mark == LevelMark::won ? kWon : kShown) + "\n";
  return text;
}

Progress ReadProgress(std::string_view text) {
  Progress progress;
  if (text.size() > kMaxProgressText) return progress;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view level = line.substr(0, space), mark = line.substr(space + 1);
    if (!FindLevel(level)) continue;
    if (mark == kWon) progress.Won(level);
    else if (mark == kShown) progress.Shown(level);
  }
  return progress;
}

}  // namespace threadlab
