-- wrk script: count every answer that is not 2xx (wrk itself counts only >= 400), and print
-- the totals and latency percentiles as one JSON line after the run.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_2xx = 0
  statuses = {}
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local not2xx = 0
  local seen = {}
  for _, thread in ipairs(threads) do
    not2xx = not2xx + thread:get("not_2xx")
    for status, n in pairs(thread:get("statuses")) do
      seen[status] = (seen[status] or 0) + n
    end
  end
  local codes = {}
  for status, n in pairs(seen) do
    table.insert(codes, string.format('"%d": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "not_2xx": %d, ' ..
    '"statuses": {%s}, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, ' ..
    '"max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, not2xx, table.concat(codes, ", "),
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean,
    latency.max))
end
