// The events table's names and words, filled in for the places that show them.
#include "runtime/events.h"

#include <cstdio>
#include <string_view>

namespace threadlab {

const char* ThreadStateName(ThreadState state) { return RowOf(state).name; }

const char* EventKindName(EventKind kind) { return RowOf(kind).name; }

const Phrase& PhraseOf(const EventRow& row, Place place) {
  switch (place) {
    case Place::step: return row.step;
    case Place::event: return row.event;
    case Place::waiting: return row.waiting;
    case Place::deadlock: return row.deadlock;
  }
  return row.event;
}

const char* FormOf(const EventRow& row, const Phrase& phrase, const WordFacts& facts) {
  bool alt = false;
  switch (row.alt) {
    case Alt::never: break;
    case Alt::value_set: alt = facts.value != 0; break;
    case Alt::no_object: alt = facts.object == nullptr; break;
    case Alt::no_thread: alt = facts.thread < 0; break;
  }
  return alt && phrase.alt ? phrase.alt : phrase.text;
}

namespace {

std::string ThreadName(const WordFacts& facts, int thread) {
  if (!facts.names || thread < 0 || thread >= static_cast<int>(facts.names->size())) return "?";
  return (*facts.names)[thread];
}

std::string Placeholder(std::string_view key, const WordFacts& facts) {
  const ObjectInfo* object = facts.object;
  const bool held = object && object->owner >= 0;
  if (key == "object")
    return object ? ObjectKindName(object->kind) + std::string(" '") + object->name + "'" : "it";
  if (key == "name") return object ? object->name : "it";
  if (key == "count") return std::to_string(object ? object->value : 0);
  if (key == "capacity") return std::to_string(object ? object->capacity : 0);
  if (key == "held") return held ? " (held by " + ThreadName(facts, object->owner) + ")" : "";
  if (key == "held_by") return held ? " held by " + ThreadName(facts, object->owner) : "";
  if (key == "value") return std::to_string(facts.value);
  if (key == "thread") return ThreadName(facts, facts.thread);
  if (key == "text") return facts.text;
  if (key == "seconds") {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g s", facts.seconds);
    return seconds;
  }
  return "{" + std::string(key) + "}";  // not a placeholder: the words' test finds it
}

}  // namespace

std::string Fill(const char* phrase, const WordFacts& facts) {
  std::string words;
  for (std::string_view rest = phrase; !rest.empty();) {
    const size_t open = rest.find('{');
    const size_t close = rest.find('}', open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      words += rest;
      break;
    }
    words += rest.substr(0, open);
    words += Placeholder(rest.substr(open + 1, close - open - 1), facts);
    rest.remove_prefix(close + 1);
  }
  return words;
}

std::string Words(EventKind kind, Place place, const WordFacts& facts) {
  const EventRow& row = RowOf(kind);
  const Phrase& phrase = PhraseOf(row, place);
  if (phrase.text) return Fill(FormOf(row, phrase, facts), facts);
  switch (place) {
    case Place::step:  // a kind no thread stands at
    case Place::event: return row.name;
    case Place::waiting: return "waiting";
    case Place::deadlock: return "waits";
  }
  return row.name;
}

const ObjectInfo* ObjectAt(const std::vector<ObjectInfo>& objects, int id) {
  return id >= 0 && id < static_cast<int>(objects.size()) ? &objects[id] : nullptr;
}

std::string NextStepText(const NextStep& next, const std::vector<ObjectInfo>& objects,
                         const std::vector<std::string>& names) {
  WordFacts facts;
  facts.object = ObjectAt(objects, next.object);
  facts.names = &names;
  facts.value = next.value;
  facts.thread = next.joining;
  facts.seconds = next.seconds_left;
  return Words(next.step, Place::step, facts);
}

std::string EventWords(const RunSnapshot& run, const TraceEvent& event) {
  WordFacts facts;
  facts.object = ObjectAt(run.objects, event.object);
  facts.value = event.value;
  facts.text = event.text;
  return Words(event.kind, Place::event, facts);
}

}  // namespace threadlab
