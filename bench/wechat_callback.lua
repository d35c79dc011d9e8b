-- POSTs pre-generated, individually signed WeChat callback requests, each exactly once.
-- Arguments (after --): the request file ("<path-with-query>\t<body>" per line), thread count.
-- Thread n takes lines n, n+threads, ...; so no two requests share a nonce.
local next_thread_id = 0
local requests = {}
local counter = 0

function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
end

function init(args)
  local threads = tonumber(args[2])
  local index = 0
  for line in io.lines(args[1]) do
    if index % threads == thread_id then
      local tab = line:find("\t", 1, true)
      requests[#requests + 1] = { line:sub(1, tab - 1), line:sub(tab + 1) }
    end
    index = index + 1
  end
end

function request()
  counter = counter + 1
  -- Past the end the requests repeat: the callback refuses them as replays (counted as errors).
  local r = requests[((counter - 1) % #requests) + 1]
  return wrk.format("POST", r[1], { ["Content-Type"] = "text/xml" }, r[2])
end
