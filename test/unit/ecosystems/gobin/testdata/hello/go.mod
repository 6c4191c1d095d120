module example.com/hello

go 1.19

require example.com/greet v1.2.3

replace example.com/greet => ../greet
