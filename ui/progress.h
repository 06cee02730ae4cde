// What the learner has done in the campaign (run/levels.h), kept between visits: each level
// won, or shown (won by "show me", which counts as not won). The drivers keep its text where
// they can (the web's localStorage, the desktop's data folder, main_*.cpp); what they read
// back may have been written by anyone, so reading it forgives and bounds.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace threadlab {

enum class LevelMark { not_yet, shown, won };

// Longer stored text is ignored whole: the whole campaign's marks take a few hundred bytes.
constexpr size_t kMaxProgressText = 8192;

struct Progress {
  std::map<std::string, LevelMark> marks;  // by level id, known levels only

  LevelMark Of(std::string_view level) const;
  void Won(std::string_view level);
  void Shown(std::string_view level);  // a win stays a win
};

// One level a line: "lose-an-update won\nwait-for-yourself shown\n".
std::string ProgressText(const Progress& progress);
// Unknown levels, unknown marks and malformed lines are skipped.
Progress ReadProgress(std::string_view text);

}  // namespace threadlab
