local total = 0
for i = 0, 100000 - 1 do
  local p = { x = i, y = i * 2, name = "p" }
  total = total + p.x + p.y
end
print(total)
