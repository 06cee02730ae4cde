// Native fibers (runtime/fiber_context.h) over POSIX ucontext: for testing the fiber build of
// the runtime natively, where a debugger and a fast compiler are.
#include <ucontext.h>

#include <cstdint>
#include <memory>
#include <new>

#include "runtime/fiber_context.h"

namespace threadlab {

// Enough for a lesson thread's deepest calls (the gate under a lesson under the runtime)
// and a Session job's explorer, with room to spare: untouched pages cost nothing.
constexpr size_t kFiberStackBytes = 512 * 1024;

struct FiberContext {
  ucontext_t context;
  std::unique_ptr<char[]> stack;
  void (*entry)(void*) = nullptr;
  void* argument = nullptr;
};

namespace {

// makecontext passes only ints: the context's address comes in two halves.
void Start(unsigned high, unsigned low) {
  auto* fiber = reinterpret_cast<FiberContext*>((static_cast<std::uintptr_t>(high) << 32) | low);
  fiber->entry(fiber->argument);
}

}  // namespace

FiberContext* CurrentFiberContext() {
  static FiberContext* main = new FiberContext;  // filled in by its first switch away
  return main;
}

FiberContext* NewFiberContext(void (*entry)(void*), void* argument) {
  auto fiber = std::make_unique<FiberContext>();
  fiber->stack.reset(new char[kFiberStackBytes]);
  fiber->entry = entry;
  fiber->argument = argument;
  if (getcontext(&fiber->context) != 0) throw std::bad_alloc();
  fiber->context.uc_stack.ss_sp = fiber->stack.get();
  fiber->context.uc_stack.ss_size = kFiberStackBytes;
  fiber->context.uc_link = nullptr;
  const auto address = reinterpret_cast<std::uintptr_t>(fiber.get());
  makecontext(&fiber->context, reinterpret_cast<void (*)()>(&Start), 2,
              static_cast<unsigned>(address >> 32), static_cast<unsigned>(address & 0xffffffffu));
  return fiber.release();
}

void SwitchFiberContext(FiberContext* from, FiberContext* to) { swapcontext(&from->context, &to->context); }

}  // namespace threadlab
