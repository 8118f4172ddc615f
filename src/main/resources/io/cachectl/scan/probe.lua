-- cachectl keyspace probe: the requested probes for a batch of keys (found by SCAN on another
-- connection), inside the server: fewer commands per key than any pipeline. Read-only.
-- ARGV: probes (letters t m p l), samples ('' = default), key1, key2, ...
-- Reply: {server_microseconds, type1, bytes1, pttl1, length1, type2, ...}: -1 where not probed / unknown;
-- type as a code (0 = none: the key vanished, 1 string, 2 hash, 3 list, 4 set, 5 zset, 6 stream) or the
-- type's name for module types. Keys are not echoed back: the client has them, in the same order.
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
  local t = ''
  local c = -1
  local m = -1
  local p = -1
  local l = -1
  if wt then
    t = call('TYPE', k)['ok']
    c = code[t] or t
  end
  if c ~= 0 then
    if wm then
      if samples ~= '' then m = call('MEMORY', 'USAGE', k, 'SAMPLES', samples)
      else m = call('MEMORY', 'USAGE', k) end
      if not m then m = -1 end
    end
    if wp then p = call('PTTL', k) end
    if wl and len[t] then l = call(len[t], k) end
  end
  out[n + 1] = c; out[n + 2] = m; out[n + 3] = p; out[n + 4] = l
  n = n + 4
end
local t1 = call('TIME')
out[1] = (tonumber(t1[1]) - tonumber(t0[1])) * 1000000 + tonumber(t1[2]) - tonumber(t0[2])
return out
