// ------------------------------------------------------------------------------------------
// A lock too narrow: two threads withdraw from one account; each checks the balance under
// the lock, lets it go, and withdraws under the lock again. Every access is locked, yet both
// checks may pass before either withdrawal, and the balance goes below zero.
// ------------------------------------------------------------------------------------------
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
class Account {
  public:
    SharedValue balance{"balance", Value<int>("balance")};
    Lock lock{"lock"};

    // Both with the lock held.
    bool covers(int name, long long amount) {
        long long seen = balance.Load();
        if (seen < amount) {
            Log("Thread %d: balance %lld does not cover %lld", name, seen, amount);
            return false;
        }
        Log("Thread %d: balance %lld covers %lld", name, seen, amount);
        return true;
    }
    void take(int name, long long amount) {
        long long left = balance.Load() - amount;
        balance.Store(left);
        Log("Thread %d: withdrew %lld, balance %lld", name, amount, left);
    }

    void withdraw(int name, long long amount) {
        if (Value<bool>("one_block")) {
            LockGuard<Lock> with_lock(lock);   // with self.lock: check and take
            if (covers(name, amount)) {
                Sleep(Value<double>("think"));
                take(name, amount);
            }
            return;
        }
        bool enough;
        {   // with self.lock: check
            LockGuard<Lock> with_lock(lock);
            enough = covers(name, amount);
        }   // released: from here on, the answer may be out of date
        if (!enough) return;
        Sleep(Value<double>("think"));
        {   // with self.lock: take
            LockGuard<Lock> with_lock(lock);
            take(name, amount);
        }
    }
};

int main() {
    Account account;
    Log("Starting balance is %lld.", account.balance.Load());
    std::vector<std::unique_ptr<Thread>> threads;
    for (int name = 0; name < 2; ++name) {
        threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(name),
            [&account, name] { account.withdraw(name, Value<int>("amount")); }));
        threads.back()->Start();
    }
    for (auto& thread : threads) thread->Join();
    Log("Ending balance is %lld.", account.balance.Load());
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: the ending balance, and whether it went below zero --------------------------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  long long ending = 0;
  for (const LogLine& line : run.log)
    std::sscanf(line.message.c_str(), "Ending balance is %lld.", &ending);
  const int withdrawals = CountLines(run, ": withdrew ");
  Outcome outcome;
  outcome.Integer("ending_balance", ending)
      .Integer("withdrawals", withdrawals)
      .Flag("below_zero", ending < 0);
  outcome.text = Printf("%s of %d from %d: ",
                        Count(withdrawals, "withdrawal", "withdrawals").c_str(),
                        params.Integer("amount"), params.Integer("balance"));
  outcome.text += ending < 0 ? Printf("the balance went below zero: %lld", ending)
                             : Printf("the balance ended at %lld, never below zero", ending);
  return outcome;
}

const char* const kPythonNote =
    "`with self.lock:` becomes a block holding a LockGuard, which releases the lock where "
    "the block ends. The balance becomes a SharedValue, so that each read and write of it "
    "is a step the timeline shows; inside one block, the lock keeps them together. "
    "CPython's time.sleep(0) lets another thread run, so there even think = 0 overdraws "
    "often; here a free run at 0 rarely does, and step mode shows the interleaving that "
    "does.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kNarrowLock = {
    .id = "narrow-lock",
    .title = "A Lock Too Narrow",
    .text =
        "Not in the tutorial: a lock in every place, and the race still there.\n\n"
        "An account holds {balance}, and two threads each withdraw {amount}. Each one checks, "
        "holding the lock, that the balance covers the amount; lets the lock go; then, "
        "holding the lock again, takes the amount. No read or write of the balance happens "
        "without the lock, so no update is lost. Yet both checks can pass before either "
        "withdrawal: each thread saw enough money, both take it, and the balance ends below "
        "zero.\n\n"
        "A lock protects a decision only while it is held. Once it is let go, what the check "
        "found may stop being true. The check and the action it allows must be one block "
        "under one acquisition: that is what one_block does.\n\n"
        "The {think} s between the check and the withdrawal only make the window wide enough "
        "to hit every time. At 0 a free run mostly works, one thread done before the other "
        "starts; step through it and let both threads check first, and it overdraws all the "
        "same. With one_block, no order of steps overdraws.",
    .params = {
        {"balance", ParamKind::integer, 100, 0, 1000, "the account's starting balance"},
        {"amount", ParamKind::integer, 100, 1, 1000, "what each of the two threads withdraws"},
        {"think", ParamKind::number, 0.1, 0, 10, "seconds between the check and the withdrawal"},
        {"one_block", ParamKind::boolean, 0, 0, 1,
         "true: check and withdraw under one acquisition of the lock; false: two blocks"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .pace = 0.1,  // its 0.1 s of thinking takes 1 s to watch
    .levels = {{
        .id = "overdraw",
        .chapter = "locks",
        .title = "Locked, and still overdrawn",
        .brief =
            "Two threads each withdraw 100 from an account that holds 100. Every read and every "
            "write of the balance is inside the lock, yet the check and the withdrawal are two "
            "separate locked blocks. Let both checks pass before either withdrawal and drive "
            "the balance below zero.",
        .values = {{"balance", 100}, {"amount", 100}, {"think", 0}},
        .goal = Goal::Value("balance", Compare::below, 0),
        .fixed = {{"one_block", 1}},
    }},
};

}  // namespace threadlab
