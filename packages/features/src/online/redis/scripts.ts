import { createHash } from 'node:crypto';

/**
 * Newer-wins write of many buckets of entities in one server-side step. A bucket is one string holding its
 * entities' records (see `records.ts`): `\x1e<key>\x1f<row>` each, `<row>` being
 * `<event ts>;<created ts or empty>;<JSON object of feature → tagged value>` and followed by `\x1f<expiry, unix
 * seconds>` when the store has a key ttl.
 * KEYS: the buckets. ARGV: ttl seconds (0: none), '1' when the write holds only some features (then the stored
 * object is merged, else replaced), the writer's clock in unix seconds, then per bucket its new records (each
 * entity at most once). An entity is written only when its (event ts, created ts) is strictly newer than the
 * stored one (no created ts sorts first); a stored record past its expiry counts as absent and is dropped.
 * Returns the number of entities written.
 */
export const WRITE_SCRIPT = `
local ttl = tonumber(ARGV[1])
local partial = ARGV[2] == '1'
local now = tonumber(ARGV[3])
local expiry = ''
if ttl > 0 then expiry = '\\31' .. string.format('%d', now + ttl) end
local written = 0

local function newer(value, old)
  local ts, ct = string.match(value, '^([^;]*);([^;]*);')
  local sts, sct = string.match(old, '^([^;]*);([^;]*);')
  local nts, ots = tonumber(ts), tonumber(sts)
  if nts ~= ots then return nts > ots end
  if ct == '' then return false end
  return sct == '' or tonumber(ct) > tonumber(sct)
end

local function merged(old, value)
  local ts, ct, body = string.match(value, '^([^;]*);([^;]*);(.*)$')
  local row = cjson.decode(string.match(old, '^[^;]*;[^;]*;(.*)$'))
  for name, field in pairs(cjson.decode(body)) do row[name] = field end
  return ts .. ';' .. ct .. ';' .. cjson.encode(row)
end

for i = 1, #KEYS do
  local incoming = ARGV[i + 3]
  local old = redis.call('GET', KEYS[i])
  if not old then
    local count = 0
    for _ in string.gmatch(incoming, '\\30') do count = count + 1 end
    if ttl > 0 then
      incoming = string.gsub(incoming, '(\\30[^\\30]*)', '%1' .. expiry)
      redis.call('SET', KEYS[i], incoming, 'EX', ttl)
    else
      redis.call('SET', KEYS[i], incoming)
    end
    written = written + count
  else
    local order, rows, tails, n, dropped = {}, {}, {}, 0, false
    for key, row, tail in string.gmatch(old, '\\30([^\\30\\31]*)\\31([^\\30\\31]*)([^\\30]*)') do
      local at = string.match(tail, '^\\31(%d+)$')
      if at and tonumber(at) <= now then
        dropped = true
      else
        n = n + 1
        order[n] = key
        rows[key] = row
        tails[key] = tail
      end
    end
    local accepted = 0
    for key, row in string.gmatch(incoming, '\\30([^\\30\\31]*)\\31([^\\30\\31]*)') do
      local current = rows[key]
      if current == nil then
        n = n + 1
        order[n] = key
        rows[key] = row
        tails[key] = expiry
        accepted = accepted + 1
      elseif newer(row, current) then
        if partial then row = merged(current, row) end
        rows[key] = row
        tails[key] = expiry
        accepted = accepted + 1
      end
    end
    if accepted > 0 or dropped then
      if n == 0 then
        redis.call('DEL', KEYS[i])
      else
        local parts = {}
        for j = 1, n do
          local key = order[j]
          parts[j] = '\\30' .. key .. '\\31' .. rows[key] .. tails[key]
        end
        local blob = table.concat(parts)
        if accepted == 0 then redis.call('SET', KEYS[i], blob, 'KEEPTTL')
        elseif ttl > 0 then redis.call('SET', KEYS[i], blob, 'EX', ttl)
        else redis.call('SET', KEYS[i], blob) end
      end
    end
    written = written + accepted
  end
end
return written
`;

/** SHA1 of the write script, as EVALSHA names it. */
export const WRITE_SCRIPT_SHA = createHash('sha1').update(WRITE_SCRIPT).digest('hex');
