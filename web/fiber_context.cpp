// Fibers on the web (runtime/fiber_context.h) over Emscripten's Asyncify fibers: the
// threadless build, for pages the browser gives no SharedArrayBuffer. A switch unwinds the
// running fiber's wasm stack into its Asyncify buffer and rewinds the other's, so only code
// built with Asyncify may stand on a stack that switches (web/CMakeLists.txt lists what may
// not). The page's thread enters its fibers only through threadlab_run_fibers, an export
// that web/fibers.js calls before each frame: Asyncify can rewind a stack only from an export.
#include <emscripten.h>
#include <emscripten/fiber.h>

#include <memory>

#include "runtime/fiber_context.h"
#include "runtime/threads.h"

namespace threadlab {

namespace {

// A lesson thread's C stack: its locals, the gate's, a lesson's strings. The Asyncify buffer
// holds the wasm locals of the calls on it while it is switched out.
constexpr size_t kFiberStackBytes = 128 * 1024;
constexpr size_t kAsyncifyBytes = 64 * 1024;

}  // namespace

struct FiberContext {
  emscripten_fiber_t fiber;
  std::unique_ptr<char[]> stack;
  std::unique_ptr<char[]> asyncify;
};

FiberContext* CurrentFiberContext() {
  static FiberContext* main = [] {
    auto* context = new FiberContext;
    context->asyncify.reset(new char[kAsyncifyBytes]);
    emscripten_fiber_init_from_current_context(&context->fiber, context->asyncify.get(), kAsyncifyBytes);
    return context;
  }();
  return main;
}

FiberContext* NewFiberContext(void (*entry)(void*), void* argument) {
  auto context = std::make_unique<FiberContext>();
  context->stack.reset(new char[kFiberStackBytes]);
  context->asyncify.reset(new char[kAsyncifyBytes]);
  emscripten_fiber_init(&context->fiber, entry, argument, context->stack.get(), kFiberStackBytes,
                        context->asyncify.get(), kAsyncifyBytes);
  return context.release();
}

void SwitchFiberContext(FiberContext* from, FiberContext* to) { emscripten_fiber_swap(&from->fiber, &to->fiber); }

}  // namespace threadlab

// The page's frames give the fibers their share of the main thread (web/fibers.js).
extern "C" EMSCRIPTEN_KEEPALIVE void threadlab_run_fibers(double wall_seconds) {
  threadlab::RunFibersFor(wall_seconds);
}
