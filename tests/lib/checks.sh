# The shell tests' checks, sourced: ok and fail count and print, expect_exit runs a command
# and checks its exit status and output, summary prints "N passed, N failed" and fails if any.
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
# fail WHAT [LOG]: the end of LOG, indented, says why.
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -z "${2:-}" ] || sed 's/^/     /' "$2" | tail -20; }

# expect_exit STATUS PATTERN WHAT COMMAND...: passes when COMMAND exits with STATUS and a line
# of its output (stdout and stderr) matches PATTERN (grep's basic regex).
expect_exit() {
  local want=$1 pattern=$2 what=$3 log status
  shift 3
  log=$(mktemp)
  "$@" > "$log" 2>&1
  status=$?
  if [ "$status" = "$want" ] && grep -q -- "$pattern" "$log"; then ok "$what"
  else fail "$what (exit status $status)" "$log"; fi
  rm -f "$log"
}

summary() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}
