-- wrk's visitors (bench/run.py starts wrk with this script): each request asks for the next path
-- of the file BENCH_PATHS names, one path a line, as through the production TLS proxy; every
-- connection starts at its own place in the list, so the paths are not asked for in lock step.
-- At the end it prints one JSON line, what bench/run.py reads: counts, errors and the latency
-- percentiles in milliseconds.

local paths = {}
local counter = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter], {
    ["X-Forwarded-Proto"] = "https",
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) veckan-bench",
  })
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %f, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d, "p50": %f, "p95": %f, "p99": %f, '
      .. '"max": %f}\n',
    summary.requests, summary.duration / 1e6, summary.bytes, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000
  ))
end
