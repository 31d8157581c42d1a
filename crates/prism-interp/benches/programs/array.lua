local xs = {0}
for i = 1, 100000 - 1 do xs[#xs + 1] = i end
local doubled = {}
for k = 1, #xs do doubled[k] = xs[k] * 2 end
local kept = {}
for k = 1, #doubled do
  local x = doubled[k]
  if x % 3 == 0 then kept[#kept + 1] = x end
end
local acc = 0
for k = 1, #kept do acc = acc + kept[k] end
print(acc)
