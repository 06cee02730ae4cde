// The one JSON writer (core/json.h): what every front end's JSON is made of, so what a
// browser, Perfetto or a script reads back is decided here.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "../lib/json_reader.h"
#include "json.h"

namespace threadlab {
namespace {

using testing::JsonValue;

TEST(JsonString, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonString("say \"hi\" \\ bye"), R"("say \"hi\" \\ bye")");
  EXPECT_EQ(JsonString("a\nb\tc"), R"("a\nb\tc")");
  EXPECT_EQ(JsonString(std::string("\x01\x1f\r\b", 4)), R"("\u0001\u001f\u000d\u0008")");
  EXPECT_EQ(JsonString(std::string("nul\0here", 8)), R"("nul\u0000here")");
  EXPECT_EQ(JsonString(""), R"("")");
}

TEST(JsonString, PassesNonAsciiThroughAsItIs) {
  const std::string text = "Schrödinger’s lock → held \x7f";
  EXPECT_EQ(JsonString(text), "\"" + text + "\"");
}

TEST(JsonNumber, WritesTheShortestTextThatReadsBackTheSame) {
  EXPECT_EQ(JsonNumber(0.1), "0.1");
  EXPECT_EQ(JsonNumber(2), "2");
  EXPECT_EQ(JsonNumber(-1.5), "-1.5");
  EXPECT_EQ(JsonNumber(0), "0");
  EXPECT_EQ(JsonNumber(1000), "1000");
  EXPECT_EQ(JsonNumber(1e300), "1e+300");
  EXPECT_EQ(JsonNumber(0.1 + 0.2), "0.30000000000000004");
  for (const double value : {1.0 / 3, 2.0 / 3, 1e-7, 123456789.123456789, 5e-324})
    EXPECT_EQ(std::strtod(JsonNumber(value).c_str(), nullptr), value) << JsonNumber(value);
}

TEST(JsonNumber, WritesNullForWhatJsonCannotSay) {
  EXPECT_EQ(JsonNumber(std::nan("")), "null");
  EXPECT_EQ(JsonNumber(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(JsonNumber(-std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonWriter, PutsCommasBetweenItemsAndNestsInOrder) {
  JsonWriter json;
  json.BeginObject()
      .Key("run").Integer(3)
      .Key("lesson").TextOrNull(nullptr)
      .Key("ended").Flag(true)
      .Key("threads").BeginArray()
          .BeginObject().Key("name").Text("Main").End()
          .BeginObject().Key("name").Text("Thread 1").Key("line").Null().End()
      .End()
      .Key("empty").BeginObject().End()
      .Key("none").BeginArray().End()
      .Key("fields").Raw(R"({"ending_value":1})")
      .Key("time").Fixed(0.25, 6)
      .End();
  EXPECT_EQ(json.text(),
            R"({"run":3,"lesson":null,"ended":true,"threads":[{"name":"Main"},)"
            R"({"name":"Thread 1","line":null}],"empty":{},"none":[],)"
            R"("fields":{"ending_value":1},"time":0.250000})");
}

TEST(JsonWriter, PutsEachItemOnALineOfItsOwnWhenAsked) {
  JsonWriter json;
  json.BeginObject().Key("events").BeginArray(true).Integer(1).Integer(2).End().End();
  EXPECT_EQ(json.text(), "{\"events\":[\n1,\n2\n]}");
}

TEST(JsonWriter, WhatItWritesReadsBackTheSame) {
  const std::string message = std::string("Thread \"0\": a\\b\n\x02 ü → ✓");
  JsonWriter json;
  json.BeginObject().Key(message).Text(message).Key("speed").Number(0.05).End();
  const JsonValue read = JsonValue::Parse(json.text());
  EXPECT_EQ(read[message].string, message);
  EXPECT_EQ(read["speed"].number, 0.05);
}

}  // namespace
}  // namespace threadlab
