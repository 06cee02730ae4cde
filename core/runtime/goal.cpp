#include "runtime/goal.h"

#include <algorithm>

#include "runtime/events.h"
#include "runtime/program.h"

namespace threadlab {

namespace {

const char* CompareWords(Compare compare) {
  switch (compare) {
    case Compare::equal: return "at";
    case Compare::not_equal: return "anywhere but at";
    case Compare::below: return "below";
    case Compare::above: return "above";
  }
  return "?";
}

bool Holds(long long value, Compare compare, long long than) {
  switch (compare) {
    case Compare::equal: return value == than;
    case Compare::not_equal: return value != than;
    case Compare::below: return value < than;
    case Compare::above: return value > than;
  }
  return false;
}

const ObjectInfo* Named(const std::vector<ObjectInfo>& objects, ObjectKind kind, const char* name) {
  for (const ObjectInfo& object : objects)
    if (object.kind == kind && object.name == name) return &object;
  return nullptr;
}

bool Is(const std::vector<ObjectInfo>& objects, int id, ObjectKind kind, const char* name) {
  return id >= 0 && id < static_cast<int>(objects.size()) && objects[id].kind == kind &&
         objects[id].name == name;
}

// "Timer 'Timer' fired": the event's own words.
std::string Happening(EventKind kind, const ObjectInfo* object) {
  WordFacts facts;
  facts.object = object;
  return Words(kind, Place::event, facts);
}

}  // namespace

std::string GoalText(const Goal& goal) {
  switch (goal.kind) {
    case GoalKind::inside:
      return Printf("get %lld threads inside '%s' at once", goal.count, goal.name);
    case GoalKind::deadlock:
      return "drive every thread into a deadlock";
    case GoalKind::lost_update:
      return Printf("lose an update of '%s'", goal.name);
    case GoalKind::value:
      return Printf("make '%s' end %s %lld", goal.name, CompareWords(goal.compare), goal.count);
    case GoalKind::error:
      return Printf("make a thread raise %s", goal.name);
    case GoalKind::happens: {
      ObjectInfo object;
      object.name = goal.name;
      object.kind = goal.object;
      return "make this happen: " + Happening(goal.event, &object);
    }
  }
  return "?";
}

std::string GoalWatch::OnEvent(const TraceEvent& event, const std::vector<ObjectInfo>& objects,
                               const std::vector<ThreadInfo>& threads) {
  const std::string who = event.thread >= 0 && event.thread < static_cast<int>(threads.size())
                              ? threads[event.thread].name
                              : "a thread";
  switch (m_goal.kind) {
    case GoalKind::inside:
      if (event.kind == EventKind::region_enter &&
          Is(objects, event.object, ObjectKind::region, m_goal.name) && event.value >= m_goal.count)
        return Printf("%s entered '%s': %lld threads are inside at once", who.c_str(), m_goal.name,
                      event.value);
      return "";
    case GoalKind::lost_update: {
      if (!Is(objects, event.object, ObjectKind::shared_value, m_goal.name)) return "";
      if (m_writes.size() <= static_cast<size_t>(event.object)) m_writes.resize(event.object + 1);
      long long& writes = m_writes[event.object];
      auto read = std::find_if(m_reads.begin(), m_reads.end(), [&](const Read& r) {
        return r.thread == event.thread && r.object == event.object;
      });
      if (event.kind == EventKind::shared_read) {
        if (read == m_reads.end()) m_reads.push_back(Read{event.thread, event.object, writes});
        else read->version = writes;
        return "";
      }
      if (event.kind != EventKind::shared_write) return "";
      const bool stale = read != m_reads.end() && read->version != writes;
      ++writes;
      if (read != m_reads.end()) read->version = writes;  // it has seen its own write
      if (!stale) return "";
      return Printf("%s wrote %lld to '%s' from a read that another thread's write had made "
                    "stale: that write is lost",
                    who.c_str(), event.value, m_goal.name);
    }
    case GoalKind::error:
      if (event.kind == EventKind::error && event.text.rfind(std::string(m_goal.name) + ":", 0) == 0)
        return Printf("%s raised %s", who.c_str(), event.text.c_str());
      return "";
    case GoalKind::happens:
      if (event.kind == m_goal.event && Is(objects, event.object, m_goal.object, m_goal.name))
        return who + ": " + Happening(m_goal.event, &objects[event.object]);
      return "";
    case GoalKind::deadlock:
    case GoalKind::value:
      return "";
  }
  return "";
}

std::string GoalWatch::OnDeadlock() const {
  return m_goal.kind == GoalKind::deadlock ? "every thread waits for another: a deadlock" : "";
}

std::string GoalWatch::OnEnd(const std::vector<ObjectInfo>& objects) const {
  if (m_goal.kind != GoalKind::value) return "";
  const ObjectInfo* value = Named(objects, ObjectKind::shared_value, m_goal.name);
  if (!value || !Holds(value->value, m_goal.compare, m_goal.count)) return "";
  return Printf("'%s' ended at %lld", m_goal.name, value->value);
}

}  // namespace threadlab
