"""The Lua scripts that keep one account's buckets in Redis, run atomically on Redis's clock.

Each bucket is a GCRA cell: one number, the theoretical arrival time (``tat``, microseconds of
Redis's ``TIME``), equivalent to the in-process token bucket (tokens at ``t`` are
``burst - (tat - t) * rate``, capped at ``burst``) but needing no second field and no refill
arithmetic. Acquisition *reserves*: it never refuses, it answers how long the caller must wait
before sending, so the order in which requests reach Redis is the order they are served, across
every worker (first come, first served; nobody starves).

A state that is missing (first use, expired after an idle hour, or lost when Redis restarted
without persistence) starts empty rather than full: a restart cannot add a burst on top of what
the workers sent just before it.
"""

from __future__ import annotations

#: KEYS: state hash, reservation key. ARGV: CPS cost (0: not a call creation), CPS rate, CPS
#: burst, API rate, API burst, state TTL (ms), reservation TTL (ms).
#: Returns {wait_us, cps_rate, api_rate} as strings (Lua numbers would be truncated).
#: The reservation key makes a retried acquisition (its answer lost to a timeout) return the
#: same slot instead of taking a second one.
ACQUIRE = """
local prior = redis.call('GET', KEYS[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if prior then
  local start, c_rate, a_rate = string.match(prior, '(%S+) (%S+) (%S+)')
  return {tostring(math.max(0, tonumber(start) - now)), c_rate, a_rate}
end
local cost = tonumber(ARGV[1])
local c_conf, c_burst = tonumber(ARGV[2]), tonumber(ARGV[3])
local a_conf, a_burst = tonumber(ARGV[4]), tonumber(ARGV[5])
local f = redis.call('HMGET', KEYS[1], 'c_tat', 'c_rate', 'c_pause', 'a_tat', 'a_rate', 'a_pause')
local c_rate = tonumber(f[2]) or c_conf
local a_rate = tonumber(f[5]) or a_conf
local c_T, a_T = 1000000 / c_rate, 1000000 / a_rate
local c_tat = tonumber(f[1]) or (now + c_burst * c_T)
local a_tat = tonumber(f[4]) or (now + a_burst * a_T)
local start = now
if cost > 0 then
  -- A cost above the burst waits for a full bucket and leaves a debt (as in-process).
  start = math.max(start, c_tat - (c_burst - math.min(cost, c_burst)) * c_T, tonumber(f[3]) or 0)
end
start = math.max(start, a_tat - (a_burst - 1) * a_T, tonumber(f[6]) or 0)
if cost > 0 then
  c_tat = math.max(c_tat, start) + cost * c_T
end
a_tat = math.max(a_tat, start) + a_T
redis.call('HSET', KEYS[1], 'c_tat', string.format('%.0f', c_tat),
           'a_tat', string.format('%.0f', a_tat))
redis.call('PEXPIRE', KEYS[1], ARGV[6])
local rates = {tostring(c_rate), tostring(a_rate)}
local kept = string.format('%.0f', start) .. ' ' .. rates[1] .. ' ' .. rates[2]
redis.call('SET', KEYS[2], kept, 'PX', ARGV[7])
return {string.format('%.0f', start - now), rates[1], rates[2]}
"""

#: A 429: KEYS: state hash. ARGV: prefix ('c' or 'a'), configured rate, decrease factor,
#: minimum rate, pause (s, 0: none), burst, state TTL (ms). Returns the new rate.
#: A pause also empties the bucket, so nobody bursts the moment it ends.
THROTTLE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local p = ARGV[1]
local rate = tonumber(redis.call('HGET', KEYS[1], p .. '_rate')) or tonumber(ARGV[2])
rate = math.max(tonumber(ARGV[4]), rate * tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], p .. '_rate', tostring(rate))
local pause = tonumber(ARGV[5])
if pause > 0 then
  local till = now + pause * 1000000
  local old = tonumber(redis.call('HGET', KEYS[1], p .. '_pause')) or 0
  redis.call('HSET', KEYS[1], p .. '_pause', string.format('%.0f', math.max(old, till)))
  local tat = tonumber(redis.call('HGET', KEYS[1], p .. '_tat')) or now
  local empty = now + tonumber(ARGV[6]) * 1000000 / rate
  redis.call('HSET', KEYS[1], p .. '_tat', string.format('%.0f', math.max(tat, empty)))
end
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return tostring(rate)
"""

#: A success while recovering: KEYS: state hash. ARGV: prefix, configured rate, recovery step.
#: Returns the new rate; at the configured rate the field is dropped.
RECOVER = """
local p = ARGV[1]
local conf = tonumber(ARGV[2])
local rate = tonumber(redis.call('HGET', KEYS[1], p .. '_rate'))
if not rate then return tostring(conf) end
rate = rate + tonumber(ARGV[3])
if rate >= conf then
  redis.call('HDEL', KEYS[1], p .. '_rate')
  return tostring(conf)
end
redis.call('HSET', KEYS[1], p .. '_rate', tostring(rate))
return tostring(rate)
"""
