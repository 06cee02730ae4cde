#include "runtime/outcome.h"

#include "json.h"

namespace threadlab {

namespace {
Outcome& Add(Outcome& outcome, std::string name, decltype(OutcomeField::value) value, bool key) {
  outcome.fields.push_back({std::move(name), std::move(value), key});
  return outcome;
}

// As JSON would write it, so that Key() and Json() agree; `quoted` decides for strings.
std::string ValueText(const OutcomeField& field, bool quoted) {
  if (const auto* flag = std::get_if<bool>(&field.value)) return *flag ? "true" : "false";
  if (const auto* integer = std::get_if<long long>(&field.value)) return std::to_string(*integer);
  if (const auto* number = std::get_if<double>(&field.value)) return JsonNumber(*number);
  const std::string& text = std::get<std::string>(field.value);
  return quoted ? JsonString(text) : text;
}
}  // namespace

Outcome& Outcome::Flag(std::string name, bool value) { return Add(*this, std::move(name), value, true); }
Outcome& Outcome::Integer(std::string name, long long value) {
  return Add(*this, std::move(name), value, true);
}
Outcome& Outcome::Number(std::string name, double value, bool key) {
  return Add(*this, std::move(name), value, key);
}
Outcome& Outcome::Text(std::string name, std::string value) {
  return Add(*this, std::move(name), std::move(value), true);
}

const OutcomeField* Outcome::Find(std::string_view name) const& {
  for (const OutcomeField& field : fields)
    if (field.name == name) return &field;
  return nullptr;
}

std::string Outcome::Json() const {
  JsonWriter json;
  json.BeginObject().Key("text").Text(text).Key("fields").Raw(FieldsJson()).End();
  return json.text();
}

std::string Outcome::FieldsJson() const {
  JsonWriter json;
  json.BeginObject();
  for (const OutcomeField& field : fields) json.Key(field.name).Raw(ValueText(field, true));
  json.End();
  return json.text();
}

std::string Outcome::Key() const {
  std::string key;
  for (const OutcomeField& field : fields)
    if (field.key) key += (key.empty() ? "" : " ") + field.name + "=" + ValueText(field, false);
  return key;
}

}  // namespace threadlab
