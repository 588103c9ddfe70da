-- Load script for wrk: the paths come from the file in BENCH_PATHS (one per line), the API
-- tokens from BENCH_TOKEN (several users: separated by commas, one after the other request by
-- request). Each thread walks its share of the paths round robin.
-- done() prints one line "BENCH {json}" with the counts and latency percentiles (ms).

local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local tokens = {}
for token in string.gmatch(os.getenv("BENCH_TOKEN"), "[^,]+") do tokens[#tokens + 1] = token end
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  mine = {}
  for i = id + 1, #paths, nthreads do mine[#mine + 1] = paths[i] end
  if #mine == 0 then mine[1] = paths[1] end
  position = 0
  user = id
end

function request()
  position = position + 1
  if position > #mine then position = 1 end
  user = user % #tokens + 1
  local headers = { ["Authorization"] = "Token " .. tokens[user], ["Accept"] = "application/json" }
  return wrk.format("GET", mine[position], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "socket_errors": %d, "status_errors": %d, '
    .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
