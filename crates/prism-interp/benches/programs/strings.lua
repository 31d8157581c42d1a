local total = 0
for i = 0, 100000 - 1 do
  local s = "item-" .. i
  total = total + #s
end
print(total)
