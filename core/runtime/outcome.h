// What a run showed: a few named fields (the ending value, whether it deadlocked), and the
// sentence a learner reads, made from those fields. Fields let a front end group many runs
// by what they showed (a histogram of ending values) without reading the sentence back.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace threadlab {

struct OutcomeField {
  std::string name;
  std::variant<bool, long long, double, std::string> value;
  // False for what differs between runs that showed the same thing (a time measured).
  bool key = true;
};

struct Outcome {
  std::string text;  // "expected 2, got 1: one update was lost"
  std::vector<OutcomeField> fields;

  Outcome& Flag(std::string name, bool value);
  Outcome& Integer(std::string name, long long value);
  Outcome& Number(std::string name, double value, bool key = true);
  Outcome& Text(std::string name, std::string value);
  // The field of that name, or null. Not on a temporary, whose fields die with it.
  const OutcomeField* Find(std::string_view name) const&;
  const OutcomeField* Find(std::string_view name) const&& = delete;

  // {"text":"...","fields":{"ending_value":1,"expected":2}}
  std::string Json() const;
  // {"ending_value":1,"expected":2}
  std::string FieldsJson() const;
  // The key fields as "ending_value=1 expected=2": equal for runs that showed the same.
  std::string Key() const;
};

}  // namespace threadlab
