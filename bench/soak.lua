-- Mixed anonymous load for bench/soak.py.
-- Arguments (after --): the path file (one path a line, repeated by weight) and, optionally, one
-- client address. Without it every request comes from its own address (X-Real-IP, read by the
-- rate limits through RATELIMIT_IP_META_KEY), so that the soak measures the site, not the limiter;
-- with it every request comes from that one address (the 429 burst).
-- done() prints one line "SOAK_SUMMARY <json>": status counts, responses per wall-clock second
-- (0 for a second without any: a stall) and the requests over 5 s.
local threads = {}
local paths = {}
local fixed_ip = nil
statuses = {}
seconds = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  fixed_ip = args[2]
  math.randomseed(os.time() * 1000 + thread_id)
end

function request()
  local path = paths[math.random(#paths)]
  local ip = fixed_ip or string.format(
    "10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254)
  )
  return wrk.format("GET", path, { ["X-Real-IP"] = ip })
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local now = os.time()
  seconds[now] = (seconds[now] or 0) + 1
end

local function over(latency, total, limit_us)
  -- Requests slower than limit_us, from the latency distribution (wrk keeps no single requests):
  -- the highest percentile still within the limit, by bisection.
  if latency.max <= limit_us then
    return 0
  end
  local low, high = 0, 100
  for _ = 1, 60 do
    local middle = (low + high) / 2
    if latency:percentile(middle) <= limit_us then
      low = middle
    else
      high = middle
    end
  end
  return math.max(1, math.floor((1 - low / 100) * total + 0.5))
end

function done(summary, latency, requests)
  local status_totals, per_second = {}, {}
  local first, last = nil, nil
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      status_totals[status] = (status_totals[status] or 0) + count
    end
    for second, count in pairs(thread:get("seconds")) do
      per_second[second] = (per_second[second] or 0) + count
      if first == nil or second < first then first = second end
      if last == nil or second > last then last = second end
    end
  end
  local status_parts, second_parts = {}, {}
  for status, count in pairs(status_totals) do
    status_parts[#status_parts + 1] = string.format('"%d": %d', status, count)
  end
  if first ~= nil then
    for second = first, last do
      second_parts[#second_parts + 1] = tostring(per_second[second] or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'SOAK_SUMMARY {"requests": %d, "duration_us": %d, "statuses": {%s}, "per_second": [%s], '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"p50": %d, "p99": %d, "max": %d}, "over_5s": %d}\n',
    summary.requests, summary.duration, table.concat(status_parts, ", "),
    table.concat(second_parts, ", "), e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max,
    over(latency, summary.requests, 5000000)
  ))
end
