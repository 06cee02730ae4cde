// Share and Embed (web only): a link that opens what the page shows, and the <iframe>
// snippet that puts it in a course page. The driver gives the page's address and the
// browser's clipboard; on the desktop there is no address, and no buttons.
#pragma once

#include <functional>
#include <string>

#include "run/session.h"

namespace threadlab {

struct ShareView {
  std::string page_url;  // "https://host/threadlab/" (no query); empty: no Share/Embed
  // Copies text to the clipboard; what became of it comes back later in `notice`.
  std::function<void(const std::string& text)> copy;
  std::function<void(const std::string& url)> open_tab;
  std::string notice;  // "Copied", or why not
  std::string shown;   // the link or snippet in the open popup
};

// The link to the lesson shown, its values and speed (or to the level played), and the
// schedule of the run shown (when it is short enough); `compact` for an embed.
std::string ShareLink(const ShareView& view, Session& session, bool compact);
// A link that replays `schedule`, a run of `lesson` at `values` (a witness: a missed ending).
std::string ReplayLink(const ShareView& view, const Lesson& lesson, const ParamValues& values,
                       double speed, const Schedule& schedule);
// The <iframe> that embeds it, sized for a course page.
std::string EmbedSnippet(const ShareView& view, Session& session);

// "Share" and "Embed" buttons, each opening a popup with the text, copied at once.
void DrawShareButtons(ShareView& view, Session& session);
// The Share button alone, under another label (a won level's "Link to this win").
void DrawShareLinkButton(ShareView& view, Session& session, const char* label);
// A small button that copies `link` (a ReplayLink), with Share's popup.
void DrawCopyLinkButton(ShareView& view, const char* label, const std::string& link);
// The compact view's way out: the full playground in a new tab, same lesson and values.
void DrawOpenFullButton(ShareView& view, Session& session);

}  // namespace threadlab
