-- Rotates through a file of tokens, one a line: wrk ... -s rotate.lua URL -- FILE MODE SEED
--   MODE "random":     each request picks a user uniformly (seeded, so reproducible): the pool.
--   MODE "sequential": each token is sent once, in order: the cold path. If the file runs out,
--                      it starts over and counts every repeated send in "reused", which the
--                      harness reports (a reused token could be a cache hit).
-- Requests are pre-built in init(), so building them costs wrk nothing while measuring.

local requests = {}
local count = 0
local index = 0
local mode = "sequential"
local wrapped = false
reused = 0

function init(args)
  local path = args[1]
  mode = args[2] or "sequential"
  math.randomseed(tonumber(args[3] or "1"))
  for line in io.lines(path) do
    if #line > 0 then
      count = count + 1
      requests[count] = wrk.format("GET", wrk.path, { ["Authorization"] = "Bearer " .. line })
    end
  end
end

function request()
  if mode == "random" then
    return requests[math.random(count)]
  end
  index = index + 1
  if index > count then
    index = 1
    wrapped = true
  end
  if wrapped then
    reused = reused + 1
  end
  return requests[index]
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("reused") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"reused":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, total))
end
