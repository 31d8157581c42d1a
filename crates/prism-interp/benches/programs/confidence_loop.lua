-- The confidence loop with each confident value as a (value, confidence) pair: `~+` and `~*`
-- combine values and take the minimum confidence (language §7.3).
local acc, acc_c = 1, 0.9
local step, step_c = 0.5, 0.8
local scale, scale_c = 1.0000001, 0.95
local min = math.min
for i = 0, 1000000 - 1 do
  acc, acc_c = acc + step, min(acc_c, step_c)
  acc, acc_c = acc * scale, min(acc_c, scale_c)
end
print(acc, acc_c)
