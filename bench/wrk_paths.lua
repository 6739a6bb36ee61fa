-- wrk script for bench/web.py (--client wrk); not meant to be run on its own.
--
--   wrk -t THREADS -c CLIENTS -d SECONDS --latency -s bench/wrk_paths.lua URL -- PATHS THREADS
--
-- PATHS is a file of request paths, one a line. Each thread sends them in turn, starting
-- at its own offset, as the Python clients do. Every response other than a 200 is counted
-- by status. done() prints "@bench <key> <value>" lines for bench/web_load_wrk.py to read:
-- latencies in microseconds (wrk's own figures), the requests completed, the run's
-- duration in microseconds, wrk's error counts, and "@bench status <code> <count>" for
-- each status other than 200 that was answered.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   -- args[0] is the URL; the script's own arguments follow "--".
   prepared = {}
   for path in io.lines(args[1]) do
      if path ~= "" then
         table.insert(prepared, wrk.format(nil, path))
      end
   end
   assert(#prepared > 0, "no paths in " .. args[1])
   local step = math.max(1, math.floor(#prepared / tonumber(args[2])))
   turn = (id * step) % #prepared
   unexpected = {}
end

function request()
   turn = turn + 1
   return prepared[(turn - 1) % #prepared + 1]
end

function response(status, headers, body)
   if status ~= 200 then
      unexpected[status] = (unexpected[status] or 0) + 1
   end
end

local function emit(key, value)
   io.write(string.format("@bench %s %d\n", key, value))
end

function done(summary, latency, requests)
   emit("p50_us", latency:percentile(50))
   emit("p95_us", latency:percentile(95))
   emit("max_us", latency.max)
   emit("requests", summary.requests)
   emit("duration_us", summary.duration)
   for _, kind in ipairs({ "status", "connect", "read", "write", "timeout" }) do
      emit("errors_" .. kind, summary.errors[kind])
   end
   local statuses = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("unexpected")) do
         statuses[status] = (statuses[status] or 0) + count
      end
   end
   for status, count in pairs(statuses) do
      io.write(string.format("@bench status %d %d\n", status, count))
   end
end
