// What every lesson file includes. A lesson is one file, lessons/NN_id.cpp, with the same
// sections in each: Source shown (the code that runs, which the learner reads:
// extract_sources.py cuts it out at build time), Outcome (what the run showed, read from
// what it recorded), and Lesson (its description, ending in `const Lesson kName = {...}`).
// Its Python twin is python/NN_id.py; registry.cpp lists it in the seed's order.
#pragma once

#include <string>

#include "lesson.h"
#include "lessons/lesson_files.h"  // generated: every lesson file's Lesson, declared
#include "lessons/shown.h"         // generated: ShownCode(__FILE__)
#include "runtime/log_reading.h"

namespace threadlab {

// The first two lessons run the same program; they differ in the daemon flag's default.
namespace one_thread {
Lesson Make(const char* id, const char* title, const char* text, bool daemon);
}  // namespace one_thread

// "1 thread", "3 threads".
std::string Count(long long count, const char* one, const char* many);

}  // namespace threadlab
