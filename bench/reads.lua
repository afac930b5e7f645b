-- wrk script for `make bench` (scripts/bench.sh): reads, answer saves and certificate checks over HTTP.
-- Arguments after `--`: PHASE RATE THREADS READERS
--   PHASE   catalogue | lesson | save | verify | year
--   RATE    requests per second offered over all connections, 0 for none (each connection sends its
--           next request as soon as the last is answered)
--   THREADS the -t given to wrk (each thread offers its share of RATE)
--   READERS a file of "token enrolment lesson [attempt question answer-json]" lines, one per learner
--           (for verify: "document-base64 signature-base64", one per certificate; for year: "token year")
-- At the end one line `RESULT|phase|paced-rate|req/s|p50 ms|p99 ms|errors|requests` for bench-results.py.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } hromada_timespec;
  int clock_gettime(int clock, hromada_timespec *tp);
]]
local ts = ffi.new("hromada_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

phase, interval = "catalogue", 0
local next_at, readers = 0, {}
function init(args)
  phase = args[1]
  local rate, count = tonumber(args[2]), tonumber(args[3])
  -- This thread's share of the offered rate: one request every `interval` ms across its connections.
  if rate > 0 then interval = 1000 * count / rate end
  for line in io.lines(args[4]) do
    local fields = {}
    for f in line:gmatch("%S+") do fields[#fields + 1] = f end
    readers[#readers + 1] = fields
  end
  math.randomseed(id * 7919)
  -- Every request written once here, not per request: the generator shares the two cores with the
  -- server and PostgreSQL, and what it spends formatting is taken from them.
  for i, r in ipairs(readers) do readers[i] = build_request(r) end
  next_at = now_ms()
end

function delay()
  if interval == 0 then return 0 end
  -- A fixed schedule: each request takes the next slot; when slots were missed (every connection
  -- busy), they are sent at once, so a slow server meets the whole offered load.
  next_at = next_at + interval
  local wait = next_at - now_ms()
  if wait < 0 then return 0 end
  return wait
end

function request()
  return readers[math.random(#readers)]
end

function build_request(r)
  local headers = { ["Authorization"] = "Bearer " .. r[1], ["Accept"] = "application/json" }
  if phase == "catalogue" then
    return wrk.format("GET", "/api/v1/courses", headers)
  elseif phase == "lesson" then
    return wrk.format("GET", "/api/v1/enrolments/" .. r[2] .. "/lessons/" .. r[3], headers)
  elseif phase == "year" then
    -- the line is "token year": the person's own year of the development record
    return wrk.format("GET", "/api/v1/me/development/" .. r[2], headers)
  elseif phase == "save" then
    headers["Content-Type"] = "application/json"
    return wrk.format("PUT", "/api/v1/attempts/" .. r[4] .. "/answers", headers,
      '{"answers":{"' .. r[5] .. '":' .. r[6] .. '}}')
  else
    -- verify: the line is "document-base64 signature-base64"
    return wrk.format("POST", "/api/v1/certificates/verify", { ["Content-Type"] = "application/json" },
      '{"document":"' .. r[1] .. '","signature":"' .. r[2] .. '"}')
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  local seconds = summary.duration / 1e6
  -- done() runs in wrk's main state: the phase and its rate are read back from a thread.
  local offered = threads[1]:get("interval") > 0 and 1000 * #threads / threads[1]:get("interval") or 0
  io.write(string.format("RESULT|%s|%.0f|%.0f|%.1f|%.1f|%d|%d\n", threads[1]:get("phase"), offered,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.requests))
end
