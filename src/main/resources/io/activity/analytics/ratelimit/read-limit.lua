-- The read limit's sliding windows, atomically (ReadLimiter says what the keys and arguments are).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local share = tonumber(ARGV[4])
local member = t[1] .. '.' .. t[2] .. '-' .. ARGV[3]
local function reset(key)
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if oldest[2] then return tonumber(oldest[2]) + window - now end
  return 0
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local mine = 0
if share > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  mine = redis.call('ZCARD', KEYS[2])
end
local admitted = 0
if count < limit and (share == 0 or mine < share) then
  redis.call('ZADD', KEYS[1], now, member)
  count = count + 1
  if share > 0 then
    redis.call('ZADD', KEYS[2], now, member)
    mine = mine + 1
  end
  admitted = 1
end
redis.call('PEXPIRE', KEYS[1], math.floor(window / 1000) + 1000)
local mineReset = 0
if share > 0 then
  redis.call('PEXPIRE', KEYS[2], math.floor(window / 1000) + 1000)
  mineReset = reset(KEYS[2])
end
return {admitted, limit - count, reset(KEYS[1]), share - mine, mineReset}

