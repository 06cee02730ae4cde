// The context switch that fibers (runtime/threads_fibers.cpp) stand on, from the platform:
// ucontext natively (fiber_context_ucontext.cpp), Emscripten's Asyncify fibers on the web
// (web/fiber_context.cpp). The build links one.
#pragma once

namespace threadlab {

struct FiberContext;

// The context of the calling code (the thread's own), so that a fiber can switch back to it.
FiberContext* CurrentFiberContext();
// A new context that, when first switched to, calls entry(argument) on a stack of its own.
// entry must never return. Throws std::bad_alloc when there is no memory for the stack.
FiberContext* NewFiberContext(void (*entry)(void*), void* argument);
// Saves what runs now in `from` and goes on where `to` left off.
void SwitchFiberContext(FiberContext* from, FiberContext* to);

}  // namespace threadlab
