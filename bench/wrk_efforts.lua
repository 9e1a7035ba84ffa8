-- wrk script for bench/api.py: each wrk thread (one connection each) posts efforts to a
-- problem of its own. Arguments: comma-separated references, then the bearer token.
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("n", counter)
end

function init(args)
  local references = {}
  for reference in string.gmatch(args[1], "[^,]+") do
    table.insert(references, reference)
  end
  path = "/api/v1/problems/" .. references[n] .. "/efforts"
  wrk.method = "POST"
  wrk.body = '{"organisation": "kommun", "partner": "Fritid", "hours": 2}'
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[2]
end

function request()
  return wrk.format(nil, path)
end

function done(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%d non2xx=%d errors=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
