-- wrk script of `make loadtest` (bench/loadtest.py): every thread rotates over the paths listed
-- in the file given after "--" (one per line), starting at a different place, and counts the
-- answers by status class. done() prints one line "LOADTEST-JSON {...}" for loadtest.py.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(paths, line) end
  end
  index = (number * 7919) % #paths
  s2, s3, s4, s5 = 0, 0, 0, 0
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local c = {s2 = 0, s3 = 0, s4 = 0, s5 = 0}
  for _, t in ipairs(threads) do
    for key, _ in pairs(c) do c[key] = c[key] + (t:get(key) or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    'LOADTEST-JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"status": {"2xx": %d, "3xx": %d, "4xx": %d, "5xx": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    c.s2, c.s3, c.s4, c.s5,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
