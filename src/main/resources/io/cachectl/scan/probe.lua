-- cachectl keyspace probe: the requested probes for a batch of keys (found by SCAN on another
-- connection), inside the server: fewer commands per key than any pipeline. Read-only.
-- ARGV: probes (letters t m p l), samples ('' = default), key1, key2, ...
-- Reply: {server_microseconds, then per key only what was asked, in this order: kind (t or l), bytes (m),
-- pttl (p)}. kind = code + 8 * (length + 1), length -1 when not asked or unknown, code 0 = none (the key
-- vanished), 1 string, 2 hash, 3 list, 4 set, 5 zset, 6 stream; a module type comes back as its name.
-- bytes -1 when MEMORY USAGE found no key. Keys are not echoed back: the client has them, in order.
-- (Fewer reply values per key: converting them is a good part of the server's time per key.)
local call = redis.call
local t0 = call('TIME')
local f = ARGV[1]
local wt = string.find(f, 't', 1, true) ~= nil
local wm = string.find(f, 'm', 1, true) ~= nil
local wp = string.find(f, 'p', 1, true) ~= nil
local wl = string.find(f, 'l', 1, true) ~= nil
local samples = ARGV[2]
local code = {none = 0, string = 1, hash = 2, list = 3, set = 4, zset = 5, stream = 6}
local len = {string = 'STRLEN', hash = 'HLEN', list = 'LLEN', set = 'SCARD', zset = 'ZCARD', stream = 'XLEN'}
local out = {0}
local n = 1
for i = 3, #ARGV do
  local k = ARGV[i]
  local c = -1
  local t = ''
  if wt or wl then
    t = call('TYPE', k)['ok']
    c = code[t] or t
  end
  if c ~= 0 then
    local l = -1
    if wl and len[t] then l = call(len[t], k) end
    if c ~= -1 then
      if type(c) == 'number' then c = c + 8 * (l + 1) end
      n = n + 1; out[n] = c
    end
    if wm then
      local m
      if samples ~= '' then m = call('MEMORY', 'USAGE', k, 'SAMPLES', samples)
      else m = call('MEMORY', 'USAGE', k) end
      n = n + 1; out[n] = m or -1
    end
    if wp then n = n + 1; out[n] = call('PTTL', k) end
  else
    n = n + 1; out[n] = 0
    if wm then n = n + 1; out[n] = -1 end
    if wp then n = n + 1; out[n] = -2 end
  end
end
local t1 = call('TIME')
out[1] = (tonumber(t1[1]) - tonumber(t0[1])) * 1000000 + tonumber(t1[2]) - tonumber(t0[2])
return out
